/**
 * The labelled corpus: one HAR 1.2 file with known profile values planted in every supported location and
 * transform, near-miss decoys that must not match, and generic items (no profile needed) with hard negatives.
 *
 * Design (a covering design, not the full product):
 *  - every profile value is planted plain in 3 locations;
 *  - every transform recipe is planted in 3 locations;
 *  - locations are assigned round-robin over LOCATIONS, skipping a location the planted form cannot sit in
 *    unchanged (a value with spaces is not a path segment), so every location receives plain values, hashes and
 *    encodings alike.
 * One planted item per exchange (plus filler: version, timestamp, request id), so a label is scored on its entry.
 * Everything is derived from a seeded PRNG and a fixed clock: the same seed gives the same bytes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { harDocument, harEntry, type HarEntry, type RequestSpec } from './har.js';
import {
  LOCATIONS, LOCATION_DESCRIPTIONS, MULTIPART_MIME, encodeQuery, fits, multipartBytes, place,
  type Endpoint, type Field, type Filler, type Location,
} from './locations.js';
import { jpegImage, mp4Video, pngImage, webmVideo } from './media.js';
import { Prng } from './prng.js';
import { applySteps, labelTransform, luhnCheckDigit, saltedSha256, type Step } from './transforms.js';

export type LabelKind = 'known' | 'generic' | 'decoy';

export interface Label {
  /** 0-based index of the HAR entry that carries the item. */
  entry: number;
  kind: LabelKind;
  dataType: string;
  /** Known-value transform vocabulary, innermost first; [] = plain. Generic items: []. */
  transform: string[];
  /** Human description of the place: "gzip (Content-Encoding) JSON body, key imei". */
  where: string;
  /** Machine id of the place (a Location, or "raw-body" / "multipart-file" for media). */
  location: Location | 'raw-body' | 'multipart-file';
  /** Profile field (known values and decoys of them), null for generic items. */
  field: string | null;
  /** The original value (before the transform). */
  value: string;
  /** The form as sent, before the location wraps it (the digest, the encoded string...). */
  planted: string;
  /** Salt sent in a sibling field (salted-sha256 only). */
  salt?: string;
  /**
   * Other data types a finding on this entry may carry without being a false positive (a contact list holds
   * phone numbers; a generic phone finding inside it is right about the bytes, if not about whose they are).
   */
  accepts?: string[];
}

export interface LabelledCorpus {
  harPath: string;
  profilePath: string;
  labelsPath: string;
  entries: number;
  labels: Label[];
}

export const LABELLED_SEED = 20191127;
const START_MS = Date.UTC(2019, 3, 1, 10, 0, 0);

/**
 * The device profile file's shape (design.md §2), as far as this corpus uses it. Written out here rather than
 * imported, so the generator depends on nothing in src/ (the labels must not come from the detector's own code).
 */
export interface LabelledProfile {
  device: { imei: string; imsi: string; serial: string; androidId: string; adId: string; idfv: string; mac: string;
    bluetoothMac: string; model: string };
  account: { email: string; phone: string; name: string; username: string; birthdate: string; gender: string; password: string };
  network: { publicIp: string; localIp: string; wifiSsid: string; wifiBssid: string };
  locations: { lat: number; lon: number; label?: string }[];
  contacts: { name: string; phone: string; email: string }[];
  browsing: string[];
  messages: string[];
  custom: { type: string; value: string }[];
}

export const PROFILE: LabelledProfile = {
  device: {
    imei: '356938035643809', imsi: '310260123456789', serial: 'R58M123ABCD', androidId: '3f9a2c7e1b4d8a60',
    adId: '6f1c2b9e-4a7d-4e3b-9c21-8d5f0a7b3e14', idfv: 'E621E1F8-C36C-495A-93FC-0C247A3E6E5F',
    mac: 'a4:5e:60:c2:19:7b', bluetoothMac: 'f0:d1:a9:33:8e:02', model: 'SM-G973F',
  },
  account: {
    email: 'Jane.Roe2001@gmail.com', phone: '+1 650 555 0134', name: 'Jane Roe', username: 'janeroe01',
    birthdate: '2001-04-12', gender: 'female', password: 'hunter2-PaloAlto!',
  },
  network: { publicIp: '73.158.64.21', localIp: '192.168.1.37', wifiSsid: 'RoeFamily-5G', wifiBssid: 'c8:3a:35:0e:77:a1' },
  locations: [{ lat: 37.4419, lon: -122.143, label: 'home' }],
  contacts: [{ name: 'Alex Kim', phone: '+1 415 555 0199', email: 'alex.kim@example.org' }],
  browsing: ['https://www.webmd.com/depression/guide/default.htm'],
  messages: ['meet me at the lake house at 9, bring the charger'],
  custom: [{ type: 'custom.tiktok_uid', value: 'TTU-6829104738291047' }],
};

interface KnownItem {
  field: string;
  dataType: string;
  /** Key the value sits under (JSON key, query name, header suffix). */
  key: string;
  value: string;
}

/** The profile as plantable items, with the data type the known-value detector reports for each field. */
export function knownItems(profile: LabelledProfile = PROFILE): KnownItem[] {
  const d = profile.device!;
  const a = profile.account!;
  const n = profile.network!;
  const c = profile.contacts![0]!;
  return [
    { field: 'device.imei', dataType: 'device.imei', key: 'imei', value: d.imei! },
    { field: 'device.imsi', dataType: 'device.imsi', key: 'imsi', value: d.imsi! },
    { field: 'device.serial', dataType: 'device.serial', key: 'sn', value: d.serial! },
    { field: 'device.androidId', dataType: 'device.android_id', key: 'android_id', value: d.androidId! },
    { field: 'device.adId', dataType: 'device.ad_id', key: 'gaid', value: d.adId! },
    { field: 'device.idfv', dataType: 'device.idfv', key: 'idfv', value: d.idfv! },
    { field: 'device.mac', dataType: 'device.mac', key: 'mac', value: d.mac! },
    { field: 'device.bluetoothMac', dataType: 'device.bluetooth_mac', key: 'bt_mac', value: d.bluetoothMac! },
    { field: 'device.model', dataType: 'device.model', key: 'model', value: d.model! },
    { field: 'account.email', dataType: 'account.email', key: 'email', value: a.email! },
    { field: 'account.phone', dataType: 'account.phone', key: 'phone', value: a.phone! },
    { field: 'account.name', dataType: 'account.name', key: 'nickname', value: a.name! },
    { field: 'account.username', dataType: 'account.username', key: 'username', value: a.username! },
    { field: 'account.birthdate', dataType: 'account.birthdate', key: 'birthday', value: a.birthdate! },
    { field: 'account.gender', dataType: 'account.gender', key: 'gender', value: a.gender! },
    { field: 'account.password', dataType: 'account.password', key: 'pwd', value: a.password! },
    { field: 'network.publicIp', dataType: 'network.public_ip', key: 'client_ip', value: n.publicIp! },
    { field: 'network.localIp', dataType: 'network.local_ip', key: 'local_ip', value: n.localIp! },
    { field: 'network.wifiSsid', dataType: 'network.wifi', key: 'ssid', value: n.wifiSsid! },
    { field: 'network.wifiBssid', dataType: 'network.wifi', key: 'bssid', value: n.wifiBssid! },
    { field: 'contacts[0].name', dataType: 'contacts', key: 'contact_name', value: c.name! },
    { field: 'contacts[0].phone', dataType: 'contacts', key: 'contact_phone', value: c.phone! },
    { field: 'contacts[0].email', dataType: 'contacts', key: 'contact_email', value: c.email! },
    { field: 'browsing[0]', dataType: 'browsing.history', key: 'visited_url', value: profile.browsing![0]! },
    { field: 'messages[0]', dataType: 'message.content', key: 'msg', value: profile.messages![0]! },
    { field: 'custom[0]', dataType: profile.custom![0]!.type, key: 'uid', value: profile.custom![0]!.value },
  ];
}

/** Transform recipes per profile field (plain is planted for every field separately). */
const RECIPES: Record<string, Step[][]> = {
  'device.imei': [['md5'], ['sha1'], ['sha256'], ['sha512'], ['md5-b64'], ['sha256', 'uppercase'], ['md5', 'uppercase'],
    ['sha1', 'md5'], ['md5', 'sha256'], ['md5', 'truncated-16'], ['base64'], ['hex'], ['base64-nopad']],
  'device.imsi': [['sha256'], ['md5'], ['base64url']],
  'device.serial': [['lowercase'], ['md5'], ['base64']],
  'device.androidId': [['md5'], ['sha1'], ['uppercase'], ['base64-nopad'], ['sha256', 'truncated-16']],
  'device.adId': [['uppercase'], ['no-separators'], ['no-separators', 'uppercase'], ['md5'], ['sha256'], ['sha1']],
  'device.idfv': [['lowercase'], ['sha256-b64'], ['no-separators']],
  'device.mac': [['dash-separators'], ['no-separators'], ['uppercase'], ['no-separators', 'md5'], ['uppercase', 'sha1'],
    ['no-separators', 'uppercase'], ['sha256'], ['dash-separators', 'uppercase'], ['md5']],
  'device.bluetoothMac': [['no-separators'], ['uppercase'], ['md5']],
  'device.model': [['lowercase'], ['url-encoded']],
  'account.email': [['lowercase'], ['lowercase', 'sha256'], ['lowercase', 'md5'], ['url-encoded'], ['base64'],
    ['base64url'], ['sha512'], ['sha1'], ['lowercase', 'sha1'], ['hex'], ['sha256-b64']],
  'account.phone': [['e164'], ['national'], ['national-digits'], ['e164', 'sha256'], ['national-digits', 'md5'], ['url-encoded'], ['e164', 'md5']],
  'account.name': [['url-encoded'], ['base64'], ['uppercase'], ['lowercase'], ['hex']],
  'account.username': [['md5'], ['hex'], ['uppercase']],
  'account.password': [['md5'], ['sha1'], ['base64'], ['sha256']],
  'account.birthdate': [['base64']],
  'network.publicIp': [['md5'], ['base64'], ['hex']],
  'network.localIp': [['hex']],
  'network.wifiSsid': [['base64'], ['hex'], ['md5']],
  'network.wifiBssid': [['no-separators'], ['md5'], ['uppercase']],
  'contacts[0].phone': [['e164'], ['e164', 'sha256'], ['national-digits']],
  'contacts[0].email': [['md5'], ['sha256']],
  'browsing[0]': [['url-encoded'], ['base64'], ['md5']],
  'messages[0]': [['base64'], ['url-encoded'], ['hex']],
  'custom[0]': [['md5'], ['base64'], ['hex']],
};

/** Fields planted with a salted SHA-256 (salt in a sibling field "salt"). */
const SALTED_FIELDS = ['device.imei', 'account.email', 'device.adId'];
const COPIES = 3;

const ENDPOINTS: Endpoint[] = [
  { host: 'api.example-social.com', path: '/v1/collect' },
  { host: 'ulogs.umeng.com', path: '/unify_logs' },
  { host: 'hmma.baidu.com', path: '/app.gif' },
  { host: 'log.snssdk.com', path: '/service/2/app_log' },
  { host: 'sdk.open.phone.igexin.com', path: '/api.php' },
  { host: 'graph.facebook.com', path: '/v3.2/activities' },
  { host: 'android.bugly.qq.com', path: '/rqd/async' },
  { host: 'app-measurement.com', path: '/a' },
];
const SERVER_IPS = ['203.0.113.10', '203.0.113.24', '198.51.100.7', '198.51.100.19'];

/** A planned exchange: the request, and the labels of what it carries. */
interface Planned {
  spec: RequestSpec;
  labels: Omit<Label, 'entry'>[];
}

class Planner {
  private cursor = 0;
  readonly planned: Planned[] = [];

  constructor(private readonly prng: Prng) {}

  filler(): Filler {
    const i = this.planned.length;
    return { app_version: '4.2.1', os: 'android', ts: START_MS + i * 1000 + this.prng.int(0, 999), req_id: this.prng.uuid() };
  }

  endpoint(): Endpoint {
    return this.prng.pick(ENDPOINTS);
  }

  /** Place fields at the next location (round-robin) that can hold them. */
  nextLocation(fields: Field[], allow: (loc: Location) => boolean = () => true): Location {
    for (let tries = 0; tries < LOCATIONS.length; tries++) {
      const loc = LOCATIONS[this.cursor % LOCATIONS.length]!;
      this.cursor++;
      if (fits(loc, fields) && allow(loc)) return loc;
    }
    return 'json';
  }

  plantAt(location: Location, fields: Field[], label: Omit<Label, 'entry' | 'where' | 'location'>, at?: Endpoint): void {
    const spec = place(location, fields, this.filler(), at ?? this.endpoint());
    const where = `${LOCATION_DESCRIPTIONS[location]}, key ${fields[0]!.key}`;
    this.planned.push({ spec, labels: [{ ...label, where, location }] });
  }

  raw(spec: RequestSpec, labels: Omit<Label, 'entry'>[]): void {
    this.planned.push({ spec, labels });
  }
}

/** The planted string must not be double-encoded by a location that URL-encodes (the label would not say so). */
function allowFor(steps: readonly Step[]): (loc: Location) => boolean {
  if (!steps.includes('url-encoded')) return () => true;
  return (loc) => loc !== 'url-query' && loc !== 'form' && loc !== 'url-base64-json';
}

function plantKnown(p: Planner, items: KnownItem[], prng: Prng): void {
  // Plain values first, in one round-robin pass, so every location receives several of them.
  for (const item of items) plantRecipe(p, item, []);
  for (const item of items) {
    for (const steps of RECIPES[item.field] ?? []) plantRecipe(p, item, steps);
    if (SALTED_FIELDS.includes(item.field)) {
      for (let copy = 0; copy < COPIES; copy++) {
        const salt = prng.hex(16);
        const planted = saltedSha256(item.value, salt);
        const fields = [{ key: `${item.key}_hash`, value: planted }, { key: 'salt', value: salt }];
        p.plantAt(p.nextLocation(fields), fields, {
          kind: 'known', dataType: item.dataType, transform: ['salted-sha256'], field: item.field,
          value: item.value, planted, salt,
        });
      }
    }
  }
}

function plantRecipe(p: Planner, item: KnownItem, steps: Step[]): void {
  const planted = applySteps(item.value, steps);
  // A transform that changes nothing ("SM-G973F" URL-encoded) is a plain value: the label would lie.
  if (steps.length > 0 && planted === item.value) return;
  const fields = [{ key: item.key, value: planted }];
  for (let copy = 0; copy < COPIES; copy++) {
    p.plantAt(p.nextLocation(fields, allowFor(steps)), fields, {
      kind: 'known', dataType: item.dataType, transform: labelTransform(steps), field: item.field,
      value: item.value, planted,
    });
  }
}

/** Location plants: two numeric fields, one "lat,lon" string, E7 integers (Google's latitudeE7 style). */
function plantLocations(p: Planner, profile: LabelledProfile): void {
  const home = profile.locations![0]!;
  // A few metres from the profile point, at GPS precision, as a phone would report it.
  const lat = Number((home.lat + 0.00002).toFixed(6));
  const lon = Number((home.lon - 0.00003).toFixed(6));
  const variants: { transform: string[]; fields: Field[]; planted: string }[] = [
    { transform: [], fields: [{ key: 'lat', value: lat }, { key: 'lon', value: lon }], planted: `${lat}|${lon}` },
    { transform: ['pair-string'], fields: [{ key: 'loc', value: `${lat},${lon}` }], planted: `${lat},${lon}` },
    { transform: ['e7'], fields: [{ key: 'latitudeE7', value: Math.round(lat * 1e7) }, { key: 'longitudeE7', value: Math.round(lon * 1e7) }],
      planted: `${Math.round(lat * 1e7)}|${Math.round(lon * 1e7)}` },
  ];
  for (const v of variants) {
    for (let copy = 0; copy < COPIES; copy++) {
      p.plantAt(p.nextLocation(v.fields), v.fields, {
        kind: 'known', dataType: 'location.precise', transform: v.transform, field: 'locations[0]',
        value: `${home.lat},${home.lon}`, planted: v.planted,
      });
    }
  }
}

/** Near misses that a correct known-value matcher must not confirm. */
function plantDecoys(p: Planner, profile: LabelledProfile): void {
  const d = profile.device!;
  const imeiOff = d.imei!.slice(0, 13) + String((Number(d.imei![13]) + 1) % 10) + d.imei![14];
  const macOff = d.mac!.slice(0, -1) + (d.mac!.at(-1) === 'b' ? 'c' : 'b');
  const email = profile.account!.email!;
  const emailOther = email.replace(/@.*$/, '@yahoo.com');
  const phoneOff = profile.account!.phone!.slice(0, -1) + '5';
  const home = profile.locations![0]!;
  // 0.45° of latitude ≈ 50 km (111.2 km per degree).
  const far = { lat: Number((home.lat + 0.45).toFixed(5)), lon: home.lon };
  const decoys: { field: string; dataType: string; key: string; value: string; steps: Step[]; planted?: string; where: string }[] = [
    { field: 'device.imei', dataType: 'device.imei', key: 'imei', value: imeiOff, steps: [], where: 'IMEI one digit off' },
    { field: 'device.imei', dataType: 'device.imei', key: 'imei', value: imeiOff, steps: ['md5'], where: 'MD5 of the IMEI one digit off' },
    { field: 'device.imei', dataType: 'device.imei', key: 'imei', value: imeiOff, steps: ['sha256'], where: 'SHA-256 of the IMEI one digit off' },
    { field: 'device.imei', dataType: 'device.imei', key: 'seq', value: d.imei!, steps: [], planted: `8${d.imei}31`, where: 'IMEI inside a longer digit run' },
    { field: 'device.imei', dataType: 'device.imei', key: 'trace_no', value: d.imei!, steps: [], planted: `20190401${d.imei}`, where: 'IMEI as the tail of a longer digit run' },
    { field: 'device.mac', dataType: 'device.mac', key: 'mac', value: macOff, steps: [], where: 'MAC one nibble off' },
    { field: 'device.mac', dataType: 'device.mac', key: 'mac', value: macOff, steps: ['no-separators'], where: 'MAC one nibble off, no separators' },
    { field: 'device.mac', dataType: 'device.mac', key: 'mac', value: macOff, steps: ['no-separators', 'md5'], where: 'MD5 of the MAC one nibble off' },
    { field: 'account.email', dataType: 'account.email', key: 'email', value: emailOther, steps: [], where: 'same local part at another domain' },
    { field: 'account.email', dataType: 'account.email', key: 'email', value: emailOther, steps: ['lowercase', 'sha256'], where: 'SHA-256 of the email at another domain' },
    { field: 'account.phone', dataType: 'account.phone', key: 'phone', value: phoneOff, steps: ['e164'], where: 'phone one digit off' },
    { field: 'device.adId', dataType: 'device.ad_id', key: 'gaid', value: d.adId!.slice(0, -1) + '5', steps: [], where: 'ad id one hex digit off' },
  ];
  for (const decoy of decoys) {
    const planted = decoy.planted ?? applySteps(decoy.value, decoy.steps);
    const fields = [{ key: decoy.key, value: planted }];
    for (let copy = 0; copy < 2; copy++) {
      const loc = p.nextLocation(fields);
      p.plantAt(loc, fields, {
        kind: 'decoy', dataType: decoy.dataType, transform: labelTransform(decoy.steps), field: decoy.field,
        value: decoy.value, planted,
      });
      p.planned.at(-1)!.labels[0]!.where += ` (decoy: ${decoy.where})`;
    }
  }
  for (const [i, fields] of [
    [{ key: 'lat', value: far.lat }, { key: 'lon', value: far.lon }],
    [{ key: 'loc', value: `${far.lat},${far.lon}` }],
  ].entries()) {
    for (let copy = 0; copy < 2; copy++) {
      p.plantAt(p.nextLocation(fields), fields, {
        kind: 'decoy', dataType: 'location.precise', transform: i === 0 ? [] : ['pair-string'], field: 'locations[0]',
        value: `${far.lat},${far.lon}`, planted: i === 0 ? `${far.lat}|${far.lon}` : `${far.lat},${far.lon}`,
      });
      p.planned.at(-1)!.labels[0]!.where += ' (decoy: coordinates 50 km away)';
    }
  }
}

function luhnImei(prng: Prng, tac: string): string {
  const body = tac + prng.digits(14 - tac.length);
  return body + String(luhnCheckDigit(body));
}

interface GenericItem {
  dataType: string;
  kind?: LabelKind;
  location: Location;
  fields: Field[];
  /** The literal the test looks for; defaults to the first field's value. */
  planted?: string;
  note: string;
  accepts?: string[];
  /** SDK-private short keys only mean something on their SDK's host. */
  at?: Endpoint;
}

const BAIDU_MTJ: Endpoint = { host: 'hmma.baidu.com', path: '/app.gif' };
const BYTEDANCE_LOG: Endpoint = { host: 'log.snssdk.com', path: '/service/2/app_log' };
const UMENG_LOG: Endpoint = { host: 'ulogs.umeng.com', path: '/unify_logs' };

/** Items a profile-free detector should find (or, for kind 'decoy', must not report), with their ground truth. */
function genericItems(prng: Prng): GenericItem[] {
  const apps = ['com.tencent.mm', 'com.eg.android.AlipayGphone', 'com.ss.android.ugc.aweme', 'com.whatsapp', 'com.grindrapp.android', 'org.telegram.messenger'];
  const contacts = [{ name: 'Wei Li', phone: '+86 138 0013 8000', email: 'li.wei@qq.com' }, { name: 'Maria Garcia', phone: '+34 612 345 678', email: 'm.garcia@outlook.com' }];
  const history = ['https://www.reddit.com/r/depression/', 'https://www.indeed.com/jobs?q=nurse', 'https://www.zillow.com/homedetails/123'];
  const items: GenericItem[] = [
    { dataType: 'account.email', location: 'json', fields: [{ key: 'contact_email', value: 'li.wei@qq.com' }], note: 'email' },
    { dataType: 'account.email', location: 'form', fields: [{ key: 'user_email', value: 'm.garcia@outlook.com' }], note: 'email' },
    { dataType: 'account.email', location: 'url-query', fields: [{ key: 'login', value: 'tom.baker77@yahoo.co.uk' }], note: 'email' },
    { dataType: 'account.email', location: 'gzip-json', fields: [{ key: 'account', value: 'priya.nair@hotmail.com' }], note: 'email' },
    { dataType: 'account.phone', location: 'json', fields: [{ key: 'mobile', value: '13800138000' }], note: 'CN mobile under "mobile"' },
    { dataType: 'account.phone', location: 'form', fields: [{ key: 'phone', value: '+44 20 7946 0958' }], note: 'phone under "phone"' },
    { dataType: 'account.phone', location: 'url-query', fields: [{ key: 'tel', value: '+49 30 901820' }], note: 'phone under "tel"' },
    { dataType: 'account.phone', location: 'msgpack', fields: [{ key: 'phone_number', value: '+1 212 555 0147' }], note: 'phone under "phone_number"' },
    { dataType: 'device.imei', location: 'json', fields: [{ key: 'imei', value: '490154203237518' }], note: 'Luhn-valid IMEI' },
    { dataType: 'device.imei', location: 'url-query', fields: [{ key: 'device_imei', value: luhnImei(prng, '35332509') }], note: 'Luhn-valid IMEI' },
    { dataType: 'device.imei', location: 'form', fields: [{ key: 'imei', value: luhnImei(prng, '86709103') }], note: 'Luhn-valid IMEI' },
    { dataType: 'device.mac', location: 'json', fields: [{ key: 'mac', value: '3c:5a:b4:01:02:9f' }], note: 'MAC with colons' },
    { dataType: 'device.mac', location: 'url-query', fields: [{ key: 'mac_address', value: '3C-5A-B4-7E-11-D0' }], note: 'MAC with dashes' },
    { dataType: 'device.mac', location: 'header', fields: [{ key: 'wifi_mac', value: '10:68:3f:aa:02:71' }], note: 'MAC in a header' },
    { dataType: 'network.public_ip', location: 'json', fields: [{ key: 'client_ip', value: '81.2.69.160' }], note: 'public IPv4' },
    { dataType: 'network.public_ip', location: 'url-query', fields: [{ key: 'ip', value: '2a03:2880:f12f:83:face:b00c:0:25de' }], note: 'public IPv6' },
    { dataType: 'network.public_ip', location: 'form', fields: [{ key: 'wan_ip', value: '24.48.0.1' }], note: 'public IPv4' },
    { dataType: 'device.ad_id', location: 'json', fields: [{ key: 'gaid', value: prng.uuid() }], note: 'ad id under "gaid"' },
    { dataType: 'device.ad_id', location: 'url-query', fields: [{ key: 'idfa', value: prng.uuid().toUpperCase() }], note: 'ad id under "idfa"' },
    { dataType: 'device.ad_id', location: 'form', fields: [{ key: 'advertising_id', value: prng.uuid() }], note: 'ad id under "advertising_id"' },
    { dataType: 'location.precise', location: 'json', fields: [{ key: 'latitude', value: 48.858372 }, { key: 'longitude', value: 2.294481 }], planted: '48.858372', note: 'lat/lon pair' },
    { dataType: 'location.precise', location: 'form', fields: [{ key: 'lat', value: '35.65858' }, { key: 'lng', value: '139.74543' }], note: 'lat/lng pair' },
    { dataType: 'location.precise', location: 'url-query', fields: [{ key: 'll', value: '40.748441,-73.985664' }], note: '"lat,lon" string' },
    { dataType: 'location.precise', location: 'json', fields: [{ key: 'gl', value: '116.403963,39.915119' }], note: 'Baidu key gl (GPS)', accepts: ['location.coarse'], at: BAIDU_MTJ },
    { dataType: 'device.mac', location: 'json', fields: [{ key: 'mc', value: '6c:5c:14:2b:90:e3' }], note: 'Baidu key mc (MAC)', at: BAIDU_MTJ },
    { dataType: 'device.bluetooth_mac', location: 'json', fields: [{ key: 'bm', value: '6c:5c:14:2b:90:e4' }], note: 'Baidu key bm (Bluetooth MAC)', accepts: ['device.mac'], at: BAIDU_MTJ },
    // Baidu CUID: upper-case MD5 hex, "|", the reversed IMEI (n0099/open-tbclient CommonParam.getCUID).
    { dataType: 'device.sdk_id', location: 'json', fields: [{ key: 'cuid', value: `${prng.hex(32).toUpperCase()}|${[...luhnImei(prng, '86437003')].reverse().join('')}` }],
      note: 'Baidu key cuid', accepts: ['device.imei'], at: BAIDU_MTJ },
    { dataType: 'device.android_id', location: 'url-query', fields: [{ key: 'openudid', value: prng.hex(16) }], note: 'ByteDance key openudid (Android ID)', at: BYTEDANCE_LOG },
    { dataType: 'device.imsi', location: 'deflate-json', fields: [{ key: 'imsi', value: '460001234567890' }], note: 'Umeng key imsi', at: UMENG_LOG },
    { dataType: 'device.installed_apps', location: 'json', fields: [{ key: 'app_list', value: apps.join(',') }], planted: apps[0], note: 'installed apps, comma list' },
    { dataType: 'device.installed_apps', location: 'form', fields: [{ key: 'applist', value: JSON.stringify(apps.slice(1).map((pkg) => ({ pkg, ver: '1.0' }))) }], planted: apps[1], note: 'installed apps, JSON in a form field (Getui)' },
    { dataType: 'contacts', location: 'json', fields: [{ key: 'contacts', value: JSON.stringify(contacts) }], planted: contacts[0]!.phone, note: 'contact list', accepts: ['account.phone', 'account.email', 'account.name'] },
    { dataType: 'contacts', location: 'gzip-json', fields: [{ key: 'address_book', value: JSON.stringify(contacts.map((c) => ({ n: c.name, p: c.phone }))) }], planted: contacts[1]!.phone, note: 'contact list', accepts: ['account.phone', 'account.name'] },
    { dataType: 'browsing.history', location: 'json', fields: [{ key: 'history', value: JSON.stringify(history) }], planted: history[0], note: 'browsing history array' },
    { dataType: 'browsing.history', location: 'multipart', fields: [{ key: 'visited_urls', value: history.join('\n') }], planted: history[1], note: 'browsing history list' },
    { dataType: 'device.installed_apps', location: 'url-query', fields: [{ key: 'pkgs', value: apps.slice(0, 4).join(',') }], planted: apps[2], note: 'installed apps, comma list in a query' },
    { dataType: 'device.installed_apps', location: 'gzip-json', fields: [{ key: 'installed_packages', value: JSON.stringify(apps.map((packageName, i) => ({ packageName, versionName: `${i + 1}.0.${i}`, firstInstallTime: START_MS - i * 86_400_000 }))) }],
      planted: apps[3], note: 'installed apps, Android PackageInfo-style objects' },
    { dataType: 'contacts', location: 'msgpack', fields: [{ key: 'contact_list', value: JSON.stringify(contacts.map((c) => ({ displayName: c.name, phoneNumbers: [c.phone], emails: [c.email] }))) }],
      planted: contacts[0]!.name, note: 'contact list, Android ContactsContract-style', accepts: ['account.phone', 'account.email', 'account.name'] },
    { dataType: 'contacts', location: 'form', fields: [{ key: 'address_book', value: JSON.stringify(contacts.map((c) => ({ name: c.name, mobile: c.phone }))) }],
      planted: contacts[1]!.name, note: 'contact list in a form field', accepts: ['account.phone', 'account.name'] },
    { dataType: 'browsing.history', location: 'json', fields: [{ key: 'visited', value: JSON.stringify(history.map((url, i) => ({ url, title: `page ${i}`, visit_time: START_MS - i * 60_000 }))) }],
      planted: history[2], note: 'browsing history objects' },
    { dataType: 'browsing.history', location: 'brotli-json', fields: [{ key: 'recent_urls', value: JSON.stringify(history) }], planted: history[1], note: 'browsing history array' },
    // Hard negatives: look like personal data, are not.
    { dataType: 'browsing.history', kind: 'decoy', location: 'json', fields: [{ key: 'asset_urls', value: JSON.stringify(['https://cdn.example-social.com/img/a1.webp', 'https://cdn.example-social.com/img/a2.webp', 'https://cdn.example-social.com/js/app.js']) }],
      planted: 'https://cdn.example-social.com/js/app.js', note: "the app's own asset URLs" },
    { dataType: 'device.installed_apps', kind: 'decoy', location: 'json', fields: [{ key: 'modules', value: JSON.stringify(['com.example.social.camera', 'com.example.social.player']) }],
      planted: 'com.example.social.camera', note: "the app's own module names" },
    { dataType: 'network.public_ip', kind: 'decoy', location: 'json', fields: [{ key: 'sdk_version', value: '1.2.3.4' }], note: 'version string shaped like an IPv4' },
    { dataType: 'network.public_ip', kind: 'decoy', location: 'url-query', fields: [{ key: 'ver', value: '10.4.12.180' }], note: 'version string shaped like an IPv4' },
    { dataType: 'account.phone', kind: 'decoy', location: 'json', fields: [{ key: 'timestamp', value: 1554112800123 }], planted: '1554112800123', note: 'epoch milliseconds' },
    { dataType: 'account.phone', kind: 'decoy', location: 'form', fields: [{ key: 'build_number', value: '2019040112' }], note: 'build number' },
    { dataType: 'device.imei', kind: 'decoy', location: 'json', fields: [{ key: 'build', value: '201904011230457' }], note: '15-digit build id (not Luhn-valid)' },
    { dataType: 'device.ad_id', kind: 'decoy', location: 'json', fields: [{ key: 'request_id', value: prng.uuid() }], note: 'random request id UUID' },
    { dataType: 'device.ad_id', kind: 'decoy', location: 'header', fields: [{ key: 'trace_id', value: prng.uuid() }], note: 'random trace id UUID' },
    { dataType: 'device.mac', kind: 'decoy', location: 'json', fields: [{ key: 'theme_color', value: '#3a7bd5' }], note: 'CSS colour' },
    { dataType: 'device.android_id', kind: 'decoy', location: 'json', fields: [{ key: 'checksum', value: prng.hex(40) }], note: 'SHA-1 checksum of a file' },
    { dataType: 'device.android_id', kind: 'decoy', location: 'url-query', fields: [{ key: 'etag', value: prng.hex(16) }], note: 'cache etag' },
    { dataType: 'location.precise', kind: 'decoy', location: 'json', fields: [{ key: 'ratio', value: 1.777778 }, { key: 'scale', value: 2.625 }], planted: '1.777778', note: 'screen ratio and density' },
  ];
  return items;
}

function plantGeneric(p: Planner, prng: Prng): void {
  for (const item of genericItems(prng)) {
    p.plantAt(item.location, item.fields, {
      kind: item.kind ?? 'generic', dataType: item.dataType, transform: [], field: null,
      value: String(item.fields[0]!.value), planted: item.planted ?? String(item.fields[0]!.value),
      ...(item.accepts ? { accepts: item.accepts } : {}),
    }, item.at);
    const label = p.planned.at(-1)!.labels[0]!;
    label.where += ` (${item.note})`;
  }
  plantMedia(p, prng);
}

/** Uploads: raw bodies and multipart files with real magic and structure. */
function plantMedia(p: Planner, prng: Prng): void {
  const uploads = [
    { dataType: 'media.video', mimeType: 'video/mp4', filename: 'VID_20190401_101502.mp4', bytes: mp4Video(prng), multipart: true },
    { dataType: 'media.video', mimeType: 'video/webm', filename: 'clip.webm', bytes: webmVideo(prng), multipart: false },
    { dataType: 'media.image', mimeType: 'image/jpeg', filename: 'IMG_20190401_101733.jpg', bytes: jpegImage(prng), multipart: false },
    { dataType: 'media.image', mimeType: 'image/png', filename: 'avatar.png', bytes: pngImage(prng), multipart: true },
    // Declared as octet-stream: only the magic bytes tell what it is.
    { dataType: 'media.video', mimeType: 'application/octet-stream', filename: 'chunk0.bin', bytes: mp4Video(prng), multipart: false },
  ];
  for (const u of uploads) {
    const filler = { app_version: '4.2.1', req_id: prng.uuid() };
    const spec: RequestSpec = u.multipart
      ? { method: 'POST', host: 'upload.example-social.com', path: '/v1/media/upload', query: '', headers: [], cookies: [],
          body: { mimeType: MULTIPART_MIME, bytes: multipartBytes(Object.entries(filler).map(([key, value]) => ({ key, value })), { name: 'file', filename: u.filename, mimeType: u.mimeType, bytes: u.bytes }) } }
      : { method: 'PUT', host: 'upload.example-social.com', path: `/v1/media/${u.filename}`, query: encodeQuery([{ key: 'req_id', value: filler.req_id }]), headers: [], cookies: [],
          body: { mimeType: u.mimeType, bytes: u.bytes } };
    p.raw(spec, [{
      kind: 'generic', dataType: u.dataType, transform: [], field: null, value: u.filename,
      planted: Buffer.from(u.bytes.subarray(0, 8)).toString('hex'),
      where: `${u.multipart ? 'multipart file part' : 'raw request body'} (${u.mimeType}, ${u.bytes.length} bytes)`,
      location: u.multipart ? 'multipart-file' : 'raw-body',
    }]);
  }
}

/** Build the corpus in memory: HAR entries and labels. */
export function buildLabelledCorpus(seed = LABELLED_SEED, profile: LabelledProfile = PROFILE): { entries: HarEntry[]; labels: Label[] } {
  const prng = new Prng(seed);
  const planner = new Planner(prng);
  plantKnown(planner, knownItems(profile), prng);
  plantLocations(planner, profile);
  plantDecoys(planner, profile);
  plantGeneric(planner, prng);
  const entries: HarEntry[] = [];
  const labels: Label[] = [];
  planner.planned.forEach((planned, index) => {
    const startedMs = START_MS + index * 1000;
    entries.push(harEntry(planned.spec, startedMs, SERVER_IPS[index % SERVER_IPS.length]!));
    for (const label of planned.labels) labels.push({ entry: index, ...label });
  });
  return { entries, labels };
}

/** Write labelled.har, profile.json and labels.json into dir. */
export async function generateLabelledCorpus(dir: string, seed = LABELLED_SEED): Promise<LabelledCorpus> {
  await mkdir(dir, { recursive: true });
  const { entries, labels } = buildLabelledCorpus(seed);
  const harPath = join(dir, 'labelled.har');
  const profilePath = join(dir, 'profile.json');
  const labelsPath = join(dir, 'labels.json');
  await writeFile(harPath, `${JSON.stringify(harDocument(entries, `telltale labelled corpus, seed ${seed}`), null, 1)}\n`);
  await writeFile(profilePath, `${JSON.stringify(PROFILE, null, 2)}\n`);
  await writeFile(labelsPath, `${JSON.stringify(labels, null, 1)}\n`);
  return { harPath, profilePath, labelsPath, entries: entries.length, labels };
}
