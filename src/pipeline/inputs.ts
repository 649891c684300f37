/**
 * Input resolution: what the user named → the inputs of one run, in a fixed order. A file is itself; a directory is
 * every capture under it (recursively, hidden entries skipped); a glob (`'caps/*.pcapng'`, quoted so the shell
 * leaves it) is every file it matches. Files found in a directory or by a glob are recognised by content, and one
 * that is no capture is an error naming it. Within a directory or glob, paths are sorted (byte order), so the same
 * folder always gives the same input numbers. `session:N` is a session of the store (live capture), read from the
 * store named by AnalyzeOptions.store (default: the user's data dir); a session brings its own tester events.
 */
import { statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { InputError } from '../errors.js';
import { openInput, sniffCaptureFormat, type IngestOptions } from '../ingest/index.js';
import { defaultStorePath, isSessionRef, loadSessionEvents, openSessionInput } from '../store/index.js';
import type { TesterEvent } from '../timeline/index.js';
import type { InputSource } from './collect.js';

/** Ingest options shared by every input of a run (input number and progress are per input). */
export type SharedIngestOptions = Omit<IngestOptions, 'input' | 'onProgress'>;

export async function resolveInputs(
  args: readonly string[], ingest: SharedIngestOptions = {}, storePath?: string,
): Promise<InputSource[]> {
  const sources: InputSource[] = [];
  for (const arg of args) {
    if (isSessionRef(arg)) {
      sources.push(sessionSource(arg, storePath ?? defaultStorePath()));
      continue;
    }
    for (const path of await expand(arg)) sources.push(fileSource(path, ingest));
  }
  return sources;
}

function sessionSource(ref: string, storePath: string): InputSource {
  return { path: ref, open: (input) => Promise.resolve(openSessionInput(ref, { storePath, input })) };
}

/** The events marked during the stored sessions among the inputs; null when no input is a session or none has events. */
export function sessionEvents(inputs: readonly string[], storePath?: string): TesterEvent[] | null {
  const events = inputs.filter(isSessionRef).flatMap((ref) => loadSessionEvents(ref, storePath ?? defaultStorePath()));
  return events.length > 0 ? events : null;
}

function fileSource(path: string, ingest: SharedIngestOptions): InputSource {
  return { path, open: (input, onProgress) => openInput(path, { ...ingest, input, onProgress }) };
}

async function expand(arg: string): Promise<string[]> {
  const kind = kindOf(arg);
  if (kind === 'directory') return checked(await filesUnder(arg));
  if (kind === 'file') return [arg];
  if (isDynamicPattern(arg)) {
    // Matches are spelled like the pattern: absolute for an absolute pattern, else relative to the working directory.
    const matches = (await glob([arg], { onlyFiles: true, dot: false, expandDirectories: false, absolute: isAbsolute(arg) })).sort(byteOrder);
    if (matches.length === 0) throw new InputError(arg, null, 'no file matches this pattern');
    return checked(matches);
  }
  // Neither file, directory nor pattern: let the reader say why it cannot be opened.
  return [arg];
}

/** Synchronous on purpose: one stat per argument, no thread-pool round trip (see fileSize in ingest). */
function kindOf(path: string): 'file' | 'directory' | null {
  try {
    const info = statSync(path);
    return info.isDirectory() ? 'directory' : 'file';
  } catch {
    return null;
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (at: string): Promise<void> => {
    const entries = await readdir(at, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(at, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) found.push(path);
    }
  };
  await walk(dir);
  if (found.length === 0) throw new InputError(dir, null, 'directory holds no files');
  return found.sort(byteOrder);
}

/** Every file must be a capture: the first one that is not stops the run with its name. */
async function checked(paths: string[]): Promise<string[]> {
  for (const path of paths) await sniffCaptureFormat(path);
  return paths;
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
