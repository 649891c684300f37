/**
 * Server-sent events (text/event-stream, WHATWG HTML §9.2.6 "Interpreting an event stream",
 * https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation): a response body made
 * of events, each one or more `data:` lines ended by a blank line. Each dispatched event becomes a part `sse:N`
 * (0-based, in stream order) holding its data (lines joined with LF, as a browser's MessageEvent.data), keyed by its
 * event type. Only declared streams are read: the Content-Type is the one reliable sign of this format.
 */
import type { Decoder, DecodedPart } from '../types.js';
import { DecodeLimitError } from '../errors.js';
import { asBuffer, utf8 } from '../bytes.js';

const EVENT_STREAM = 'text/event-stream';

interface PendingEvent {
  type: string;
  data: string[];
}

/** The value after `field:` (one optional space removed, as the spec says); the whole line is the field when no colon. */
function splitField(line: string): [string, string] {
  const colon = line.indexOf(':');
  if (colon < 0) return [line, ''];
  const value = line.charCodeAt(colon + 1) === 0x20 ? line.slice(colon + 2) : line.slice(colon + 1);
  return [line.slice(0, colon), value];
}

export const sseDecoder: Decoder = {
  name: 'sse',
  maxFit: 100,
  covers: true,
  fit(input) {
    return input.mimeType === EVENT_STREAM && input.contentEncoding === null ? 100 : 0;
  },
  mayFit() {
    return false; // only a declared text/event-stream qualifies, and inputs without hints declare nothing
  },
  decode(input, limits) {
    const text = asBuffer(input.bytes).toString('utf8');
    const parts: DecodedPart[] = [];
    let event: PendingEvent = { type: 'message', data: [] };
    // CRLF, LF and CR all end a line; no nested quantifier, so no backtracking.
    for (const line of text.split(/\r\n|\n|\r/)) {
      if (line === '') {
        if (event.data.length > 0) {
          if (parts.length >= limits.maxViews) {
            throw new DecodeLimitError('size-limit', `more than ${limits.maxViews} server-sent events`, input.bytes.length, parts);
          }
          parts.push({ selector: String(parts.length), bytes: utf8(event.data.join('\n')), key: event.type, mimeType: null });
        }
        event = { type: 'message', data: [] };
        continue;
      }
      if (line.startsWith(':')) continue; // a comment
      const [field, value] = splitField(line);
      if (field === 'data') event.data.push(value);
      else if (field === 'event') event.type = value === '' ? 'message' : value;
    }
    // A stream cut before its final blank line still sent that event's data over the wire: keep it.
    if (event.data.length > 0) {
      parts.push({ selector: String(parts.length), bytes: utf8(event.data.join('\n')), key: event.type, mimeType: null });
    }
    return parts.length > 0 ? parts : null;
  },
};
