/** Host of an exchange URL, lower-cased, without port or brackets; "" when the URL has none. */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return '';
  }
}
