/** Helpers of reentrant.test.ts, shared with its worker thread (reentrant-worker.mjs). */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeScenario } from '../../src/scenarios/index.js';
import { createDecodeContext, decodeExchange, type DecodedExchange } from '../../src/decode/index.js';
import { openInput, type Exchange } from '../../src/ingest/index.js';

/** Everything decode produces for one exchange, as one hash: paths, bytes, keys, layers, flags, types, issues. */
export function fingerprint(decoded: Pick<DecodedExchange, 'views' | 'issues'>): string {
  const h = createHash('sha256');
  for (const v of decoded.views) {
    h.update(`\u0001${v.path}\u0002${v.key}\u0002${v.layers.join(',')}\u0002${v.side}\u0002${v.covered}\u0002${v.mimeType}\u0002${v.filename}\u0002`);
    h.update(v.bytes);
  }
  h.update(JSON.stringify(decoded.issues));
  return h.digest('hex');
}

export async function scenarioExchanges(name: 'lawsuit' | 'clean'): Promise<Exchange[]> {
  const files = await writeScenario(name, mkdtempSync(join(tmpdir(), 'telltale-reentrant-')));
  const opened = await openInput(files.har, { input: 0 });
  const out: Exchange[] = [];
  for await (const e of opened.exchanges) out.push(e);
  return out;
}

function exchange(url: string, body: string | null, mimeType: string | null): Exchange {
  return {
    source: { input: 0, index: 0 }, time: '2019-11-01T17:00:00.000Z', timeMs: Date.UTC(2019, 10, 1, 17), method: body ? 'POST' : 'GET',
    url, httpVersion: 'HTTP/1.1', serverIp: null, notes: [],
    request: { headers: [], cookies: [], body: body === null ? null : Buffer.from(body), mimeType, bodyTruncated: false },
    response: null,
  };
}

/**
 * The same short texts in places where decoding them depends on hints (a body declared as an image is not opened, the
 * same text in a query is), so that a memo which let one place's outcome leak into another would change the views.
 */
const TOKEN = 'eyJpbWVpIjoiNDkwMTU0MjAzMjM3NTE4In0'; // base64 of {"imei":"490154203237518"}
export const HISTORY_SENSITIVE: Exchange[] = [
  exchange('https://cdn.example/upload', TOKEN, 'image/png'),
  exchange(`https://log.example/t?d=${TOKEN}&h=6a6f686e`, null, null),
  exchange('https://log.example/b', `d=${TOKEN}`, 'application/x-www-form-urlencoded'),
  exchange('https://cdn.example/upload', '6a6f686e', 'application/octet-stream'),
];

/** Each exchange twice in a row: the second time the context's memos (rejected texts, shapes) answer. */
export const twice = (list: Exchange[]) => list.flatMap((e) => [e, e]);

/** The reference: every exchange decoded on its own, with a fresh context (no history at all). */
export function alone(list: Exchange[]): string[] {
  return list.map((e) => fingerprint(decodeExchange(e, undefined, createDecodeContext())));
}

/** The worker's job: the lawsuit scenario, each exchange twice, decoded alone. */
export async function runInWorker(): Promise<string[]> {
  return alone(twice([...HISTORY_SENSITIVE, ...await scenarioExchanges('lawsuit')]));
}
