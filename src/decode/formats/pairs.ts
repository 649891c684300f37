/** Turning name=value pairs into parts with occurrence selectors (shared by form and query). */
import type { DecodedPart } from '../types.js';
import { OccurrenceCounter, occurrenceSelector } from '../paths.js';
import { percentDecode, percentDecodeText, type Pair } from './percent.js';

export function pairParts(pairs: Pair[], maxParts: number): DecodedPart[] {
  const counter = new OccurrenceCounter();
  const parts: DecodedPart[] = [];
  for (const pair of pairs) {
    if (parts.length >= maxParts) break;
    const name = percentDecodeText(pair.name, true);
    const occurrence = counter.next(name);
    const bytes = percentDecode(pair.value, true);
    // An empty value carries no data; its name alone is still evidence in the parent view.
    if (bytes.length === 0) continue;
    parts.push({ selector: occurrenceSelector(name, occurrence), bytes, key: name });
  }
  return parts;
}
