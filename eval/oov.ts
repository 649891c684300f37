/**
 * The out-of-vocabulary app capture (issue #10, "Done when"): a profile's values written the ways SDK authors write
 * them — raw bytes instead of text, other punctuation, an IMEI without its check digit, ad-tech e-mail hashes, UTF-16
 * bodies, values URL-encoded twice, JWTs, header mini-formats, scaled coordinates, other byte orders — each family
 * with look-alike decoys that differ from the profile's value in one place.
 *
 * Independence: this file imports nothing from src/. Every form is computed here from its specification, and each
 * case names that specification (the `source` of every case). The generator does not know which forms the
 * detector lists; the evaluation finds out.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encode as msgpackEncode } from '@msgpack/msgpack';
import { harDocument } from './har.js';
import type { RequestSpec } from './har.js';
import { materialize, type EvalCase, type PlannedCase, type PlannedExchange } from './cases.js';
import { encodeQuery, lengthDelimited, place, varint, type Endpoint, type Field, type Filler, type Location } from './locations.js';
import { Prng } from './prng.js';
import { luhnCheckDigit } from './transforms.js';

export const OOV_SEED = 20260612;
const START_MS = Date.UTC(2020, 6, 14, 9, 0, 0);

const IMEI_BODY = '35332509123456';
const IMEI = IMEI_BODY + String(luhnCheckDigit(IMEI_BODY));

/** The device profile of the capture (the telltale.profile format, written out as JSON). */
export const OOV_PROFILE = {
  device: {
    imei: IMEI, imsi: '310150123456789', androidId: '7f3c9a01b2d4e65c',
    adId: 'c2f1e4a7-9b3d-4e8f-a6c5-0d7b1e3f9a24', idfv: 'B3D5F7A9-1C2E-4F60-8A9B-C0D1E2F3A4B5',
    mac: '0a:1b:05:3c:d4:e7', bluetoothMac: '5c:f3:70:0e:21:09',
  },
  account: { email: 'M.Lopez.1987@gmail.com', phone: '+1 415 555 0173', name: 'Maria Lopez' },
  network: { publicIp: '98.207.14.161', localIp: '192.168.0.23' },
  locations: [{ lat: 37.7793, lon: -122.4193, label: 'city hall' }],
  contacts: [{ name: 'Sam Okafor', phone: '+44 20 7946 0321', email: 'sam.okafor@outlook.com' }],
};

// --- sources (why each form is real) ---
const SRC = {
  javaUuid: 'https://docs.oracle.com/javase/8/docs/api/java/util/UUID.html#getMostSignificantBits--',
  nsuuidBytes: 'https://developer.apple.com/documentation/foundation/nsuuid/getuuidbytes(_:)',
  guidLe: 'https://learn.microsoft.com/dotnet/api/system.guid.tobytearray',
  macBytes: 'https://docs.oracle.com/javase/8/docs/api/java/net/NetworkInterface.html#getHardwareAddress--',
  androidIdHex: 'https://developer.android.com/reference/android/provider/Settings.Secure#ANDROID_ID',
  tbcd: 'https://www.3gpp.org/ftp/Specs/archive/29_series/29.002/ (TS 29.002 §17.7.8 TBCD-STRING; IMEI and IMSI are TBCD-STRINGs)',
  bcd: 'https://www.3gpp.org/ftp/Specs/archive/24_series/24.008/ (TS 24.008 §10.5.1.4 Mobile identity: BCD digits, filler 1111)',
  imeiStructure: 'https://www.3gpp.org/ftp/Specs/archive/23_series/23.003/ (TS 23.003 §6.2: IMEI = TAC+SNR+CD, IMEISV = TAC+SNR+SVN)',
  appsflyerImei: 'https://dev.appsflyer.com/hc/reference/s2s-events-api3-overview (imei example "AA-BBBBBB-CCCCCC-D")',
  nanp: 'https://www.itu.int/rec/T-REC-E.123 (E.123 national and international notation); NANP 1-NPA-NXX-XXXX dialling',
  ukTrunk: 'https://www.itu.int/rec/T-REC-E.123 (E.123 §2.7: the trunk prefix is not written in international notation; "+44 (0)" is the common mixed form)',
  javaHexMac: 'https://docs.oracle.com/javase/8/docs/api/java/lang/Integer.html#toHexString-int- (no zero padding: 0x05 → "5")',
  uid2Email: 'https://unifiedid.com/docs/getting-started/gs-normalization-encoding (gmail.com: remove "." and "+…" from the local part; SHA-256; Base64 of the digest bytes)',
  uid2Phone: 'https://unifiedid.com/docs/getting-started/gs-normalization-encoding (phone: E.164, SHA-256, Base64 of the digest bytes)',
  googleEc: 'https://developers.google.com/doubleclick-advertisers/guides/conversions_ec (lowercase, remove "." before gmail.com, SHA-256 hex)',
  javaUtf16: 'https://docs.oracle.com/javase/8/docs/api/java/nio/charset/Charset.html (UTF-16: big-endian with a byte-order mark on encoding)',
  dotnetUtf16: 'https://learn.microsoft.com/dotnet/api/system.text.encoding.unicode (UTF-16LE)',
  doubleUrl: 'https://www.rfc-editor.org/rfc/rfc3986#section-2.4 (a percent-encoded value encoded again becomes %25XX)',
  jwt: 'https://www.rfc-editor.org/rfc/rfc7519 (JWT; §6 unsecured JWTs with "alg":"none")',
  headerParams: 'https://www.rfc-editor.org/rfc/rfc9110#section-5.6.6 (parameters: ";" name "=" value)',
  commaPairs: 'https://www.rfc-editor.org/rfc/rfc8941#section-3.2 (structured-field dictionaries: comma-separated key=value members)',
  e5: 'https://developers.google.com/maps/documentation/utilities/polylinealgorithm (coordinates ×1e5 as integers)',
  e6: 'https://developer.android.com/reference/com/google/android/gms/maps/model/LatLng (legacy Maps API v1 GeoPoint took microdegrees, latitudeE6/longitudeE6)',
  geojson: 'https://www.rfc-editor.org/rfc/rfc7946#section-3.1.1 (GeoJSON positions are [longitude, latitude])',
  wkt: 'https://www.ogc.org/standard/sfa/ (WKT POINT(x y) = POINT(lon lat))',
  wifiIpLe: 'https://developer.android.com/reference/android/net/wifi/WifiInfo#getIpAddress() (IPv4 as an int, least significant byte first; see Formatter.formatIpAddress)',
  inetInt: 'https://docs.oracle.com/javase/8/docs/api/java/net/Inet4Address.html#getAddress-- (network byte order, read as a big-endian int)',
};

// --- independent encoders (each written from the specification named above) ---

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

/** .NET Guid.ToByteArray: the first three groups little-endian, the last two as written. */
function guidLeBytes(uuid: string): Buffer {
  const b = uuidBytes(uuid);
  return Buffer.concat([Buffer.from(b.subarray(0, 4)).reverse(), Buffer.from(b.subarray(4, 6)).reverse(),
    Buffer.from(b.subarray(6, 8)).reverse(), b.subarray(8)]);
}

function macBytes(mac: string): Buffer {
  return Buffer.from(mac.replace(/[:-]/g, ''), 'hex');
}

/** TBCD (TS 29.002): two digits per octet, the first in the low nibble; an odd count ends with filler 0xF. */
function tbcd(digits: string): Buffer {
  const d = digits.length % 2 === 1 ? `${digits}F` : digits;
  const out = Buffer.alloc(d.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = (parseInt(d[2 * i + 1]!, 16) << 4) | parseInt(d[2 * i]!, 16);
  return out;
}

/** Plain packed BCD, first digit in the high nibble, filler 0xF. */
function bcd(digits: string): Buffer {
  const d = digits.length % 2 === 1 ? `${digits}F` : digits;
  return Buffer.from(d, 'hex');
}

function ipv4Int(ip: string, littleEndian: boolean, signed: boolean): string {
  const octets = ip.split('.').map(Number);
  const ordered = littleEndian ? [...octets].reverse() : octets;
  let n = ordered.reduce((acc, o) => acc * 256 + o, 0);
  if (signed && n >= 2 ** 31) n -= 2 ** 32;
  return String(n);
}

/** UID2 / Google email normalisation for gmail.com and googlemail.com; other domains only lower-cased. */
function normalizedEmail(email: string): string {
  const lower = email.trim().toLowerCase();
  const [local, domain] = lower.split('@') as [string, string];
  if (domain !== 'gmail.com' && domain !== 'googlemail.com') return lower;
  return `${local.split('+')[0]!.replace(/\./g, '')}@${domain}`;
}

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return le;
}

function unsignedJwt(claims: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

function twiceEncoded(text: string): string {
  return encodeURIComponent(encodeURIComponent(text));
}

/** One digit changed: a look-alike that must not match. */
function digitOff(digits: string, at: number): string {
  return digits.slice(0, at) + String((Number(digits[at]) + 1) % 10) + digits.slice(at + 1);
}

// --- containers ---

const HOSTS: Record<string, Endpoint> = {
  adjust: { host: 'app.adjust.com', path: '/session' },
  appsflyer: { host: 'launches.appsflyer.com', path: '/api/v6.3/androidevent' },
  branch: { host: 'api2.branch.io', path: '/v1/open' },
  amplitude: { host: 'api2.amplitude.com', path: '/2/httpapi' },
  uid2: { host: 'prod.uidapi.com', path: '/v2/token/generate' },
  umeng: { host: 'ulogs.umeng.com', path: '/unify_logs' },
  app: { host: 'api.fitness-tracker.example', path: '/v2/sync' },
  ads: { host: 'ads.mediation.example', path: '/bid' },
};

interface Plant {
  family: string;
  dataType: string;
  form: string;
  value: string;
  /** Text as sent (binary forms: hex). */
  planted: string;
  source: string;
  spec: (filler: Filler) => RequestSpec;
  where: string;
  kind?: 'positive' | 'decoy';
}

function at(location: Location, key: string, value: string | number, endpoint: Endpoint): { spec: (f: Filler) => RequestSpec; where: string } {
  return { spec: (f) => place(location, [{ key, value }], f, endpoint), where: `${location}, key ${key}` };
}

function fields(location: Location, list: Field[], endpoint: Endpoint): { spec: (f: Filler) => RequestSpec; where: string } {
  return { spec: (f) => place(location, list, f, endpoint), where: `${location}, keys ${list.map((x) => x.key).join('+')}` };
}

/** A protobuf body whose field 4 holds raw bytes (a `bytes` field, no text form). */
function protobufBytes(bytes: Uint8Array, endpoint: Endpoint): { spec: (f: Filler) => RequestSpec; where: string } {
  return {
    spec: (f) => {
      const body = [...varint(1 << 3), ...varint(Number(f.ts)), ...lengthDelimited(2, Buffer.from(String(f.app_version))),
        ...lengthDelimited(3, Buffer.from(String(f.req_id))), ...lengthDelimited(4, bytes)];
      return { method: 'POST', host: endpoint.host, path: endpoint.path, query: '', headers: [], cookies: [],
        body: { mimeType: 'application/x-protobuf', bytes: new Uint8Array(body) } };
    },
    where: 'protobuf body, bytes field 4',
  };
}

type Utf16Kind = 'le-json' | 'be-bom-json' | 'le-bom-form' | 'le-text' | 'le-base64-in-json';

/** A body in UTF-16 (Java's "UTF-16" charset writes big-endian with a BOM; .NET's Encoding.Unicode little-endian). */
function utf16Body(kind: Utf16Kind, key: string, value: string, endpoint: Endpoint): { spec: (f: Filler) => RequestSpec; where: string } {
  return {
    spec: (f) => {
      const doc = JSON.stringify({ ...f, [key]: value });
      const base = { method: 'POST' as const, host: endpoint.host, path: endpoint.path, query: '', headers: [], cookies: [] };
      switch (kind) {
        case 'le-json': return { ...base, body: { mimeType: 'application/json; charset=utf-16le', bytes: Buffer.from(doc, 'utf16le') } };
        case 'be-bom-json': return { ...base, body: { mimeType: 'application/json', bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(doc)]) } };
        case 'le-bom-form': {
          const form = encodeQuery([...Object.entries(f).map(([k, v]) => ({ key: k, value: v })), { key, value }]);
          return { ...base, body: { mimeType: 'application/x-www-form-urlencoded', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(form, 'utf16le')]) } };
        }
        case 'le-text': return { ...base, body: { mimeType: 'application/octet-stream', bytes: Buffer.from(`${key}: ${value}\r\nsession: ${String(f.req_id)}\r\n`, 'utf16le') } };
        case 'le-base64-in-json': return { ...base, body: { mimeType: 'application/json', text: JSON.stringify({ v: 3, ts: f.ts, blob: Buffer.from(doc, 'utf16le').toString('base64') }) } };
      }
    },
    where: `UTF-16 ${kind} body, key ${key}`,
  };
}

/** A header whose value is a small parameter list of the SDK's own making. */
function miniHeader(name: string, value: string, endpoint: Endpoint): { spec: (f: Filler) => RequestSpec; where: string } {
  return {
    spec: (f) => ({ method: 'GET', host: endpoint.host, path: endpoint.path, query: encodeQuery(Object.entries(f).map(([k, v]) => ({ key: k, value: v }))),
      headers: [{ name, value }], cookies: [], body: null }),
    where: `header ${name} (parameter list)`,
  };
}

/** A raw query string (already encoded as the SDK wrote it). */
function rawQuery(key: string, encoded: string, endpoint: Endpoint): { spec: (f: Filler) => RequestSpec; where: string } {
  return {
    spec: (f) => ({ method: 'GET', host: endpoint.host, path: endpoint.path,
      query: `${encodeQuery(Object.entries(f).map(([k, v]) => ({ key: k, value: v })))}&${key}=${encoded}`, headers: [], cookies: [], body: null }),
    where: `query parameter ${key}, as written`,
  };
}

function rawForm(key: string, encoded: string, endpoint: Endpoint): { spec: (f: Filler) => RequestSpec; where: string } {
  return {
    spec: (f) => ({ method: 'POST', host: endpoint.host, path: endpoint.path, query: '', headers: [], cookies: [],
      body: { mimeType: 'application/x-www-form-urlencoded', text: `${encodeQuery(Object.entries(f).map(([k, v]) => ({ key: k, value: v })))}&${key}=${encoded}` } }),
    where: `form body field ${key}, as written`,
  };
}

function rawCookie(name: string, value: string, endpoint: Endpoint): { spec: (f: Filler) => RequestSpec; where: string } {
  return {
    spec: (f) => ({ method: 'GET', host: endpoint.host, path: endpoint.path, query: encodeQuery([{ key: 'req_id', value: f.req_id! }]),
      headers: [], cookies: [{ name, value }], body: null }),
    where: `cookie ${name}`,
  };
}

function msgpackBody(doc: Record<string, unknown>, endpoint: Endpoint): { spec: (f: Filler) => RequestSpec; where: string } {
  return {
    spec: (f) => ({ method: 'POST', host: endpoint.host, path: endpoint.path, query: '', headers: [], cookies: [],
      body: { mimeType: 'application/x-msgpack', bytes: msgpackEncode({ ...f, ...doc }) } }),
    where: `msgpack body, keys ${Object.keys(doc).join('+')}`,
  };
}

// --- the families ---

const P = OOV_PROFILE;
const D = P.device;
const A = P.account;
const N = P.network;
const L = P.locations[0]!;
const C = P.contacts[0]!;

function plant(family: string, dataType: string, form: string, value: string, planted: string, source: string,
  container: { spec: (f: Filler) => RequestSpec; where: string }, kind: 'positive' | 'decoy' = 'positive'): Plant {
  return { family, dataType, form, value, planted, source, kind, ...container };
}

function rawBytes(): Plant[] {
  const f = 'raw-bytes';
  const adOff = uuidBytes(D.adId);
  adOff[15] ^= 0x01;
  const macOff = macBytes(D.mac);
  macOff[5] ^= 0x10;
  const imeiOff = digitOff(IMEI, 9);
  const imsiOff = digitOff(D.imsi, 10);
  const noise = new Prng(7).bytes(16);
  return [
    plant(f, 'device.ad_id', 'UUID as its 16 bytes, base64', D.adId, uuidBytes(D.adId).toString('base64'), SRC.javaUuid, at('json', 'gps_adid', uuidBytes(D.adId).toString('base64'), HOSTS.adjust!)),
    plant(f, 'device.ad_id', 'UUID as its 16 bytes, base64url without padding', D.adId, uuidBytes(D.adId).toString('base64url'), SRC.javaUuid, at('url-query', 'advertising_id', uuidBytes(D.adId).toString('base64url'), HOSTS.appsflyer!)),
    plant(f, 'device.ad_id', 'UUID as 16 raw bytes in a protobuf bytes field', D.adId, uuidBytes(D.adId).toString('hex'), SRC.javaUuid, protobufBytes(uuidBytes(D.adId), HOSTS.ads!)),
    plant(f, 'device.idfv', 'UUID as its 16 bytes (uuid_t), base64', D.idfv, uuidBytes(D.idfv).toString('base64'), SRC.nsuuidBytes, at('json', 'idfv', uuidBytes(D.idfv).toString('base64'), HOSTS.branch!)),
    plant(f, 'device.idfv', 'UUID as 16 raw bytes in a protobuf bytes field', D.idfv, uuidBytes(D.idfv).toString('hex'), SRC.nsuuidBytes, protobufBytes(uuidBytes(D.idfv), HOSTS.ads!)),
    plant(f, 'device.android_id', 'Android ID (64-bit hex) as its 8 bytes, base64', D.androidId, Buffer.from(D.androidId, 'hex').toString('base64'), SRC.androidIdHex, at('header', 'device_key', Buffer.from(D.androidId, 'hex').toString('base64'), HOSTS.app!)),
    plant(f, 'device.android_id', 'Android ID as 8 raw bytes in a protobuf bytes field', D.androidId, D.androidId, SRC.androidIdHex, protobufBytes(Buffer.from(D.androidId, 'hex'), HOSTS.ads!)),
    plant(f, 'device.mac', 'MAC as its 6 bytes, base64', D.mac, macBytes(D.mac).toString('base64'), SRC.macBytes, at('json', 'hw', macBytes(D.mac).toString('base64'), HOSTS.umeng!)),
    plant(f, 'device.mac', 'MAC as 6 raw bytes in a protobuf bytes field', D.mac, macBytes(D.mac).toString('hex'), SRC.macBytes, protobufBytes(macBytes(D.mac), HOSTS.ads!)),
    plant(f, 'device.bluetooth_mac', 'Bluetooth MAC as its 6 bytes, base64', D.bluetoothMac, macBytes(D.bluetoothMac).toString('base64'), SRC.macBytes, at('form', 'bt', macBytes(D.bluetoothMac).toString('base64'), HOSTS.umeng!)),
    plant(f, 'device.bluetooth_mac', 'Bluetooth MAC as 6 raw bytes in a protobuf bytes field', D.bluetoothMac, macBytes(D.bluetoothMac).toString('hex'), SRC.macBytes, protobufBytes(macBytes(D.bluetoothMac), HOSTS.ads!)),
    plant(f, 'device.imei', 'IMEI as TBCD, hex (upper case)', IMEI, tbcd(IMEI).toString('hex').toUpperCase(), SRC.tbcd, at('json', 'imei', tbcd(IMEI).toString('hex').toUpperCase(), HOSTS.umeng!)),
    plant(f, 'device.imei', 'IMEI as TBCD, raw bytes in a protobuf bytes field', IMEI, tbcd(IMEI).toString('hex'), SRC.tbcd, protobufBytes(tbcd(IMEI), HOSTS.ads!)),
    plant(f, 'device.imei', 'IMEI as packed BCD with filler, hex', IMEI, bcd(IMEI).toString('hex'), SRC.bcd, at('form', 'equipment', bcd(IMEI).toString('hex'), HOSTS.app!)),
    plant(f, 'device.imsi', 'IMSI as TBCD, hex', D.imsi, tbcd(D.imsi).toString('hex'), SRC.tbcd, at('url-query', 'sub', tbcd(D.imsi).toString('hex'), HOSTS.umeng!)),
    plant(f, 'device.imsi', 'IMSI as TBCD bytes, base64', D.imsi, tbcd(D.imsi).toString('base64'), SRC.tbcd, at('json', 'imsi', tbcd(D.imsi).toString('base64'), HOSTS.umeng!)),
    plant(f, 'device.imsi', 'IMSI as TBCD, raw bytes in a protobuf bytes field', D.imsi, tbcd(D.imsi).toString('hex'), SRC.tbcd, protobufBytes(tbcd(D.imsi), HOSTS.ads!)),
    plant(f, 'device.ad_id', 'decoy: another UUID (last byte differs), 16 bytes base64', D.adId, adOff.toString('base64'), SRC.javaUuid, at('json', 'gps_adid', adOff.toString('base64'), HOSTS.adjust!), 'decoy'),
    plant(f, 'device.ad_id', 'decoy: 16 random bytes in a protobuf bytes field', D.adId, Buffer.from(noise).toString('hex'), SRC.javaUuid, protobufBytes(noise, HOSTS.ads!), 'decoy'),
    plant(f, 'device.mac', 'decoy: MAC one bit off, 6 bytes base64', D.mac, macOff.toString('base64'), SRC.macBytes, at('json', 'hw', macOff.toString('base64'), HOSTS.umeng!), 'decoy'),
    plant(f, 'device.imei', 'decoy: TBCD of an IMEI one digit off', IMEI, tbcd(imeiOff).toString('hex').toUpperCase(), SRC.tbcd, at('json', 'imei', tbcd(imeiOff).toString('hex').toUpperCase(), HOSTS.umeng!), 'decoy'),
    plant(f, 'device.imsi', 'decoy: TBCD of an IMSI one digit off', D.imsi, tbcd(imsiOff).toString('hex'), SRC.tbcd, at('url-query', 'sub', tbcd(imsiOff).toString('hex'), HOSTS.umeng!), 'decoy'),
  ];
}

function punctuation(): Plant[] {
  const f = 'punctuation';
  // +1 415 555 0173 and +44 20 7946 0321, written as people and SDKs write them.
  const us = (s: string) => s;
  const orderNo = '+1 (415) 555-0137';
  return [
    plant(f, 'account.phone', 'E.123 international with the area code in parentheses', A.phone, us('+1 (415) 555-0173'), SRC.nanp, at('json', 'phone_number', '+1 (415) 555-0173', HOSTS.app!)),
    plant(f, 'account.phone', 'national, dot-separated', A.phone, '415.555.0173', SRC.nanp, at('form', 'contact', '415.555.0173', HOSTS.app!)),
    plant(f, 'account.phone', 'national, space-separated', A.phone, '415 555 0173', SRC.nanp, at('header', 'user_msisdn', '415 555 0173', HOSTS.app!)),
    plant(f, 'account.phone', 'trunk "1" then dashes', A.phone, '1-415-555-0173', SRC.nanp, at('url-query', 'callback', '1-415-555-0173', HOSTS.app!)),
    plant(f, 'account.phone', 'international, dot-separated', A.phone, '+1.415.555.0173', SRC.nanp, at('json', 'tel', '+1.415.555.0173', HOSTS.branch!)),
    plant(f, 'account.phone', 'area code in parentheses, no space', A.phone, '(415)555-0173', SRC.nanp, at('multipart', 'phone', '(415)555-0173', HOSTS.app!)),
    plant(f, 'account.phone', 'country code, space, national digits', A.phone, '+1 4155550173', SRC.nanp, msgpackBody({ user: { ph: '+1 4155550173' } }, HOSTS.app!)),
    plant(f, 'contacts', 'UK international with "(0)" trunk', C.phone, '+44 (0)20 7946 0321', SRC.ukTrunk, at('json', 'friend_phone', '+44 (0)20 7946 0321', HOSTS.app!)),
    plant(f, 'contacts', 'UK national with trunk 0', C.phone, '020 7946 0321', SRC.ukTrunk, at('form', 'invitee', '020 7946 0321', HOSTS.app!)),
    plant(f, 'contacts', 'UK international, dashes', C.phone, '+44-20-7946-0321', SRC.ukTrunk, at('json', 'recipient', '+44-20-7946-0321', HOSTS.app!)),
    plant(f, 'contacts', 'UK with international prefix 00 and spaces', C.phone, '0044 20 7946 0321', SRC.ukTrunk, at('url-query', 'to', '0044 20 7946 0321', HOSTS.app!)),
    plant(f, 'contacts', 'UK national digits with trunk, dots', C.phone, '020.7946.0321', SRC.ukTrunk, at('json', 'c2', '020.7946.0321', HOSTS.app!)),
    plant(f, 'device.mac', 'MAC, space-separated pairs', D.mac, '0a 1b 05 3c d4 e7', SRC.macBytes, at('json', 'wlan', '0a 1b 05 3c d4 e7', HOSTS.umeng!)),
    plant(f, 'device.mac', 'MAC, dot-separated pairs', D.mac, '0a.1b.05.3c.d4.e7', SRC.macBytes, at('url-query', 'hw', '0a.1b.05.3c.d4.e7', HOSTS.umeng!)),
    plant(f, 'device.mac', 'MAC pairs without zero padding (Integer.toHexString)', D.mac, 'a:1b:5:3c:d4:e7', SRC.javaHexMac, at('json', 'mac_addr', 'a:1b:5:3c:d4:e7', HOSTS.app!)),
    plant(f, 'device.mac', 'MAC pairs without zero padding, upper case, dashes', D.mac, 'A-1B-5-3C-D4-E7', SRC.javaHexMac, at('form', 'm', 'A-1B-5-3C-D4-E7', HOSTS.app!)),
    plant(f, 'device.bluetooth_mac', 'Bluetooth MAC, space-separated, upper case', D.bluetoothMac, '5C F3 70 0E 21 09', SRC.macBytes, at('json', 'bt_addr', '5C F3 70 0E 21 09', HOSTS.app!)),
    plant(f, 'device.bluetooth_mac', 'Bluetooth MAC without zero padding', D.bluetoothMac, '5c:f3:70:e:21:9', SRC.javaHexMac, at('url-query', 'b', '5c:f3:70:e:21:9', HOSTS.app!)),
    plant(f, 'account.phone', 'decoy: a phone-shaped order number (last digits swapped)', A.phone, orderNo, SRC.nanp, at('json', 'order_no', orderNo, HOSTS.app!), 'decoy'),
    plant(f, 'account.phone', 'decoy: national dotted, one digit off', A.phone, '415.555.0174', SRC.nanp, at('form', 'contact', '415.555.0174', HOSTS.app!), 'decoy'),
    plant(f, 'device.mac', 'decoy: MAC one nibble off, spaces', D.mac, '0a 1b 05 3c d4 e8', SRC.macBytes, at('json', 'wlan', '0a 1b 05 3c d4 e8', HOSTS.umeng!), 'decoy'),
    plant(f, 'device.mac', 'decoy: unpadded MAC one nibble off', D.mac, 'a:1b:5:3c:d4:e8', SRC.javaHexMac, at('json', 'mac_addr', 'a:1b:5:3c:d4:e8', HOSTS.app!), 'decoy'),
  ];
}

function imeiVariants(): Plant[] {
  const f = 'imei-variants';
  const dashed = `${IMEI.slice(0, 2)}-${IMEI.slice(2, 8)}-${IMEI.slice(8, 14)}-${IMEI.slice(14)}`;
  const wrongCheck = IMEI_BODY + String((Number(IMEI[14]) + 3) % 10);
  const otherBody = digitOff(IMEI_BODY, 11);
  return [
    plant(f, 'device.imei', 'IMEI without its check digit (14 digits)', IMEI, IMEI_BODY, SRC.imeiStructure, at('json', 'device_serial', IMEI_BODY, HOSTS.app!)),
    plant(f, 'device.imei', 'IMEI without its check digit, in a query', IMEI, IMEI_BODY, SRC.imeiStructure, at('url-query', 'hwid', IMEI_BODY, HOSTS.umeng!)),
    plant(f, 'device.imei', 'IMEISV (TAC + SNR + software version 01)', IMEI, `${IMEI_BODY}01`, SRC.imeiStructure, at('json', 'imeisv', `${IMEI_BODY}01`, HOSTS.app!)),
    plant(f, 'device.imei', 'IMEISV (software version 17) in a header', IMEI, `${IMEI_BODY}17`, SRC.imeiStructure, at('header', 'equipment_id', `${IMEI_BODY}17`, HOSTS.app!)),
    plant(f, 'device.imei', 'IMEI written AA-BBBBBB-CCCCCC-D', IMEI, dashed, SRC.appsflyerImei, at('json', 'imei', dashed, HOSTS.appsflyer!)),
    plant(f, 'device.imei', 'IMEI written AA-BBBBBB-CCCCCC-D in a form', IMEI, dashed, SRC.appsflyerImei, at('form', 'imei', dashed, HOSTS.appsflyer!)),
    plant(f, 'device.imei', 'decoy: 15 digits, the IMEI body with a wrong check digit (fails Luhn)', IMEI, wrongCheck, SRC.imeiStructure, at('json', 'device_serial', wrongCheck, HOSTS.app!), 'decoy'),
    plant(f, 'device.imei', 'decoy: 14 digits one off the IMEI body', IMEI, otherBody, SRC.imeiStructure, at('url-query', 'hwid', otherBody, HOSTS.umeng!), 'decoy'),
    plant(f, 'device.imei', 'decoy: IMEISV of another IMEI', IMEI, `${otherBody}01`, SRC.imeiStructure, at('json', 'imeisv', `${otherBody}01`, HOSTS.app!), 'decoy'),
    plant(f, 'device.imei', 'decoy: the IMEI body inside a longer order number', IMEI, `${IMEI_BODY}0042`, SRC.imeiStructure, at('json', 'order_id', `${IMEI_BODY}0042`, HOSTS.app!), 'decoy'),
  ];
}

function adTechEmail(): Plant[] {
  const f = 'ad-tech-hash';
  const norm = normalizedEmail(A.email);
  const uid2 = sha256(norm).toString('base64');
  const other = normalizedEmail('M.Lopez.1988@gmail.com');
  const yahooSameLocal = 'mlopez1987@yahoo.com';
  const phoneE164 = '+14155550173';
  return [
    plant(f, 'account.email', 'UID2 email_hash: normalised gmail, SHA-256, base64', A.email, uid2, SRC.uid2Email, at('json', 'email_hash', uid2, HOSTS.uid2!)),
    plant(f, 'account.email', 'UID2 email_hash in a query (base64 percent-encoded)', A.email, uid2, SRC.uid2Email, at('url-query', 'email_hash', uid2, HOSTS.uid2!)),
    plant(f, 'account.email', 'normalised gmail, SHA-256, base64url', A.email, sha256(norm).toString('base64url'), SRC.uid2Email, at('header', 'em', sha256(norm).toString('base64url'), HOSTS.ads!)),
    plant(f, 'account.email', 'Google enhanced conversions: normalised gmail, SHA-256 hex', A.email, sha256(norm).toString('hex'), SRC.googleEc, at('json', 'hashedEmail', sha256(norm).toString('hex'), HOSTS.ads!)),
    plant(f, 'account.email', 'normalised gmail, SHA-256 hex, in a form', A.email, sha256(norm).toString('hex'), SRC.googleEc, at('form', 'em', sha256(norm).toString('hex'), HOSTS.ads!)),
    plant(f, 'account.phone', 'UID2 phone_hash: E.164, SHA-256, base64', A.phone, sha256(phoneE164).toString('base64'), SRC.uid2Phone, at('json', 'phone_hash', sha256(phoneE164).toString('base64'), HOSTS.uid2!)),
    plant(f, 'account.phone', 'UID2 phone_hash in a form body', A.phone, sha256(phoneE164).toString('base64'), SRC.uid2Phone, at('form', 'phone_hash', sha256(phoneE164).toString('base64'), HOSTS.uid2!)),
    plant(f, 'account.email', 'decoy: UID2 hash of another gmail address (1988)', A.email, sha256(other).toString('base64'), SRC.uid2Email, at('json', 'email_hash', sha256(other).toString('base64'), HOSTS.uid2!), 'decoy'),
    plant(f, 'account.email', 'decoy: same normalised local part at yahoo.com, SHA-256 hex', A.email, sha256(yahooSameLocal).toString('hex'), SRC.googleEc, at('json', 'hashedEmail', sha256(yahooSameLocal).toString('hex'), HOSTS.ads!), 'decoy'),
  ];
}

function utf16(): Plant[] {
  const f = 'utf-16';
  const imeiOff = digitOff(IMEI, 6);
  return [
    plant(f, 'account.email', 'UTF-16LE JSON body', A.email, A.email, SRC.dotnetUtf16, utf16Body('le-json', 'mail', A.email, HOSTS.app!)),
    plant(f, 'device.imei', 'UTF-16BE JSON body with byte-order mark', IMEI, IMEI, SRC.javaUtf16, utf16Body('be-bom-json', 'imei', IMEI, HOSTS.app!)),
    plant(f, 'device.ad_id', 'UTF-16LE form body with byte-order mark', D.adId, D.adId, SRC.dotnetUtf16, utf16Body('le-bom-form', 'ifa', D.adId, HOSTS.ads!)),
    plant(f, 'account.name', 'UTF-16LE JSON, base64, inside a JSON field', A.name, A.name, SRC.dotnetUtf16, utf16Body('le-base64-in-json', 'display_name', A.name, HOSTS.app!)),
    plant(f, 'device.mac', 'UTF-16LE text body', D.mac, D.mac, SRC.dotnetUtf16, utf16Body('le-text', 'wifi-mac', D.mac, HOSTS.app!)),
    plant(f, 'device.imsi', 'UTF-16BE JSON body with byte-order mark', D.imsi, D.imsi, SRC.javaUtf16, utf16Body('be-bom-json', 'sim', D.imsi, HOSTS.umeng!)),
    plant(f, 'device.android_id', 'UTF-16LE JSON body', D.androidId, D.androidId, SRC.dotnetUtf16, utf16Body('le-json', 'aid', D.androidId, HOSTS.umeng!)),
    plant(f, 'device.bluetooth_mac', 'UTF-16LE JSON body', D.bluetoothMac, D.bluetoothMac, SRC.dotnetUtf16, utf16Body('le-json', 'bt', D.bluetoothMac, HOSTS.app!)),
    plant(f, 'contacts', 'UTF-16LE JSON body (contact e-mail)', C.email, C.email, SRC.dotnetUtf16, utf16Body('le-json', 'invitee', C.email, HOSTS.app!)),
    plant(f, 'network.local_ip', 'UTF-16BE JSON body with byte-order mark', N.localIp, N.localIp, SRC.javaUtf16, utf16Body('be-bom-json', 'lan', N.localIp, HOSTS.app!)),
    plant(f, 'network.public_ip', 'UTF-16LE text body', N.publicIp, N.publicIp, SRC.dotnetUtf16, utf16Body('le-text', 'addr', N.publicIp, HOSTS.app!)),
    plant(f, 'device.idfv', 'UTF-16LE JSON body', D.idfv, D.idfv, SRC.dotnetUtf16, utf16Body('le-json', 'vendor', D.idfv, HOSTS.branch!)),
    plant(f, 'device.imei', 'decoy: UTF-16BE JSON with an IMEI one digit off', IMEI, imeiOff, SRC.javaUtf16, utf16Body('be-bom-json', 'imei', imeiOff, HOSTS.app!), 'decoy'),
    plant(f, 'account.email', 'decoy: UTF-16LE JSON with the address at another domain', A.email, 'M.Lopez.1987@gmail.co', SRC.dotnetUtf16, utf16Body('le-json', 'mail', 'M.Lopez.1987@gmail.co', HOSTS.app!), 'decoy'),
  ];
}

function doubleUrl(): Plant[] {
  const f = 'double-url';
  const otherEmail = 'M.Lopez.1987@gmail.org';
  return [
    plant(f, 'account.email', 'e-mail URL-encoded twice, query', A.email, twiceEncoded(A.email), SRC.doubleUrl, rawQuery('u', twiceEncoded(A.email), HOSTS.ads!)),
    plant(f, 'account.phone', 'phone URL-encoded twice, form body', A.phone, twiceEncoded(A.phone), SRC.doubleUrl, rawForm('msisdn_enc', twiceEncoded(A.phone), HOSTS.app!)),
    plant(f, 'account.name', 'name URL-encoded twice, cookie', A.name, twiceEncoded(A.name), SRC.doubleUrl, rawCookie('dn', twiceEncoded(A.name), HOSTS.app!)),
    plant(f, 'account.email', 'e-mail URL-encoded twice inside a JSON string', A.email, twiceEncoded(A.email), SRC.doubleUrl, at('json', 'ref', `https%3A%2F%2Fshop.example%2Fcb%3Fe%3D${twiceEncoded(A.email)}`, HOSTS.app!)),
    plant(f, 'account.name', 'name URL-encoded twice, query', A.name, twiceEncoded(A.name), SRC.doubleUrl, rawQuery('cn', twiceEncoded(A.name), HOSTS.ads!)),
    plant(f, 'contacts', 'contact e-mail URL-encoded twice, query', C.email, twiceEncoded(C.email), SRC.doubleUrl, rawQuery('inv', twiceEncoded(C.email), HOSTS.app!)),
    plant(f, 'account.phone', 'phone URL-encoded three times, query', A.phone, encodeURIComponent(twiceEncoded(A.phone)), SRC.doubleUrl, rawQuery('p', encodeURIComponent(twiceEncoded(A.phone)), HOSTS.ads!)),
    plant(f, 'account.email', 'decoy: another address URL-encoded twice', A.email, twiceEncoded(otherEmail), SRC.doubleUrl, rawQuery('u', twiceEncoded(otherEmail), HOSTS.ads!), 'decoy'),
  ];
}

function jwts(): Plant[] {
  const f = 'jwt';
  const otherAd = `${D.adId.slice(0, -2)}25`;
  return [
    plant(f, 'account.email', 'unsigned JWT (alg none) in a cookie', A.email, A.email, SRC.jwt, rawCookie('session', unsignedJwt({ sub: '48213', email: A.email }), HOSTS.app!)),
    plant(f, 'account.phone', 'unsigned JWT in a JSON field', A.phone, A.phone, SRC.jwt, at('json', 'id_token', unsignedJwt({ phone_number: A.phone, iat: 1594717200 }), HOSTS.app!)),
    plant(f, 'device.ad_id', 'unsigned JWT in a query parameter', D.adId, D.adId, SRC.jwt, at('url-query', 'token', unsignedJwt({ ifa: D.adId, exp: 1594720800 }), HOSTS.ads!)),
    plant(f, 'device.imei', 'unsigned JWT with nested claims in a custom header', IMEI, IMEI, SRC.jwt, at('header', 'auth', unsignedJwt({ device: { imei: IMEI, os: 'android' } }), HOSTS.umeng!)),
    plant(f, 'device.idfv', 'unsigned JWT, IDFV as subject', D.idfv, D.idfv, SRC.jwt, at('form', 'assertion', unsignedJwt({ sub: D.idfv, aud: 'api' }), HOSTS.branch!)),
    plant(f, 'network.public_ip', 'unsigned JWT carrying the client IP', N.publicIp, N.publicIp, SRC.jwt, at('json', 'ctx', unsignedJwt({ ip: N.publicIp }), HOSTS.app!)),
    plant(f, 'account.name', 'unsigned JWT carrying the display name', A.name, A.name, SRC.jwt, rawCookie('prof', unsignedJwt({ name: A.name }), HOSTS.app!)),
    plant(f, 'device.android_id', 'unsigned JWT carrying the Android ID', D.androidId, D.androidId, SRC.jwt, at('url-query', 'jwt', unsignedJwt({ aid: D.androidId }), HOSTS.umeng!)),
    plant(f, 'device.ad_id', 'decoy: unsigned JWT with another advertising id', D.adId, otherAd, SRC.jwt, at('url-query', 'token', unsignedJwt({ ifa: otherAd, exp: 1594720800 }), HOSTS.ads!), 'decoy'),
  ];
}

function headerMini(): Plant[] {
  const f = 'header-params';
  const imeiOff = digitOff(IMEI, 3);
  return [
    plant(f, 'device.imei', 'k=v;k=v header', IMEI, IMEI, SRC.headerParams, miniHeader('X-Device-Info', `os=android;dv=${IMEI};lang=en`, HOSTS.app!)),
    plant(f, 'device.mac', 'k:v,k:v header, MAC without separators', D.mac, D.mac.replace(/:/g, ''), SRC.commaPairs, miniHeader('X-Client', `hw:${D.mac.replace(/:/g, '')},os:ios,v:2`, HOSTS.app!)),
    plant(f, 'network.local_ip', 'k=v; k=v header with spaces', N.localIp, N.localIp, SRC.headerParams, miniHeader('X-Net', `type=wifi; lan=${N.localIp}; ttl=64`, HOSTS.app!)),
    plant(f, 'device.idfv', 'k=v,k=v header', D.idfv, D.idfv, SRC.commaPairs, miniHeader('X-Ctx', `v=${D.idfv},l=en_US`, HOSTS.branch!)),
    plant(f, 'network.public_ip', 'k=v|k=v header', N.publicIp, N.publicIp, SRC.headerParams, miniHeader('X-Trace', `edge=${N.publicIp}|rtt=31`, HOSTS.ads!)),
    plant(f, 'device.imsi', 'k:v;k:v header', D.imsi, D.imsi, SRC.headerParams, miniHeader('X-Sim', `s:${D.imsi};mcc:310;mnc:150`, HOSTS.umeng!)),
    plant(f, 'device.bluetooth_mac', 'k=v;k=v cookie value', D.bluetoothMac, D.bluetoothMac, SRC.headerParams, rawCookie('dev', `bt=${D.bluetoothMac};os=android`, HOSTS.app!)),
    plant(f, 'account.phone', 'k:v,k:v cookie value with E.164', A.phone, '+14155550173', SRC.commaPairs, rawCookie('prefs', 'lang:en,ph:+14155550173', HOSTS.app!)),
    plant(f, 'device.android_id', 'k=v;k=v header', D.androidId, D.androidId, SRC.headerParams, miniHeader('X-Umid', `a=${D.androidId};c=1`, HOSTS.umeng!)),
    plant(f, 'account.name', 'k=v;k=v header with a display name', A.name, A.name, SRC.headerParams, miniHeader('X-User', `n=${A.name};tier=gold`, HOSTS.app!)),
    plant(f, 'device.imei', 'decoy: k=v;k=v header with an IMEI one digit off', IMEI, imeiOff, SRC.headerParams, miniHeader('X-Device-Info', `os=android;dv=${imeiOff};lang=en`, HOSTS.app!), 'decoy'),
  ];
}

function coordinates(): Plant[] {
  const f = 'coordinates';
  // A phone's GPS fix a few metres from the profile point.
  const lat = Number((L.lat + 0.00003).toFixed(6));
  const lon = Number((L.lon - 0.00002).toFixed(6));
  const far = { lat: Number((L.lat + 0.45).toFixed(6)), lon };
  const value = `${L.lat},${L.lon}`;
  return [
    plant(f, 'location.precise', 'E5 integers (×1e5)', value, `${Math.round(lat * 1e5)}|${Math.round(lon * 1e5)}`, SRC.e5,
      fields('json', [{ key: 'lat_e5', value: Math.round(lat * 1e5) }, { key: 'lng_e5', value: Math.round(lon * 1e5) }], HOSTS.app!)),
    plant(f, 'location.precise', 'E6 integers (microdegrees)', value, `${Math.round(lat * 1e6)}|${Math.round(lon * 1e6)}`, SRC.e6,
      fields('json', [{ key: 'latitudeE6', value: Math.round(lat * 1e6) }, { key: 'longitudeE6', value: Math.round(lon * 1e6) }], HOSTS.app!)),
    plant(f, 'location.precise', 'E6 integers in a query', value, `${Math.round(lat * 1e6)}|${Math.round(lon * 1e6)}`, SRC.e6,
      fields('url-query', [{ key: 'la', value: Math.round(lat * 1e6) }, { key: 'lo', value: Math.round(lon * 1e6) }], HOSTS.ads!)),
    plant(f, 'location.precise', '"lat, lon" with a space', value, `${lat}, ${lon}`, SRC.geojson, at('header', 'geo', `${lat}, ${lon}`, HOSTS.app!)),
    plant(f, 'location.precise', '"lon,lat" (GeoJSON order) in one string', value, `${lon},${lat}`, SRC.geojson, at('url-query', 'pos', `${lon},${lat}`, HOSTS.ads!)),
    plant(f, 'location.precise', 'GeoJSON point [lon, lat]', value, `[${lon},${lat}]`, SRC.geojson,
      { spec: (fl) => ({ method: 'POST', host: HOSTS.app!.host, path: HOSTS.app!.path, query: '', headers: [], cookies: [],
        body: { mimeType: 'application/json', text: JSON.stringify({ ...fl, geometry: { type: 'Point', coordinates: [lon, lat] } }) } }), where: 'JSON body, GeoJSON geometry' }),
    plant(f, 'location.precise', 'WKT POINT(lon lat)', value, `POINT(${lon} ${lat})`, SRC.wkt, at('form', 'where', `POINT(${lon} ${lat})`, HOSTS.app!)),
    plant(f, 'location.precise', 'decoy: E6 integers 50 km away', value, `${Math.round(far.lat * 1e6)}|${Math.round(far.lon * 1e6)}`, SRC.e6,
      fields('json', [{ key: 'latitudeE6', value: Math.round(far.lat * 1e6) }, { key: 'longitudeE6', value: Math.round(far.lon * 1e6) }], HOSTS.app!), 'decoy'),
    plant(f, 'location.precise', 'decoy: "lat, lon" of another city', value, '34.0522, -118.2437', SRC.geojson, at('header', 'geo', '34.0522, -118.2437', HOSTS.app!), 'decoy'),
  ];
}

function byteOrder(): Plant[] {
  const f = 'byte-order';
  const otherLan = '192.168.0.24';
  const otherGuid = `${D.idfv.slice(0, -1)}6`;
  return [
    plant(f, 'device.idfv', '.NET Guid.ToByteArray (mixed-endian), base64', D.idfv, guidLeBytes(D.idfv).toString('base64'), SRC.guidLe, at('json', 'vendor_id', guidLeBytes(D.idfv).toString('base64'), HOSTS.branch!)),
    plant(f, 'device.idfv', '.NET Guid.ToByteArray, hex', D.idfv, guidLeBytes(D.idfv).toString('hex'), SRC.guidLe, at('url-query', 'vid', guidLeBytes(D.idfv).toString('hex'), HOSTS.branch!)),
    plant(f, 'device.ad_id', '.NET Guid.ToByteArray, base64', D.adId, guidLeBytes(D.adId).toString('base64'), SRC.guidLe, at('form', 'ad', guidLeBytes(D.adId).toString('base64'), HOSTS.ads!)),
    plant(f, 'network.local_ip', 'WifiInfo.getIpAddress int (least significant byte first)', N.localIp, ipv4Int(N.localIp, true, true), SRC.wifiIpLe, at('json', 'ip_int', Number(ipv4Int(N.localIp, true, true)), HOSTS.umeng!)),
    plant(f, 'network.local_ip', 'IPv4 as a big-endian unsigned int', N.localIp, ipv4Int(N.localIp, false, false), SRC.inetInt, at('url-query', 'lan', ipv4Int(N.localIp, false, false), HOSTS.app!)),
    plant(f, 'network.local_ip', 'IPv4 as a big-endian signed int (Java int)', N.localIp, ipv4Int(N.localIp, false, true), SRC.inetInt, at('json', 'addr', Number(ipv4Int(N.localIp, false, true)), HOSTS.app!)),
    plant(f, 'network.public_ip', 'IPv4 as a big-endian unsigned int', N.publicIp, ipv4Int(N.publicIp, false, false), SRC.inetInt, at('json', 'cip', Number(ipv4Int(N.publicIp, false, false)), HOSTS.ads!)),
    plant(f, 'network.public_ip', 'IPv4 as an int, least significant byte first', N.publicIp, ipv4Int(N.publicIp, true, false), SRC.wifiIpLe, at('form', 'ipn', ipv4Int(N.publicIp, true, false), HOSTS.ads!)),
    plant(f, 'network.local_ip', 'decoy: WifiInfo int of another LAN address', N.localIp, ipv4Int(otherLan, true, true), SRC.wifiIpLe, at('json', 'ip_int', Number(ipv4Int(otherLan, true, true)), HOSTS.umeng!), 'decoy'),
    plant(f, 'device.idfv', 'decoy: Guid.ToByteArray of another GUID', D.idfv, guidLeBytes(otherGuid).toString('base64'), SRC.guidLe, at('json', 'vendor_id', guidLeBytes(otherGuid).toString('base64'), HOSTS.branch!), 'decoy'),
  ];
}

/** Every family, in the order they are planted. */
export const OOV_FAMILIES: readonly (() => Plant[])[] = [
  rawBytes, punctuation, imeiVariants, adTechEmail, utf16, doubleUrl, jwts, headerMini, coordinates, byteOrder,
];

export function buildOovCapture(seed = OOV_SEED): { entries: ReturnType<typeof materialize>['entries']; cases: EvalCase[] } {
  const prng = new Prng(seed);
  const planned: PlannedExchange[] = [];
  for (const family of OOV_FAMILIES) {
    for (const p of family()) {
      const filler: Filler = { app_version: '7.3.0', os: 'android', ts: START_MS + planned.length * 1000 + prng.int(0, 999), req_id: prng.uuid() };
      const label: PlannedCase = {
        kind: p.kind ?? 'positive', mode: 'known', dataType: p.dataType, family: p.family, form: p.form, where: p.where,
        value: p.value, planted: p.planted, source: p.source,
      };
      planned.push({ spec: p.spec(filler), label });
    }
  }
  return materialize(planned, START_MS);
}

export interface OovCapture {
  harPath: string;
  profilePath: string;
  labelsPath: string;
  cases: EvalCase[];
  entries: number;
}

/** Writes oov.har, oov-profile.json and oov-labels.json into dir. */
export async function generateOovCapture(dir: string, seed = OOV_SEED): Promise<OovCapture> {
  await mkdir(dir, { recursive: true });
  const { entries, cases } = buildOovCapture(seed);
  const harPath = join(dir, 'oov.har');
  const profilePath = join(dir, 'oov-profile.json');
  const labelsPath = join(dir, 'oov-labels.json');
  await writeFile(harPath, `${JSON.stringify(harDocument(entries, `telltale out-of-vocabulary capture, seed ${seed}`), null, 1)}\n`);
  await writeFile(profilePath, `${JSON.stringify(OOV_PROFILE, null, 2)}\n`);
  await writeFile(labelsPath, `${JSON.stringify(cases, null, 1)}\n`);
  return { harPath, profilePath, labelsPath, cases, entries: entries.length };
}
