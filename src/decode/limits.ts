import type { DecodeLimits } from './types.js';

/**
 * Defaults sized for one exchange of a mobile app: generous for real payloads (a 64 MB inflated log batch), small
 * enough that a hostile capture cannot make one exchange cost more than a fraction of a second or a few hundred MB.
 */
export const DEFAULT_DECODE_LIMITS: DecodeLimits = Object.freeze({
  maxDepth: 8,
  maxInflatedBytes: 64 * 1024 * 1024,
  maxTotalBytes: 192 * 1024 * 1024,
  maxViews: 20_000,
  maxNesting: 100,
  maxResponseBytes: 2 * 1024 * 1024,
  maxScanBytes: 1024 * 1024,
  maxBlobBytes: 16 * 1024 * 1024,
  minBlobChars: 16,
});

export function resolveLimits(overrides: Partial<DecodeLimits> | undefined): DecodeLimits {
  if (overrides === undefined) return DEFAULT_DECODE_LIMITS;
  const limits = { ...DEFAULT_DECODE_LIMITS, ...(overrides ?? {}) };
  for (const [name, value] of Object.entries(limits)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`decode limit ${name} must be a finite number ≥ 0, got ${String(value)}`);
    }
  }
  return limits;
}
