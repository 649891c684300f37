/**
 * The pipeline's shape, checked on the source: data flows one way (a stage never imports a later stage), stages meet
 * only at each other's door (index.ts) or data model (types.ts), and there are no import cycles.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { REPO_ROOT } from '../helpers/corpus.js';

const SRC = join(REPO_ROOT, 'src');
/** Pipeline order; folders not listed are shared helpers (util, catalog, errors) or faces (cli, pipeline). */
const ORDER = ['ingest', 'decode', 'detect', 'attribute', 'timeline', 'assess', 'report'];
const FACES = new Set(['cli', 'server', 'pipeline', 'scenarios', 'index.ts']);
/** Orchestrators above the stages (docs/architecture.md) run the pipeline: live capture analyses its session at stop. */
const ORCHESTRATORS = new Set(['capture', 'scale']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'|import\('(\.[^']+)'\)/g)];
  return specs.map((m) => resolve(dirname(file), (m[1] ?? m[2])!).replace(/\.js$/, '.ts'));
}

const folderOf = (file: string) => relative(SRC, file).split('/')[0]!;
const files = sourceFiles(SRC);
const graph = new Map(files.map((f) => [f, importsOf(f)]));

test('a stage never imports a later stage, and nothing imports the faces', () => {
  const wrong: string[] = [];
  for (const [file, deps] of graph) {
    const from = folderOf(file);
    for (const dep of deps) {
      const to = folderOf(dep);
      if (from === to) continue;
      if (FACES.has(to) && !FACES.has(from) && !(ORCHESTRATORS.has(from) && to === 'pipeline')) wrong.push(`${relative(SRC, file)} → ${relative(SRC, dep)} (a face)`);
      const i = ORDER.indexOf(from);
      const j = ORDER.indexOf(to);
      if (i >= 0 && j > i) wrong.push(`${relative(SRC, file)} → ${relative(SRC, dep)} (later stage)`);
    }
  }
  assert.deepEqual(wrong, []);
});

test("stages meet only at each other's index.ts or types.ts", () => {
  const wrong: string[] = [];
  for (const [file, deps] of graph) {
    const from = folderOf(file);
    for (const dep of deps) {
      const to = folderOf(dep);
      if (from === to || !ORDER.concat(['appscan', 'catalog']).includes(to)) continue;
      const rest = relative(join(SRC, to), dep);
      if (rest !== 'index.ts' && rest !== 'types.ts') wrong.push(`${relative(SRC, file)} → ${relative(SRC, dep)}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('no import cycles between files', () => {
  const state = new Map<string, 'visiting' | 'done'>();
  const cycles: string[] = [];
  const visit = (file: string, trail: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'visiting') {
      cycles.push([...trail.slice(trail.indexOf(file)), file].map((f) => relative(SRC, f)).join(' → '));
      return;
    }
    state.set(file, 'visiting');
    for (const dep of graph.get(file) ?? []) visit(dep, [...trail, file]);
    state.set(file, 'done');
  };
  for (const file of files) visit(file, []);
  assert.deepEqual(cycles, []);
});
