/**
 * Writes a large, realistic HAR to disk without holding it in memory: a mix of tracker-style GETs with many headers
 * and cookies, JSON POST bodies, and base64 image responses, in the shapes Chrome exports. Deterministic (seeded).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export interface GeneratedHar {
  entries: number;
  bytes: number;
  /** Index of the first entry whose response is a base64 image (every tenth entry from it on). */
  firstImageIndex: number;
}

/** Deterministic pseudo-random numbers (LCG), so the file is the same on every run. */
function makeRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 0x1_0000_0000;
  };
}

const HOSTS = ['ulogs.umeng.com', 'bugly.qq.com', 'graph.facebook.com', 'app-measurement.com', 'log.byteoversea.com'];

function headers(random: () => number, count: number): { name: string; value: string }[] {
  const out = [{ name: 'User-Agent', value: 'Mozilla/5.0 (Linux; Android 9; Pixel 3) AppleWebKit/537.36' }];
  for (let i = 1; i < count; i++) out.push({ name: `X-Header-${i}`, value: `value-${Math.floor(random() * 1e9)}` });
  return out;
}

function entry(index: number, random: () => number, imageBody: string, jsonText: string): string {
  const host = HOSTS[index % HOSTS.length]!;
  const kind = index % 10;
  const started = new Date(Date.UTC(2019, 3, 1, 10, 0, 0) + index * 37).toISOString();
  const isPost = kind >= 6;
  const request = {
    method: isPost ? 'POST' : 'GET',
    url: `https://${host}/api/v${kind}/collect?id=${index}&imei=35693803564380${index % 10}&t=${Math.floor(random() * 1e12)}`,
    httpVersion: 'http/2.0',
    headers: headers(random, 14),
    queryString: [{ name: 'id', value: String(index) }],
    cookies: [
      { name: 'uid', value: `u${Math.floor(random() * 1e12)}` },
      { name: 'sid', value: `s${Math.floor(random() * 1e12)}` },
    ],
    headersSize: -1,
    bodySize: isPost ? Buffer.byteLength(jsonText) : 0,
    ...(isPost ? { postData: { mimeType: 'application/json', text: jsonText } } : {}),
  };
  const isImage = kind === 3;
  const content = isImage
    ? { size: Buffer.byteLength(imageBody, 'base64'), mimeType: 'image/png', text: imageBody, encoding: 'base64' }
    : { size: Buffer.byteLength(jsonText), mimeType: 'application/json; charset=utf-8', text: jsonText };
  const response = {
    status: 200,
    statusText: '',
    httpVersion: 'http/2.0',
    headers: headers(random, 10),
    cookies: [],
    content,
    redirectURL: '',
    headersSize: -1,
    bodySize: -1,
    _transferSize: 1234,
  };
  return JSON.stringify({
    _initiator: { type: 'other' },
    _priority: 'High',
    _resourceType: isImage ? 'image' : 'xhr',
    cache: {},
    request,
    response,
    serverIPAddress: `203.0.113.${index % 250}`,
    startedDateTime: started,
    time: 12.5,
    timings: { blocked: 1, dns: -1, ssl: -1, connect: -1, send: 0.1, wait: 10, receive: 1.4 },
  });
}

/** Writes a HAR of about `targetBytes` to `path`; entries sit after `pages`, with `comment` after `entries`. */
export async function generateHar(path: string, targetBytes: number): Promise<GeneratedHar> {
  const random = makeRandom(42);
  const image = Buffer.alloc(24 * 1024);
  for (let i = 0; i < image.length; i++) image[i] = Math.floor(random() * 256);
  const imageBody = image.toString('base64');
  const jsonText = JSON.stringify({
    header: { imei: '356938035643809', model: 'Pixel 3', tz: 'Europe/Berlin', note: 'caf\u00e9 \u4e2d\u6587 \ud83d\ude00' },
    events: Array.from({ length: 20 }, (_, i) => ({ id: i, name: `event_${i}`, ts: 1554112800000 + i })),
  });
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (text: string): Promise<void> => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},');
  await write('"pages":[{"startedDateTime":"2019-04-01T10:00:00.000Z","id":"page_1","title":"t","pageTimings":{}}],');
  await write('"entries":[\n');
  let entries = 0;
  while (bytes < targetBytes) {
    await write((entries > 0 ? ',\n' : '') + entry(entries, random, imageBody, jsonText));
    entries++;
  }
  await write('\n],"comment":"generated"}}\n');
  out.end();
  await once(out, 'finish');
  return { entries, bytes, firstImageIndex: 3 };
}
