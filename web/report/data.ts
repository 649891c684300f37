/**
 * Reading the page's embedded data: inert blocks of JSON, gzip-compressed and base64-encoded when large (decoded
 * with the browser's own DecompressionStream — nothing is fetched). Records are unpacked by src/report/pack.ts.
 */
import { byId } from './dom.js';

function base64Bytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function gunzip(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}

/** The JSON of an embedded block, or null when the page has none. */
export async function readBlock<T>(id: string): Promise<T | null> {
  const el = byId(id);
  const text = el?.textContent;
  if (!el || !text) return null;
  const json = el.dataset.encoding === 'gzip-base64' ? await gunzip(base64Bytes(text.trim())) : text;
  return JSON.parse(json) as T;
}
