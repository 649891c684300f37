/**
 * Protobuf strings that are also messages. Without a schema a length-delimited field is ambiguous, and decode reads it
 * as text whenever it is clean text. A nested message can be clean text too: "\nb6d65…" is tag 0x0a (field 1,
 * length-delimited) and length 0x62 = 98 written as the letter "b". Read as text, that length letter glues onto the
 * hex string inside and hides it from whole-token matching. Such leaves are read once more here, as a message.
 */
import { decodeBytes } from '../../decode/index.js';
import type { View } from '../../decode/types.js';
import { isProtobufField } from './location.js';

/** Wire types 0, 1, 2 and 5 (varint, fixed64, length-delimited, fixed32) as bits: groups (3, 4) and 6, 7 are out. */
const WIRE_TYPE_BITS = (1 << 0) | (1 << 1) | (1 << 2) | (1 << 5);
/** Bounds on the extra work per exchange (hostile input: many large text fields). */
const MAX_REREAD_BYTES = 64 * 1024;
const MAX_REREAD_VIEWS = 256;

/** First byte is a plausible tag: field number ≥ 1 (or a multi-byte tag) and a wire type that is not a group. */
function startsLikeMessage(bytes: Uint8Array): boolean {
  const first = bytes[0]!;
  return bytes.length >= 2 && first >= 8 && ((WIRE_TYPE_BITS >> (first & 7)) & 1) === 1;
}

/**
 * isProtobufField for a view, without reading its path when its layers already say no: decode names a view's last
 * path step after its last layer (selectors never hold a `|`), so a decoded view whose last layer is not protobuf is
 * not a protobuf field. Views without layers (roots, views built by hand) are judged by their path alone.
 */
function isProtobufFieldView(view: View): boolean {
  const layers = view.layers;
  if (layers.length > 0 && layers[layers.length - 1] !== 'protobuf') return false;
  return isProtobufField(view.path);
}

/**
 * Fields inside protobuf text leaves that parse completely as a message, with paths that say how they were read
 * ("request.body|protobuf:15|protobuf:1"). Leaves that are not messages, or that decode already opened, yield nothing.
 */
export function protobufRereads(views: readonly View[]): View[] {
  // A leaf decode already looked inside ("…|protobuf:15|hex:@2") is not read again: that would repeat its evidence.
  // The set of opened paths is built only when some view gets that far (most captures carry no protobuf).
  let opened: Set<string> | null = null;
  const out: View[] = [];
  for (const view of views) {
    if (out.length >= MAX_REREAD_VIEWS) break;
    if (view.bytes.length > MAX_REREAD_BYTES || !startsLikeMessage(view.bytes) || !isProtobufFieldView(view)) continue;
    opened ??= new Set(views.map((v) => v.path.slice(0, v.path.lastIndexOf('|'))));
    if (opened.has(view.path)) continue;
    const { views: parts } = decodeBytes(view.bytes, {
      basePath: view.path, side: view.side, mimeType: 'application/x-protobuf',
    });
    const prefix = `${view.path}|protobuf:`;
    for (const part of parts) if (part.path.startsWith(prefix) && out.length < MAX_REREAD_VIEWS) out.push(part);
  }
  return out;
}
