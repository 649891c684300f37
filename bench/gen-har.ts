/**
 * Large synthetic HAR for the throughput benchmark (`npm run bench`, issue #2): N exchanges of realistic app
 * traffic (analytics beacons, JSON event batches, forms, gzip+base64 bodies, large log uploads) with profile values
 * planted in a known subset of exchanges. Streams to disk: memory stays flat whatever N is.
 *
 * Outputs in `out/`: bench.har, profile.json, planted.json (count and where), variants.txt (the literal strings a
 * raw scanner such as `rg -F -f variants.txt` needs to find the visible plants; plants inside gzip+base64 bodies are
 * "hidden" from raw scanners and listed as such).
 */
import { createHash } from 'node:crypto';
import { createWriteStream, readFileSync, writeFileSync, type WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { profileSearchStrings, type DeviceProfile } from '../src/detect/index.js';
import { Prng } from '../eval/prng.js';

export interface BenchOptions {
  /** Output directory. */
  out: string;
  /** Number of exchanges (default 200,000 ≈ 1.2 GB). */
  exchanges?: number;
  seed?: number;
  /** Known values in the profile: 10 (device and account ids) or more (the rest are custom values), default 10. */
  knownValues?: number;
  /** One exchange in `plantEvery` carries a plant (default 100). */
  plantEvery?: number;
}

export interface BenchHar {
  harPath: string;
  profilePath: string;
  variantsPath: string;
  plantedPath: string;
  /** Exchanges carrying a planted value. */
  planted: number;
  /** Of those, plants inside gzip+base64 bodies, invisible to a raw text scanner. */
  hidden: number;
  /** Size of the HAR in bytes. */
  bytes: number;
  exchanges: number;
}

interface Known {
  field: string;
  value: string;
  /** Forms an app sends, with the transform words of the known-value detector. */
  forms: { text: string; transform: string[] }[];
}

type PlantSpot = 'query' | 'json' | 'header' | 'form' | 'gzip-base64';

export interface PlantRecord {
  entry: number;
  field: string;
  transform: string[];
  spot: PlantSpot;
  /** The literal as it appears in the HAR bytes; null when hidden inside a compressed body. */
  literal: string | null;
}

const START_MS = Date.UTC(2019, 3, 1, 10, 0, 0);
const HOSTS = ['api.example-social.com', 'ulogs.umeng.com', 'hmma.baidu.com', 'log.snssdk.com', 'graph.facebook.com',
  'app-measurement.com', 'android.bugly.qq.com', 'sdk.open.phone.igexin.com', 'cdn.example-social.com', 'api.mapbox.com'];
const BASE_PROFILE: DeviceProfile = {
  device: { imei: '356938035643809', imsi: '310260123456789', serial: 'R58M123ABCD', androidId: '3f9a2c7e1b4d8a60',
    adId: '6f1c2b9e-4a7d-4e3b-9c21-8d5f0a7b3e14', mac: 'a4:5e:60:c2:19:7b', model: 'SM-G973F' },
  account: { email: 'Jane.Roe2001@gmail.com', phone: '+16505550134' },
  network: { publicIp: '73.158.64.21' },
};

const digest = (algo: string, s: string) => createHash(algo).update(s).digest('hex');

function formsOf(value: string): Known['forms'] {
  const forms: Known['forms'] = [
    { text: value, transform: [] },
    { text: digest('md5', value), transform: ['md5'] },
    { text: digest('sha256', value), transform: ['sha256'] },
    { text: Buffer.from(value).toString('base64'), transform: ['base64'] },
  ];
  if (value.toUpperCase() !== value) forms.push({ text: value.toUpperCase(), transform: ['uppercase'] });
  return forms;
}

export function benchProfile(knownValues: number, prng: Prng): { profile: DeviceProfile; known: Known[] } {
  const profile: DeviceProfile = structuredClone(BASE_PROFILE);
  const known: Known[] = [];
  for (const [section, values] of Object.entries({ device: profile.device!, account: profile.account!, network: profile.network! })) {
    for (const [key, value] of Object.entries(values)) known.push({ field: `${section}.${key}`, value: String(value), forms: formsOf(String(value)) });
  }
  const custom: { type: string; value: string }[] = [];
  for (let i = known.length; i < knownValues; i++) {
    const value = `bv-${prng.hex(20)}`;
    custom.push({ type: 'custom.bench', value });
    known.push({ field: `custom[${custom.length - 1}]`, value, forms: formsOf(value) });
  }
  if (custom.length > 0) profile.custom = custom;
  return { profile, known };
}

/** Pools of pre-serialised filler so a gigabyte is assembled from strings, not character by character. */
class FillerPools {
  /**
   * Events per host: an SDK's session and item ids go to that SDK's host only. One pool shared by all hosts sent the
   * same ids to nine companies, which telltale rightly reported as identifier syncing (tracking.id) on every event:
   * about 12 findings per exchange, on traffic meant to carry 2,000 plants.
   */
  readonly events = new Map<string, string[]>();
  readonly logLines: string[] = [];
  readonly words = ['home', 'feed', 'profile', 'search', 'settings', 'video', 'comment', 'share', 'like', 'follow'];

  constructor(prng: Prng) {
    for (const host of HOSTS) {
      const events: string[] = [];
      for (let i = 0; i < 400; i++) {
        events.push(JSON.stringify({
          event: prng.pick(['page_view', 'click', 'impression', 'scroll', 'video_play', 'app_start', 'ad_request']),
          page: prng.pick(this.words), session_id: prng.hex(24), duration_ms: prng.int(1, 90000),
          props: { item_id: prng.digits(12), position: prng.int(0, 50), network: prng.pick(['wifi', '4g', '5g']), ab: prng.hex(8) },
        }));
      }
      this.events.set(host, events);
    }
    for (let i = 0; i < 300; i++) {
      this.logLines.push(`${prng.pick(['D', 'I', 'W', 'E'])}/${prng.pick(['Choreographer', 'OkHttp', 'ActivityManager', 'Glide', 'ExoPlayer'])}(${prng.int(1000, 30000)}): ${prng.pick(this.words)} ${prng.hex(prng.int(20, 120))} frame=${prng.int(0, 99999)}`);
    }
  }
}

interface Exchange {
  method: string;
  url: string;
  headers: { name: string; value: string }[];
  postData: Record<string, string> | null;
  hidden: boolean;
}

class BenchWriter {
  private chunk = '';

  constructor(private readonly stream: WriteStream) {}

  async write(text: string): Promise<void> {
    this.chunk += text;
    if (this.chunk.length < 1 << 20) return;
    await this.flush();
  }

  async flush(): Promise<void> {
    const text = this.chunk;
    this.chunk = '';
    if (!this.stream.write(text)) await new Promise<void>((resolve) => this.stream.once('drain', resolve));
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => this.stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}

function eventsBody(prng: Prng, pools: FillerPools, host: string, count: number, extra: string): string {
  const pool = pools.events.get(host)!;
  const events: string[] = [];
  for (let i = 0; i < count; i++) events.push(pool[prng.int(0, pool.length - 1)]!);
  return `{"app":"com.example.social","ver":"4.2.1","seq":${prng.int(1, 1e6)}${extra},"events":[${events.join(',')}]}`;
}

function makeExchange(i: number, prng: Prng, pools: FillerPools, plant: { key: string; text: string; spot: PlantSpot } | null): Exchange {
  const host = HOSTS[prng.int(0, HOSTS.length - 1)]!;
  const headers = [{ name: 'Host', value: host }, { name: 'User-Agent', value: 'okhttp/3.12.1' }, { name: 'Accept-Encoding', value: 'gzip' }];
  const kind = plant?.spot === 'gzip-base64' ? 92 : plant?.spot === 'query' || plant?.spot === 'header' ? 0 : plant?.spot === 'form' ? 82 : plant ? 50 : prng.int(0, 99);
  const jsonExtra = plant?.spot === 'json' ? `,"${plant.key}":"${plant.text}"` : '';
  if (plant?.spot === 'header') headers.push({ name: `X-${plant.key}`, value: plant.text });
  if (kind < 45) {
    const q = `ev=${prng.pick(pools.words)}&sid=${prng.hex(24)}&ts=${START_MS + i * 50}&r=${prng.hex(8)}`
      + (plant?.spot === 'query' ? `&${plant.key}=${encodeURIComponent(plant.text)}` : '');
    return { method: 'GET', url: `https://${host}/v1/track?${q}`, headers, postData: null, hidden: false };
  }
  if (kind < 80) {
    const text = eventsBody(prng, pools, host, prng.int(14, 50), jsonExtra);
    return { method: 'POST', url: `https://${host}/v1/events`, headers, postData: { mimeType: 'application/json', text }, hidden: false };
  }
  if (kind < 90) {
    const params = new URLSearchParams({ app: 'com.example.social', sid: prng.hex(24), page: prng.pick(pools.words), extra: prng.hex(prng.int(200, 900)) });
    if (plant?.spot === 'form') params.set(plant.key, plant.text);
    return { method: 'POST', url: `https://${host}/v1/form`, headers, postData: { mimeType: 'application/x-www-form-urlencoded', text: params.toString() }, hidden: false };
  }
  if (kind < 95) {
    const inner = eventsBody(prng, pools, host, prng.int(10, 30), plant?.spot === 'gzip-base64' ? `,"${plant.key}":"${plant.text}"` : '');
    headers.push({ name: 'Content-Encoding', value: 'gzip' });
    return { method: 'POST', url: `https://${host}/v1/batch`, headers, postData: { mimeType: 'application/json', text: gzipSync(inner, { level: 1 }).toString('base64'), encoding: 'base64' }, hidden: plant !== null };
  }
  const lines: string[] = [];
  const target = prng.int(30_000, 60_000);
  for (let size = 0; size < target;) {
    const line = pools.logLines[prng.int(0, pools.logLines.length - 1)]!;
    lines.push(line);
    size += line.length + 1;
  }
  return { method: 'POST', url: `https://${host}/v1/logs/upload`, headers, postData: { mimeType: 'text/plain', text: lines.join('\n') }, hidden: false };
}

function entryJson(i: number, ex: Exchange, prng: Prng): string {
  const responseText = `{"code":0,"msg":"ok","ts":${START_MS + i * 50}}`;
  const request: Record<string, unknown> = {
    method: ex.method, url: ex.url, httpVersion: 'HTTP/1.1', cookies: [], headers: ex.postData ? [...ex.headers, { name: 'Content-Type', value: ex.postData.mimeType }] : ex.headers,
    queryString: [], headersSize: -1, bodySize: ex.postData ? ex.postData.text!.length : 0,
  };
  if (ex.postData) request.postData = ex.postData;
  return JSON.stringify({
    startedDateTime: new Date(START_MS + i * 50).toISOString(), time: prng.int(20, 400), request,
    response: {
      status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', cookies: [], headers: [{ name: 'Content-Type', value: 'application/json' }],
      content: { size: responseText.length, mimeType: 'application/json', text: responseText }, redirectURL: '', headersSize: -1, bodySize: responseText.length,
    },
    cache: {}, timings: { send: 1, wait: 30, receive: 2 },
  });
}

/** How a literal appears in the HAR bytes at a spot (the HAR is JSON, and our forms need no JSON escaping). */
function literalAt(spot: PlantSpot, text: string): string | null {
  switch (spot) {
    case 'query': return encodeURIComponent(text);
    case 'form': return new URLSearchParams({ x: text }).toString().slice(2);
    case 'gzip-base64': return null;
    default: return text;
  }
}

const SPOTS: PlantSpot[] = ['query', 'json', 'json', 'header', 'form', 'gzip-base64'];

export async function generateBenchHar(options: BenchOptions): Promise<BenchHar> {
  const exchanges = options.exchanges ?? 200_000;
  const plantEvery = options.plantEvery ?? 100;
  const prng = new Prng(options.seed ?? 7);
  await mkdir(options.out, { recursive: true });
  const { profile, known } = benchProfile(options.knownValues ?? 10, prng);
  const pools = new FillerPools(prng);
  const harPath = join(options.out, 'bench.har');
  const stream = createWriteStream(harPath);
  const writer = new BenchWriter(stream);
  let bytes = 0;
  const emit = async (text: string) => {
    bytes += Buffer.byteLength(text);
    await writer.write(text);
  };
  await emit('{"log":{"version":"1.2","creator":{"name":"telltale-bench","version":"1"},"pages":[],"entries":[\n');
  const plants: PlantRecord[] = [];
  for (let i = 0; i < exchanges; i++) {
    let plant: { key: string; text: string; spot: PlantSpot } | null = null;
    if (i % plantEvery === plantEvery >> 1) {
      const k = known[plants.length % known.length]!;
      const form = k.forms[Math.floor(plants.length / known.length) % k.forms.length]!;
      const spot = SPOTS[plants.length % SPOTS.length]!;
      plant = { key: k.field.replace(/\W/g, '_'), text: form.text, spot };
      plants.push({ entry: i, field: k.field, transform: form.transform, spot, literal: literalAt(spot, form.text) });
    }
    await emit(`${i === 0 ? '' : ',\n'}${entryJson(i, makeExchange(i, prng, pools, plant), prng)}`);
  }
  await emit('\n]}}\n');
  await writer.close();

  const profilePath = join(options.out, 'profile.json');
  const variantsPath = join(options.out, 'variants.txt');
  const plantedPath = join(options.out, 'planted.json');
  const hidden = plants.filter((p) => p.literal === null).length;
  const variants = [...new Set(plants.flatMap((p) => (p.literal === null ? [] : [p.literal])))].sort();
  await writeFile(profilePath, `${JSON.stringify(profile, null, 2)}\n`);
  await writeFile(variantsPath, `${variants.join('\n')}\n`);
  await writeFile(plantedPath, `${JSON.stringify({ exchanges, planted: plants.length, hidden, plants }, null, 1)}\n`);
  return { harPath, profilePath, variantsPath, plantedPath, planted: plants.length, hidden, bytes, exchanges };
}

/**
 * The reference list: every string telltale's known-value search looks for with this profile (all spellings,
 * URL encodings, base64/hex forms, digests), so ripgrep is asked to look for what telltale looks for.
 */
export function writeAllVariants(profilePath: string, out: string): number {
  const strings = profileSearchStrings(JSON.parse(readFileSync(profilePath, 'utf8')) as DeviceProfile);
  writeFileSync(out, `${strings.join('\n')}\n`);
  return strings.length;
}
