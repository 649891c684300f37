import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ByteSource } from '../../src/ingest/source.js';
import { isInputError } from '../../src/errors.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function chunksOf(source: ByteSource): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  while (await source.fill()) {
    chunks.push(Buffer.from(source.buf));
    source.pos = source.buf.length;
  }
  return chunks;
}

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'telltale-source-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('a file that fits one chunk is read whole in one chunk; a larger one streams; both hash the same bytes', async (t) => {
  const file = join(tempDir(t), 'capture.har');
  const bytes = Buffer.from(Array.from({ length: 10_000 }, (_, i) => i % 251));
  writeFileSync(file, bytes);
  const whole = new ByteSource(file, bytes.length, { chunkBytes: 10_000 });
  const wholeChunks = await chunksOf(whole);
  assert.equal(wholeChunks.length, 1);
  assert.ok(wholeChunks[0]!.equals(bytes));
  assert.equal(whole.sha256(), sha256(bytes));
  assert.ok(whole.complete);
  assert.equal(whole.bytes, bytes.length);

  const streamed = new ByteSource(file, bytes.length, { chunkBytes: 4096 });
  const streamedChunks = await chunksOf(streamed);
  assert.ok(streamedChunks.length >= 3, `${streamedChunks.length} chunks`);
  assert.ok(Buffer.concat(streamedChunks).equals(bytes));
  assert.equal(streamed.sha256(), sha256(bytes));
});

test('a small file that grew after its size was taken is read whole; one deleted before reading is a one-line error', async (t) => {
  const dir = tempDir(t);
  const grown = join(dir, 'grown.har');
  writeFileSync(grown, '0123456789');
  const source = new ByteSource(grown, 10);
  appendFileSync(grown, 'abcde');
  assert.equal(Buffer.concat(await chunksOf(source)).toString(), '0123456789abcde');
  assert.equal(source.sha256(), sha256(Buffer.from('0123456789abcde')));

  const gone = join(dir, 'gone.har');
  writeFileSync(gone, '{}');
  const lost = new ByteSource(gone, 2);
  unlinkSync(gone);
  await assert.rejects(lost.fill(), (e: unknown) => isInputError(e) && (e as Error).message === `${gone} (byte 0): read failed: ENOENT`);
});

test('an empty file has no chunk and hashes as empty', async (t) => {
  const file = join(tempDir(t), 'empty.har');
  writeFileSync(file, '');
  const source = new ByteSource(file, 0);
  assert.deepEqual(await chunksOf(source), []);
  assert.equal(source.sha256(), sha256(Buffer.alloc(0)));
  assert.ok(source.complete);
});

test('passes over different inputs are iterators of one prototype (the reading loop stays optimised across inputs)', async (t) => {
  // An async generator declared inside a per-input function gets a new prototype per input: the loop that iterates it
  // (collect) then met a new map on every input of a batch and was de-optimised each time.
  const { openInput } = await import('../../src/ingest/index.js');
  const dir = tempDir(t);
  const har = (name: string) => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify({ log: { version: '1.2', creator: { name: 't', version: '1' }, entries: [] } }));
    return file;
  };
  const [a, b] = [await openInput(har('a.har'), { input: 0 }), await openInput(har('b.har'), { input: 1 })];
  const [ia, ib] = [a.exchanges[Symbol.asyncIterator](), b.exchanges[Symbol.asyncIterator]()];
  assert.equal(Object.getPrototypeOf(ia), Object.getPrototypeOf(ib));
  assert.equal(Object.getPrototypeOf(a.exchanges), Object.getPrototypeOf(b.exchanges));
  for (const it of [ia, ib]) assert.deepEqual(await it.next(), { done: true, value: undefined }, 'an empty HAR has no exchange');
});
