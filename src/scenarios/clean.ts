/**
 * The clean counterpart: a fictional app "CalmClip" that asks first. Before consent it fetches only its own
 * configuration; after consent a US analytics SDK (Firebase) gets the advertising id; the account is created at signup
 * and only then does the server assign ids; the video goes up only after "post"; nothing is sent from the background.
 * Like any real capture it has blind spots, each outside the windows the claims are about or unable to carry what
 * they ask about: a picture cut short by the proxy before consent, and 640 bytes of encrypted telemetry after signup.
 */
import type { TesterEvent } from '../timeline/types.js';
import { concat, mp4File, multipartBody, pseudoRandomBytes } from './bytes.js';
import { ACCOUNT, DEVICE, deviceProfile, SERVER_IP } from './device.js';
import { harLog, truthOf, type ExchangeSpec } from './har.js';
import type { Scenario } from './types.js';

const START = '2019-11-01T18:00:00.000Z';
const APP = { id: 'com.example.calmclip', api: 'api.calmclip.example', upload: 'upload.calmclip.example' };
const UA = 'okhttp/4.9.3';
const JSON_TYPE = 'application/json; charset=utf-8';

const s = (seconds: number) => Math.round(seconds * 1000);

function config(atMs: number): ExchangeSpec {
  return {
    atMs, method: 'GET', url: `https://${APP.api}/v1/config?platform=android&app_version=2.4.0`, serverIp: SERVER_IP.awsVirginiaA,
    headers: [['User-Agent', UA], ['Accept', 'application/json']],
    response: { status: 200, mimeType: 'application/json', body: '{"consent_required":true,"min_version":"2.0.0"}' },
  };
}

/**
 * An onboarding picture from the app's own API whose body the capture cut short (a proxy's body-size limit): the
 * response is unreadable past the cut, but a picture coming down cannot hide anything the device sent, nor hand it an
 * identifier. It falls before consent and before signup.
 */
function onboardingImage(atMs: number): ExchangeSpec {
  const jpeg = concat(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0), pseudoRandomBytes('calmclip-hero-jpeg', 48 * 1024 - 6), Uint8Array.of(0xff, 0xd9));
  return {
    atMs, method: 'GET', url: `https://${APP.api}/v1/onboarding/hero.jpg`, serverIp: SERVER_IP.awsVirginiaA,
    headers: [['User-Agent', UA], ['Accept', 'image/*']],
    truth: { blindSpot: 'truncated-body', blindSpotSide: 'response' },
    response: { status: 200, mimeType: 'image/jpeg', body: jpeg, cutAt: 16 * 1024 },
  };
}

/**
 * The app's own crash-and-performance telemetry, encrypted on the device before upload: 640 opaque bytes after
 * consent and signup, before anything was recorded. Too small to hold a video, outside the pre-consent window, and
 * to the first party.
 */
function telemetry(atMs: number): ExchangeSpec {
  return {
    atMs, method: 'POST', url: `https://${APP.api}/v1/telemetry`, serverIp: SERVER_IP.awsVirginiaA,
    headers: [['User-Agent', UA]], body: { mimeType: 'application/octet-stream', data: pseudoRandomBytes('calmclip-telemetry', 640) },
    truth: { blindSpot: 'opaque-payload', blindSpotSide: 'request' },
    response: { status: 204, mimeType: 'text/plain' },
  };
}

/** Firebase Analytics after consent: the advertising id goes to a US company's US servers. */
function analytics(atMs: number): ExchangeSpec {
  const body = JSON.stringify({
    app_id: '1:123456789012:android:0a1b2c3d4e5f6789', ad_id: DEVICE.adId, platform: 'android',
    events: [{ name: 'first_open' }, { name: 'consent_granted' }],
  });
  return {
    atMs, method: 'POST', url: 'https://app-measurement.com/a', serverIp: SERVER_IP.google,
    headers: [['User-Agent', UA]], body: { mimeType: JSON_TYPE, data: body },
    truth: { dataTypes: ['device.ad_id'] },
    response: { status: 204, mimeType: 'text/plain' },
  };
}

/** Signup: the user types email and phone; the server creates the account and only now assigns ids. */
function signup(atMs: number): ExchangeSpec {
  const body = JSON.stringify({ email: ACCOUNT.email, phone: ACCOUNT.phone, accepted_terms: true });
  return {
    atMs, method: 'POST', url: `https://${APP.api}/v1/accounts`, serverIp: SERVER_IP.awsVirginiaA,
    headers: [['User-Agent', UA]], body: { mimeType: JSON_TYPE, data: body },
    truth: { dataTypes: ['account.email', 'account.phone'], signals: ['id-assigned'] },
    response: { status: 200, mimeType: 'application/json', body: '{"user_id":"u_51f0c2","device_id":"d_7be93a41","session":"s_0c9e"}' },
  };
}

function postedUpload(atMs: number): ExchangeSpec {
  const boundary = '----CalmClipBoundaryQ2x8Lr0e';
  const body = multipartBody(boundary, [
    { name: 'caption', value: 'sunset walk' },
    { name: 'video', value: mp4File('calmclip-post-0001', 8000, 40 * 1024), filename: 'clip_0001.mp4', contentType: 'video/mp4' },
  ]);
  return {
    atMs, method: 'POST', url: `https://${APP.upload}/v1/videos`, serverIp: SERVER_IP.awsVirginiaC,
    headers: [['User-Agent', UA], ['Authorization', 'Bearer s_0c9e']], waitMs: 800,
    body: { mimeType: `multipart/form-data; boundary=${boundary}`, data: body },
    truth: { dataTypes: ['media.video'], signals: ['media-upload'] },
    response: { status: 200, mimeType: 'application/json', body: '{"video_id":"c_90a1","status":"published"}' },
  };
}

function feed(atMs: number): ExchangeSpec {
  return {
    atMs, method: 'GET', url: `https://${APP.api}/v1/feed?count=8`, serverIp: SERVER_IP.awsVirginiaA,
    headers: [['User-Agent', UA], ['Authorization', 'Bearer s_0c9e']],
    response: { status: 200, mimeType: 'application/json', body: '{"items":[],"has_more":false}' },
  };
}

export function cleanScenario(): Scenario {
  const specs: ExchangeSpec[] = [
    config(s(2.5)),
    onboardingImage(s(3)),
    analytics(s(12)),
    signup(s(21)),
    telemetry(s(30)),
    postedUpload(s(61)),
    feed(s(101)),
  ];
  const at = (sec: number) => new Date(Date.parse(START) + s(sec)).toISOString();
  const events: TesterEvent[] = [
    { at: at(0), kind: 'install' },
    { at: at(2), kind: 'launch' },
    { at: at(10), kind: 'consent', value: 'accepted' },
    { at: at(20), kind: 'signup' },
    { at: at(40), kind: 'record' },
    { at: at(55), kind: 'next' },
    { at: at(60), kind: 'post' },
    { at: at(70), kind: 'background' },
    { at: at(100), kind: 'foreground' },
  ];
  return {
    info: {
      name: 'clean',
      title: 'A clean counterpart',
      description: 'Consent first, nothing to third parties before it, ids only after signup, media only after "post", ' +
        'nothing sent from the background.',
      firstParty: [APP.api, APP.upload],
    },
    har: harLog(START, 'telltale-scenarios', specs),
    truth: truthOf(START, specs),
    events,
    profile: deviceProfile({ account: { phone: ACCOUNT.phone, email: ACCOUNT.email } }),
  };
}
