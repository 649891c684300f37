/**
 * ISO-8601 timestamps as capture tools write them ("2023-07-25T11:03:15.216374+00:00", "...Z", "...+0200"), parsed
 * without Date.parse: Date.parse reads a time without offset as *local* time, which would make the report depend on
 * the machine's time zone. A missing offset is read as UTC and reported so by the caller.
 */

// Linear pattern (no nested quantifiers): date, time, optional fraction, optional offset.
const ISO_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,12}))?)?\s?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

export interface ParsedTime {
  iso: string;
  ms: number;
  /** True when the text had no offset and was read as UTC. */
  assumedUtc: boolean;
}

/** Parses an ISO-8601 date-time; null when the text is not one or names an impossible date. */
export function parseIsoTime(text: string): ParsedTime | null {
  if (text.length > 64) return null;
  const m = ISO_PATTERN.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s = '0', fraction = '', offset] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return null;
  // Milliseconds are truncated, not rounded, so a time never moves past the instant the capture recorded.
  const millis = Number((fraction + '000').slice(0, 3));
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCDate() !== day) return null;
  const offsetMinutes = parseOffset(offset);
  const ms = local - offsetMinutes * 60_000;
  if (!Number.isFinite(ms)) return null;
  const iso = new Date(ms).toISOString();
  return { iso, ms, assumedUtc: offset === undefined };
}

function parseOffset(offset: string | undefined): number {
  if (offset === undefined || offset === 'Z' || offset === 'z') return 0;
  const sign = offset[0] === '-' ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return sign * (hours * 60 + minutes);
}

/** Epoch seconds (as WebSocket message times are written) to ISO-8601 UTC; null when not a plausible number. */
export function epochSecondsToIso(seconds: unknown): string | null {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > 1e11) return null;
  return new Date(Math.floor(seconds * 1000)).toISOString();
}
