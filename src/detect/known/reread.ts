/**
 * Protobuf strings that are also messages. Without a schema a length-delimited field is ambiguous, and decode reads it
 * as text whenever it is clean text. A nested message can be clean text too: "\nb6d65…" is tag 0x0a (field 1,
 * length-delimited) and length 0x62 = 98 written as the letter "b". Read as text, that length letter glues onto the
 * hex string inside and hides it from whole-token matching. Such leaves are read once more here, as a message.
 */
import { decodeBytes } from '../../decode/index.js';
import type { View } from '../../decode/types.js';

/** The view is one field of a decoded protobuf message ("…|protobuf:15", "…|protobuf:3.2[1]"). */
const PROTOBUF_FIELD = /\|protobuf:[0-9.[\]]+$/;
const WIRE_TYPES = new Set([0, 1, 2, 5]);
/** Bounds on the extra work per exchange (hostile input: many large text fields). */
const MAX_REREAD_BYTES = 64 * 1024;
const MAX_REREAD_VIEWS = 256;

/** First byte is a plausible tag: field number ≥ 1 (or a multi-byte tag) and a wire type that is not a group. */
function startsLikeMessage(bytes: Uint8Array): boolean {
  const first = bytes[0]!;
  return bytes.length >= 2 && first >= 8 && WIRE_TYPES.has(first & 7);
}

/**
 * Fields inside protobuf text leaves that parse completely as a message, with paths that say how they were read
 * ("request.body|protobuf:15|protobuf:1"). Leaves that are not messages, or that decode already opened, yield nothing.
 */
export function protobufRereads(views: readonly View[]): View[] {
  // A leaf decode already looked inside ("…|protobuf:15|hex:@2") is not read again: that would repeat its evidence.
  const opened = new Set(views.map((v) => v.path.slice(0, v.path.lastIndexOf('|'))));
  const out: View[] = [];
  for (const view of views) {
    if (out.length >= MAX_REREAD_VIEWS) break;
    if (opened.has(view.path) || !PROTOBUF_FIELD.test(view.path) || view.bytes.length > MAX_REREAD_BYTES || !startsLikeMessage(view.bytes)) continue;
    const { views: parts } = decodeBytes(view.bytes, {
      basePath: view.path, side: view.side, mimeType: 'application/x-protobuf',
    });
    const prefix = `${view.path}|protobuf:`;
    for (const part of parts) if (part.path.startsWith(prefix) && out.length < MAX_REREAD_VIEWS) out.push(part);
  }
  return out;
}
