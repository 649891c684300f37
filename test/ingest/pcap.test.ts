/**
 * pcap/pcapng through tshark, on traffic this test records itself (record-capture.ts): curl over TLS (HTTP/1.1 and
 * HTTP/2) with a key log, a WebSocket over plain HTTP, captured on loopback by dumpcap. The planted values must be
 * found with exact sources; without keys the TLS flows must become a blind spot named by SNI; keys injected into the
 * pcapng by editcap must need no flag.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, type Report } from '../../src/index.js';
import { openInput } from '../../src/ingest/index.js';
import { decodeExchange } from '../../src/decode/index.js';
import { testNeeding } from '../helpers/needs.js';
import { isOneLineError, runCli } from '../helpers/cli.js';
import { PROFILE, recordCapture, SERVER_NAME, type Recording } from './record-capture.js';

const TOOLS = ['tshark', 'dumpcap', 'curl', 'openssl', 'editcap'];
let recording: Promise<Recording> | null = null;
const recorded = () => (recording ??= recordCapture());

function finding(report: Report, dataType: string) {
  return report.findings.filter((f) => f.dataType === dataType && f.confidence === 'confirmed');
}

testNeeding('TLS capture with --keylog: HTTP/1.1 and HTTP/2 exchanges, planted values found with frame sources', { tools: TOOLS }, async () => {
  const rec = await recorded();
  const report = await analyze([rec.pcap], { keylog: rec.keylog, profile: PROFILE });
  assert.equal(report.inputs[0]!.format, 'pcap');
  assert.equal(report.inputs[0]!.tool?.name, 'tshark');
  const imei = finding(report, 'device.imei');
  assert.equal(imei.length, 1);
  assert.equal(imei[0]!.path, 'request.body|json:$.imei');
  assert.equal(imei[0]!.host, SERVER_NAME);
  assert.equal(imei[0]!.method, 'POST');
  assert.equal(imei[0]!.source.stream, undefined, 'HTTP/1.1 has no stream id');
  assert.ok(imei[0]!.source.index > 0, 'index is a frame number');
  assert.equal(finding(report, 'account.email')[0]?.path, 'request.body|json:$.email');
  assert.equal(finding(report, 'device.ad_id')[0]?.path, 'request.url|query:adid');
  const android = finding(report, 'device.android_id');
  assert.equal(android.length, 1);
  assert.equal(android[0]!.path, 'request.body|json:$.android_id');
  assert.equal(android[0]!.source.stream, 1, 'the HTTP/2 request is stream 1 of its connection');
  // The frame number points where Wireshark shows the request: tshark agrees.
  const frames = execFileSync('tshark', ['-r', rec.pcap, '-o', `tls.keylog_file:${rec.keylog}`, '-Y', 'http.request || http2.type == 1',
    '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').map(Number);
  assert.ok(frames.includes(imei[0]!.source.index) && frames.includes(android[0]!.source.index));
  assert.deepEqual(report.blindSpots.filter((b) => b.kind === 'tls-undecrypted'), []);
  assert.deepEqual(report.warnings, []);
  const destination = report.destinations.find((d) => d.host === SERVER_NAME);
  assert.deepEqual(destination?.serverIps, ['127.0.0.1']);
});

testNeeding('WebSocket in a pcap: the planted phone in a sent message is found with direction and the frame time', { tools: TOOLS }, async () => {
  const rec = await recorded();
  const report = await analyze([rec.pcap], { keylog: rec.keylog, profile: PROFILE });
  const phone = finding(report, 'account.phone');
  assert.equal(phone.length, 1);
  assert.equal(phone[0]!.path, 'ws[0].send|json:$.phone');
  assert.equal(phone[0]!.source.message, 0);
  assert.equal(phone[0]!.host, 'chat.tracker.test');
  // The message's own capture time, not the handshake's: within a second of when the client sent it.
  assert.ok(Math.abs(Date.parse(phone[0]!.time) - rec.wsSentMs) < 1000, `${phone[0]!.time} vs ${new Date(rec.wsSentMs).toISOString()}`);
});

testNeeding('server-sent events in a pcap are split into events, each decoded on its own', { tools: TOOLS }, async () => {
  const rec = await recorded();
  const opened = await openInput(rec.pcap, { input: 0, keylog: rec.keylog });
  const paths: string[] = [];
  for await (const exchange of opened.exchanges) {
    if (exchange.url.endsWith('/events')) paths.push(...decodeExchange(exchange).views.map((v) => v.path));
  }
  assert.ok(paths.includes('response.body|sse:0|json:$.device_id'), paths.join('\n'));
  assert.ok(paths.includes('response.body|sse:1|json:$.flags'), paths.join('\n'));
});

testNeeding('the same TLS capture without keys: a tls-undecrypted blind spot named by SNI, and one warning', { tools: TOOLS }, async () => {
  const rec = await recorded();
  const report = await analyze([rec.pcap], { profile: PROFILE });
  assert.deepEqual(report.findings.filter((f) => f.host === SERVER_NAME), []);
  const blind = report.blindSpots.find((b) => b.kind === 'tls-undecrypted');
  assert.ok(blind, JSON.stringify(report.blindSpots));
  assert.equal(blind.host, SERVER_NAME);
  assert.equal(blind.flows, 3);
  assert.ok(blind.bytes > 1000);
  assert.deepEqual(blind.serverIps, ['127.0.0.1']);
  assert.ok(blind.firstSeen! <= blind.lastSeen!);
  assert.equal(report.warnings.length, 1);
  assert.match(report.warnings[0]!, /3 of 3 TLS connection\(s\) could not be decrypted.*no TLS keys/);
  // The plain-HTTP WebSocket is still read.
  assert.equal(finding(report, 'account.phone').length, 1);
});

testNeeding('keys injected into the pcapng by editcap need no flag; a key log of another capture is said in one line', { tools: TOOLS }, async () => {
  const rec = await recorded();
  const withSecrets = join(rec.dir, 'with-secrets.pcapng');
  execFileSync('editcap', ['--inject-secrets', `tls,${rec.keylog}`, rec.pcap, withSecrets], { stdio: 'ignore' });
  const report = await analyze([withSecrets], { profile: PROFILE });
  assert.equal(finding(report, 'device.imei').length, 1);
  assert.equal(finding(report, 'device.android_id').length, 1);
  assert.deepEqual(report.warnings, []);

  const wrong = join(rec.dir, 'other-keys.txt');
  writeFileSync(wrong, readFileSync(rec.keylog, 'utf8').replace(/ ([0-9a-f]{64}) /g, (_m, random: string) => ` ${random.split('').reverse().join('')} `));
  const wrongReport = await analyze([rec.pcap], { keylog: wrong, profile: PROFILE });
  assert.equal(finding(wrongReport, 'device.imei').length, 0);
  assert.equal(wrongReport.warnings.length, 1);
  assert.match(wrongReport.warnings[0]!, /the key log .*other-keys\.txt decrypted none of them/);
});

testNeeding('CLI: analyze a pcapng with --keylog; a missing tshark is a one-line error naming the Debian package', { tools: TOOLS }, async () => {
  const rec = await recorded();
  const ok = await runCli(['analyze', rec.pcap, '--keylog', rec.keylog, '--format', 'json', '--out', '-']);
  assert.equal(ok.code, 0, ok.stderr);
  const report = JSON.parse(ok.stdout) as Report;
  assert.ok(report.summary.exchanges >= 4);
  const missing = await runCli(['analyze', rec.pcap, '--format', 'json', '--out', '-'], { env: { TELLTALE_TSHARK: join(rec.dir, 'no-such-tshark') } });
  assert.equal(missing.code, 2);
  assert.ok(isOneLineError(missing.stderr), missing.stderr);
  assert.match(missing.stderr, /apt-get install tshark/);
  const noKeylog = await runCli(['analyze', rec.pcap, '--keylog', join(rec.dir, 'absent.txt'), '--format', 'json', '--out', '-']);
  assert.equal(noKeylog.code, 2);
  assert.match(noKeylog.stderr, /absent\.txt: cannot read the TLS key log/);
});

testNeeding('a capture cut while being written is read up to the cut, with a warning', { tools: TOOLS }, async () => {
  const rec = await recorded();
  const whole = readFileSync(rec.pcap);
  const cut = join(rec.dir, 'cut.pcapng');
  writeFileSync(cut, whole.subarray(0, whole.length - 30));
  const report = await analyze([cut], { keylog: rec.keylog, profile: PROFILE });
  assert.equal(finding(report, 'device.imei').length, 1);
  assert.ok(report.warnings.some((w) => /ends inside a packet at byte \d+/.test(w)), JSON.stringify(report.warnings));
});

testNeeding('a capture split into pieces by address pair (as large ones are) yields the same exchanges and flows', { tools: TOOLS }, async () => {
  const rec = await recorded();
  const read = async (pcapPieceBytes?: number) => {
    const opened = await openInput(rec.pcap, { input: 0, keylog: rec.keylog, pcapPieceBytes });
    const exchanges: string[] = [];
    for await (const e of opened.exchanges) {
      exchanges.push(JSON.stringify([e.source, e.time, e.method, e.url, e.request.headers, Buffer.from(e.request.body ?? []).toString('hex'),
        e.response?.status, Buffer.from(e.response?.body ?? []).toString('hex'), e.messages?.map((m) => [m.direction, m.time, Buffer.from(m.data).toString('hex')])]));
    }
    return { exchanges: exchanges.sort(), summary: await opened.summary!(), info: await opened.info() };
  };
  const whole = await read();
  const split = await read(4096);
  assert.equal(whole.exchanges.length, 4);
  assert.deepEqual(split.exchanges, whole.exchanges);
  assert.deepEqual(split.summary, whole.summary);
  assert.deepEqual(split.info, whole.info);
});
