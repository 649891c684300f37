/**
 * Protocol Buffers wire format without a schema (https://protobuf.dev/programming-guides/encoding/): tags are
 * (field_number << 3 | wire_type) varints; types 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32. The deprecated
 * group types 3/4 are treated as invalid, which keeps random bytes from passing as a message.
 */

export type WireValue =
  | { wireType: 0; value: string }
  | { wireType: 1; bytes: Uint8Array }
  | { wireType: 2; bytes: Uint8Array }
  | { wireType: 5; bytes: Uint8Array };

export type WireField = { number: number } & WireValue;

const MAX_FIELD_NUMBER = 536_870_911; // 2^29 - 1

/** Reads a varint at `at`: [value as decimal text, next offset], or null when malformed. */
function readVarint(b: Uint8Array, at: number): [string, number] | null {
  let p = at;
  let small = 0;
  let scale = 1;
  while (p < b.length && p - at < 10) {
    const byte = b[p++];
    if (p - at <= 7) small += (byte & 0x7f) * scale;
    scale *= 128;
    if ((byte & 0x80) === 0) {
      return [p - at <= 7 ? String(small) : bigVarint(b, at, p), p];
    }
  }
  return null;
}

function bigVarint(b: Uint8Array, from: number, to: number): string {
  let v = 0n;
  for (let p = to - 1; p >= from; p--) v = (v << 7n) | BigInt(b[p] & 0x7f);
  return (v & 0xffffffffffffffffn).toString();
}

/** Tag varint as a number (tags fit in 32 bits), or null. */
function readTag(b: Uint8Array, at: number): [number, number] | null {
  let p = at;
  let value = 0;
  let scale = 1;
  while (p < b.length && p - at < 5) {
    const byte = b[p++];
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if ((byte & 0x80) === 0) return [value, p];
  }
  return null;
}

/**
 * All fields of one message level, or null unless the bytes are exactly a valid message (every byte consumed,
 * at least one field). Length-delimited contents are returned raw; the caller decides what they are.
 */
export function readMessage(b: Uint8Array, maxFields: number): WireField[] | null {
  const fields: WireField[] = [];
  let p = 0;
  while (p < b.length) {
    if (fields.length >= maxFields) return null;
    const tag = readTag(b, p);
    if (!tag) return null;
    const [key, afterTag] = tag;
    const number = Math.floor(key / 8);
    const wireType = key & 7;
    if (number < 1 || number > MAX_FIELD_NUMBER) return null;
    p = afterTag;
    if (wireType === 0) {
      const v = readVarint(b, p);
      if (!v) return null;
      fields.push({ number, wireType: 0, value: v[0] });
      p = v[1];
    } else if (wireType === 1 || wireType === 5) {
      const size = wireType === 1 ? 8 : 4;
      if (p + size > b.length) return null;
      fields.push({ number, wireType, bytes: b.subarray(p, p + size) });
      p += size;
    } else if (wireType === 2) {
      const len = readTag(b, p);
      if (!len) return null;
      const [length, start] = len;
      if (start + length > b.length) return null;
      fields.push({ number, wireType: 2, bytes: b.subarray(start, start + length) });
      p = start + length;
    } else {
      return null;
    }
  }
  return fields.length > 0 ? fields : null;
}

/**
 * Same answer as `readMessage(b, maxFields)?.some((f) => f.wireType === 2 && f.bytes.length >= minLength &&
 * isText(f.bytes))`, without building the field list: blob candidates are mostly random bytes that fail within a few
 * fields, and this runs for every one of them.
 */
export function hasReadableString(b: Uint8Array, maxFields: number, minLength: number,
  isText: (bytes: Uint8Array) => boolean): boolean {
  let p = 0;
  let fields = 0;
  let foundText = false;
  while (p < b.length) {
    if (fields >= maxFields) return false;
    const tag = readTag(b, p);
    if (!tag) return false;
    const [key, afterTag] = tag;
    const number = Math.floor(key / 8);
    const wireType = key & 7;
    if (number < 1 || number > MAX_FIELD_NUMBER) return false;
    p = afterTag;
    if (wireType === 0) {
      const end = varintEnd(b, p);
      if (end < 0) return false;
      p = end;
    } else if (wireType === 1 || wireType === 5) {
      const size = wireType === 1 ? 8 : 4;
      if (p + size > b.length) return false;
      p += size;
    } else if (wireType === 2) {
      const len = readTag(b, p);
      if (!len) return false;
      const [length, start] = len;
      if (start + length > b.length) return false;
      // The answer still needs the rest of the message to be valid, so keep walking after a hit.
      if (!foundText && length >= minLength) foundText = isText(b.subarray(start, start + length));
      p = start + length;
    } else {
      return false;
    }
    fields++;
  }
  return foundText;
}

/** Offset after the varint at `at` (at most 10 bytes), or -1 when it is cut or too long, as readVarint decides. */
function varintEnd(b: Uint8Array, at: number): number {
  let p = at;
  while (p < b.length && p - at < 10) {
    if ((b[p++] & 0x80) === 0) return p;
  }
  return -1;
}

/** fixed64 as text: a double when it reads as a plausible measurement (coordinates, timestamps), else uint64. */
export function fixed64Text(bytes: Uint8Array): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
  const d = view.getFloat64(0, true);
  const magnitude = Math.abs(d);
  if (Number.isFinite(d) && (d === 0 || (magnitude > 1e-7 && magnitude < 1e15))) return String(d);
  return view.getBigUint64(0, true).toString();
}

/** fixed32 as text: a float (7 significant digits) when plausible, else uint32. */
export function fixed32Text(bytes: Uint8Array): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, 4);
  const f = view.getFloat32(0, true);
  const magnitude = Math.abs(f);
  if (Number.isFinite(f) && (f === 0 || (magnitude > 1e-5 && magnitude < 1e9))) return String(parseFloat(f.toPrecision(7)));
  return String(view.getUint32(0, true));
}
