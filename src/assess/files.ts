/** Reading the small user files assessment takes (policies, declarations): bounded size, JSON or YAML, exact errors. */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { InputError } from '../errors.js';

export interface DataFile {
  /** The parsed content. */
  data: unknown;
  bytes: number;
  sha256: string;
}

/** JSON for `.json` files, YAML (a superset of JSON) otherwise; the error names the file and the line. */
export function parseDataText(text: string, file: string): unknown {
  if (extname(file).toLowerCase() === '.json') {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new InputError(file, null, `not valid JSON: ${(e as Error).message}`);
    }
  }
  try {
    // maxAliasCount bounds alias expansion ("billion laughs"); the parser then throws a ReferenceError.
    return parseYaml(text, { maxAliasCount: 100 });
  } catch (e) {
    const pos = e instanceof YAMLParseError ? e.linePos?.[0] : undefined;
    const reason = (e as Error).message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new InputError(file, pos ? `line ${pos.line} column ${pos.col}` : null, `not valid YAML: ${reason}`);
  }
}

/** Reads and parses a small JSON/YAML file (`what` names it in errors: "policy", "declaration"). */
export async function readDataFile(path: string, what: string, maxBytes: number): Promise<DataFile> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (e) {
    throw new InputError(path, null, `cannot read ${what}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  if (size > maxBytes) throw new InputError(path, null, `${what} is larger than ${maxBytes} bytes`);
  const raw = await readFile(path);
  const text = raw.toString('utf8').replace(/^\uFEFF/, '');
  return { data: parseDataText(text, path), bytes: raw.length, sha256: createHash('sha256').update(raw).digest('hex') };
}

/** "$.rules[0].id" from a zod issue path. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return '$' + path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}
