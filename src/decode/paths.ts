/** Building blocks of evidence paths (grammar in types.ts). Every selector is written so a path splits on `|`. */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
// Characters that would make a selector ambiguous: the layer separator, the occurrence brackets, the escape itself.
const SELECTOR_UNSAFE = /[%|[\]\u0000-\u001f\u007f]/g;
const HAS_UNSAFE = /[%|[\]\u0000-\u001f\u007f]/;

/** A name (query/form field, header, cookie, multipart part) made safe for a selector. */
export function escapeName(name: string): string {
  if (!HAS_UNSAFE.test(name)) return name;
  return name.replace(SELECTOR_UNSAFE, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

/** `name` for the first occurrence, `name[i]` for later ones. */
export function occurrenceSelector(name: string, occurrence: number): string {
  const safe = escapeName(name);
  return occurrence === 0 ? safe : `${safe}[${occurrence}]`;
}

/** Counts occurrences of names as they are met, for occurrenceSelector. */
export class OccurrenceCounter {
  private readonly seen = new Map<string, number>();

  next(name: string): number {
    const n = this.seen.get(name) ?? 0;
    this.seen.set(name, n + 1);
    return n;
  }
}

/** JSON-path step for an object key: `.key`, or `["weird key"]` (with `|` escaped so the path still splits). */
export function keyStep(key: string): string {
  if (IDENTIFIER.test(key)) return '.' + key;
  return '[' + JSON.stringify(key).replace(/\|/g, '\\u007c') + ']';
}

/** Steps of the first array indexes, made once: every event of every batch is `[0]`, `[1]`… */
const INDEX_STEPS = Array.from({ length: 1024 }, (_, i) => `[${i}]`);

export function indexStep(index: number): string {
  return index < INDEX_STEPS.length ? INDEX_STEPS[index]! : `[${index}]`;
}

/** Joins a parent path and one decoding step. */
export function appendStep(path: string, layer: string, selector: string | null): string {
  return selector === null ? `${path}|${layer}` : `${path}|${layer}:${selector}`;
}
