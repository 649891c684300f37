/** Locates the shared, read-only corpus of real captures and packages (../shared/corpus beside the checkout). */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CORPUS_DIR = process.env.TELLTALE_CORPUS ?? resolve(REPO_ROOT, '..', 'shared', 'corpus');

/** Absolute path of a corpus file, or null when the corpus is absent (tests then skip with a message). */
export function corpusFile(rel: string): string | null {
  const p = join(CORPUS_DIR, rel);
  return existsSync(p) ? p : null;
}

export const corpusSkip = existsSync(CORPUS_DIR) ? false : `shared corpus not found at ${CORPUS_DIR}`;
