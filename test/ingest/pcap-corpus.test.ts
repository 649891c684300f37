/**
 * The real pcapng files of the corpus (fkie-cad/friTap's test fixtures). Neither holds TLS keys: chrome_quic_encrypted
 * is QUIC without its handshake (only server→client packets, raw-IP link type), dump_premaster is TLS 1.2 whose key
 * log (premaster.txt in friTap's tests) is not in the corpus nor in friTap's repository. Both must come out as blind
 * spots with their flows, bytes and time range — never as "nothing found".
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyze } from '../../src/index.js';
import { CORPUS_DIR } from '../helpers/corpus.js';
import { testNeeding } from '../helpers/needs.js';

testNeeding('chrome_quic_encrypted.pcapng: QUIC blind spots, Facebook\'s servers among them', {
  corpus: ['pcap/chrome_quic_encrypted.pcapng'], tools: ['tshark'],
}, async () => {
  const report = await analyze([join(CORPUS_DIR, 'pcap/chrome_quic_encrypted.pcapng')]);
  assert.equal(report.summary.exchanges, 0);
  const quic = report.blindSpots.filter((b) => b.kind === 'quic');
  assert.deepEqual(report.blindSpots.filter((b) => b.kind !== 'quic'), []);
  assert.equal(quic.reduce((n, b) => n + (b.flows ?? 0), 0), 6);
  // Every UDP payload byte of the 60 packets is accounted for (53,415 bytes on the wire minus 60 IP+UDP headers).
  assert.equal(quic.reduce((n, b) => n + b.bytes, 0), 53_415 - 60 * 28);
  const facebook = quic.filter((b) => b.serverIps?.some((ip) => ip.startsWith('157.240.27.')));
  assert.deepEqual(facebook.flatMap((b) => b.serverIps).sort(), ['157.240.27.35', '157.240.27.37']);
  // No SNI and no DNS answer in the capture: the flows are named by their server IPs.
  assert.deepEqual(facebook.map((b) => b.host).sort(), ['157.240.27.35', '157.240.27.37']);
  assert.equal(quic[0]!.firstSeen!.slice(0, 10), '2026-06-10');
});

testNeeding('dump_premaster.pcapng without its key log: 73 TLS connections as one tls-undecrypted blind spot', {
  corpus: ['pcap/dump_premaster.pcapng'], tools: ['tshark'],
}, async () => {
  const report = await analyze([join(CORPUS_DIR, 'pcap/dump_premaster.pcapng')]);
  assert.equal(report.summary.exchanges, 0);
  assert.equal(report.blindSpots.length, 1);
  const blind = report.blindSpots[0]!;
  assert.equal(blind.kind, 'tls-undecrypted');
  assert.equal(blind.host, '127.0.0.1');
  assert.equal(blind.flows, 73);
  assert.deepEqual(blind.serverIps, ['127.0.0.1']);
  assert.equal(blind.firstSeen, '2013-09-15T21:52:16.725Z');
  assert.equal(blind.lastSeen, '2013-09-15T21:52:17.696Z');
  assert.deepEqual(report.warnings.map((w) => w.replace(/^.*?: /, '')), [
    '73 of 73 TLS connection(s) could not be decrypted and are reported as tls-undecrypted blind spots: no TLS keys '
    + '(give --keylog SSLKEYLOGFILE, or embed them with editcap --inject-secrets tls,KEYS)',
  ]);
});
