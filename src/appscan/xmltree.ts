/** The small element tree both manifest readers (binary AXML, plain-text XML of AARs) produce. */

/** An attribute value: strings, decimal/hex integers, booleans, or a resource reference (@0x7f040001). */
export type XmlValue = string | number | boolean | { ref: number };

export interface XmlElement {
  /** Local element name ("manifest", "uses-permission"). */
  name: string;
  /** Attributes by local name (namespace prefix dropped: "android:name" → "name"). */
  attrs: Map<string, XmlValue>;
  children: XmlElement[];
}

export function newElement(name: string): XmlElement {
  return { name, attrs: new Map(), children: [] };
}

export function attrString(el: XmlElement, name: string): string | null {
  const v = el.attrs.get(name);
  if (v === undefined) return null;
  if (typeof v === 'object') return `@0x${v.ref.toString(16).padStart(8, '0')}`;
  return String(v);
}

export function attrBool(el: XmlElement, name: string): boolean | null {
  const v = el.attrs.get(name);
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return null;
}

export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}
