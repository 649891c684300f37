/**
 * The device profile (design.md §2): what the tester knows about the test device and account.
 * Validated strictly: unknown keys are rejected so a typo ("imeii") never silently disables a search.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { isIP } from 'node:net';
import { z } from 'zod';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { InputError } from '../errors.js';
import type { DeviceProfile } from './types.js';

/** A profile is a hand-written file; anything larger is a mistake (or hostile), not a profile. */
const MAX_PROFILE_BYTES = 8 * 1024 * 1024;
const MAX_VALUE_CHARS = 10_000;
const MAX_LIST_ITEMS = 5_000;

const text = z.string().trim().min(1, 'must not be empty').max(MAX_VALUE_CHARS);

// Linear patterns only (no nested quantifiers over overlapping classes).
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CUSTOM_TYPE = /^custom\.[A-Za-z0-9_.-]{1,64}$/;

const email = text.refine((v) => EMAIL.test(v), 'not an email address');
const ip = text.refine((v) => isIP(v) !== 0, 'not an IPv4 or IPv6 address');
const mac = text.refine((v) => /^[0-9A-Fa-f]{12}$/.test(v.replace(/[:\-. ]/g, '')), 'not a MAC address (12 hex digits)');
const phone = text.refine((v) => v.replace(/\D/g, '').length >= 6, 'not a phone number (fewer than 6 digits)');

const deviceSchema = z.strictObject({
  imei: text.optional(), imsi: text.optional(), serial: text.optional(), androidId: text.optional(),
  adId: text.optional(), idfv: text.optional(), mac: mac.optional(), bluetoothMac: mac.optional(), model: text.optional(),
});

const accountSchema = z.strictObject({
  email: email.optional(), phone: phone.optional(), name: text.optional(), username: text.optional(),
  birthdate: text.refine((v) => DATE.test(v), 'not a date in YYYY-MM-DD form').optional(),
  gender: text.optional(), password: text.optional(), child: z.boolean().optional(),
});

const networkSchema = z.strictObject({
  publicIp: ip.optional(), localIp: ip.optional(), wifiSsid: text.optional(), wifiBssid: mac.optional(),
});

const locationSchema = z.strictObject({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  label: text.optional(),
});

const contactSchema = z.strictObject({ name: text.optional(), phone: phone.optional(), email: email.optional() });

const customSchema = z.strictObject({
  type: z.string().refine((v) => CUSTOM_TYPE.test(v), 'type must look like "custom.name"'),
  value: text,
});

export const deviceProfileSchema = z.strictObject({
  device: deviceSchema.optional(),
  account: accountSchema.optional(),
  network: networkSchema.optional(),
  locations: z.array(locationSchema).max(MAX_LIST_ITEMS).optional(),
  contacts: z.array(contactSchema).max(MAX_LIST_ITEMS).optional(),
  browsing: z.array(text).max(MAX_LIST_ITEMS).optional(),
  messages: z.array(text).max(MAX_LIST_ITEMS).optional(),
  custom: z.array(customSchema).max(MAX_LIST_ITEMS).optional(),
});

/** "$.device.imei", "$.contacts[2].phone" */
function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, step) => (typeof step === 'number' ? `${acc}[${step}]` : `${acc}.${String(step)}`), '$');
}

/** Validates parsed profile data; the first problem becomes an InputError naming the key path. */
export function parseProfile(data: unknown, file: string): DeviceProfile {
  const result = deviceProfileSchema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    throw new InputError(file, jsonPath([...issue.path, key]), `unknown key "${key}" in the device profile`);
  }
  throw new InputError(file, jsonPath(issue.path), issue.message);
}

function parseJson(source: string, file: string): unknown {
  try {
    return JSON.parse(source);
  } catch (e) {
    throw new InputError(file, null, `not valid JSON: ${(e as Error).message}`);
  }
}

function parseYamlText(source: string, file: string): unknown {
  try {
    // maxAliasCount bounds "billion laughs" alias expansion.
    return parseYaml(source, { maxAliasCount: 100, uniqueKeys: true });
  } catch (e) {
    if (e instanceof YAMLParseError) {
      const where = e.linePos ? `line ${e.linePos[0].line} column ${e.linePos[0].col}` : null;
      throw new InputError(file, where, `not valid YAML: ${e.message.split('\n')[0]}`);
    }
    throw new InputError(file, null, `not valid YAML: ${(e as Error).message}`);
  }
}

/** Reads a profile from a .json, .yaml or .yml file. */
export async function loadProfile(path: string): Promise<DeviceProfile> {
  const ext = extname(path).toLowerCase();
  if (ext !== '.json' && ext !== '.yaml' && ext !== '.yml') {
    throw new InputError(path, null, 'unsupported profile format: use a .json, .yaml or .yml file');
  }
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new InputError(path, null, 'cannot read the device profile (file not found or not readable)');
  }
  if (size > MAX_PROFILE_BYTES) throw new InputError(path, null, `device profile larger than ${MAX_PROFILE_BYTES} bytes`);
  const source = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  const data = ext === '.json' ? parseJson(source, path) : parseYamlText(source, path);
  return parseProfile(data ?? {}, path);
}
