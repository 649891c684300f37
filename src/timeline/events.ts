/** Reading and validating the tester's events file (design.md §2, "Events"). */
import { readFile, stat } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { cmpNum } from '../util/compare.js';
import { EVENT_KINDS, type EventKind, type TesterEvent } from './types.js';

/** An events file is a hand- or tool-written log; anything bigger than this is not one. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;
const MAX_EVENTS = 100_000;
const MAX_VALUE_CHARS = 2_000;
const ALLOWED_KEYS = ['at', 'kind', 'value'];
const CONSENT_VALUES = ['accepted', 'declined'];

/**
 * ISO-8601 date-time with an explicit zone. A time without a zone would be read in the analyst's local zone, which
 * makes the same file give different phases on different machines, so it is refused.
 */
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

const KIND_SET: ReadonlySet<string> = new Set(EVENT_KINDS);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Date.parse rolls "02-30" over into March; a date whose fields do not survive a round trip is refused. */
function realCalendarDate(raw: string): boolean {
  const [y, mo, d, h, mi, s] = [0, 5, 8, 11, 14, 17].map((i) => Number(raw.slice(i, i + (i === 0 ? 4 : 2))));
  const date = new Date(Date.UTC(y!, mo! - 1, d!));
  return date.getUTCMonth() === mo! - 1 && date.getUTCDate() === d && h! <= 23 && mi! <= 59 && s! <= 59;
}

function parseTime(raw: unknown, file: string, where: string): number {
  if (typeof raw !== 'string') throw new InputError(file, where, '"at" must be an ISO-8601 time string');
  const ms = ISO_WITH_ZONE.test(raw) && realCalendarDate(raw) ? Date.parse(raw) : NaN;
  if (!Number.isFinite(ms)) {
    throw new InputError(file, where, `"at" is not an ISO-8601 time with a zone (e.g. 2019-04-01T10:00:00.000Z): ${JSON.stringify(raw.slice(0, 40))}`);
  }
  return ms;
}

function parseKind(raw: unknown, file: string, where: string): EventKind {
  if (typeof raw !== 'string' || !KIND_SET.has(raw)) {
    throw new InputError(file, where, `unknown event kind ${JSON.stringify(raw)}; expected one of ${EVENT_KINDS.join(', ')}`);
  }
  return raw as EventKind;
}

function parseValue(raw: unknown, kind: EventKind, file: string, where: string): string | undefined {
  if (kind === 'consent') {
    if (typeof raw !== 'string' || !CONSENT_VALUES.includes(raw)) {
      throw new InputError(file, where, 'a consent event needs "value": "accepted" or "declined"');
    }
    return raw;
  }
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw new InputError(file, where, '"value" must be a string');
  if (raw.length > MAX_VALUE_CHARS) throw new InputError(file, where, `"value" is longer than ${MAX_VALUE_CHARS} characters`);
  return raw;
}

function parseOne(raw: unknown, index: number, file: string): { event: TesterEvent; ms: number } {
  const where = `$[${index}]`;
  if (!isPlainObject(raw)) throw new InputError(file, where, 'each event must be an object like {"at": "...", "kind": "install"}');
  const unknownKey = Object.keys(raw).find((k) => !ALLOWED_KEYS.includes(k));
  if (unknownKey !== undefined) {
    throw new InputError(file, `${where}.${unknownKey}`, `unknown key; an event has only ${ALLOWED_KEYS.join(', ')}`);
  }
  const ms = parseTime(raw.at, file, `${where}.at`);
  const kind = parseKind(raw.kind, file, `${where}.kind`);
  const value = parseValue(raw.value, kind, file, `${where}.value`);
  // Normalized to UTC with milliseconds so that the report shows one format whatever zone the tester used.
  const event: TesterEvent = { at: new Date(ms).toISOString(), kind };
  if (value !== undefined) event.value = value;
  return { event, ms };
}

/**
 * Validates an events array (already parsed from JSON) and returns the events sorted by time; events at the same
 * instant keep their order in the file. Throws InputError naming the event at fault.
 */
export function parseEvents(data: unknown, file: string): TesterEvent[] {
  if (!Array.isArray(data)) {
    throw new InputError(file, null, 'events must be a JSON array of {"at": ISO time, "kind": ..., "value"?: ...}');
  }
  if (data.length > MAX_EVENTS) throw new InputError(file, null, `more than ${MAX_EVENTS} events`);
  const parsed = data.map((raw, i) => ({ ...parseOne(raw, i, file), i }));
  parsed.sort((a, b) => cmpNum(a.ms, b.ms) || cmpNum(a.i, b.i));
  return parsed.map((p) => p.event);
}

/** Reads, parses and validates an events file. */
export async function loadEvents(path: string): Promise<TesterEvent[]> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (e) {
    throw new InputError(path, null, `cannot read events file: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  if (size > MAX_FILE_BYTES) throw new InputError(path, null, `events file is larger than ${MAX_FILE_BYTES} bytes`);
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InputError(path, null, `not valid JSON: ${(e as Error).message}`);
  }
  return parseEvents(data, path);
}
