/** Byte-wise string comparison, independent of locale, for deterministic sorting. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function cmpNum(a: number, b: number): number {
  return a - b;
}
