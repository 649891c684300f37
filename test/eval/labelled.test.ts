/**
 * The labelled corpus is ground truth for every accuracy number we publish, so it is checked independently of the
 * generator: each label's planted form is recomputed here from the value and the transform words, and found again
 * in its entry by unwrapping the location with Node's own zlib/URL/base64 and a real msgpack decoder.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { decode as msgpackDecode } from '@msgpack/msgpack';
import { z } from 'zod';
import { generateLabelledCorpus, PROFILE, type Label } from '../../eval/labelled.js';
import { testNeeding } from '../helpers/needs.js';

const nameValue = z.object({ name: z.string(), value: z.string() });
/** Required fields of HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/). */
const har12 = z.object({
  log: z.object({
    version: z.literal('1.2'),
    creator: z.object({ name: z.string(), version: z.string() }),
    entries: z.array(z.object({
      startedDateTime: z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      time: z.number().nonnegative(),
      request: z.object({
        method: z.string(), url: z.url(), httpVersion: z.string(), cookies: z.array(nameValue), headers: z.array(nameValue),
        queryString: z.array(nameValue), headersSize: z.number(), bodySize: z.number(),
        postData: z.object({ mimeType: z.string(), text: z.string(), params: z.array(nameValue).optional(), encoding: z.literal('base64').optional() }).optional(),
      }),
      response: z.object({
        status: z.number(), statusText: z.string(), httpVersion: z.string(), cookies: z.array(z.unknown()), headers: z.array(nameValue),
        content: z.object({ size: z.number(), mimeType: z.string() }), redirectURL: z.string(), headersSize: z.number(), bodySize: z.number(),
      }),
      cache: z.object({}),
      timings: z.object({ send: z.number(), wait: z.number(), receive: z.number() }),
    })),
  }),
});
type HarEntry = z.infer<typeof har12>['log']['entries'][number];

const dirs: string[] = [];
async function freshCorpus() {
  const dir = await mkdtemp(join(tmpdir(), 'telltale-labelled-'));
  dirs.push(dir);
  const corpus = await generateLabelledCorpus(dir);
  const har = har12.parse(JSON.parse(await readFile(corpus.harPath, 'utf8')));
  return { corpus, har };
}
test.after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const sha256File = async (p: string) => createHash('sha256').update(await readFile(p)).digest('hex');

test('the generator is deterministic: two runs give byte-identical files', async () => {
  const a = await freshCorpus();
  const b = await freshCorpus();
  for (const key of ['harPath', 'profilePath', 'labelsPath'] as const) {
    assert.equal(await sha256File(a.corpus[key]), await sha256File(b.corpus[key]), key);
  }
  assert.ok(a.corpus.entries > 300, `expected a few hundred exchanges, got ${a.corpus.entries}`);
});

// --- independent recomputation of planted forms ---

const hex = (algo: string, s: string) => createHash(algo).update(s).digest('hex');
const DIGEST_WORDS = new Set(['md5', 'sha1', 'sha256', 'sha512']);

function recompute(label: Label): string {
  if (label.transform.includes('salted-sha256')) return hex('sha256', label.salt! + label.value);
  let s = label.value;
  const words = label.transform;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (DIGEST_WORDS.has(w)) {
      if (words[i + 1] === 'base64') {
        s = createHash(w).update(s).digest('base64');
        i++;
      } else s = hex(w, s);
      continue;
    }
    const digits = s.replace(/\D/g, '');
    switch (w) {
      case 'uppercase': s = s.toUpperCase(); break;
      case 'lowercase': s = s.toLowerCase(); break;
      case 'no-separators': s = s.replace(/[-:]/g, ''); break;
      case 'dash-separators': s = s.replace(/:/g, '-'); break;
      case 'url-encoded': s = encodeURIComponent(s); break;
      case 'base64': s = Buffer.from(s).toString('base64'); break;
      case 'base64url': s = Buffer.from(s).toString('base64url'); break;
      case 'hex': s = Buffer.from(s).toString('hex'); break;
      case 'truncated-16': s = s.slice(0, 16); break;
      // The profile's phones are NANP numbers: +1 then ten digits.
      case 'e164': s = `+${digits}`; break;
      case 'national-digits': s = digits.slice(1); break;
      case 'national': s = `(${digits.slice(1, 4)}) ${digits.slice(4, 7)}-${digits.slice(7)}`; break;
      default: throw new Error(`test does not know transform ${w}`);
    }
  }
  return s;
}

// --- independent unwrapping of locations ---

function leaves(value: unknown, out: string[] = []): string[] {
  if (value === null || value === undefined) return out;
  if (typeof value === 'object') {
    for (const v of Object.values(value as Record<string, unknown>)) leaves(v, out);
    return out;
  }
  out.push(String(value as string | number | boolean));
  return out;
}

function header(entry: HarEntry, name: string): string | undefined {
  return entry.request.headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
}

function bodyBytes(entry: HarEntry): Buffer {
  const pd = entry.request.postData!;
  return pd.encoding === 'base64' ? Buffer.from(pd.text, 'base64') : Buffer.from(pd.text, 'utf8');
}

function decompressed(entry: HarEntry): Buffer {
  const body = bodyBytes(entry);
  switch (header(entry, 'Content-Encoding')) {
    case 'gzip': return gunzipSync(body);
    case 'deflate': return inflateSync(body);
    case 'br': return brotliDecompressSync(body);
    default: throw new Error('no content-encoding');
  }
}

/** The strings a reader of this location sees, each decoded down to the planted value's level. */
function haystack(entry: HarEntry, label: Label): string[] {
  const url = new URL(entry.request.url);
  const json = (text: string) => leaves(JSON.parse(text));
  switch (label.location) {
    case 'url-query': return [...url.searchParams.values()];
    case 'path-segment': return url.pathname.split('/');
    case 'header': return entry.request.headers.map((h) => h.value);
    case 'cookie': return entry.request.cookies.map((c) => c.value);
    case 'form': return [...new URLSearchParams(entry.request.postData!.text).values()];
    case 'json': return json(entry.request.postData!.text);
    case 'multipart': return entry.request.postData!.text.split('\r\n');
    case 'gzip-json': case 'deflate-json': case 'brotli-json': return json(decompressed(entry).toString('utf8'));
    case 'base64-in-json': return json(Buffer.from(JSON.parse(entry.request.postData!.text).data, 'base64').toString('utf8'));
    case 'hex-in-json': return json(Buffer.from(JSON.parse(entry.request.postData!.text).payload, 'hex').toString('utf8'));
    case 'base64-gzip-json': return json(gunzipSync(Buffer.from(entry.request.postData!.text, 'base64')).toString('utf8'));
    case 'url-base64-json': return json(Buffer.from(url.searchParams.get('data')!, 'base64').toString('utf8'));
    case 'protobuf': return [bodyBytes(entry).toString('latin1')];
    case 'msgpack': return leaves(msgpackDecode(bodyBytes(entry)));
    case 'jwt': {
      const token = header(entry, 'Authorization')!.replace(/^Bearer /, '');
      return json(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
    }
    case 'raw-body': case 'multipart-file': return [bodyBytes(entry).toString('hex')];
  }
}

function expectedPlanted(label: Label): string[] {
  if (label.dataType === 'location.precise' && label.kind === 'known') {
    const [lat, lon] = label.value.split(',').map(Number) as [number, number];
    // Planted a few metres from the profile point: check the distance, then the form's shape.
    const [pLat, pLon] = label.planted.split(/[|,]/).map(Number) as [number, number];
    const scale = label.transform.includes('e7') ? 1e7 : 1;
    assert.ok(Math.abs(pLat / scale - lat) < 0.0001 && Math.abs(pLon / scale - lon) < 0.0001, `location plant too far: ${label.planted}`);
    if (scale !== 1) assert.ok(Number.isInteger(pLat) && Number.isInteger(pLon));
    return label.planted.split('|');
  }
  if (label.kind === 'generic' || (label.kind === 'decoy' && label.field === null)) return [label.planted];
  if (label.field === 'locations[0]') return label.planted.split('|');
  if (label.where.includes('longer digit run')) {
    assert.match(label.planted, new RegExp(`^\\d+${label.value}\\d*$`));
    assert.ok(label.planted.length > label.value.length);
    return [label.planted];
  }
  const expected = recompute(label);
  const unpadded = expected.replace(/=+$/, '');
  assert.ok(label.planted === expected || label.planted === unpadded, `${label.where}: planted ${label.planted}, recomputed ${expected}`);
  return [label.planted];
}

test('every label points at an existing entry whose decoded bytes contain the planted form', async () => {
  const { corpus, har } = await freshCorpus();
  const entries = har.log.entries;
  assert.equal(entries.length, corpus.entries);
  for (const label of corpus.labels) {
    const entry = entries[label.entry];
    assert.ok(entry, `label points at missing entry ${label.entry}`);
    const found = haystack(entry, label);
    for (const form of expectedPlanted(label)) {
      if (label.location === 'raw-body') assert.ok(found[0]!.startsWith(form), `${label.where}: body does not start with magic ${form}`);
      else assert.ok(found.some((s) => s.includes(form)), `entry ${label.entry} (${label.where}): ${form} not found`);
    }
  }
});

test('the covering design: every location carries plain values, digests and encodings; every transform sits in ≥ 2 locations', async () => {
  const { corpus } = await freshCorpus();
  const known = corpus.labels.filter((l) => l.kind === 'known');
  const byLocation = new Map<string, Label[]>();
  for (const l of known) byLocation.set(l.location, [...(byLocation.get(l.location) ?? []), l]);
  assert.equal(byLocation.size, 17, `locations: ${[...byLocation.keys()].join(', ')}`);
  for (const [location, labels] of byLocation) {
    assert.ok(labels.some((l) => l.transform.length === 0), `${location}: no plain value`);
    assert.ok(labels.some((l) => l.transform.some((t) => DIGEST_WORDS.has(t))), `${location}: no digest`);
    assert.ok(new Set(labels.map((l) => l.transform.join('+'))).size >= 5, `${location}: fewer than 5 transforms`);
  }
  const locationsOf = new Map<string, Set<string>>();
  for (const l of known) {
    const key = l.transform.join('+');
    locationsOf.set(key, (locationsOf.get(key) ?? new Set()).add(l.location));
  }
  for (const [transform, locations] of locationsOf) assert.ok(locations.size >= 2, `${transform || 'plain'} only in ${[...locations].join(',')}`);
  for (const t of ['md5', 'sha1', 'sha256', 'sha512', 'lowercase+sha256', 'sha1+md5', 'salted-sha256', 'md5+truncated-16', 'e164',
    'no-separators', 'dash-separators', 'url-encoded', 'base64', 'base64url', 'hex', 'uppercase', 'lowercase', 'e7', 'pair-string', 'md5+base64']) {
    assert.ok(locationsOf.has(t), `transform ${t} never planted`);
  }
  const plainFields = new Set(known.filter((l) => l.transform.length === 0).map((l) => l.field));
  for (const field of ['device.imei', 'device.imsi', 'device.serial', 'device.androidId', 'device.adId', 'device.idfv', 'device.mac',
    'device.bluetoothMac', 'device.model', 'account.email', 'account.phone', 'account.name', 'account.username', 'account.birthdate',
    'account.gender', 'account.password', 'network.publicIp', 'network.localIp', 'network.wifiSsid', 'network.wifiBssid',
    'locations[0]', 'contacts[0].phone', 'browsing[0]', 'messages[0]', 'custom[0]']) {
    assert.ok(plainFields.has(field), `${field} never planted plain`);
  }
});

test('decoys are near misses: one digit, one nibble, another domain, ~50 km', async () => {
  const { corpus } = await freshCorpus();
  const decoys = corpus.labels.filter((l) => l.kind === 'decoy' && l.field !== null);
  const imei = PROFILE.device!.imei!;
  const imeiOff = decoys.find((l) => l.dataType === 'device.imei' && l.transform.length === 0 && l.value !== imei)!;
  assert.equal([...imeiOff.value].filter((c, i) => c !== imei[i]).length, 1);
  const md5Decoy = decoys.find((l) => l.transform.join() === 'md5' && l.dataType === 'device.imei')!;
  assert.notEqual(md5Decoy.planted, hex('md5', imei));
  const mac = PROFILE.device!.mac!;
  const macOff = decoys.find((l) => l.dataType === 'device.mac' && l.transform.length === 0)!;
  assert.equal([...macOff.value].filter((c, i) => c !== mac[i]).length, 1);
  const email = decoys.find((l) => l.dataType === 'account.email' && l.transform.length === 0)!;
  assert.equal(email.value.split('@')[0], PROFILE.account!.email!.split('@')[0]);
  assert.notEqual(email.value.split('@')[1], PROFILE.account!.email!.split('@')[1]);
  const far = decoys.find((l) => l.dataType === 'location.precise')!;
  const [lat, lon] = far.value.split(',').map(Number) as [number, number];
  const home = PROFILE.locations![0]!;
  const km = haversineKm(home.lat, home.lon, lat, lon);
  assert.ok(km > 45 && km < 55, `decoy location is ${km} km away`);
  // No decoy accidentally equals a profile value.
  assert.ok(decoys.every((l) => l.value !== l.planted || !Object.values(PROFILE.device!).includes(l.value)));
});

function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(a));
}

testNeeding('media uploads are recognised by file(1), a tool we did not write', { tools: ['file'] }, async () => {
  const { corpus, har } = await freshCorpus();
  const media = corpus.labels.filter((l) => l.dataType.startsWith('media.'));
  assert.equal(media.length, 5);
  for (const label of media) {
    let bytes = bodyBytes(har.log.entries[label.entry]!);
    if (label.location === 'multipart-file') bytes = bytes.subarray(bytes.indexOf(Buffer.from(label.planted, 'hex')));
    const kind = execFileSync('file', ['-b', '-'], { input: bytes }).toString();
    const expected = label.dataType === 'media.image' ? /JPEG|PNG/ : /ISO Media|WebM|MP4/;
    assert.match(kind, expected, `${label.where}: file says ${kind}`);
  }
});
