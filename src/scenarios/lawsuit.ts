/**
 * The 2019 complaint (Hong v. ByteDance, N.D. Cal. 5:19-cv-07792), re-enacted as traffic of a fictional short-video
 * app "ShortClip": right after install and before the user agrees to anything, analytics SDKs named in the complaint
 * (Umeng, Tencent Bugly, Baidu) receive device identifiers and location; ByteDance's device_register hands the device a
 * device_id / install_id although the user never signs up; the user records a video and taps "next" — the video is
 * uploaded at once — and leaves without posting; an SDK keeps reporting from the background.
 * Hosts, paths and payload keys follow ../shared/knowledge/sdks.md (Exodus, v2fly domain lists, decompiled SDKs).
 */
import { createHash } from 'node:crypto';
import type { TesterEvent } from '../timeline/types.js';
import { gzipJson, mp4File, multipartBody, pseudoRandomBytes } from './bytes.js';
import { ACCOUNT, DEVICE, deviceProfile, HOME, SERVER_IP } from './device.js';
import { harLog, truthOf, type ExchangeSpec } from './har.js';
import type { Scenario } from './types.js';

const START = '2019-11-01T17:00:00.000Z';
const APP = { id: 'com.example.shortclip', version: '1.0.3', api: 'api.shortclip.example' };
const ASSIGNED = { deviceId: '6745312098765432101', installId: '6745312098765438110' };
const UA = 'okhttp/3.10.0.1 ShortClip/1.0.3 (Linux; U; Android 9; en_US)';
const JSON_TYPE = 'application/json; charset=utf-8';

const s = (seconds: number) => Math.round(seconds * 1000);

/** Umeng's unified log (UMServerURL "unify_logs"): gzip-compressed JSON with the device block read at start-up. */
function umengLog(atMs: number, sessionEvent: string): ExchangeSpec {
  const body = gzipJson({
    header: {
      appkey: '5dbc2b1f570df3a1c4000a7e', app_version: APP.version, package_name: APP.id, sdk_version: '9.1.0',
      imei: DEVICE.imei, imsi: DEVICE.imsi, mac: DEVICE.mac, android_id: DEVICE.androidId,
      os: 'Android', os_version: '9', carrier: 'T-Mobile', mccmnc: '310260', access: 'wifi',
    },
    content: { analytics: { sessions: [{ id: `5dbc${atMs}`, event: sessionEvent, start_time: Date.parse(START) + atMs }] } },
  });
  return {
    atMs, method: 'POST', url: 'https://ulogs.umeng.com/unify_logs', serverIp: SERVER_IP.umeng,
    headers: [['User-Agent', UA], ['Content-Encoding', 'gzip'], ['appkey', '5dbc2b1f570df3a1c4000a7e']],
    body: { mimeType: 'application/json', data: body },
    truth: { dataTypes: ['device.imei', 'device.imsi', 'device.mac', 'device.android_id'] },
    response: { status: 200, mimeType: 'application/json', body: '{"code":200}' },
  };
}

/** Bugly crash-report strategy sync: the body is an encrypted JceStruct in real SDKs, so it is opaque here too. */
function buglyAsync(atMs: number): ExchangeSpec {
  return {
    atMs, method: 'POST',
    url: `https://android.bugly.qq.com/rqd/async?aid=8c4b2e1a-7f3d-4a6b-9e2c-1d5f0a3b7c9e&p=1&pkg=${APP.id}&sdk=3.4.4`,
    serverIp: SERVER_IP.tencent,
    headers: [['User-Agent', UA], ['tls', '1'], ['prodId', '5a7c3e21b9']],
    body: { mimeType: 'application/octet-stream', data: pseudoRandomBytes('bugly-rqd-envelope', 1184) },
    truth: { blindSpot: 'opaque-payload', blindSpotSide: 'request' },
    response: { status: 200, mimeType: 'application/octet-stream', body: pseudoRandomBytes('bugly-rqd-reply', 96) },
  };
}

/** Baidu Mobile Stats beacon: GPS ("gl") and Wi-Fi MAC ("mc") in the query of app.gif. */
function baiduBeacon(atMs: number): ExchangeSpec {
  const q = new URLSearchParams({
    v: '3.9.5.2', pn: APP.id, gl: `${HOME.lat.toFixed(4)},${HOME.lon.toFixed(4)}`, mc: DEVICE.mac.toUpperCase(),
    op: '310260', n: 'wifi', t: String(Date.parse(START) + atMs),
  });
  return {
    atMs, method: 'GET', url: `https://hmma.baidu.com/app.gif?${q.toString()}`, serverIp: SERVER_IP.baidu,
    headers: [['User-Agent', UA]],
    truth: { dataTypes: ['location.precise', 'device.mac'] },
    response: { status: 200, mimeType: 'image/gif', body: Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64') },
  };
}

const BYTEDANCE_QUERY = 'ac=wifi&channel=googleplay&aid=1233&app_name=shortclip&version_code=103&device_platform=android&os_version=9';

/** ByteDance AppLog device registration: the device's identifiers go up, a device_id and install_id come back. */
function deviceRegister(atMs: number): ExchangeSpec {
  const body = JSON.stringify({
    magic_tag: 'ss_app_log',
    header: {
      openudid: DEVICE.androidId, udid: DEVICE.imei, mc: DEVICE.mac, google_aid: DEVICE.adId, sim_serial_number: [],
      package: APP.id, app_version: APP.version, os: 'Android', os_version: '9', carrier_region: 'US', timezone: -8,
    },
    _gen_time: Date.parse(START) + atMs,
  });
  const reply = `{"server_time":${Math.floor((Date.parse(START) + atMs) / 1000)},"device_id":${ASSIGNED.deviceId},` +
    `"install_id":${ASSIGNED.installId},"device_id_str":"${ASSIGNED.deviceId}","install_id_str":"${ASSIGNED.installId}","new_user":1}`;
  return {
    atMs, method: 'POST', url: `https://log.snssdk.com/service/2/device_register/?${BYTEDANCE_QUERY}`,
    serverIp: SERVER_IP.bytedanceBeijing, headers: [['User-Agent', UA]],
    body: { mimeType: JSON_TYPE, data: body },
    truth: { dataTypes: ['device.android_id', 'device.imei', 'device.mac', 'device.ad_id'], signals: ['id-assigned'] },
    response: { status: 200, mimeType: 'application/json', body: reply },
  };
}

/** AppLog events, keyed by the assigned ids; the IMEI travels again as an MD5 digest. */
function appLog(atMs: number): ExchangeSpec {
  const md5Imei = createHash('md5').update(DEVICE.imei).digest('hex');
  const body = JSON.stringify({
    magic_tag: 'ss_app_log',
    header: { device_id: ASSIGNED.deviceId, install_id: ASSIGNED.installId, openudid: DEVICE.androidId, udid_md5: md5Imei },
    event: [{ event: 'app_launch', datetime: new Date(Date.parse(START) + atMs).toISOString() }],
  });
  return {
    atMs, method: 'POST', url: `https://log.snssdk.com/service/2/app_log/?${BYTEDANCE_QUERY}&iid=${ASSIGNED.installId}`,
    serverIp: SERVER_IP.bytedanceBeijing, headers: [['User-Agent', UA]],
    body: { mimeType: JSON_TYPE, data: body },
    truth: { dataTypes: ['device.android_id', 'device.imei'] },
    response: { status: 200, mimeType: 'application/json', body: '{"magic_tag":"ss_app_log","message":"success"}' },
  };
}

/** The app's own feed, in Virginia; it carries only the id the server assigned. */
function feed(atMs: number): ExchangeSpec {
  return {
    atMs, method: 'GET', url: `https://${APP.api}/v1/feed?device_id=${ASSIGNED.deviceId}&count=8`, serverIp: SERVER_IP.awsVirginiaA,
    headers: [['User-Agent', UA], ['Accept', 'application/json']],
    response: { status: 200, mimeType: 'application/json', body: '{"items":[],"has_more":true}' },
  };
}

/** The draft upload: a 6.5 s MP4 sent to a ByteDance upload host the moment "next" is tapped. */
function draftUpload(atMs: number): ExchangeSpec {
  const boundary = '----ShortClipFormBoundary7MA4YWxkTrZu0gW';
  const video = mp4File('shortclip-draft-0001', 6500, 48 * 1024);
  const body = multipartBody(boundary, [
    { name: 'upload_id', value: 'v0d1b2c3d4e5f60718293a4b5c6d7e8f9' },
    { name: 'device_id', value: ASSIGNED.deviceId },
    { name: 'video', value: video, filename: 'draft_20191101_170115.mp4', contentType: 'video/mp4' },
  ]);
  return {
    atMs, method: 'POST', url: `https://upload.snssdk.com/video/upload/v1/?${BYTEDANCE_QUERY}`, serverIp: SERVER_IP.awsVirginiaB,
    headers: [['User-Agent', UA]], waitMs: 900,
    body: { mimeType: `multipart/form-data; boundary=${boundary}`, data: body },
    truth: { dataTypes: ['media.video'], signals: ['media-upload'] },
    response: { status: 200, mimeType: 'application/json', body: '{"status_code":0,"video_id":"v0d1b2c3d4e5f6"}' },
  };
}

export function lawsuitScenario(): Scenario {
  const specs: ExchangeSpec[] = [
    umengLog(s(1.5), 'launch'),
    buglyAsync(s(1.8)),
    baiduBeacon(s(2.2)),
    deviceRegister(s(3.0)),
    feed(s(3.4)),
    appLog(s(20)),
    draftUpload(s(77.5)),
    umengLog(s(120), 'heartbeat'),
  ];
  const at = (sec: number) => new Date(Date.parse(START) + s(sec)).toISOString();
  const events: TesterEvent[] = [
    { at: at(0), kind: 'install' },
    { at: at(1), kind: 'launch' },
    { at: at(45), kind: 'consent', value: 'accepted' },
    { at: at(60), kind: 'record' },
    { at: at(75), kind: 'next' },
    { at: at(90), kind: 'background' },
    { at: at(125), kind: 'note', value: 'app left in the background; the video was never posted and no account was created' },
  ];
  return {
    info: {
      name: 'lawsuit',
      title: 'The 2019 complaint, re-enacted',
      description: 'Identifiers to Chinese analytics SDKs before consent, a device id assigned without signup, a draft ' +
        'video uploaded on "next" and never posted, reporting from the background.',
      firstParty: [APP.api],
    },
    har: harLog(START, 'telltale-scenarios', specs),
    truth: truthOf(START, specs),
    events,
    profile: deviceProfile({ account: { phone: ACCOUNT.phone } }),
  };
}
