/** Broken pcap/pcapng files: a one-line InputError naming the file and the byte, never a crash or a silent result. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, isInputError } from '../../src/index.js';
import { testNeeding } from '../helpers/needs.js';

const dir = mkdtempSync(join(tmpdir(), 'telltale-pcap-bad-'));

function file(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** A valid little-endian Section Header Block (pcapng spec §4.1). */
function sectionHeader(): Buffer {
  const b = Buffer.alloc(28);
  b.writeUInt32LE(0x0a0d0d0a, 0);
  b.writeUInt32LE(28, 4);
  b.writeUInt32LE(0x1a2b3c4d, 8);
  b.writeUInt16LE(1, 12);
  b.writeBigInt64LE(-1n, 16);
  b.writeUInt32LE(28, 24);
  return b;
}

testNeeding('a pcapng block with an impossible length, a packet on an undescribed interface, a giant pcap record', { tools: ['tshark'] }, async () => {
  const badLength = Buffer.concat([sectionHeader(), Buffer.from([6, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0])]);
  await assert.rejects(analyze([file('bad-length.pcapng', badLength)]),
    (e: unknown) => isInputError(e) && /bad-length\.pcapng \(byte 28\): pcapng block of type 6 with an impossible length/.test(e.message));

  const epb = Buffer.alloc(32);
  epb.writeUInt32LE(6, 0);
  epb.writeUInt32LE(32, 4);
  epb.writeUInt32LE(32, 28);
  await assert.rejects(analyze([file('no-interface.pcapng', Buffer.concat([sectionHeader(), epb]))]),
    (e: unknown) => isInputError(e) && /no-interface\.pcapng \(byte 28\): packet on interface 0, which the section never described/.test(e.message));

  const pcap = Buffer.alloc(40);
  pcap.writeUInt32LE(0xa1b2c3d4, 0);
  pcap.writeUInt16LE(2, 4);
  pcap.writeUInt16LE(4, 6);
  pcap.writeUInt32LE(1, 20);
  pcap.writeUInt32LE(0xfffffff0, 32);
  await assert.rejects(analyze([file('giant.pcap', pcap)]),
    (e: unknown) => isInputError(e) && /giant\.pcap \(byte 24\): packet record of \d+ bytes/.test(e.message));
});
