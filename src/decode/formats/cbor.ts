/**
 * CBOR (RFC 8949), declared as application/cbor only: a small iterative reader for the major types, enough to expose
 * leaves. Indefinite lengths, tags (skipped, content kept) and simple values are handled; anything odd → not CBOR.
 */
import type { Decoder, DecodeLimits } from '../types.js';
import { valueParts } from './values.js';

class NotCbor extends Error {}

interface Container {
  kind: 'array' | 'map';
  value: unknown[] | Map<string, unknown>;
  remaining: number; // -1 = indefinite
  pendingKey: string | null;
  expectKey: boolean;
}

class CborReader {
  private p = 0;
  constructor(private readonly b: Uint8Array, private readonly limits: DecodeLimits) {}

  private byte(): number {
    if (this.p >= this.b.length) throw new NotCbor();
    return this.b[this.p++];
  }

  private argument(info: number): number {
    if (info < 24) return info;
    const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0;
    if (!size) throw new NotCbor();
    let v = 0;
    for (let i = 0; i < size; i++) v = v * 256 + this.byte();
    return v;
  }

  private take(n: number): Uint8Array {
    if (n > this.b.length - this.p) throw new NotCbor();
    const out = this.b.subarray(this.p, this.p + n);
    this.p += n;
    return out;
  }

  read(): unknown {
    const stack: Container[] = [];
    let root: unknown;
    let done = false;
    const place = (value: unknown) => {
      const top = stack[stack.length - 1];
      if (!top) {
        root = value;
        done = true;
        return;
      }
      if (top.kind === 'array') (top.value as unknown[]).push(value);
      else if (top.expectKey) top.pendingKey = String(value instanceof Uint8Array ? Buffer.from(value).toString('hex') : value);
      else (top.value as Map<string, unknown>).set(top.pendingKey ?? '', value);
      if (top.kind === 'map') top.expectKey = !top.expectKey;
      if (top.kind === 'array' || top.expectKey) {
        if (top.remaining > 0) top.remaining--;
        if (top.remaining === 0) place(stack.pop()!.value);
      }
    };
    while (!done) {
      const initial = this.byte();
      const major = initial >> 5;
      const info = initial & 31;
      if (initial === 0xff) {
        const top = stack.pop();
        if (!top || top.remaining !== -1) throw new NotCbor();
        place(top.value);
        continue;
      }
      if (major === 0) place(this.argument(info));
      else if (major === 1) place(-1 - this.argument(info));
      else if (major === 2 || major === 3) {
        if (info === 31) throw new NotCbor(); // indefinite strings: rare, not supported
        const bytes = this.take(this.argument(info));
        place(major === 3 ? Buffer.from(bytes).toString('utf8') : bytes);
      } else if (major === 4 || major === 5) {
        if (stack.length >= this.limits.maxNesting) throw new NotCbor();
        const count = info === 31 ? -1 : this.argument(info);
        if (count > this.b.length) throw new NotCbor();
        const value = major === 4 ? [] : new Map<string, unknown>();
        if (count === 0) place(value);
        else stack.push({ kind: major === 4 ? 'array' : 'map', value, remaining: count, pendingKey: null, expectKey: true });
      } else if (major === 6) {
        this.argument(info); // tag number: the tagged item follows
      } else {
        place(this.simple(info));
      }
    }
    if (this.p !== this.b.length) throw new NotCbor();
    return root;
  }

  private simple(info: number): unknown {
    if (info === 20) return false;
    if (info === 21) return true;
    if (info === 22 || info === 23) return null;
    const view = () => new DataView(this.b.buffer, this.b.byteOffset + this.p - (info === 26 ? 4 : 8));
    if (info === 26) {
      this.take(4);
      return view().getFloat32(0);
    }
    if (info === 27) {
      this.take(8);
      return view().getFloat64(0);
    }
    if (info === 25) {
      this.take(2);
      return null; // half floats carry no identifiers worth a decoder
    }
    throw new NotCbor();
  }
}

export const cborDecoder: Decoder = {
  name: 'cbor',
  maxFit: 80,
  covers: true,
  fit(input) {
    return input.mimeType === 'application/cbor' && input.bytes.length > 0 ? 80 : 0;
  },
  mayFit() {
    return false; // only a declared CBOR media type
  },
  decode(input, limits) {
    let value: unknown;
    try {
      value = new CborReader(input.bytes, limits).read();
    } catch (e) {
      if (e instanceof NotCbor) return null;
      throw e;
    }
    return valueParts(value, limits, input.bytes.length);
  },
};
