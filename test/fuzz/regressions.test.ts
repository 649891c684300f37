/**
 * Inputs the fuzz tests once crashed a parser with, kept small under test/fixtures/fuzz/<target>/ and replayed on
 * every run: each must now end with a result or a one-line InputError.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isInputError } from '../../src/errors.js';
import { REPO_ROOT } from '../helpers/corpus.js';
import { TARGETS } from './targets.js';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'fuzz');

/** What a fixture must give: `input-error` names the outcome the fix produces, so a regression to a crash fails. */
async function outcome(target: string, bytes: Uint8Array): Promise<string> {
  try {
    await TARGETS[target]!.run(bytes);
    return 'result';
  } catch (err) {
    assert.ok(isInputError(err), `${target}: ${String(err)}`);
    assert.doesNotMatch(err.message, /[\r\n]/, 'one line');
    return 'input-error';
  }
}

const cases = readdirSync(FIXTURES).sort().flatMap((target) =>
  readdirSync(join(FIXTURES, target)).sort().map((name) => ({ target, name })));

test('every regression fixture belongs to a fuzz target', () => {
  assert.ok(cases.length > 0);
  for (const { target } of cases) assert.ok(target in TARGETS, target);
});

for (const { target, name } of cases) {
  test(`fuzz regression ${target}/${name}`, async () => {
    const bytes = readFileSync(join(FIXTURES, target, name));
    assert.equal(await outcome(target, bytes), 'input-error');
  });
}
