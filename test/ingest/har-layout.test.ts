/**
 * Entry boundaries found from the file's layout (one entry per line, pretty-printed) must give the same exchanges
 * and the same errors as the byte scanner, which takes over whenever the layout does not vouch for an entry.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openInput } from '../../src/ingest/index.js';
import type { Exchange } from '../../src/ingest/index.js';
import { isInputError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'telltale-ingest-layout-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function entry(i: number): Record<string, unknown> {
  return {
    startedDateTime: `2019-04-01T10:00:0${i}.000Z`,
    request: {
      method: 'POST', url: `https://log.umeng.com/e?i=${i}`, headers: [{ name: 'Content-Type', value: 'application/json' }],
      cookies: [], postData: { mimeType: 'application/json', text: JSON.stringify({ nested: { s: '}\n  }', n: i } }) },
    },
    response: { status: 200, headers: [], cookies: [], content: { size: 2, mimeType: 'text/plain', text: '{}' } },
  };
}

const ENTRIES = [0, 1, 2, 3].map(entry);

const LAYOUTS: Record<string, string> = {
  singleLine: JSON.stringify({ log: { version: '1.2', entries: ENTRIES } }),
  perLine: `{"log":{"version":"1.2","entries":[\n${ENTRIES.map((e) => JSON.stringify(e)).join(',\n')}\n]}}`,
  pretty2: JSON.stringify({ log: { version: '1.2', entries: ENTRIES } }, null, 2),
  prettyTabs: JSON.stringify({ log: { entries: ENTRIES, version: '1.2' } }, null, '\t'),
  crlf: JSON.stringify({ log: { version: '1.2', entries: ENTRIES } }, null, 4).replace(/\n/g, '\r\n'),
};

async function readAll(name: string, content: string): Promise<Exchange[]> {
  const path = join(dir, `${name}.har`);
  writeFileSync(path, content);
  const out: Exchange[] = [];
  for await (const exchange of (await openInput(path, { input: 0 })).exchanges) out.push(exchange);
  return out;
}

test('every layout yields the same exchanges, bodies included', async () => {
  const reference = await readAll('singleLine', LAYOUTS.singleLine);
  assert.equal(reference.length, 4);
  assert.equal(Buffer.from(reference[2].request.body!).toString(), JSON.stringify({ nested: { s: '}\n  }', n: 2 } }));
  for (const [name, content] of Object.entries(LAYOUTS)) {
    const exchanges = await readAll(name, content);
    assert.deepEqual(exchanges.map((e) => e.source.index), [0, 1, 2, 3], name);
    assert.deepEqual(exchanges, reference.map((e) => ({ ...e })), name);
  }
});

test('an entry nested past the depth limit is refused the same way in a one-entry-per-line file', async () => {
  const deep = '['.repeat(600) + ']'.repeat(600);
  const content = `{"log":{"entries":[\n${JSON.stringify(entry(0))},\n{"startedDateTime":"2019-04-01T10:00:00.000Z","x":${deep}}\n]}}`;
  await assert.rejects(readAll('deep', content), (e: unknown) => {
    assert.ok(isInputError(e));
    assert.match(String((e as Error).message), /entry 1, byte \d+.*nesting deeper than 512 levels/);
    return true;
  });
});

test('a broken entry in a pretty-printed file still names the entry and the byte of the problem', async () => {
  const broken = LAYOUTS.pretty2.replace('"method": "POST",\n', '"method": "POST"\n');
  await assert.rejects(readAll('broken', broken), (e: unknown) => {
    assert.ok(isInputError(e));
    assert.match(String((e as Error).message), /entry 0, byte \d+.*invalid JSON/);
    return true;
  });
});
