/**
 * The output directory of a batch: one `<input file name>.report.json` per input, `index.json`, and
 * `.telltale-batch.json` naming the settings the reports were made with (so a resumed batch never mixes reports of
 * different profiles or versions). Every file is written to a temporary name and renamed: an interrupted batch
 * leaves whole reports or none, never a truncated one.
 */
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { InputError } from '../errors.js';
import { cmp } from '../util/compare.js';
import type { BatchIndex, BatchIndexEntry } from './types.js';

const SETTINGS_FILE = '.telltale-batch.json';
const SETTINGS_SCHEMA = 'telltale.batch/1';
const TEMP_SUFFIX = '.partial';

export function reportFileOf(outDir: string, name: string): string {
  return join(outDir, `${name}.report.json`);
}

/**
 * Creates the directory, refuses one holding reports made with other settings, removes what an interrupted run left
 * half-written, and records the settings.
 */
export async function prepareOutDir(outDir: string, settings: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const previous = await readSettings(outDir);
  if (previous !== null && previous !== settings) {
    throw new InputError(outDir, null,
      'holds reports made with other options or another telltale version; use a new --out directory or empty it');
  }
  for (const name of await readdir(outDir)) {
    if (name.startsWith('.') && name.endsWith(TEMP_SUFFIX)) await rm(join(outDir, name), { force: true });
  }
  if (previous === null) await writeAtomically(join(outDir, SETTINGS_FILE), `${JSON.stringify({ schema: SETTINGS_SCHEMA, settings })}\n`);
}

async function readSettings(outDir: string): Promise<string | null> {
  let text: string;
  try {
    text = await readFile(join(outDir, SETTINGS_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = JSON.parse(text) as { schema?: unknown; settings?: unknown };
    if (parsed.schema === SETTINGS_SCHEMA && typeof parsed.settings === 'string') return parsed.settings;
  } catch {
    // fall through: an unreadable settings file is refused below like a foreign one
  }
  throw new InputError(join(outDir, SETTINGS_FILE), null, 'is not a telltale batch settings file');
}

/**
 * The findings count of a report already in DIR for exactly these bytes, or null when there is none (absent, for
 * other bytes, or unreadable: then the input is analysed again).
 */
export async function existingReport(outDir: string, name: string, sha256: string): Promise<{ findings: number } | null> {
  try {
    const report = JSON.parse(await readFile(reportFileOf(outDir, name), 'utf8')) as {
      inputs?: { sha256?: unknown }[]; summary?: { findings?: unknown };
    };
    const findings = report.summary?.findings;
    if (report.inputs?.length === 1 && report.inputs[0]?.sha256 === sha256 && typeof findings === 'number') return { findings };
  } catch {
    // absent or unreadable: analyse again
  }
  return null;
}

export async function writeReport(outDir: string, name: string, json: string): Promise<void> {
  await writeAtomically(reportFileOf(outDir, name), json);
}

/** A failed input keeps no report: one left from other bytes of the same name would be read as this one's. */
export async function removeReport(outDir: string, name: string): Promise<void> {
  await rm(reportFileOf(outDir, name), { force: true });
}

export async function writeIndex(outDir: string, entries: readonly BatchIndexEntry[]): Promise<BatchIndex> {
  const index: BatchIndex = { inputs: [...entries].sort((a, b) => cmp(a.path, b.path)) };
  await writeAtomically(join(outDir, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  return index;
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}-${threadId}${TEMP_SUFFIX}`);
  await writeFile(temp, text);
  await rename(temp, file);
}
