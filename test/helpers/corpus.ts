/** Locates the shared, read-only corpus of real captures and packages (../shared/corpus beside the checkout). */
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CORPUS_DIR = process.env.TELLTALE_CORPUS ?? resolve(REPO_ROOT, '..', 'shared', 'corpus');

/**
 * Absolute path of a corpus file. Tests that read one declare it with testNeeding (test/helpers/needs.ts), which
 * fails them naming the file when it is absent; this only spells the path.
 */
export function corpusFile(rel: string): string {
  return join(CORPUS_DIR, rel);
}
