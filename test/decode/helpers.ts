/** Small helpers for decode tests: find a view by path, read it as text, build protobuf bytes. */
import assert from 'node:assert/strict';
import type { View } from '../../src/decode/index.js';

export function viewAt(views: View[], path: string): View {
  const found = views.find((v) => v.path === path);
  assert.ok(found, `no view at ${path}; have:\n  ${views.map((v) => v.path).join('\n  ')}`);
  return found;
}

export function textAt(views: View[], path: string): string {
  return Buffer.from(viewAt(views, path).bytes).toString('utf8');
}

export function paths(views: View[]): string[] {
  return views.map((v) => v.path);
}

/** Protobuf wire writer for fixtures (checked against the byte examples of the protobuf encoding guide). */
export function varint(n: number | bigint): number[] {
  let v = BigInt(n);
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}

export function pbVarint(field: number, value: number | bigint): number[] {
  return [...varint(field * 8), ...varint(value)];
}

export function pbBytes(field: number, content: Uint8Array | number[] | string): number[] {
  const bytes = typeof content === 'string' ? [...Buffer.from(content, 'utf8')] : [...content];
  return [...varint(field * 8 + 2), ...varint(bytes.length), ...bytes];
}

export function pbDouble(field: number, value: number): number[] {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(value);
  return [...varint(field * 8 + 1), ...b];
}
