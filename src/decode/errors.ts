import type { DecodedPart, DecodeIssue } from './types.js';

/**
 * Thrown by a decoder that had to stop: a limit was reached (decompression, nesting, size) or the data broke off.
 * `partial` holds what was decoded before the stop; the engine keeps it, records the issue and leaves the parent
 * view uncovered so detectors still scan its raw bytes.
 */
export class DecodeLimitError extends Error {
  readonly kind: DecodeIssue['kind'];
  readonly bytes: number;
  readonly partial: DecodedPart[];

  constructor(kind: DecodeIssue['kind'], detail: string, bytes: number, partial: DecodedPart[] = []) {
    super(detail);
    this.name = 'DecodeLimitError';
    this.kind = kind;
    this.bytes = bytes;
    this.partial = partial;
  }
}
