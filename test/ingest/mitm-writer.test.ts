/**
 * The mitmproxy flows generated for fuzz seeds (test/helpers/mitm-writer.ts) are real dumps: Debian's mitmdump, a
 * tool we did not write, reads them, and our reader gives the same requests.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openInput } from '../../src/ingest/index.js';
import { httpFlow } from '../helpers/mitm-writer.js';
import { testNeeding } from '../helpers/needs.js';

testNeeding('generated mitmproxy flows: mitmdump reads them, and so does our reader, the same way', { tools: ['mitmdump'] }, async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'telltale-mitm-writer-')), 'generated.mitm');
  const flows = [
    { method: 'POST', host: 'log.snssdk.com', path: '/register?aid=1', body: '{"imei":"490154203237518"}', status: 200 },
    { method: 'GET', host: 'hmma.baidu.com', path: '/app.gif?lat=37.4419', body: '', status: 204 },
  ];
  writeFileSync(file, Buffer.concat(flows.map((f, i) => httpFlow({
    method: f.method, host: f.host, path: f.path, at: 1572598800 + i, requestHeaders: [['content-type', 'application/json']],
    requestBody: Buffer.from(f.body), status: f.status, responseHeaders: [], responseBody: Buffer.from(''),
  }))));
  const said = execFileSync('mitmdump', ['-n', '-r', file, '--set', 'flow_detail=1'], { encoding: 'utf8', timeout: 60_000 });
  const lines = said.split('\n').filter((l) => /^\S+: (GET|POST) /.test(l)).map((l) => l.replace(/^\S+: /, ''));
  assert.deepEqual(lines, flows.map((f) => `${f.method} https://${f.host}${f.path}`));
  assert.match(said, /<< 200 OK/);
  const opened = await openInput(file, { input: 0 });
  assert.equal(opened.format, 'mitmproxy');
  const ours = [];
  for await (const e of opened.exchanges) ours.push([e.method, e.url, e.response?.status, Buffer.from(e.request.body ?? []).toString()]);
  assert.deepEqual(ours, flows.map((f) => [f.method, `https://${f.host}${f.path}`, f.status, f.body]));
});
