/**
 * The manifest of an Android App Bundle (base/manifest/AndroidManifest.xml) is aapt2's protobuf XML, not AXML.
 * Messages used (aapt2 Resources.proto, https://android.googlesource.com/platform/frameworks/base/+/refs/heads/main/tools/aapt2/Resources.proto):
 *   XmlNode      { XmlElement element = 1; string text = 2; }
 *   XmlElement   { string namespace_uri = 2; string name = 3; repeated XmlAttribute attribute = 4; repeated XmlNode child = 5; }
 *   XmlAttribute { string namespace_uri = 1; string name = 2; string value = 3; uint32 resource_id = 5; }
 * aapt2 keeps the source text of every attribute in `value`, which is all a manifest summary needs.
 */
import { InputError } from '../errors.js';
import { newElement, type XmlElement } from './xmltree.js';

const MAX_DEPTH = 64;

interface Field { number: number; wireType: number; start: number; end: number; varint: number }

/** Iterates the fields of one message in [start, end); throws on malformed wire data. */
function* fields(buf: Buffer, start: number, end: number, file: string): Generator<Field> {
  let pos = start;
  while (pos < end) {
    const key = varint(buf, pos, end, file);
    pos = key.next;
    const wireType = key.value & 7;
    const number = Math.floor(key.value / 8);
    if (wireType === 0) {
      const v = varint(buf, pos, end, file);
      yield { number, wireType, start: pos, end: v.next, varint: v.value };
      pos = v.next;
    } else if (wireType === 2) {
      const len = varint(buf, pos, end, file);
      if (len.next + len.value > end) throw new InputError(file, `byte ${pos}`, 'protobuf field runs past its message');
      yield { number, wireType, start: len.next, end: len.next + len.value, varint: 0 };
      pos = len.next + len.value;
    } else if (wireType === 1 || wireType === 5) {
      pos += wireType === 1 ? 8 : 4;
    } else {
      throw new InputError(file, `byte ${pos}`, `unsupported protobuf wire type ${wireType}`);
    }
  }
}

function varint(buf: Buffer, pos: number, end: number, file: string): { value: number; next: number } {
  let value = 0;
  for (let i = 0; i < 10 && pos + i < end; i++) {
    const b = buf[pos + i]!;
    value += (b & 0x7f) * 2 ** (7 * i);
    if ((b & 0x80) === 0) return { value, next: pos + i + 1 };
  }
  throw new InputError(file, `byte ${pos}`, 'truncated protobuf varint');
}

interface Budget { elements: number; max: number; warnings: string[] }

function readElement(buf: Buffer, start: number, end: number, file: string, depth: number, budget: Budget): XmlElement | null {
  if (++budget.elements > budget.max) { budget.warnings.push(`more than ${budget.max} elements; rest ignored`); return null; }
  const el = newElement('');
  for (const f of fields(buf, start, end, file)) {
    if (f.number === 3 && f.wireType === 2) el.name = buf.toString('utf8', f.start, f.end);
    else if (f.number === 4 && f.wireType === 2) readAttribute(buf, f, file, el);
    else if (f.number === 5 && f.wireType === 2) {
      if (depth >= MAX_DEPTH) { budget.warnings.push(`elements nested deeper than ${MAX_DEPTH}; rest ignored`); continue; }
      const child = readNode(buf, f.start, f.end, file, depth + 1, budget);
      if (child) el.children.push(child);
    }
  }
  return el;
}

function readAttribute(buf: Buffer, attr: Field, file: string, el: XmlElement): void {
  let name = '';
  let value: string | null = null;
  for (const f of fields(buf, attr.start, attr.end, file)) {
    if (f.number === 2 && f.wireType === 2) name = buf.toString('utf8', f.start, f.end);
    if (f.number === 3 && f.wireType === 2) value = buf.toString('utf8', f.start, f.end);
  }
  if (name && value !== null) el.attrs.set(name, value);
}

function readNode(buf: Buffer, start: number, end: number, file: string, depth: number, budget: Budget): XmlElement | null {
  for (const f of fields(buf, start, end, file)) {
    if (f.number === 1 && f.wireType === 2) return readElement(buf, f.start, f.end, file, depth, budget);
  }
  return null;
}

export function parseProtoXml(buf: Buffer, file: string, maxElements: number): { root: XmlElement | null; warnings: string[] } {
  const budget: Budget = { elements: 0, max: maxElements, warnings: [] };
  return { root: readNode(buf, 0, buf.length, file, 0, budget), warnings: budget.warnings };
}
