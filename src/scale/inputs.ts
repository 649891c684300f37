/**
 * Which inputs a batch covers: files given by name, and the regular files of directories given (not recursive,
 * hidden files left out), each named by its file name in the output directory. Subdirectories are listed, not read,
 * so the run can say which it left out.
 */
import { createReadStream, existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { basename, join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { cmp } from '../util/compare.js';
import type { BatchInput } from './types.js';

export interface BatchInputs {
  inputs: BatchInput[];
  /** Directories inside a directory given: not read (a report is named by its input's file name alone), but said. */
  subdirectories: string[];
}

export async function listBatchInputs(args: readonly string[], outDir: string): Promise<BatchInputs> {
  const inputs: BatchInput[] = [];
  const subdirectories: string[] = [];
  for (const arg of args) {
    const info = await statOrThrow(arg);
    if (info.isDirectory()) {
      if (resolve(arg) === resolve(outDir)) {
        throw new InputError(arg, null, 'is also the output directory (--out): reports would become inputs');
      }
      const listed = await filesOf(arg);
      inputs.push(...listed.files);
      subdirectories.push(...listed.directories);
    } else {
      inputs.push({ path: arg, name: basename(arg) });
    }
  }
  refuseSameNames(inputs);
  return { inputs: inputs.sort((a, b) => cmp(a.path, b.path)), subdirectories: subdirectories.sort(cmp) };
}

async function statOrThrow(path: string) {
  try {
    return await stat(path);
  } catch (e) {
    throw new InputError(path, null, `cannot open: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

/** The directory as given joined with each file name: the path analyze would be called with. */
async function filesOf(dir: string): Promise<{ files: BatchInput[]; directories: string[] }> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: BatchInput[] = [];
  const directories: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    // A symbolic link counts when it leads to a regular file.
    const target = entry.isSymbolicLink() ? await stat(path).catch(() => null) : null;
    if (entry.isFile() || target?.isFile()) files.push({ path, name: entry.name });
    else if (entry.isDirectory() || target?.isDirectory()) directories.push(path);
  }
  return { files, directories };
}

/** Two inputs with one file name would write one report file: refuse rather than let one overwrite the other. */
function refuseSameNames(inputs: readonly BatchInput[]): void {
  const seen = new Map<string, string>();
  for (const input of inputs) {
    const first = seen.get(input.name);
    if (first !== undefined && first !== input.path) {
      throw new InputError(input.path, null, `has the same file name as ${first}; both would write ${input.name}.report.json`);
    }
    seen.set(input.name, input.path);
  }
}

/** The events file of one input under --events-dir (`D/<file name>.events.json`), or null when there is none. */
export function eventsFileOf(eventsDir: string, input: BatchInput): string | null {
  const file = join(eventsDir, `${input.name}.events.json`);
  return existsSync(file) ? file : null;
}

/** SHA-256 of a file, streamed; null with the reason when it cannot be read. */
export async function hashFile(path: string): Promise<{ sha256: string } | { error: string }> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
    return { sha256: hash.digest('hex') };
  } catch (e) {
    return { error: `${path}: cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
  }
}
