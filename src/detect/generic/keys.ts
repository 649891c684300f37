/**
 * Key-name dictionary: which key names carry which data type, and what a value under that key must look like.
 * Keys are compared normalised (lower case, no `_ - . $`), so "device_id", "deviceId" and "Device-ID" are one entry.
 *
 * Short keys that only mean something inside one SDK's protocol (Baidu Mobstat's gl, wl2, mc, bm, cl, d, i) apply
 * only on that SDK's hosts, so a `mc` key elsewhere is not read as a MAC address.
 * Sources: ../shared/knowledge/sdks.md (decompiled com/baidu/mobstat/Config.smali for hmma.baidu.com/app.gif keys;
 * ByteDance query fields iid, device_id, openudid, cdid per 45ACP/x-gorgon README and Citizen Lab 2021-03).
 * Field names of SDK documentation: Facebook app events advertiser_id
 * (https://developers.facebook.com/docs/marketing-api/app-event-api/), Airbridge device.ifa / device.ifv
 * (https://help.airbridge.io/en/references/s2s-event/send-in-app-events); clipboard fields named for the platform
 * APIs that read it (ClipboardManager#getPrimaryClip, https://developer.android.com/reference/android/content/ClipboardManager).
 */
import type { Confidence, DataTypeId } from '../types.js';
import {
  classifyIp, isEmailAddress, isHex, isHexDigest, isMac, isNilUuid, isRepeatedChar, isUuid, looksLikeImei, looksLikeImsi,
  phoneDigits,
} from './validators.js';

/** Data type for identifiers an SDK or server assigns to the device (ByteDance device_id, Baidu CUID, UMID, ...). */
export const SDK_DEVICE_ID: DataTypeId = 'device.sdk_id';

export interface KeyVerdict {
  confidence: Exclude<Confidence, 'confirmed'>;
  /** Overrides the rule's data type (an IP key holds a public or a local address). */
  dataType?: DataTypeId;
  /** What the value looks like ("digest" when an identifier is sent hashed). */
  shape?: string;
}

export interface KeyRule {
  dataType: DataTypeId;
  keys: readonly string[];
  /** Judge a value found under one of the keys; null = the value is not this data (flag, placeholder, wrong shape). */
  judge: (value: string, key: string) => KeyVerdict | null;
  /** Registrable-domain suffixes the keys are limited to (SDK-private short keys). */
  hosts?: readonly string[];
}

/** Values that mean "none": never evidence of anything. */
const PLACEHOLDERS = new Set(['', '0', '-1', 'null', 'nil', 'none', 'undefined', 'unknown', 'n/a', 'na', 'false', 'true',
  'default', '[]', '{}', '""']);

function isPlaceholder(v: string): boolean {
  const t = v.trim().toLowerCase();
  return PLACEHOLDERS.has(t) || isRepeatedChar(t.replace(/[-:]/g, ''));
}

/** A scalar text value: not JSON structure, not a URL, not huge. */
function isScalarText(v: string, maxLen: number): boolean {
  const t = v.trim();
  return t.length > 0 && t.length <= maxLen && !/^[[{]/.test(t) && !/^[a-z]+:\/\//i.test(t);
}

const likely: KeyVerdict = { confidence: 'likely' };
const possible: KeyVerdict = { confidence: 'possible' };
const hashed: KeyVerdict = { confidence: 'possible', shape: 'digest' };

/** AppsFlyer documents the IMEI as "AA-BBBBBB-CCCCCC-D" (https://dev.appsflyer.com/hc/reference/s2s-events-api3-overview). */
const GSMA_DASHED_IMEI = /^\d{2}[- ]\d{6}[- ]\d{6}[- ]\d$/;

function judgeImei(v: string, key: string): KeyVerdict | null {
  if (looksLikeImei(v)) return likely;
  if (GSMA_DASHED_IMEI.test(v) && looksLikeImei(v.replace(/[- ]/g, ''))) return likely;
  if (key === 'meid' && isHex(v, 14, 14) && !isPlaceholder(v)) return likely; // CDMA equipment id
  if (/^\d{14,16}$/.test(v) && !isPlaceholder(v)) return possible;
  return isHexDigest(v) ? hashed : null;
}

function judgeImsi(v: string): KeyVerdict | null {
  if (looksLikeImsi(v)) return likely;
  return isHexDigest(v) ? hashed : null;
}

function judgeSerial(v: string, key: string): KeyVerdict | null {
  if (isPlaceholder(v) || !/^[A-Za-z0-9]{6,24}$/.test(v) || !/\d/.test(v)) return null;
  // Umeng's envelope has its own "serial" (a message counter), so the bare key only counts with letters in the value.
  if (key === 'serial') return /[A-Za-z]/.test(v) ? possible : null;
  return likely;
}

function judgeAndroidId(v: string): KeyVerdict | null {
  if (isHex(v, 15, 16) && !isPlaceholder(v)) return likely;
  return isHexDigest(v) ? hashed : null;
}

function judgeAdId(v: string, key: string): KeyVerdict | null {
  if (isUuid(v)) return isNilUuid(v) ? null : likely;
  // OAID (China's MSA identifier) is also issued as 16 or 64 hex digits by some vendors.
  if (key === 'oaid' && (isHex(v, 16, 16) || isHex(v, 64, 64)) && !isPlaceholder(v)) return likely;
  return null;
}

function judgeIdfv(v: string): KeyVerdict | null {
  return isUuid(v) && !isNilUuid(v) ? likely : null;
}

function judgeMac(v: string): KeyVerdict | null {
  if (isMac(v, true)) return likely;
  return isHexDigest(v) ? hashed : null;
}

function judgeModel(v: string, key: string): KeyVerdict | null {
  if (isPlaceholder(v) || !isScalarText(v, 64) || !/[A-Za-z]/.test(v) || /^\d+(\.\d+)*$/.test(v)) return null;
  return key === 'model' || key === 'devicetype' ? possible : likely;
}

function judgeEmail(v: string): KeyVerdict | null {
  if (isEmailAddress(v.trim())) return likely;
  return isHexDigest(v) ? hashed : null;
}

function judgePhone(v: string): KeyVerdict | null {
  const digits = phoneDigits(v);
  if (digits === null) return isHexDigest(v) ? hashed : null;
  return digits.length >= 10 ? likely : possible;
}

function judgeName(v: string): KeyVerdict | null {
  if (isPlaceholder(v) || !isScalarText(v, 64) || !/\p{L}/u.test(v) || /[@/=<>{}]/.test(v)) return null;
  return possible;
}

/** A date of birth sent as an ISO date-time at midnight (Segment's traits.birthday accepts ISO-8601 date strings). */
const MIDNIGHT = /T00:00(?::00(?:\.0{1,3})?)?(?:Z|[+-]00:?00)?$/;

function judgeBirthdate(v: string): KeyVerdict | null {
  const t = v.trim().replace(MIDNIGHT, '');
  if (/^(19|20)\d\d[-/.]?(0[1-9]|1[0-2])[-/.]?(0[1-9]|[12]\d|3[01])$/.test(t)) return likely;
  if (/^(0?[1-9]|[12]\d|3[01])[-/.](0?[1-9]|1[0-2])[-/.](19|20)\d\d$/.test(t)) return likely;
  if (/^(0?[1-9]|1[0-2])[-/.](0?[1-9]|[12]\d|3[01])[-/.](19|20)\d\d$/.test(t)) return likely;
  return null;
}

function judgeAge(v: string): KeyVerdict | null {
  const t = v.trim();
  return /^\d{1,3}$/.test(t) && Number(t) >= 1 && Number(t) <= 120 ? possible : null;
}

const GENDER_WORDS = new Set(['m', 'f', 'male', 'female', 'man', 'woman', 'nonbinary', 'non-binary', 'other']);
function judgeGender(v: string): KeyVerdict | null {
  const t = v.trim().toLowerCase();
  if (GENDER_WORDS.has(t)) return t.length > 1 ? likely : possible;
  return /^[012]$/.test(t) ? possible : null;
}

function judgePassword(v: string): KeyVerdict | null {
  return isPlaceholder(v) || v.length > 256 || /^\*+$/.test(v) ? null : likely;
}

function judgeIp(v: string): KeyVerdict | null {
  const cls = classifyIp(v.trim());
  if (cls === 'public' || cls === 'documentation') return { confidence: 'likely', dataType: 'network.public_ip' };
  if (cls === 'private') return { confidence: 'likely', dataType: 'network.local_ip' };
  return null;
}

function judgeWifi(v: string, key: string): KeyVerdict | null {
  if (key.includes('bssid')) return isMac(v, true) ? likely : null;
  if (isPlaceholder(v) || v.trim() === '<unknown ssid>' || v.length > 4096) return null;
  return key === 'wl2' || key === 'wifilist' ? likely : possible;
}

function judgeCell(v: string): KeyVerdict | null {
  return !isPlaceholder(v) && /\d{2,}/.test(v) && v.length <= 512 ? possible : null;
}

function judgeSdkId(v: string): KeyVerdict | null {
  const t = v.trim();
  if (isPlaceholder(t) || t.length < 8 || t.length > 128 || !/^[A-Za-z0-9_=+/:|.-]+$/.test(t)) return null;
  return /\d/.test(t) ? likely : possible;
}

function judgeFreeText(v: string): KeyVerdict | null {
  return isPlaceholder(v) || v.trim().length < 2 ? null : possible;
}

const BAIDU = ['baidu.com'] as const;

export const KEY_RULES: readonly KeyRule[] = [
  { dataType: 'device.imei', keys: ['imei', 'imei1', 'imei2', 'deviceimei', 'phoneimei', 'imeiid', 'meid'], judge: judgeImei },
  { dataType: 'device.imsi', keys: ['imsi', 'imsi1', 'imsi2', 'subscriberid'], judge: judgeImsi },
  { dataType: 'device.serial', keys: ['serial', 'serialno', 'serialnumber', 'buildserial', 'deviceserial', 'rosserialno'], judge: judgeSerial },
  { dataType: 'device.android_id', keys: ['androidid', 'ssaid', 'openudid'], judge: judgeAndroidId },
  { dataType: 'device.ad_id', keys: ['adid', 'advertisingid', 'advertisingidentifier', 'gaid', 'googleadid', 'googleaid',
    'gpsadid', 'idfa', 'aaid', 'oaid', 'rdid', 'ifa', 'adtrackingid', 'advertiserid'], judge: judgeAdId },
  { dataType: 'device.idfv', keys: ['idfv', 'identifierforvendor', 'vendorid', 'ifv'], judge: judgeIdfv },
  { dataType: 'device.mac', keys: ['mac', 'macaddress', 'macaddr', 'wifimac', 'wlanmac', 'devicemac', 'localmac'], judge: judgeMac },
  { dataType: 'device.mac', keys: ['mc'], judge: judgeMac, hosts: BAIDU },
  { dataType: 'device.bluetooth_mac', keys: ['btmac', 'bluetoothmac', 'bluetoothaddress', 'btaddr', 'btaddress'], judge: judgeMac },
  { dataType: 'device.bluetooth_mac', keys: ['bm'], judge: judgeMac, hosts: BAIDU },
  { dataType: 'device.model', keys: ['model', 'devicemodel', 'phonemodel', 'buildmodel', 'devicetype'], judge: judgeModel },
  { dataType: 'account.email', keys: ['email', 'mail', 'emailaddress', 'useremail', 'emailid'], judge: judgeEmail },
  { dataType: 'account.phone', keys: ['phone', 'phonenumber', 'phoneno', 'phonenum', 'mobile', 'mobileno', 'mobilenumber',
    'mobilephone', 'tel', 'telephone', 'msisdn', 'cellphone', 'linenumber', 'userphone'], judge: judgePhone },
  { dataType: 'account.name', keys: ['realname', 'fullname', 'firstname', 'lastname', 'givenname', 'familyname', 'surname'], judge: judgeName },
  { dataType: 'account.username', keys: ['username', 'loginname', 'nickname', 'screenname'], judge: judgeName },
  { dataType: 'account.birthdate', keys: ['birthday', 'birthdate', 'dob', 'dateofbirth'], judge: judgeBirthdate },
  { dataType: 'account.age', keys: ['age', 'userage'], judge: judgeAge },
  { dataType: 'account.gender', keys: ['gender', 'sex', 'usergender'], judge: judgeGender },
  { dataType: 'account.password', keys: ['password', 'passwd', 'pwd', 'userpassword', 'loginpassword'], judge: judgePassword },
  { dataType: 'network.public_ip', keys: ['ip', 'ipaddress', 'ipaddr', 'clientip', 'localip', 'lanip', 'wifiip',
    'publicip', 'userip', 'ipv4', 'ipv6', 'deviceip'], judge: judgeIp },
  { dataType: 'network.wifi', keys: ['ssid', 'wifissid', 'wifiname', 'bssid', 'wifibssid', 'wifilist'], judge: judgeWifi },
  { dataType: 'network.wifi', keys: ['wl2'], judge: judgeWifi, hosts: BAIDU },
  { dataType: 'location.coarse', keys: ['cellid', 'cellinfo', 'celllocation'], judge: judgeCell },
  { dataType: 'location.coarse', keys: ['cl'], judge: judgeCell, hosts: BAIDU },
  { dataType: SDK_DEVICE_ID, keys: ['deviceid', 'did', 'iid', 'installid', 'udid', 'cuid', 'umid', 'utdid', 'clientudid',
    'cdid'], judge: judgeSdkId },
  { dataType: SDK_DEVICE_ID, keys: ['i', 'd'], judge: judgeSdkId, hosts: BAIDU },
  { dataType: 'clipboard', keys: ['clipboard', 'pasteboard', 'clipboardtext', 'clipboardcontent', 'cliptext', 'primaryclip',
    'pasteboardstring'], judge: judgeFreeText },
  { dataType: 'message.content', keys: ['smsbody', 'smscontent', 'smstext', 'smsmessage'], judge: judgeFreeText },
];

const RULES_BY_KEY = new Map<string, KeyRule[]>();
for (const rule of KEY_RULES) {
  for (const k of rule.keys) RULES_BY_KEY.set(k, [...(RULES_BY_KEY.get(k) ?? []), rule]);
}

function hostMatches(host: string, suffixes: readonly string[]): boolean {
  return suffixes.some((s) => host === s || host.endsWith(`.${s}`));
}

const NO_RULES: readonly KeyRule[] = [];

/** Rules that apply to a normalised key on a host (SDK-private short keys only on their SDK's hosts). Read-only. */
export function rulesFor(normKey: string, host: string): readonly KeyRule[] {
  const rules = RULES_BY_KEY.get(normKey);
  if (rules === undefined) return NO_RULES;
  return rules.some((r) => r.hosts) ? rules.filter((r) => !r.hosts || hostMatches(host, r.hosts)) : rules;
}

/** Key families used by the pattern detectors to decide whether a value sits in the right context. */
export const PHONE_KEYS = new Set(KEY_RULES.filter((r) => r.dataType === 'account.phone').flatMap((r) => r.keys));
export const AD_ID_KEYS = new Set(KEY_RULES.filter((r) => r.dataType === 'device.ad_id').flatMap((r) => r.keys));
export const IMEI_KEYS = new Set(KEY_RULES.filter((r) => r.dataType === 'device.imei').flatMap((r) => r.keys));
export const IP_KEYS = new Set(KEY_RULES.filter((r) => r.dataType === 'network.public_ip').flatMap((r) => r.keys));

/**
 * Keys whose values are versions or builds ("sdk_version", "appVer", "os_build", "build_number", "rev"): dotted
 * numbers under them are not IP addresses and digit runs not phones or IMEIs. Matched on how the key ENDS (or the
 * whole key for the short words), never on a substring: "driver_phone", "receiver_mobile", "server_ip" and
 * "previous_imei" hold "ver" and "rev" but name data, and a key-name rule must never hide a real value. A key that
 * names a phone, an equipment or subscriber id or an e-mail is never a version key, whatever it ends with.
 */
const VERSION_KEY = new RegExp([
  '(?:version|versions|versioncode|versionname|vsn|build|buildno|buildnum|buildnumber|buildid|release|revision|patchlevel|sdkint)$',
  '^(?:v|ver|vers|rev|sdk|patch|vc|vn)$',
  '(?:app|sdk|os|lib|client|api|min|max|cur|proto|fw|rom|hw|kernel|js|ua|build)(?:ver|rev)$',
  '(?:os|security|kernel)patch$',
].join('|'));
const DATA_WORD = /phone|mobile|msisdn|imei|imsi|meid|email/;

export function isVersionKey(normKey: string | null): boolean {
  return normKey !== null && VERSION_KEY.test(normKey) && !DATA_WORD.test(normKey);
}

/**
 * Keys of reference numbers that people write like phone numbers ("order_no": "312-555-0137"): order, invoice,
 * ticket, tracking, booking, transaction numbers. A key that also names a phone stays a phone key.
 */
const REFERENCE_KEY = /(?:order|invoice|ticket|tracking|reference|ref|booking|confirmation|transaction|txn|receipt|parcel|shipment|sku)(?:no|num|number|id|code)?$/;
export function isReferenceNumberKey(normKey: string | null): boolean {
  return normKey !== null && REFERENCE_KEY.test(normKey) && !DATA_WORD.test(normKey);
}

/** The same words written just before a number in free text ("order 415-555-0136", "Invoice #: 2125550147"). */
const REFERENCE_WORD_BEFORE = /(?:order|invoice|ticket|tracking|reference|ref|booking|confirmation|transaction|txn|receipt|parcel)[ \t]{0,2}(?:no\.?|num(?:ber)?|#|id)?[ \t]{0,2}[:=#]?[ \t]{0,2}$/i;
const REFERENCE_LOOKBACK = 32;
export function referenceWordBefore(text: string, index: number): boolean {
  return REFERENCE_WORD_BEFORE.test(text.slice(Math.max(0, index - REFERENCE_LOOKBACK), index));
}

/** Phone keys of the dictionary, and keys that end in a phone word ("driver_phone", "receiver_mobile"). */
export function isPhoneKey(normKey: string | null): boolean {
  if (normKey === null) return false;
  if (PHONE_KEYS.has(normKey)) return true;
  // Called for every digit-bearing view: plain string tests, no regex.
  const stem = normKey.endsWith('number') ? normKey.slice(0, -6) : normKey.endsWith('num') ? normKey.slice(0, -3)
    : normKey.endsWith('no') ? normKey.slice(0, -2) : normKey;
  return stem.endsWith('phone') || stem.endsWith('mobile') || stem.endsWith('msisdn');
}

/** IMEI keys of the dictionary, and keys that end in one ("previous_imei", "imei_1"). */
const IMEI_KEY_END = /(?:imei|meid)\d?$/;
export function isImeiKey(normKey: string | null): boolean {
  return normKey !== null && (IMEI_KEYS.has(normKey) || IMEI_KEY_END.test(normKey));
}
