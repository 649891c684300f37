/** Data-type patterns used by the law catalog and by policies: "*", a family "device.*", or an exact id. */

export function matchesDataType(patterns: readonly string[], dataType: string): boolean {
  return patterns.some((p) => p === '*' || p === dataType || (p.endsWith('.*') && dataType.startsWith(p.slice(0, -1))));
}
