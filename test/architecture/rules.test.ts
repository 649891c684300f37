/**
 * The architecture and lint rules as checks that can fail: dependency-cruiser and ESLint run, with the project's own
 * configuration, on a temporary copy of src/ into which violations were planted. Each plant must be reported by the
 * rule meant for it, and nothing else may be reported — so the rest of the tree (the real src/) is clean.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';
import { REPO_ROOT } from '../helpers/corpus.js';

const run = promisify(execFile);

/** A project skeleton in a temporary folder: configs and package.json copied, node_modules linked. */
function skeleton(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const file of ['package.json', 'tsconfig.json', 'tsconfig.check.json', '.dependency-cruiser.cjs', 'eslint.config.js']) {
    cpSync(join(REPO_ROOT, file), join(dir, file));
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

function plant(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** Each plant and the one dependency-cruiser rule it must trip (from → to, as depcruise names them). */
const ARCHITECTURE_PLANTS: { rule: string; from: string; to: string; files: Record<string, string> }[] = [
  { rule: 'stage-order-detect', from: 'src/detect/plant-report.ts', to: 'src/report/index.ts',
    files: { 'src/detect/plant-report.ts': "export { renderJson } from '../report/index.js';\n" } },
  { rule: 'stage-order-decode', from: 'src/decode/plant-detect.ts', to: 'src/detect/index.ts',
    files: { 'src/decode/plant-detect.ts': "export { createDetector } from '../detect/index.js';\n" } },
  { rule: 'no-circular', from: 'src/util/plant-a.ts', to: 'src/util/plant-b.ts',
    files: {
      'src/util/plant-a.ts': "import { b } from './plant-b.js';\nexport const a = (): number => b() + 1;\n",
      'src/util/plant-b.ts': "import { a } from './plant-a.js';\nexport const b = (): number => a() - 1;\n",
    } },
  { rule: 'stage-doors', from: 'src/assess/plant-door.ts', to: 'src/detect/known/matcher.ts',
    files: { 'src/assess/plant-door.ts': "export * from '../detect/known/matcher.js';\n" } },
  { rule: 'shared-uses-no-stage', from: 'src/catalog/plant-stage.ts', to: 'src/ingest/index.ts',
    files: { 'src/catalog/plant-stage.ts': "export { openInput } from '../ingest/index.js';\n" } },
  { rule: 'report-reads-the-model', from: 'src/report/plant-attribute.ts', to: 'src/attribute/index.ts',
    files: { 'src/report/plant-attribute.ts': "export { createAttributor } from '../attribute/index.js';\n" } },
  { rule: 'faces-call-the-library', from: 'src/cli/plant-logic.ts', to: 'src/pipeline/index.ts',
    files: { 'src/cli/plant-logic.ts': "export { analyze } from '../pipeline/index.js';\n" } },
  { rule: 'no-orphans', from: 'src/util/plant-orphan.ts', to: 'src/util/plant-orphan.ts',
    files: { 'src/util/plant-orphan.ts': 'export const nobodyImportsMe = 1;\n' } },
];

test('dependency-cruiser: every planted violation is caught by its rule, and the rest of src/ is clean', async () => {
  const root = skeleton('telltale-depcruise-');
  cpSync(join(REPO_ROOT, 'src'), join(root, 'src'), { recursive: true });
  for (const p of ARCHITECTURE_PLANTS) plant(root, p.files);
  const depcruise = join(REPO_ROOT, 'node_modules', '.bin', 'depcruise');
  // Exit code 1 is expected: there are violations. Read them from the JSON report.
  const result = await run(depcruise, ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], { cwd: root, maxBuffer: 1 << 28 })
    .catch((e: { stdout?: string; code?: number }) => ({ stdout: e.stdout ?? '', code: e.code }));
  const report = JSON.parse(result.stdout) as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
  const found = report.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
  assert.deepEqual(found, ARCHITECTURE_PLANTS.map((p) => `${p.rule}: ${p.from} → ${p.to}`).sort());
});

/** Each plant and the ESLint rules it must trip, by line. */
const LINT_PLANTS: Record<string, { text: string; expected: string[] }> = {
  'src/util/plant-promise.ts': {
    text: [
      'async function save(): Promise<void> {}',
      'export function forget(): void {',
      '  save();',
      '}',
      '',
    ].join('\n'),
    expected: ['3 @typescript-eslint/no-floating-promises'],
  },
  'src/util/plant-unused.ts': {
    text: 'export function total(values: number[]): number {\n  const unused = values.length;\n  return values.reduce((a, b) => a + b, 0);\n}\n',
    expected: ['2 @typescript-eslint/no-unused-vars'],
  },
  'src/decode/plant-state.ts': {
    text: '/** Module-level mutable state: not reentrant. */\nlet lastSeen = 0;\nexport function seen(n: number): number {\n  const before = lastSeen;\n  lastSeen = n;\n  return before;\n}\n',
    expected: ['2 no-restricted-syntax'],
  },
  'src/detect/plant-state.ts': {
    text: 'export let counter = 0;\nexport function bump(): number {\n  return ++counter;\n}\n',
    expected: ['1 no-restricted-syntax'],
  },
  'src/util/plant-clean.ts': {
    // A module-level let outside decode/ and detect/, used: allowed.
    text: 'let calls = 0;\nexport async function fetchOnce(): Promise<number> {\n  calls++;\n  return Promise.resolve(calls);\n}\nexport async function caller(): Promise<number> {\n  return await fetchOnce();\n}\n',
    expected: [],
  },
};

test('ESLint (type-aware): a floating promise, an unused variable and module-level state in decode/ and detect/ are caught', async () => {
  const root = skeleton('telltale-eslint-');
  plant(root, Object.fromEntries(Object.entries(LINT_PLANTS).map(([path, p]) => [path, p.text])));
  const eslint = new ESLint({ cwd: root, overrideConfigFile: join(root, 'eslint.config.js') });
  const results = await eslint.lintFiles(Object.keys(LINT_PLANTS).map((p) => join(root, p)));
  for (const r of results) {
    const path = r.filePath.slice(root.length + 1);
    const found = r.messages.map((m) => `${m.line} ${m.ruleId ?? m.message}`).sort();
    assert.deepEqual(found, LINT_PLANTS[path]!.expected, path);
  }
  assert.equal(results.length, Object.keys(LINT_PLANTS).length);
});
