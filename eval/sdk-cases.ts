/**
 * Labelled cases for the profile-free (generic) detectors, written from SDK and platform documentation — not from
 * telltale's key dictionaries (issue #11). Each case puts one value in the request shape its SDK documents (Adjust's
 * S2S query, Amplitude's HTTP V2 JSON, Segment's identify call, Mixpanel's base64 `data` parameter, Braze's
 * attributes, Baidu/ByteDance/Umeng fields from ../shared/knowledge/sdks.md, face-API uploads, ...), under the field
 * name that documentation gives, and names its source. Look-alike decoys sit in the same shapes: a request id UUID,
 * a phone-shaped order number, a 15-digit number failing Luhn, a version string shaped like an IPv4 address, an image
 * uploaded to a non-face endpoint...
 *
 * Independence: this file imports nothing from src/.
 */
import { deflateSync } from 'node:zlib';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { harDocument, type NameValue, type RequestSpec } from './har.js';
import { materialize, type EvalCase, type PlannedCase, type PlannedExchange } from './cases.js';
import { MULTIPART_MIME, encodeQuery, multipartBytes } from './locations.js';
import { jpegImage, mp4Video, pngImage, webmVideo } from './media.js';
import { Prng } from './prng.js';
import { luhnCheckDigit } from './transforms.js';

export const SDK_CASES_SEED = 20200714;
const START_MS = Date.UTC(2020, 6, 14, 12, 0, 0);

/** Where each field name and request shape comes from. */
export const SDK_SOURCES = {
  adjust: 'https://dev.adjust.com/en/api/s2s-api/events/',
  appsflyer: 'https://dev.appsflyer.com/hc/reference/s2s-events-api3-overview',
  amplitude: 'https://amplitude.com/docs/en/apis/analytics/http-v2',
  segmentIdentify: 'https://www.twilio.com/docs/segment/connections/spec/identify',
  segmentContext: 'https://www.twilio.com/docs/segment/connections/spec/common',
  mixpanel: 'https://docs.mixpanel.com/docs/data-structure/property-reference/reserved-properties',
  braze: 'https://www.braze.com/docs/user_guide/data/activation/attributes/standard_attributes/',
  airbridge: 'https://help.airbridge.io/en/references/s2s-event/send-in-app-events',
  facebook: 'https://developers.facebook.com/docs/marketing-api/app-event-api/',
  openrtb: 'https://www.iab.com/wp-content/uploads/2016/03/OpenRTB-API-Specification-Version-2-5-FINAL.pdf (§3.2.18 Device, §3.2.19 Geo, §3.2.20 User)',
  baidu: '../shared/knowledge/sdks.md (Baidu Mobstat app.gif keys, decompiled com/baidu/mobstat/Config.smali)',
  bytedance: 'https://citizenlab.ca/2021/03/tiktok-vs-douyin-security-privacy-analysis/ and ../shared/knowledge/sdks.md (device_id, iid, openudid, cdid in the query)',
  umeng: '../shared/knowledge/sdks.md (Umeng envelope header: IMEI, IMSI, MAC, serial, Android ID)',
  getui: '../shared/knowledge/sdks.md (Getui sdk_uploadapplist_enable: installed-app list upload)',
  packageManager: 'https://developer.android.com/reference/android/content/pm/PackageManager#getInstalledPackages(int)',
  contacts: 'https://developer.android.com/reference/android/provider/ContactsContract.CommonDataKinds.Phone',
  vcard: 'https://www.rfc-editor.org/rfc/rfc6350',
  history: 'https://developer.chrome.com/docs/extensions/reference/api/history#type-HistoryItem',
  clipboardAndroid: 'https://developer.android.com/reference/android/content/ClipboardManager#getPrimaryClip()',
  clipboardIos: 'https://developer.apple.com/documentation/uikit/uipasteboard/string',
  wifiInfo: 'https://developer.android.com/reference/android/net/wifi/WifiInfo#getBSSID()',
  iceCandidate: 'https://www.rfc-editor.org/rfc/rfc8839#section-5.1 (ICE candidate lines carry host addresses)',
  facepp: 'https://console.faceplusplus.com/documents/5679127 (Face++ Detect API: image_base64 / image_file)',
  baiduFace: 'https://ai.baidu.com/ai-doc/FACE/yk37c1u4t (image, image_type BASE64)',
  tencentFace: 'https://cloud.tencent.com/document/api/867/44989 (DetectFace: Image as base64)',
  awsFace: 'https://docs.aws.amazon.com/rekognition/latest/APIReference/API_DetectFaces.html (Image.Bytes)',
  azureFace: 'https://learn.microsoft.com/en-us/rest/api/face/face-detection-operations/detect (application/octet-stream)',
  multipart: 'https://www.rfc-editor.org/rfc/rfc7578',
  audio: 'https://www.rfc-editor.org/rfc/rfc4867#section-5 (AMR "#!AMR\\n"), https://www.rfc-editor.org/rfc/rfc3533 (Ogg), https://id3.org/id3v2.3.0',
  gaClientId: 'https://developers.google.com/analytics/devguides/collection/protocol/ga4/reference (client_id); _ga cookie "GA1.1.<random>.<time>"',
  fbp: 'https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/fbp-and-fbc/ (fb.1.<ms>.<random>)',
  adobeEcid: 'https://experienceleague.adobe.com/en/docs/id-service/using/intro/cookies (AMCV cookie, MCMID)',
  tcf: 'https://github.com/InteractiveAdvertisingBureau/GDPR-Transparency-and-Consent-Framework (TC string)',
  log: 'https://developer.android.com/reference/android/util/Log (free-text logs uploaded by crash/log SDKs)',
} as const;

// --- request shapes ---

interface Shape {
  host: string;
  path: string;
  build: (fields: Record<string, unknown>, ts: number) => Omit<RequestSpec, 'host' | 'path'>;
}

function json(doc: unknown): RequestSpec['body'] {
  return { mimeType: 'application/json', text: JSON.stringify(doc) };
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const parts = path.split('.');
  let node = target;
  for (const p of parts.slice(0, -1)) node = (node[p] ??= {}) as Record<string, unknown>;
  node[parts.at(-1)!] = value;
  return target;
}

function nested(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(fields)) setPath(out, path, value);
  return out;
}

const get = (query: string): Omit<RequestSpec, 'host' | 'path'> => ({ method: 'GET', query, headers: [], cookies: [], body: null });
const post = (body: RequestSpec['body'], headers: NameValue[] = []): Omit<RequestSpec, 'host' | 'path'> =>
  ({ method: 'POST', query: '', headers, cookies: [], body });
const pairs = (fields: Record<string, unknown>) => Object.entries(fields).map(([key, value]) => ({ key, value: String(value as string) }));

const SHAPES = {
  adjust: { host: 'app.adjust.com', path: '/event', build: (f) => get(encodeQuery([{ key: 's2s', value: 1 }, { key: 'app_token', value: '4w565xzmb54d' }, { key: 'event_token', value: 'f0ob4r' }, ...pairs(f)])) },
  appsflyer: { host: 'api3.appsflyer.com', path: '/inappevent/com.example.fitness', build: (f, ts) => post(json({ eventName: 'af_login', eventTime: new Date(ts).toISOString().replace('T', ' ').slice(0, 23), ...nested(f) })) },
  amplitude: { host: 'api2.amplitude.com', path: '/2/httpapi', build: (f, ts) => post(json({ api_key: 'b6a1f3c2d4e5f60718293a4b5c6d7e8f', events: [{ event_type: 'session_start', time: ts, ...nested(f) }] })) },
  segmentIdentify: { host: 'api.segment.io', path: '/v1/identify', build: (f, ts) => post(json({ type: 'identify', timestamp: new Date(ts).toISOString(), ...nested(f) })) },
  segmentTrack: { host: 'api.segment.io', path: '/v1/track', build: (f, ts) => post(json({ type: 'track', event: 'Workout Finished', timestamp: new Date(ts).toISOString(), ...nested(f) })) },
  mixpanelEngage: { host: 'api.mixpanel.com', path: '/engage', build: (f) => get(encodeQuery([{ key: 'data', value: Buffer.from(JSON.stringify({ $token: 'e3bc4100330c35722740fb8c6f5abddc', $set: nested(f) })).toString('base64') }])) },
  mixpanelTrack: { host: 'api.mixpanel.com', path: '/track', build: (f, ts) => get(encodeQuery([{ key: 'data', value: Buffer.from(JSON.stringify({ event: 'App Open', properties: { token: 'e3bc4100330c35722740fb8c6f5abddc', time: Math.floor(ts / 1000), ...nested(f) } })).toString('base64') }])) },
  braze: { host: 'sdk.iad-01.braze.com', path: '/api/v3/data', build: (f, ts) => post(json({ api_key: 'a3f9d2c1-7e4b-4d8a-9c6f-1b2e3d4f5a6b', time: Math.floor(ts / 1000), attributes: [nested(f)] })) },
  airbridge: { host: 'api.airbridge.io', path: '/v1/apps/fitness/events/mobile-app/9160', build: (f, ts) => post(json({ eventTimestamp: ts, eventData: { goal: { category: 'airbridge.user.signin' } }, ...nested(f) })) },
  facebook: { host: 'graph.facebook.com', path: '/v17.0/187654321098765/activities', build: (f) => post({ mimeType: 'application/x-www-form-urlencoded', text: encodeQuery([{ key: 'event', value: 'CUSTOM_APP_EVENTS' }, ...pairs(f)]) }) },
  openrtb: { host: 'bid.adexchange.example', path: '/openrtb2/auction', build: (f) => post(json({ id: 'b7c1', imp: [{ id: '1', banner: { w: 320, h: 50 } }], ...nested(f) }), [{ name: 'x-openrtb-version', value: '2.5' }]) },
  baidu: { host: 'hmma.baidu.com', path: '/app.gif', build: (f) => post(json({ he: { n: 'mtj', v: '3.9.5.1', os: 'android' }, ...nested(f) })) },
  bytedance: { host: 'log.snssdk.com', path: '/service/2/app_log/', build: (f) => get(encodeQuery([{ key: 'aid', value: 1128 }, { key: 'version_code', value: 170400 }, ...pairs(f)])) },
  umeng: { host: 'ulogs.umeng.com', path: '/unify_logs', build: (f) => post({ mimeType: 'application/json', bytes: deflateSync(JSON.stringify({ header: { appkey: '5c8f0a3b3fc195e2b7001234', sdk_type: 'Android', ...nested(f) } })) }, [{ name: 'Content-Encoding', value: 'deflate' }]) },
  app: { host: 'api.fitness-tracker.example', path: '/v2/sync', build: (f, ts) => post(json({ ts, ...nested(f) })) },
  logs: { host: 'logs.crash-reporter.example', path: '/api/v1/upload', build: (f) => post({ mimeType: 'text/plain', text: String(f.text) }) },
} satisfies Record<string, Shape>;

type ShapeName = keyof typeof SHAPES;

interface Item {
  dataType: string;
  family: string;
  shape: ShapeName;
  /** Dot path → value, as the SDK nests it. */
  fields: Record<string, unknown>;
  /** The value the label is about (the first field's value when absent). */
  value?: string;
  form: string;
  source: string;
  kind?: 'positive' | 'decoy';
  accepts?: string[];
}

/** A raw request (uploads): its spec is built directly. */
interface RawItem extends Omit<Item, 'shape' | 'fields'> {
  spec: (ts: number) => RequestSpec;
  value: string;
  /** What is in the exchange to show it (a file signature in hex, the text of a field). */
  planted: string;
}

const S = SDK_SOURCES;

function luhnImei(prng: Prng, tac: string): string {
  const body = tac + prng.digits(14 - tac.length);
  return body + String(luhnCheckDigit(body));
}

function macOf(prng: Prng): string {
  // A locally administered unicast address would be a randomised MAC; these are vendor (OUI) style.
  return ['3c', prng.hex(2), prng.hex(2), prng.hex(2), prng.hex(2), prng.hex(2)].join(':');
}

function keyed(prng: Prng): Item[] {
  const f = 'keyed';
  const uuid = () => prng.uuid();
  const upperUuid = () => prng.uuid().toUpperCase();
  return [
    // account
    { dataType: 'account.email', family: f, shape: 'segmentIdentify', fields: { 'traits.email': 'dana.whitfield@fastmail.com' }, form: 'Segment identify traits.email', source: S.segmentIdentify },
    { dataType: 'account.email', family: f, shape: 'segmentTrack', fields: { 'context.traits.email': 'o.brennan@proton.me' }, form: 'Segment track context.traits.email', source: S.segmentContext },
    { dataType: 'account.email', family: f, shape: 'mixpanelEngage', fields: { $email: 'kenji.watanabe@icloud.com' }, form: 'Mixpanel $set.$email (base64 data)', source: S.mixpanel },
    { dataType: 'account.email', family: f, shape: 'braze', fields: { email: 'fatima.zahra@gmail.com' }, form: 'Braze attributes email', source: S.braze },
    { dataType: 'account.email', family: f, shape: 'amplitude', fields: { 'user_properties.email': 'l.moreau@orange.fr' }, form: 'Amplitude user_properties.email', source: S.amplitude },
    { dataType: 'account.phone', family: f, shape: 'segmentIdentify', fields: { 'traits.phone': '+1 (312) 555-0148' }, form: 'Segment identify traits.phone', source: S.segmentIdentify },
    { dataType: 'account.phone', family: f, shape: 'mixpanelEngage', fields: { $phone: '+447700900461' }, form: 'Mixpanel $set.$phone', source: S.mixpanel },
    { dataType: 'account.phone', family: f, shape: 'braze', fields: { phone: '+4915112345678' }, form: 'Braze attributes phone (E.164)', source: S.braze },
    { dataType: 'account.phone', family: f, shape: 'segmentTrack', fields: { 'context.traits.phone': '312-555-0199' }, form: 'Segment track context.traits.phone', source: S.segmentContext },
    { dataType: 'account.phone', family: f, shape: 'braze', fields: { phone: '13912345678' }, form: 'Braze attributes phone (CN mobile, national)', source: S.braze },
    { dataType: 'account.name', family: f, shape: 'segmentIdentify', fields: { 'traits.firstName': 'Dana' }, value: 'Dana', form: 'Segment traits.firstName', source: S.segmentIdentify },
    { dataType: 'account.name', family: f, shape: 'segmentIdentify', fields: { 'traits.lastName': 'Whitfield' }, value: 'Whitfield', form: 'Segment traits.lastName', source: S.segmentIdentify },
    { dataType: 'account.name', family: f, shape: 'mixpanelEngage', fields: { $first_name: 'Kenji' }, form: 'Mixpanel $first_name', source: S.mixpanel },
    { dataType: 'account.name', family: f, shape: 'mixpanelEngage', fields: { $last_name: 'Watanabe' }, form: 'Mixpanel $last_name', source: S.mixpanel },
    { dataType: 'account.name', family: f, shape: 'braze', fields: { first_name: 'Fatima', last_name: 'Zahra' }, form: 'Braze first_name + last_name', source: S.braze },
    { dataType: 'account.birthdate', family: f, shape: 'segmentIdentify', fields: { 'traits.birthday': '1994-08-21' }, form: 'Segment traits.birthday (ISO date)', source: S.segmentIdentify },
    { dataType: 'account.birthdate', family: f, shape: 'segmentTrack', fields: { 'context.traits.birthday': '1988-02-03T00:00:00.000Z' }, value: '1988-02-03', form: 'Segment context.traits.birthday (ISO date-time)', source: S.segmentContext },
    { dataType: 'account.birthdate', family: f, shape: 'braze', fields: { dob: '1990-11-30' }, form: 'Braze dob (YYYY-MM-DD)', source: S.braze },
    { dataType: 'account.birthdate', family: f, shape: 'braze', fields: { dob: '2007-05-09' }, form: 'Braze dob of a minor', source: S.braze },
    { dataType: 'account.birthdate', family: f, shape: 'openrtb', fields: { 'user.ext.dob': '19760304' }, value: '19760304', form: 'date of birth YYYYMMDD in a bid request extension', source: S.openrtb },
    { dataType: 'account.age', family: f, shape: 'segmentIdentify', fields: { 'traits.age': 31 }, value: '31', form: 'Segment traits.age', source: S.segmentIdentify },
    { dataType: 'account.age', family: f, shape: 'segmentTrack', fields: { 'context.traits.age': 16 }, value: '16', form: 'Segment context.traits.age', source: S.segmentContext },
    { dataType: 'account.age', family: f, shape: 'amplitude', fields: { 'user_properties.age': 44 }, value: '44', form: 'Amplitude user_properties.age', source: S.amplitude },
    { dataType: 'account.age', family: f, shape: 'mixpanelTrack', fields: { age: 27 }, value: '27', form: 'Mixpanel event property age', source: S.mixpanel },
    { dataType: 'account.age', family: f, shape: 'segmentIdentify', fields: { 'traits.age': '62' }, value: '62', form: 'Segment traits.age as a string', source: S.segmentIdentify },
    { dataType: 'account.gender', family: f, shape: 'segmentIdentify', fields: { 'traits.gender': 'female' }, form: 'Segment traits.gender', source: S.segmentIdentify },
    { dataType: 'account.gender', family: f, shape: 'braze', fields: { gender: 'F' }, form: 'Braze gender (m/f/o/u/n/p)', source: S.braze },
    { dataType: 'account.gender', family: f, shape: 'braze', fields: { gender: 'M' }, form: 'Braze gender M', source: S.braze },
    { dataType: 'account.gender', family: f, shape: 'openrtb', fields: { 'user.gender': 'F' }, form: 'OpenRTB user.gender', source: S.openrtb },
    { dataType: 'account.gender', family: f, shape: 'segmentTrack', fields: { 'context.traits.gender': 'male' }, form: 'Segment context.traits.gender', source: S.segmentContext },
    // device identifiers
    { dataType: 'device.imei', family: f, shape: 'adjust', fields: { imei: luhnImei(prng, '35209900') }, form: 'Adjust imei', source: S.adjust },
    { dataType: 'device.imei', family: f, shape: 'appsflyer', fields: { imei: luhnImei(prng, '86891003') }, form: 'AppsFlyer imei', source: S.appsflyer },
    { dataType: 'device.imei', family: f, shape: 'appsflyer', fields: { imei: dashedImei(luhnImei(prng, '35391110')) }, form: 'AppsFlyer imei as documented, AA-BBBBBB-CCCCCC-D', source: S.appsflyer },
    { dataType: 'device.imei', family: f, shape: 'umeng', fields: { imei: luhnImei(prng, '86753604') }, form: 'Umeng header imei (deflate)', source: S.umeng },
    { dataType: 'device.imei', family: f, shape: 'adjust', fields: { imei: luhnImei(prng, '49015420') }, form: 'Adjust imei (second device)', source: S.adjust },
    { dataType: 'device.android_id', family: f, shape: 'adjust', fields: { android_id: prng.hex(16) }, form: 'Adjust android_id', source: S.adjust },
    { dataType: 'device.android_id', family: f, shape: 'amplitude', fields: { android_id: prng.hex(16) }, form: 'Amplitude android_id', source: S.amplitude },
    { dataType: 'device.android_id', family: f, shape: 'bytedance', fields: { openudid: prng.hex(16) }, form: 'ByteDance openudid (Android ID)', source: S.bytedance },
    { dataType: 'device.android_id', family: f, shape: 'umeng', fields: { android_id: prng.hex(16) }, form: 'Umeng header android_id', source: S.umeng },
    { dataType: 'device.android_id', family: f, shape: 'adjust', fields: { android_id: prng.hex(15) }, form: 'Adjust android_id (15 hex digits: a leading zero dropped)', source: S.adjust },
    { dataType: 'device.ad_id', family: f, shape: 'adjust', fields: { gps_adid: uuid() }, form: 'Adjust gps_adid', source: S.adjust },
    { dataType: 'device.ad_id', family: f, shape: 'appsflyer', fields: { advertising_id: uuid() }, form: 'AppsFlyer advertising_id', source: S.appsflyer },
    { dataType: 'device.ad_id', family: f, shape: 'amplitude', fields: { adid: uuid() }, form: 'Amplitude adid', source: S.amplitude },
    { dataType: 'device.ad_id', family: f, shape: 'segmentTrack', fields: { 'context.device.advertisingId': uuid() }, form: 'Segment context.device.advertisingId', source: S.segmentContext },
    { dataType: 'device.ad_id', family: f, shape: 'airbridge', fields: { 'device.gaid': uuid() }, form: 'Airbridge device.gaid', source: S.airbridge },
    { dataType: 'device.ad_id', family: f, shape: 'facebook', fields: { advertiser_id: uuid() }, form: 'Facebook app events advertiser_id', source: S.facebook },
    { dataType: 'device.ad_id', family: f, shape: 'airbridge', fields: { 'device.ifa': upperUuid() }, form: 'Airbridge device.ifa (IDFA)', source: S.airbridge },
    { dataType: 'device.idfv', family: f, shape: 'adjust', fields: { idfv: upperUuid() }, form: 'Adjust idfv', source: S.adjust },
    { dataType: 'device.idfv', family: f, shape: 'amplitude', fields: { idfv: upperUuid() }, form: 'Amplitude idfv', source: S.amplitude },
    { dataType: 'device.idfv', family: f, shape: 'airbridge', fields: { 'device.ifv': upperUuid() }, form: 'Airbridge device.ifv', source: S.airbridge },
    { dataType: 'device.idfv', family: f, shape: 'appsflyer', fields: { idfv: upperUuid() }, form: 'AppsFlyer idfv', source: S.appsflyer },
    { dataType: 'device.idfv', family: f, shape: 'adjust', fields: { idfv: upperUuid() }, form: 'Adjust idfv (second app)', source: S.adjust },
    { dataType: 'device.mac', family: f, shape: 'umeng', fields: { mac: macOf(prng) }, form: 'Umeng header mac', source: S.umeng },
    { dataType: 'device.mac', family: f, shape: 'baidu', fields: { mc: macOf(prng).toUpperCase() }, form: 'Baidu mc', source: S.baidu },
    { dataType: 'device.mac', family: f, shape: 'umeng', fields: { mac: macOf(prng).replace(/:/g, '') }, form: 'Umeng header mac without separators', source: S.umeng },
    { dataType: 'device.mac', family: f, shape: 'bytedance', fields: { mc: macOf(prng) }, form: 'ByteDance mc', source: S.bytedance },
    { dataType: 'device.mac', family: f, shape: 'baidu', fields: { mc: macOf(prng) }, form: 'Baidu mc (lower case)', source: S.baidu },
    { dataType: 'device.model', family: f, shape: 'amplitude', fields: { device_model: 'Pixel 7 Pro' }, form: 'Amplitude device_model', source: S.amplitude },
    { dataType: 'device.model', family: f, shape: 'segmentTrack', fields: { 'context.device.model': 'iPhone14,2' }, form: 'Segment context.device.model', source: S.segmentContext },
    { dataType: 'device.model', family: f, shape: 'openrtb', fields: { 'device.model': 'SM-S911B' }, form: 'OpenRTB device.model', source: S.openrtb },
    { dataType: 'device.model', family: f, shape: 'airbridge', fields: { 'device.deviceModel': 'Redmi Note 12' }, form: 'Airbridge device.deviceModel', source: S.airbridge },
    { dataType: 'device.model', family: f, shape: 'amplitude', fields: { device_model: 'SM-A536B' }, form: 'Amplitude device_model (Samsung code)', source: S.amplitude },
    { dataType: 'device.sdk_id', family: f, shape: 'bytedance', fields: { device_id: '7241937465028374619' }, form: 'ByteDance device_id', source: S.bytedance },
    { dataType: 'device.sdk_id', family: f, shape: 'bytedance', fields: { iid: '7241939920174363402' }, form: 'ByteDance iid (install id)', source: S.bytedance },
    { dataType: 'device.sdk_id', family: f, shape: 'bytedance', fields: { cdid: uuid() }, form: 'ByteDance cdid', source: S.bytedance },
    { dataType: 'device.sdk_id', family: f, shape: 'baidu', fields: { i: `${prng.hex(32).toUpperCase()}|${prng.digits(15)}` }, form: 'Baidu i (CUID)', source: S.baidu },
    { dataType: 'device.sdk_id', family: f, shape: 'baidu', fields: { d: prng.hex(32) }, form: 'Baidu d (device id)', source: S.baidu },
    // network and location
    { dataType: 'network.public_ip', family: f, shape: 'adjust', fields: { ip_address: '81.2.69.142' }, form: 'Adjust ip_address', source: S.adjust },
    { dataType: 'network.public_ip', family: f, shape: 'appsflyer', fields: { ip: '2a02:c7f:8e2c:a00:d9e3:1b2:34cf:9f01' }, form: 'AppsFlyer ip (IPv6)', source: S.appsflyer },
    { dataType: 'network.public_ip', family: f, shape: 'amplitude', fields: { ip: '98.137.11.163' }, form: 'Amplitude ip', source: S.amplitude },
    { dataType: 'network.public_ip', family: f, shape: 'segmentTrack', fields: { 'context.ip': '24.5.232.17' }, form: 'Segment context.ip', source: S.segmentContext },
    { dataType: 'network.public_ip', family: f, shape: 'openrtb', fields: { 'device.ip': '77.111.246.20' }, form: 'OpenRTB device.ip', source: S.openrtb },
    { dataType: 'network.local_ip', family: f, shape: 'app', fields: { 'net.local_ip': '192.168.1.104' }, form: 'local_ip in an app payload', source: S.wifiInfo },
    { dataType: 'network.local_ip', family: f, shape: 'umeng', fields: { lan_ip: '10.0.0.57' }, form: 'Umeng-style lan_ip', source: S.umeng },
    { dataType: 'network.local_ip', family: f, shape: 'openrtb', fields: { 'device.ext.local_ip': '172.20.10.3' }, form: 'local IP in a bid request extension', source: S.openrtb },
    { dataType: 'network.wifi', family: f, shape: 'app', fields: { 'wifi.bssid': macOf(prng) }, form: 'BSSID (WifiInfo.getBSSID) under bssid', source: S.wifiInfo },
    { dataType: 'network.wifi', family: f, shape: 'app', fields: { 'wifi.ssid': 'HOME-7F2A' }, form: 'SSID (WifiInfo.getSSID) under ssid', source: S.wifiInfo },
    { dataType: 'network.wifi', family: f, shape: 'baidu', fields: { wl2: `${macOf(prng)}|-61|CoffeeShop-Guest;${macOf(prng)}|-75|eduroam` }, form: 'Baidu wl2 (Wi-Fi scan list)', source: S.baidu },
    { dataType: 'network.wifi', family: f, shape: 'umeng', fields: { bssid: macOf(prng) }, form: 'Umeng-style bssid', source: S.wifiInfo },
    { dataType: 'network.wifi', family: f, shape: 'app', fields: { 'wifi.ssid': 'Lopez Family 5G' }, form: 'SSID with spaces', source: S.wifiInfo },
    { dataType: 'location.precise', family: f, shape: 'amplitude', fields: { location_lat: 41.878113, location_lng: -87.629799 }, value: '41.878113,-87.629799', form: 'Amplitude location_lat / location_lng', source: S.amplitude },
    { dataType: 'location.precise', family: f, shape: 'segmentTrack', fields: { 'context.location.latitude': 51.50735, 'context.location.longitude': -0.12776 }, value: '51.50735,-0.12776', form: 'Segment context.location', source: S.segmentContext },
    { dataType: 'location.precise', family: f, shape: 'openrtb', fields: { 'device.geo.lat': 35.689487, 'device.geo.lon': 139.691706, 'device.geo.type': 1 }, value: '35.689487,139.691706', form: 'OpenRTB device.geo (GPS)', source: S.openrtb },
    { dataType: 'location.precise', family: f, shape: 'baidu', fields: { gl: '121.473701,31.230416' }, form: 'Baidu gl (lon,lat)', source: S.baidu },
    { dataType: 'location.precise', family: f, shape: 'mixpanelTrack', fields: { $latitude: 48.85837, $longitude: 2.294481 }, value: '48.85837,2.294481', form: 'Mixpanel $latitude / $longitude', source: S.mixpanel },
    { dataType: 'location.coarse', family: f, shape: 'amplitude', fields: { location_lat: 41.88, location_lng: -87.63 }, value: '41.88,-87.63', form: 'Amplitude location at 2 decimals', source: S.amplitude },
    { dataType: 'location.coarse', family: f, shape: 'segmentTrack', fields: { 'context.location.latitude': 51.5, 'context.location.longitude': -0.1 }, value: '51.5,-0.1', form: 'Segment context.location at 1 decimal', source: S.segmentContext },
    { dataType: 'location.coarse', family: f, shape: 'openrtb', fields: { 'device.geo.lat': 35.69, 'device.geo.lon': 139.69, 'device.geo.type': 2 }, value: '35.69,139.69', form: 'OpenRTB device.geo (IP-derived, 2 decimals)', source: S.openrtb },
    { dataType: 'location.coarse', family: f, shape: 'baidu', fields: { cl: '460|0|9527|42301|-85' }, form: 'Baidu cl (cell: MCC|MNC|LAC|CID|dBm)', source: S.baidu },
    { dataType: 'location.coarse', family: f, shape: 'baidu', fields: { cl: '460|1|10321|27512|-97' }, form: 'Baidu cl (second cell)', source: S.baidu },
  ];
}

function dashedImei(imei: string): string {
  return `${imei.slice(0, 2)}-${imei.slice(2, 8)}-${imei.slice(8, 14)}-${imei.slice(14)}`;
}

function keyedDecoys(prng: Prng): Item[] {
  const f = 'keyed';
  const notLuhn = (() => {
    const body = '35209900' + prng.digits(6);
    return body + String((luhnCheckDigit(body) + 5) % 10);
  })();
  return [
    { dataType: 'device.ad_id', family: f, shape: 'amplitude', fields: { insert_id: prng.uuid() }, form: 'decoy: Amplitude insert_id (a UUID for de-duplication)', source: S.amplitude, kind: 'decoy' },
    { dataType: 'device.ad_id', family: f, shape: 'segmentTrack', fields: { messageId: prng.uuid() }, form: 'decoy: Segment messageId (a UUID per message)', source: S.segmentContext, kind: 'decoy' },
    { dataType: 'device.imei', family: f, shape: 'appsflyer', fields: { order_id: notLuhn }, form: 'decoy: a 15-digit order id failing Luhn', source: S.appsflyer, kind: 'decoy' },
    { dataType: 'account.phone', family: f, shape: 'app', fields: { 'order.order_no': '312-555-0137' }, form: 'decoy: a phone-shaped order number', source: S.segmentContext, kind: 'decoy' },
    { dataType: 'account.phone', family: f, shape: 'amplitude', fields: { session_id: 1594728000123 }, value: '1594728000123', form: 'decoy: Amplitude session_id (epoch ms)', source: S.amplitude, kind: 'decoy' },
    { dataType: 'network.public_ip', family: f, shape: 'segmentTrack', fields: { 'context.library.version': '4.11.3.1' }, form: 'decoy: library version shaped like an IPv4', source: S.segmentContext, kind: 'decoy' },
    { dataType: 'device.android_id', family: f, shape: 'mixpanelTrack', fields: { mp_lib: 'android', $app_build_number: '170400' }, value: 'e3bc4100330c35722740fb8c6f5abddc', form: 'decoy: Mixpanel project token (32 hex)', source: S.mixpanel, kind: 'decoy' },
    { dataType: 'device.sdk_id', family: f, shape: 'bytedance', fields: { channel: 'googleplay', device_platform: 'android' }, value: '1128', form: 'decoy: ByteDance aid (the app id) and version_code', source: S.bytedance, kind: 'decoy' },
    { dataType: 'location.precise', family: f, shape: 'openrtb', fields: { 'device.pxratio': 2.625, 'device.w': 1080, 'device.h': 2400 }, value: '2.625', form: 'decoy: screen density and size', source: S.openrtb, kind: 'decoy' },
    { dataType: 'account.age', family: f, shape: 'amplitude', fields: { 'event_properties.duration_minutes': 45 }, value: '45', form: 'decoy: a duration', source: S.amplitude, kind: 'decoy' },
    { dataType: 'device.mac', family: f, shape: 'app', fields: { 'theme.accent': '#3a7bd5', 'build.sha': prng.hex(12) }, value: '#3a7bd5', form: 'decoy: a colour and a 12-hex build hash', source: S.log, kind: 'decoy' },
  ];
}

function freeText(prng: Prng): Item[] {
  const f = 'free-text';
  const log = (lines: string[]) => ({ text: lines.join('\n') });
  const ts = '2020-07-14 12:03:11.482';
  const imei = luhnImei(prng, '35875508');
  const mac = macOf(prng);
  const trace = prng.uuid();
  return [
    { dataType: 'account.email', family: f, shape: 'logs', fields: log([`${ts} I/Auth: sign-in ok for user=rosa.delgado@yahoo.es`, `${ts} D/Sync: 12 items`]), value: 'rosa.delgado@yahoo.es', form: 'e-mail in a log line', source: S.log },
    { dataType: 'account.phone', family: f, shape: 'logs', fields: log([`${ts} I/Otp: sms sent to +1 646-555-0127 (attempt 1)`]), value: '+1 646-555-0127', form: 'formatted phone in a log line', source: S.log },
    { dataType: 'account.phone', family: f, shape: 'logs', fields: log([`${ts} W/Contacts: lookup failed msisdn=+8613800138123`]), value: '+8613800138123', form: 'msisdn= in a log line', source: S.log },
    { dataType: 'device.imei', family: f, shape: 'logs', fields: log([`${ts} I/DeviceInfo: imei=${imei} sdk=30`]), value: imei, form: 'imei= in a log line', source: S.log },
    { dataType: 'network.local_ip', family: f, shape: 'logs', fields: log([`a=candidate:842163049 1 udp 1677729535 192.168.43.17 54400 typ host generation 0`]), value: '192.168.43.17', form: 'host ICE candidate in an SDP log', source: S.iceCandidate },
    { dataType: 'network.local_ip', family: f, shape: 'logs', fields: log([`${ts} D/Net: wlan0 up, addr 10.12.4.33/22 gw 10.12.4.1`]), value: '10.12.4.33', form: 'interface address in a log line', source: S.log },
    { dataType: 'device.mac', family: f, shape: 'logs', fields: log([`${ts} D/Wifi: wlan0 hwaddr ${mac}`]), value: mac, form: 'MAC with colons in a log line', source: S.log },
    { dataType: 'network.public_ip', family: f, shape: 'logs', fields: log([`${ts} I/Geo: resolved client 185.199.108.153 -> DE`]), value: '185.199.108.153', form: 'public IPv4 in a log line', source: S.log },
    // decoys
    { dataType: 'device.imei', family: f, shape: 'logs', fields: log([`${ts} I/Build: fingerprint 201904011230457 ok`]), value: '201904011230457', form: 'decoy: 15-digit build id failing Luhn in a log', source: S.log, kind: 'decoy' },
    { dataType: 'device.ad_id', family: f, shape: 'logs', fields: log([`${ts} D/Http: trace ${trace} took 231 ms`]), value: trace, form: 'decoy: a trace UUID in a log', source: S.log, kind: 'decoy' },
    { dataType: 'network.public_ip', family: f, shape: 'logs', fields: log([`${ts} I/WebView: Chrome/120.0.6099.109 Mobile Safari/537.36`]), value: '120.0.6099.109', form: 'decoy: a browser version in a log', source: S.log, kind: 'decoy' },
    { dataType: 'account.phone', family: f, shape: 'logs', fields: log([`${ts} I/Pay: order 415-555-0136 confirmed, 3 items`]), value: '415-555-0136', form: 'decoy: a phone-shaped order number in a log', source: S.log, kind: 'decoy' },
  ];
}

function lists(): Item[] {
  const f = 'lists';
  const apps = ['com.whatsapp', 'com.instagram.android', 'com.tinder', 'com.coinbase.android', 'org.thoughtcrime.securesms', 'com.grindrapp.android', 'com.headspace.android'];
  const people = [{ n: 'Priya Raman', p: '+44 7700 900872', e: 'priya.r@outlook.com' }, { n: 'Tomás Ruiz', p: '+34 612 33 44 55', e: 'truiz@gmail.com' }, { n: 'Wei Zhang', p: '+86 139 1234 5678', e: 'wei.zhang@qq.com' }];
  const urls = ['https://www.webmd.com/hiv-aids/default.htm', 'https://www.reddit.com/r/stopdrinking/', 'https://www.indeed.com/jobs?q=nurse&l=Chicago', 'https://www.zillow.com/homedetails/456'];
  const vcard = people.map((p) => `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:${p.n}\r\nTEL;TYPE=CELL:${p.p}\r\nEMAIL:${p.e}\r\nEND:VCARD`).join('\r\n');
  const contactTypes = ['account.phone', 'account.email', 'account.name'];
  return [
    { dataType: 'device.installed_apps', family: f, shape: 'app', fields: { applist: apps.join(',') }, value: apps[0]!, form: 'Getui-style applist, comma-separated', source: S.getui },
    { dataType: 'device.installed_apps', family: f, shape: 'umeng', fields: { installed_apps: apps.slice(1, 5).map((pkg) => ({ pkg, v: '2.1' })) }, value: apps[1]!, form: 'package list objects (deflate)', source: S.packageManager },
    { dataType: 'device.installed_apps', family: f, shape: 'amplitude', fields: { 'user_properties.installed_packages': apps.slice(2) }, value: apps[2]!, form: 'package names array', source: S.packageManager },
    { dataType: 'device.installed_apps', family: f, shape: 'app', fields: { packages: apps.map((packageName, i) => ({ packageName, firstInstallTime: START_MS - i * 86_400_000, versionName: `${i + 3}.0` })) }, value: apps[3]!, form: 'PackageInfo-style objects', source: S.packageManager },
    { dataType: 'device.installed_apps', family: f, shape: 'bytedance', fields: { app_list: apps.slice(0, 4).join('|') }, value: apps[0]!, form: 'pipe-separated package list in a query', source: S.packageManager },
    { dataType: 'contacts', family: f, shape: 'app', fields: { contacts: people.map((p) => ({ displayName: p.n, phoneNumbers: [p.p] })) }, value: people[0]!.p, form: 'ContactsContract-style objects', source: S.contacts, accepts: contactTypes },
    { dataType: 'contacts', family: f, shape: 'app', fields: { address_book: people.map((p) => ({ name: p.n, mobile: p.p, email: p.e })) }, value: people[1]!.p, form: 'address book objects', source: S.contacts, accepts: contactTypes },
    { dataType: 'contacts', family: f, shape: 'logs', fields: { text: vcard }, value: people[2]!.n, form: 'vCard upload (text/plain)', source: S.vcard, accepts: contactTypes },
    { dataType: 'contacts', family: f, shape: 'umeng', fields: { friends: people.map((p) => `${p.n}:${p.p}`) }, value: people[0]!.n, form: 'name:phone strings (deflate)', source: S.contacts, accepts: contactTypes },
    { dataType: 'contacts', family: f, shape: 'segmentTrack', fields: { 'properties.invited': people.map((p) => ({ name: p.n, phone: p.p })) }, value: people[1]!.n, form: 'invited contacts in an event', source: S.contacts, accepts: contactTypes },
    { dataType: 'browsing.history', family: f, shape: 'app', fields: { history: urls } , value: urls[0]!, form: 'URL array', source: S.history },
    { dataType: 'browsing.history', family: f, shape: 'app', fields: { visits: urls.map((url, i) => ({ url, title: `t${i}`, lastVisitTime: START_MS - i * 60_000 })) }, value: urls[1]!, form: 'HistoryItem-style objects', source: S.history },
    { dataType: 'browsing.history', family: f, shape: 'umeng', fields: { recent_urls: urls.slice(1) }, value: urls[2]!, form: 'URL array (deflate)', source: S.history },
    { dataType: 'browsing.history', family: f, shape: 'logs', fields: { text: urls.join('\n') }, value: urls[3]!, form: 'newline-separated URLs', source: S.history },
    { dataType: 'browsing.history', family: f, shape: 'amplitude', fields: { 'event_properties.visited': urls.slice(0, 3) }, value: urls[0]!, form: 'visited URLs in an event', source: S.history },
    // decoys
    { dataType: 'device.installed_apps', family: f, shape: 'app', fields: { modules: ['com.example.fitness.core', 'com.example.fitness.maps', 'com.example.fitness.ui'] }, value: 'com.example.fitness.core', form: "decoy: the app's own modules", source: S.packageManager, kind: 'decoy' },
    { dataType: 'browsing.history', family: f, shape: 'app', fields: { assets: ['https://cdn.fitness-tracker.example/img/a.webp', 'https://cdn.fitness-tracker.example/js/app.js', 'https://cdn.fitness-tracker.example/css/app.css'] }, value: 'https://cdn.fitness-tracker.example/js/app.js', form: "decoy: the app's own asset URLs", source: S.history, kind: 'decoy' },
    { dataType: 'contacts', family: f, shape: 'app', fields: { countries: ['US', 'GB', 'DE', 'FR', 'ES', 'CN'], currencies: ['USD', 'GBP', 'EUR'] }, value: 'US', form: 'decoy: lists of country and currency codes', source: S.contacts, kind: 'decoy' },
  ];
}

function clipboard(): Item[] {
  const f = 'keyed';
  return [
    { dataType: 'clipboard', family: f, shape: 'app', fields: { clipboard: 'meet at 9, door code 4471' }, form: 'clipboard text under clipboard', source: S.clipboardAndroid },
    { dataType: 'clipboard', family: f, shape: 'bytedance', fields: { clipboard_content: 'https://vm.tiktok.com/ZMFabc123/' }, form: 'clipboard_content in a query', source: S.clipboardAndroid },
    { dataType: 'clipboard', family: f, shape: 'app', fields: { pasteboard: 'IBAN DE89 3704 0044 0532 0130 00' }, form: 'UIPasteboard string under pasteboard', source: S.clipboardIos },
    { dataType: 'clipboard', family: f, shape: 'umeng', fields: { clip_text: 'my new password is Tulip-42' }, form: 'clip_text (deflate)', source: S.clipboardAndroid },
    { dataType: 'clipboard', family: f, shape: 'app', fields: { primaryClip: 'call me back on the other number' }, form: 'ClipboardManager primaryClip', source: S.clipboardAndroid },
    { dataType: 'clipboard', family: f, shape: 'app', fields: { clipboard_enabled: 'true', paste_button: 'Paste' }, value: 'Paste', form: 'decoy: a clipboard setting and a button label', source: S.clipboardAndroid, kind: 'decoy' },
  ];
}

function trackingIds(prng: Prng): Item[] {
  const f = 'tracking-ids';
  const gaCid = `${prng.int(100_000_000, 2_000_000_000)}.${Math.floor(START_MS / 1000) - prng.int(0, 9_000_000)}`;
  return [
    { dataType: 'tracking.id', family: f, shape: 'app', fields: {}, value: gaCid, form: 'Google Analytics _ga cookie', source: S.gaClientId, kind: 'positive' },
    { dataType: 'tracking.id', family: f, shape: 'app', fields: {}, value: `${prng.int(100_000_000, 2_000_000_000)}.${Math.floor(START_MS / 1000)}`, form: 'GA4 cid parameter on /g/collect', source: S.gaClientId },
    { dataType: 'tracking.id', family: f, shape: 'app', fields: {}, value: `fb.1.${START_MS - 86_400_000}.${prng.int(1_000_000_000, 2_000_000_000)}`, form: 'Meta _fbp cookie', source: S.fbp },
    { dataType: 'tracking.id', family: f, shape: 'app', fields: {}, value: `fb.1.${START_MS - 3_600_000}.${prng.int(1_000_000_000, 2_000_000_000)}`, form: 'Meta fbp parameter', source: S.fbp },
    { dataType: 'tracking.id', family: f, shape: 'app', fields: {}, value: prng.digits(38), form: 'Adobe ECID (mid) on a demdex call', source: S.adobeEcid },
  ];
}

/** Tracking-id cases need their own request shapes (cookies, Google and Meta endpoints). */
function trackingSpec(item: Item, i: number, ts: number): RequestSpec {
  const v = item.value!;
  switch (i) {
    case 0: return { method: 'GET', host: 'region1.google-analytics.com', path: '/g/collect', query: encodeQuery([{ key: 'v', value: 2 }, { key: 'tid', value: 'G-7XQ2N4RZ1L' }, { key: 'en', value: 'page_view' }]), headers: [], cookies: [{ name: '_ga', value: `GA1.1.${v}` }], body: null };
    case 1: return { method: 'POST', host: 'region1.google-analytics.com', path: '/g/collect', query: encodeQuery([{ key: 'v', value: 2 }, { key: 'tid', value: 'G-7XQ2N4RZ1L' }, { key: 'cid', value: v }, { key: 'en', value: 'scroll' }]), headers: [], cookies: [], body: null };
    case 2: return { method: 'GET', host: 'www.facebook.com', path: '/tr/', query: encodeQuery([{ key: 'id', value: '1234567890123456' }, { key: 'ev', value: 'PageView' }]), headers: [], cookies: [{ name: '_fbp', value: v }], body: null };
    case 3: return { method: 'GET', host: 'www.facebook.com', path: '/tr/', query: encodeQuery([{ key: 'id', value: '1234567890123456' }, { key: 'ev', value: 'ViewContent' }, { key: 'fbp', value: v }, { key: 'ts', value: ts }]), headers: [], cookies: [], body: null };
    default: return { method: 'GET', host: 'dpm.demdex.net', path: '/id', query: encodeQuery([{ key: 'd_visid_ver', value: '5.2.0' }, { key: 'd_orgid', value: 'A3B1C2D3E4F5A6B7C8D9E0F1@AdobeOrg' }, { key: 'd_mid', value: v }]), headers: [], cookies: [], body: null };
  }
}

function trackingDecoys(): RawItem[] {
  const f = 'tracking-ids';
  const tcf = 'CPzHq4APzHq4AAHABBENC-CgAP_AAH_AAAqIHJNd_X__bX9n-_7_6ft0eY1f9_r37uQzDhfNk-8F3L_W_LwX32E7NF36tq4KmR4ku1LBIQNlHMHUDUmwaokVrzHsak2cpyNKJ7LkknsZe2dYGH9Pn9lDuYKY7_5_9_f52T_9_9_-39z3_9f___dv_-__-vjf_599n_v9fV_78_Kf9______-____________8A';
  const spec = (query: NameValue[], cookies: NameValue[] = []): ((ts: number) => RequestSpec) => () =>
    ({ method: 'GET', host: 'region1.google-analytics.com', path: '/g/collect', query: encodeQuery(query.map((q) => ({ key: q.name, value: q.value }))), headers: [], cookies, body: null });
  return [
    { dataType: 'tracking.id', family: f, value: '1', planted: '_gat_gtag', form: 'decoy: the _gat throttle cookie and the measurement id', source: S.gaClientId, kind: 'decoy',
      spec: spec([{ name: 'v', value: '2' }, { name: 'tid', value: 'G-7XQ2N4RZ1L' }, { name: 'en', value: 'page_view' }], [{ name: '_gat_gtag_G_7XQ2N4RZ1L', value: '1' }]) },
    { dataType: 'tracking.id', family: f, value: tcf, planted: tcf, form: 'decoy: a TCF consent string', source: S.tcf, kind: 'decoy',
      spec: spec([{ name: 'v', value: '2' }, { name: 'gcd', value: '13l3l3l3l1' }, { name: 'gdpr', value: '1' }, { name: 'gdpr_consent', value: tcf }]) },
    { dataType: 'tracking.id', family: f, value: '1594728000123', planted: '1594728000123', form: 'decoy: a cache-buster and a page id', source: S.gaClientId, kind: 'decoy',
      spec: spec([{ name: '_', value: '1594728000123' }, { name: 'page_id', value: '48213' }, { name: 'dl', value: 'https://www.fitness-tracker.example/blog/how-to-run' }]) },
  ];
}

const MEDIA_ENDPOINTS = { host: 'upload.fitness-tracker.example', path: '/v1/media' };

function upload(mime: string, filename: string, bytes: Uint8Array, multipart: boolean, at = MEDIA_ENDPOINTS): (ts: number) => RequestSpec {
  return () => multipart
    ? { method: 'POST', host: at.host, path: at.path, query: '', headers: [], cookies: [],
      body: { mimeType: MULTIPART_MIME, bytes: multipartBytes([{ key: 'caption', value: '' }, { key: 'visibility', value: 'private' }], { name: 'file', filename, mimeType: mime, bytes }) } }
    : { method: 'PUT', host: at.host, path: `${at.path}/${filename}`, query: '', headers: [], cookies: [], body: { mimeType: mime, bytes } };
}

/** Small audio files with their real signatures (AMR, Ogg, ID3/MP3, WAV, M4A). */
function audio(prng: Prng): { mime: string; name: string; bytes: Uint8Array }[] {
  const body = (n: number) => Buffer.from(prng.bytes(n));
  const u32le = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(n); return b; };
  const wav = Buffer.concat([Buffer.from('RIFF'), u32le(36 + 800), Buffer.from('WAVEfmt '), u32le(16), Buffer.from([1, 0, 1, 0]), u32le(8000), u32le(16000), Buffer.from([2, 0, 16, 0]), Buffer.from('data'), u32le(800), body(800)]);
  const m4a = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypM4A '), Buffer.from([0, 0, 0, 0]), Buffer.from('M4A isom'), Buffer.from([0, 0, 0, 8]), Buffer.from('free'), body(900)]);
  return [
    { mime: 'audio/amr', name: 'voice_0714.amr', bytes: Buffer.concat([Buffer.from('#!AMR\n'), body(640)]) },
    { mime: 'audio/ogg', name: 'note.ogg', bytes: Buffer.concat([Buffer.from('OggS'), Buffer.from([0, 2]), body(700)]) },
    { mime: 'audio/mpeg', name: 'memo.mp3', bytes: Buffer.concat([Buffer.from('ID3'), Buffer.from([3, 0, 0, 0, 0, 0, 0]), body(700)]) },
    { mime: 'application/octet-stream', name: 'chunk.bin', bytes: wav },
    { mime: 'audio/mp4', name: 'voice.m4a', bytes: m4a },
  ];
}

function media(prng: Prng): RawItem[] {
  const f = 'media';
  const items: RawItem[] = [];
  const images = [
    { mime: 'image/jpeg', name: 'IMG_20200714_120311.jpg', bytes: jpegImage(prng), multipart: true },
    { mime: 'image/png', name: 'screenshot.png', bytes: pngImage(prng), multipart: false },
    { mime: 'application/octet-stream', name: 'upload.part', bytes: jpegImage(prng), multipart: false },
    { mime: 'image/jpeg', name: 'avatar.jpg', bytes: jpegImage(prng), multipart: false },
    { mime: 'image/png', name: 'receipt.png', bytes: pngImage(prng), multipart: true },
  ];
  const magic = (b: Uint8Array) => Buffer.from(b.subarray(0, 4)).toString('hex');
  for (const m of images) items.push({ dataType: 'media.image', family: f, value: m.name, planted: magic(m.bytes), form: `${m.mime} ${m.multipart ? 'multipart' : 'raw'} upload`, source: S.multipart, spec: upload(m.mime, m.name, m.bytes, m.multipart) });
  const videos = [
    { mime: 'video/mp4', name: 'VID_20200714.mp4', bytes: mp4Video(prng), multipart: true },
    { mime: 'video/webm', name: 'clip.webm', bytes: webmVideo(prng), multipart: false },
    { mime: 'application/octet-stream', name: 'seg0.bin', bytes: mp4Video(prng), multipart: false },
    { mime: 'video/mp4', name: 'draft.mp4', bytes: mp4Video(prng), multipart: false },
    { mime: 'video/webm', name: 'story.webm', bytes: webmVideo(prng), multipart: true },
  ];
  for (const m of videos) items.push({ dataType: 'media.video', family: f, value: m.name, planted: magic(m.bytes), form: `${m.mime} ${m.multipart ? 'multipart' : 'raw'} upload`, source: S.multipart, spec: upload(m.mime, m.name, m.bytes, m.multipart) });
  audio(prng).forEach((a, i) => items.push({ dataType: 'media.audio', family: f, value: a.name, planted: magic(a.bytes), form: `${a.mime} ${i % 2 ? 'multipart' : 'raw'} upload`, source: S.audio, spec: upload(a.mime, a.name, a.bytes, i % 2 === 1) }));
  // decoys: an image URL (not bytes), random bytes declared as data
  items.push({ dataType: 'media.image', family: f, value: 'https://cdn.fitness-tracker.example/u/48213/avatar.jpg', planted: 'https://cdn.fitness-tracker.example/u/48213/avatar.jpg', form: 'decoy: an image URL, not an upload', source: S.multipart, kind: 'decoy',
    spec: () => ({ method: 'POST', host: 'api.fitness-tracker.example', path: '/v2/profile', query: '', headers: [], cookies: [], body: json({ avatar_url: 'https://cdn.fitness-tracker.example/u/48213/avatar.jpg', crop: [0, 0, 512, 512] }) }) });
  items.push({ dataType: 'media.video', family: f, value: 'sync.bin', planted: '789c', form: 'decoy: compressed sync data declared octet-stream', source: S.multipart, kind: 'decoy',
    spec: () => ({ method: 'PUT', host: 'api.fitness-tracker.example', path: '/v2/sync.bin', query: '', headers: [], cookies: [], body: { mimeType: 'application/octet-stream', bytes: deflateSync(JSON.stringify({ steps: [8123, 10411, 6220], hr: [61, 64, 70] })) } }) });
  return items;
}

function faces(prng: Prng): RawItem[] {
  const f = 'biometric';
  const accepts = ['media.image'];
  const b64 = () => Buffer.from(jpegImage(prng)).toString('base64');
  return [
    { dataType: 'biometric.face', family: f, value: 'image_file', planted: 'ffd8ff', form: 'Face++ detect, multipart image_file', source: S.facepp, accepts,
      spec: () => ({ method: 'POST', host: 'api-us.faceplusplus.com', path: '/facepp/v3/detect', query: '', headers: [], cookies: [],
        body: { mimeType: MULTIPART_MIME, bytes: multipartBytes([{ key: 'api_key', value: 'k3y' }, { key: 'return_landmark', value: '1' }], { name: 'image_file', filename: 'selfie.jpg', mimeType: 'image/jpeg', bytes: jpegImage(prng) }) } }) },
    { dataType: 'biometric.face', family: f, value: 'image', planted: '/9j/', form: 'Baidu AI face detect, image as BASE64 in JSON', source: S.baiduFace, accepts,
      spec: () => ({ method: 'POST', host: 'aip.baidubce.com', path: '/rest/2.0/face/v3/detect', query: encodeQuery([{ key: 'access_token', value: '24.abc' }]), headers: [], cookies: [], body: json({ image: b64(), image_type: 'BASE64', face_field: 'age,beauty,landmark' }) }) },
    { dataType: 'biometric.face', family: f, value: 'Image', planted: '/9j/', form: 'Tencent Cloud DetectFace, Image as base64', source: S.tencentFace, accepts,
      spec: () => ({ method: 'POST', host: 'iai.tencentcloudapi.com', path: '/', query: '', headers: [{ name: 'X-TC-Action', value: 'DetectFace' }], cookies: [], body: json({ Image: b64(), NeedFaceAttributes: 1 }) }) },
    { dataType: 'biometric.face', family: f, value: 'Image.Bytes', planted: '/9j/', form: 'AWS Rekognition DetectFaces, Image.Bytes', source: S.awsFace, accepts,
      spec: () => ({ method: 'POST', host: 'rekognition.us-east-1.amazonaws.com', path: '/', query: '', headers: [{ name: 'X-Amz-Target', value: 'RekognitionService.DetectFaces' }], cookies: [], body: { mimeType: 'application/x-amz-json-1.1', text: JSON.stringify({ Image: { Bytes: b64() }, Attributes: ['ALL'] }) } }) },
    { dataType: 'biometric.face', family: f, value: 'octet-stream', planted: 'ffd8ff', form: 'Azure Face detect, raw image body', source: S.azureFace, accepts,
      spec: () => ({ method: 'POST', host: 'westus.api.cognitive.microsoft.com', path: '/face/v1.0/detect', query: encodeQuery([{ key: 'returnFaceLandmarks', value: 'true' }]), headers: [], cookies: [], body: { mimeType: 'application/octet-stream', bytes: jpegImage(prng) } }) },
    { dataType: 'biometric.face', family: f, value: 'avatar.jpg', planted: 'ffd8ff', form: 'decoy: a profile photo to a non-face endpoint', source: S.multipart, kind: 'decoy', accepts,
      spec: upload('image/jpeg', 'avatar.jpg', jpegImage(prng), true) },
  ];
}

/** Every generic case, planted in this order. */
function allItems(prng: Prng): { item: Item | RawItem; spec: (ts: number) => RequestSpec }[] {
  const out: { item: Item | RawItem; spec: (ts: number) => RequestSpec }[] = [];
  const shaped = (item: Item) => (ts: number): RequestSpec => {
    const shape = SHAPES[item.shape] as Shape;
    return { host: shape.host, path: shape.path, ...shape.build(item.fields, ts) };
  };
  for (const item of [...keyed(prng), ...keyedDecoys(prng), ...clipboard(), ...freeText(prng), ...lists()]) out.push({ item, spec: shaped(item) });
  trackingIds(prng).forEach((item, i) => out.push({ item, spec: (ts) => trackingSpec(item, i, ts) }));
  for (const item of [...trackingDecoys(), ...media(prng), ...faces(prng)]) out.push({ item, spec: item.spec });
  return out;
}

/** What is physically in the exchange: the fields' values ("|"-joined when several), or the value itself. */
function plantedOf(item: Item | RawItem): string {
  if ('planted' in item) return item.planted;
  if (!('fields' in item) || Object.keys(item.fields).length === 0) return valueOf(item);
  return Object.values(item.fields).map((v) => (typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v))).join('|');
}

function valueOf(item: Item | RawItem): string {
  if (item.value !== undefined) return item.value;
  const first = Object.values((item as Item).fields)[0];
  return typeof first === 'string' ? first : JSON.stringify(first);
}

export function buildSdkCases(seed = SDK_CASES_SEED): { entries: ReturnType<typeof materialize>['entries']; cases: EvalCase[] } {
  const prng = new Prng(seed);
  const planned: PlannedExchange[] = allItems(prng).map(({ item, spec }, i) => {
    const label: PlannedCase = {
      kind: item.kind ?? 'positive', mode: 'generic', dataType: item.dataType, family: item.family, form: item.form,
      where: 'shape' in item ? `${item.shape}: ${Object.keys(item.fields).join(', ') || '(cookie/query)'}` : 'upload / own request',
      value: valueOf(item), planted: plantedOf(item), source: item.source, ...(item.accepts ? { accepts: item.accepts } : {}),
    };
    return { spec: spec(START_MS + i * 1000), label };
  });
  return materialize(planned, START_MS);
}

export interface SdkCasesCapture {
  harPath: string;
  labelsPath: string;
  cases: EvalCase[];
  entries: number;
}

export async function generateSdkCases(dir: string, seed = SDK_CASES_SEED): Promise<SdkCasesCapture> {
  await mkdir(dir, { recursive: true });
  const { entries, cases } = buildSdkCases(seed);
  const harPath = join(dir, 'sdk-cases.har');
  const labelsPath = join(dir, 'sdk-cases-labels.json');
  await writeFile(harPath, `${JSON.stringify(harDocument(entries, `telltale SDK-documented generic cases, seed ${seed}`), null, 1)}\n`);
  await writeFile(labelsPath, `${JSON.stringify(cases, null, 1)}\n`);
  return { harPath, labelsPath, cases, entries: entries.length };
}
