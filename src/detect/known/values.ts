/** Profile → known values: which profile field carries which data type, and how its value may be rewritten. */
import type { DataTypeId, DeviceProfile, KnownValue } from '../types.js';

/**
 * How a value may legitimately be rewritten by an app before it is sent (drives variant generation):
 * - digits: identifiers made of digits (IMEI, IMSI); separators may be dropped, reversed by Baidu's CUID.
 * - hex-id: hex identifiers whose case carries no meaning (Android ID).
 * - uuid: UUID-shaped ids (advertising id, IDFV): case and dashes may change.
 * - mac: MAC/BSSID: separators and case may change.
 * - email, phone, ip, date: normalized by their own rules.
 * - text: names, models, SSIDs: case may change.
 * - exact: passwords, messages, URLs, custom values: only the given text (case is meaningful).
 */
export type ValueKind = 'digits' | 'hex-id' | 'uuid' | 'mac' | 'email' | 'phone' | 'ip' | 'date' | 'text' | 'exact';

interface FieldRule {
  dataType: DataTypeId;
  kind: ValueKind;
}

const DEVICE: Record<string, FieldRule> = {
  imei: { dataType: 'device.imei', kind: 'digits' },
  imsi: { dataType: 'device.imsi', kind: 'digits' },
  serial: { dataType: 'device.serial', kind: 'text' },
  androidId: { dataType: 'device.android_id', kind: 'hex-id' },
  adId: { dataType: 'device.ad_id', kind: 'uuid' },
  idfv: { dataType: 'device.idfv', kind: 'uuid' },
  mac: { dataType: 'device.mac', kind: 'mac' },
  bluetoothMac: { dataType: 'device.bluetooth_mac', kind: 'mac' },
  model: { dataType: 'device.model', kind: 'text' },
};

const ACCOUNT: Record<string, FieldRule> = {
  email: { dataType: 'account.email', kind: 'email' },
  phone: { dataType: 'account.phone', kind: 'phone' },
  name: { dataType: 'account.name', kind: 'text' },
  username: { dataType: 'account.username', kind: 'text' },
  birthdate: { dataType: 'account.birthdate', kind: 'date' },
  gender: { dataType: 'account.gender', kind: 'text' },
  password: { dataType: 'account.password', kind: 'exact' },
};

const NETWORK: Record<string, FieldRule> = {
  publicIp: { dataType: 'network.public_ip', kind: 'ip' },
  localIp: { dataType: 'network.local_ip', kind: 'ip' },
  wifiSsid: { dataType: 'network.wifi', kind: 'text' },
  wifiBssid: { dataType: 'network.wifi', kind: 'mac' },
};

const CONTACT: Record<string, ValueKind> = { name: 'text', phone: 'phone', email: 'email' };

/** A known value plus how it may be rewritten. */
export interface KindedValue extends KnownValue {
  kind: ValueKind;
}

function fromSection(
  section: Record<string, unknown> | undefined, prefix: string, rules: Record<string, FieldRule>, out: KindedValue[],
): void {
  if (!section) return;
  for (const [key, rule] of Object.entries(rules)) {
    const value = section[key];
    if (typeof value === 'string') out.push({ field: `${prefix}.${key}`, dataType: rule.dataType, value, kind: rule.kind });
  }
}

/** Every searchable string of the profile with its field path and data type (locations are matched numerically). */
export function kindedValuesOf(profile: DeviceProfile): KindedValue[] {
  const out: KindedValue[] = [];
  fromSection(profile.device, 'device', DEVICE, out);
  fromSection(profile.account, 'account', ACCOUNT, out);
  fromSection(profile.network, 'network', NETWORK, out);
  (profile.contacts ?? []).forEach((contact, i) => {
    for (const [key, kind] of Object.entries(CONTACT)) {
      const value = contact[key as keyof typeof contact];
      if (value) out.push({ field: `contacts[${i}].${key}`, dataType: 'contacts', value, kind });
    }
  });
  (profile.browsing ?? []).forEach((value, i) =>
    out.push({ field: `browsing[${i}]`, dataType: 'browsing.history', value, kind: 'exact' }));
  (profile.messages ?? []).forEach((value, i) =>
    out.push({ field: `messages[${i}]`, dataType: 'message.content', value, kind: 'exact' }));
  (profile.custom ?? []).forEach((entry) =>
    out.push({ field: entry.type, dataType: entry.type as DataTypeId, value: entry.value, kind: 'exact' }));
  return out;
}

export function knownValuesOf(profile: DeviceProfile): KnownValue[] {
  return kindedValuesOf(profile).map(({ field, dataType, value }) => ({ field, dataType, value }));
}
