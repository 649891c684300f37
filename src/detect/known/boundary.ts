/**
 * Boundary rules: a known value found inside a longer identifier is not that value. These rules are what keep
 * near-miss decoys (an IMEI inside a longer digit run, an id inside a hex blob, john@x.com inside john@x.com.cn)
 * from becoming "confirmed" findings.
 */

const HEX = new Uint8Array(256);
const ALNUM = new Uint8Array(256);
for (let b = 0; b < 256; b++) {
  const ch = String.fromCharCode(b);
  HEX[b] = /[0-9A-Fa-f]/.test(ch) ? 1 : 0;
  ALNUM[b] = /[0-9A-Za-z]/.test(ch) ? 1 : 0;
}

export function isAlnumByte(b: number): boolean {
  return ALNUM[b] === 1;
}

export interface BoundaryRule {
  /** The whole pattern is hex digits: neither neighbour may be a hex digit. */
  hex: boolean;
  /** First / last byte of the pattern is a letter or digit: that neighbour may not be one. */
  alnumLeft: boolean;
  alnumRight: boolean;
  /** Email-like: neighbours may not extend the address (".", "_", "+", "-" on the left; "-", "_" on the right). */
  email: boolean;
  /** Contains a dot (email, IP, host): "." followed by more name on the right, or preceded by one on the left, extends it. */
  dotted: boolean;
}

export function boundaryRuleFor(text: string): BoundaryRule {
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  return {
    hex: /^[0-9A-Fa-f]+$/.test(text),
    alnumLeft: first < 256 && ALNUM[first] === 1,
    alnumRight: last < 256 && ALNUM[last] === 1,
    email: text.includes('@') || /%40/i.test(text),
    dotted: text.includes('.'),
  };
}

/** "%2C" right before `start`: a percent-escape is a separator, even though its last byte is alphanumeric. */
function afterPercentEscape(bytes: Uint8Array, start: number): boolean {
  return start >= 3 && bytes[start - 3] === 0x25 && HEX[bytes[start - 2]!] === 1 && HEX[bytes[start - 1]!] === 1;
}

function leftOk(bytes: Uint8Array, start: number, rule: BoundaryRule): boolean {
  if (start === 0 || afterPercentEscape(bytes, start)) return true;
  const b = bytes[start - 1]!;
  if (rule.hex && HEX[b]) return false;
  if (rule.alnumLeft && ALNUM[b]) return false;
  if (rule.email && (b === 0x2e || b === 0x5f || b === 0x2b || b === 0x2d)) return false;
  if (rule.dotted && b === 0x2e && start >= 2 && ALNUM[bytes[start - 2]!]) return false;
  return true;
}

function rightOk(bytes: Uint8Array, end: number, rule: BoundaryRule): boolean {
  if (end >= bytes.length) return true;
  const b = bytes[end]!;
  if (rule.hex && HEX[b]) return false;
  if (rule.alnumRight && ALNUM[b]) return false;
  if (rule.email && (b === 0x2d || b === 0x5f)) return false;
  if (rule.dotted && b === 0x2e && end + 1 < bytes.length && ALNUM[bytes[end + 1]!]) return false;
  return true;
}

export function boundaryOk(bytes: Uint8Array, start: number, end: number, rule: BoundaryRule): boolean {
  return leftOk(bytes, start, rule) && rightOk(bytes, end, rule);
}
