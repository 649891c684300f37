/**
 * A deliberately small reader for plain-text XML manifests (AARs ship AndroidManifest.xml as text). It reads
 * start/end tags and their attributes only — enough for a manifest — in one forward pass with indexOf, no regex
 * backtracking; comments, processing instructions, DOCTYPE and CDATA are skipped.
 */
import { InputError } from '../errors.js';
import { newElement, type XmlElement } from './xmltree.js';

const MAX_DEPTH = 64;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/g, (whole, body: string) => {
    if (body.startsWith('#x')) return String.fromCodePoint(Math.min(parseInt(body.slice(2), 16), 0x10ffff));
    if (body.startsWith('#')) return String.fromCodePoint(Math.min(parseInt(body.slice(1), 10), 0x10ffff));
    return ENTITIES[body] ?? whole;
  });
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}

function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t';
}

/** Parses `name="v" name2='v2'` inside a start tag into the element's attributes. */
function readAttributes(tag: string, el: XmlElement): void {
  let i = 0;
  while (i < tag.length) {
    while (isSpace(tag[i])) i++;
    const eq = tag.indexOf('=', i);
    if (eq < 0) return;
    const name = tag.slice(i, eq).trim();
    let q = eq + 1;
    while (isSpace(tag[q])) q++;
    const quote = tag[q];
    if (quote !== '"' && quote !== "'") return;
    const close = tag.indexOf(quote, q + 1);
    if (close < 0) return;
    if (!name.startsWith('xmlns')) el.attrs.set(localName(name), decodeEntities(tag.slice(q + 1, close)));
    i = close + 1;
  }
}

/** Skips a markup construct that is not an element; returns the index after it, or -1 when unterminated. */
function skipSpecial(text: string, lt: number): number {
  if (text.startsWith('<!--', lt)) { const e = text.indexOf('-->', lt + 4); return e < 0 ? -1 : e + 3; }
  if (text.startsWith('<![CDATA[', lt)) { const e = text.indexOf(']]>', lt + 9); return e < 0 ? -1 : e + 3; }
  if (text.startsWith('<?', lt)) { const e = text.indexOf('?>', lt + 2); return e < 0 ? -1 : e + 2; }
  const e = text.indexOf('>', lt + 2); // <!DOCTYPE ...> (internal subsets are not supported in manifests)
  return e < 0 ? -1 : e + 1;
}

export function parseXmlText(text: string, file: string, maxElements: number): { root: XmlElement | null; warnings: string[] } {
  const warnings: string[] = [];
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let elements = 0;
  let pos = 0;
  for (;;) {
    const lt = text.indexOf('<', pos);
    if (lt < 0) break;
    const second = text[lt + 1];
    if (second === '!' || second === '?') {
      pos = skipSpecial(text, lt);
      if (pos < 0) throw new InputError(file, `offset ${lt}`, 'unterminated comment or declaration');
      continue;
    }
    const gt = text.indexOf('>', lt);
    if (gt < 0) throw new InputError(file, `offset ${lt}`, 'unterminated tag');
    pos = gt + 1;
    if (second === '/') { stack.pop(); continue; }
    if (++elements > maxElements) { warnings.push(`more than ${maxElements} elements; rest ignored`); break; }
    const selfClosing = text[gt - 1] === '/';
    const body = text.slice(lt + 1, selfClosing ? gt - 1 : gt);
    let nameEnd = 0;
    while (nameEnd < body.length && !isSpace(body[nameEnd])) nameEnd++;
    const el = newElement(localName(body.slice(0, nameEnd)));
    readAttributes(body.slice(nameEnd), el);
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else if (!root) root = el;
    if (!selfClosing) {
      if (stack.length >= MAX_DEPTH) { warnings.push(`elements nested deeper than ${MAX_DEPTH}; rest ignored`); break; }
      stack.push(el);
    }
  }
  return { root, warnings };
}
