/**
 * Leaves of an already-decoded value tree (msgpack, CBOR) as parts with JSON-path selectors, like json.ts produces.
 * Iterative, so a hostile 10,000-deep structure cannot overflow the stack; nesting past the limit is reported.
 */
import type { DecodedPart, DecodeLimits } from '../types.js';
import { DecodeLimitError } from '../errors.js';
import { indexStep, keyStep } from '../paths.js';
import { utf8 } from '../bytes.js';

interface Pending {
  value: unknown;
  path: string;
  key: string | null;
  depth: number;
}

function leafBytes(value: unknown): Uint8Array | null {
  if (typeof value === 'string') return value === '' ? null : utf8(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return utf8(String(value));
  if (value instanceof Uint8Array) return value.length ? value : null;
  return null;
}

function children(value: unknown, item: Pending): Pending[] {
  const depth = item.depth + 1;
  if (Array.isArray(value)) return (value as unknown[]).map((v, i) => ({ value: v, path: item.path + indexStep(i), key: item.key, depth }));
  const entries: [unknown, unknown][] = value instanceof Map ? [...(value as Map<unknown, unknown>).entries()] : Object.entries(value as object);
  return entries.map(([k, v]) => ({ value: v, path: item.path + keyStep(String(k)), key: String(k), depth }));
}

export function valueParts(root: unknown, limits: DecodeLimits, bytes: number): DecodedPart[] {
  const parts: DecodedPart[] = [];
  const stack: Pending[] = [{ value: root, path: '$', key: null, depth: 0 }];
  let tooDeep = false;
  while (stack.length) {
    const item = stack.pop() as Pending;
    const leaf = leafBytes(item.value);
    if (leaf) {
      if (parts.length >= limits.maxViews) {
        throw new DecodeLimitError('size-limit', `more than ${limits.maxViews} leaves`, bytes, parts);
      }
      parts.push({ selector: item.path, bytes: leaf, key: item.key });
    } else if (item.value !== null && typeof item.value === 'object' && !(item.value instanceof Uint8Array)) {
      if (item.depth >= limits.maxNesting) tooDeep = true;
      else stack.push(...children(item.value, item).reverse());
    }
  }
  if (tooDeep) throw new DecodeLimitError('depth-limit', `nesting deeper than ${limits.maxNesting} not followed`, bytes, parts);
  return parts;
}
