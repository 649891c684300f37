/** Streaming behaviour: bounded memory on a large HAR, progress reports, and the input's identity. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { openInput } from '../../src/ingest/index.js';
import { REPO_ROOT } from '../helpers/corpus.js';
import { generateHar } from './generate-har.js';

const dir = mkdtempSync(join(tmpdir(), 'telltale-ingest-stream-'));
const bigHar = join(dir, 'big.har');
const TARGET_BYTES = 200 * 1000 * 1000;
const generated = await generateHar(bigHar, TARGET_BYTES);
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk);
  return hash.digest('hex');
}

test('a ~200 MB HAR streams with RSS growth far below its size, every entry intact', async (t) => {
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const progress: [number, number][] = [];
  const opened = await openInput(bigHar, { input: 1, onProgress: (read, total) => progress.push([read, total]) });
  let count = 0;
  let imageBytes = 0;
  for await (const exchange of opened.exchanges) {
    assert.equal(exchange.source.index, count);
    if (count === generated.firstImageIndex) imageBytes = exchange.response!.body!.length;
    count++;
    if (count % 500 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const growth = peakRss - rssBefore;
  t.diagnostic(`${(generated.bytes / 1e6).toFixed(0)} MB HAR, ${count} exchanges, peak RSS growth ${(growth / 1e6).toFixed(0)} MB`);
  assert.equal(count, generated.entries);
  assert.equal(imageBytes, 24 * 1024);
  assert.ok(generated.bytes >= TARGET_BYTES);
  // RSS also holds garbage V8 has not collected yet (40-50 MB measured here, independent of file size); the heap-limit
  // test below is the strict proof that memory stays bounded.
  assert.ok(growth < generated.bytes / 2, `RSS grew by ${(growth / 1e6).toFixed(0)} MB for a ${(generated.bytes / 1e6).toFixed(0)} MB file`);
  // Progress: at most one report per 64 MiB plus the final one, which covers the whole file.
  assert.ok(progress.length >= 3 && progress.length <= Math.ceil(generated.bytes / (64 * 1024 * 1024)) + 1, String(progress.length));
  assert.deepEqual(progress.at(-1), [generated.bytes, generated.bytes]);
  assert.equal((await opened.info()).sha256, await sha256Of(bigHar));
});

test('bounded memory holds under a small heap limit: 200 MB through a 48 MB old generation', () => {
  const script = [
    `import { openInput } from ${JSON.stringify(join(REPO_ROOT, 'src/ingest/index.ts'))};`,
    `const opened = await openInput(${JSON.stringify(bigHar)}, { input: 0 });`,
    'let n = 0; for await (const e of opened.exchanges) n += e.request.headers.length > 0 ? 1 : 0;',
    'console.log(n);',
  ].join('\n');
  const out = execFileSync(process.execPath, ['--max-old-space-size=48', '--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  assert.equal(Number(out.trim()), generated.entries);
});

test('info() works without iterating, after an early stop, and while a pass is running', async () => {
  const smallHar = join(dir, 'small.har');
  const small = await generateHar(smallHar, 5_000_000);
  const expected = await sha256Of(smallHar);
  const untouched = await openInput(smallHar, { input: 0 });
  assert.equal((await untouched.info()).sha256, expected);

  const stopped = await openInput(smallHar, { input: 0 });
  for await (const exchange of stopped.exchanges) if (exchange.source.index === 10) break;
  const info = await stopped.info();
  assert.equal(info.sha256, expected);
  assert.equal(info.bytes, small.bytes);

  const concurrent = await openInput(smallHar, { input: 0 });
  let count = 0;
  const iterating = (async () => {
    for await (const _ of concurrent.exchanges) count++;
  })();
  await new Promise((resolve) => setImmediate(resolve));
  const whileRunning = concurrent.info();
  await iterating;
  assert.equal((await whileRunning).sha256, expected);
  assert.equal(count, small.entries);
});
