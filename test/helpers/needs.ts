/**
 * Tests that need something from outside the repo — a corpus file, a Debian tool — declare it here, and a missing
 * one FAILS the test with a message naming it. A green run must mean the thing was checked. Contributors without the
 * corpus or tools may set TELLTALE_ALLOW_MISSING_CORPUS=1: the test is then reported as skipped, with the reason.
 *
 *   testNeeding('reads the NYT capture', { corpus: ['har/pagexray/www.nytimes.com.har'], tools: ['tshark'] }, async () => {...})
 */
import { test, type TestContext } from 'node:test';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { CORPUS_DIR } from './corpus.js';

export interface Needs {
  /** Paths relative to ../shared/corpus. */
  corpus?: string[];
  /** Executables that must be on PATH (Debian packages installed by .ci/run). */
  tools?: string[];
  /** Other files (absolute paths), e.g. /usr/bin/chromium or a framework jar. */
  files?: string[];
}

export const ALLOW_MISSING = process.env.TELLTALE_ALLOW_MISSING_CORPUS === '1';

function onPath(tool: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, tool), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** What is missing, each named so a reader knows what to install or fetch; empty when everything is there. */
export function missingOf(needs: Needs): string[] {
  return [
    ...(needs.corpus ?? []).filter((rel) => !existsSync(join(CORPUS_DIR, rel))).map((rel) => `corpus file ${join(CORPUS_DIR, rel)}`),
    ...(needs.tools ?? []).filter((t) => !onPath(t)).map((t) => `tool ${t} (run .ci/run, or apt-get install it)`),
    ...(needs.files ?? []).filter((f) => !existsSync(f)).map((f) => `file ${f}`),
  ];
}

type Body = (t: TestContext) => void | Promise<void>;

/** A test that runs only when its needs are met: otherwise it fails naming them (or, when allowed, is skipped). */
export function testNeeding(name: string, needs: Needs, body: Body, options: { timeout?: number } = {}): void {
  const missing = missingOf(needs);
  if (missing.length === 0) {
    void test(name, options, body);
  } else if (ALLOW_MISSING) {
    void test(name, { ...options, skip: `missing ${missing.join('; ')} (TELLTALE_ALLOW_MISSING_CORPUS=1)` }, body);
  } else {
    void test(name, options, () => {
      throw new Error(`missing ${missing.join('; ')} — set TELLTALE_ALLOW_MISSING_CORPUS=1 to skip instead`);
    });
  }
}
