/**
 * The generators behind `npm run eval` (issue #11): they import nothing from src/ (so labels are not written in the
 * detectors' vocabulary), they are deterministic, every data type has ≥ 5 labelled cases, every family has decoys,
 * every case cites a source, and every planted form really is in its exchange — checked here with Node's own decoders.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import { DATA_TYPES } from '../../src/detect/index.js';
import type { EvalCase } from '../../eval/cases.js';
import type { HarEntry } from '../../eval/har.js';
import { buildLabelledCorpus } from '../../eval/labelled.js';
import { buildOovCapture } from '../../eval/oov.js';
import { buildSdkCases } from '../../eval/sdk-cases.js';
import { coverageOf } from '../../eval/run.js';
import { casesOfLabels, type SectionResult } from '../../eval/sections.js';
import { REPO_ROOT } from '../helpers/corpus.js';

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\('([^']+)'\)/g;

/** Every file a module reaches through relative imports (the module included). */
function reachable(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
    const spec = m[1] ?? m[2]!;
    if (spec.startsWith('.')) reachable(resolve(dirname(file), spec.replace(/\.js$/, '.ts')), seen);
  }
  return seen;
}

test('the generators import nothing from src/', () => {
  for (const generator of ['oov.ts', 'sdk-cases.ts', 'labelled.ts']) {
    const files = [...reachable(join(REPO_ROOT, 'eval', generator))];
    assert.ok(files.length > 3, `${generator}: import scan found too little`);
    const intoSrc = files.filter((f) => f.startsWith(join(REPO_ROOT, 'src')));
    assert.deepEqual(intoSrc, [], `${generator} reaches ${intoSrc.join(', ')}`);
  }
  // The scan does see imports into src/ when there are some (run.ts uses the pipeline).
  assert.ok([...reachable(join(REPO_ROOT, 'eval', 'run.ts'))].some((f) => f.includes(`${join(REPO_ROOT, 'src')}`)));
});

test('same seed, same bytes', () => {
  assert.equal(JSON.stringify(buildOovCapture()), JSON.stringify(buildOovCapture()));
  assert.equal(JSON.stringify(buildSdkCases()), JSON.stringify(buildSdkCases()));
  assert.notEqual(JSON.stringify(buildOovCapture(1).entries), JSON.stringify(buildOovCapture(2).entries));
});

function allCases(): { section: string; cases: EvalCase[] }[] {
  return [
    { section: 'labelled', cases: casesOfLabels(buildLabelledCorpus().labels) },
    { section: 'oov', cases: buildOovCapture().cases },
    { section: 'sdk-keys', cases: buildSdkCases().cases },
  ];
}

test('every data type has at least 5 labelled cases; every row of the new sections too', () => {
  const sections = allCases().map((s) => ({ id: s.section, cases: s.cases }) as unknown as SectionResult);
  const thin = coverageOf(sections).filter((c) => c.n < 5);
  assert.deepEqual(thin, []);
  assert.deepEqual(coverageOf(sections).map((c) => c.dataType), [...DATA_TYPES]);
  for (const { section, cases } of allCases().filter((s) => s.section !== 'labelled')) {
    const byType = new Map<string, number>();
    for (const c of cases) if (c.kind === 'positive') byType.set(c.dataType, (byType.get(c.dataType) ?? 0) + 1);
    for (const [type, n] of byType) assert.ok(n >= 5, `${section}: ${type} has ${n} cases`);
  }
});

test('every family has look-alike decoys and every case cites where its form or key comes from', () => {
  for (const { section, cases } of allCases().filter((s) => s.section !== 'labelled')) {
    const families = new Set(cases.map((c) => c.family));
    for (const family of families) {
      assert.ok(cases.some((c) => c.family === family && c.kind === 'decoy'), `${section}: family ${family} has no decoy`);
      assert.ok(cases.filter((c) => c.family === family && c.kind === 'positive').length >= 5, `${section}: family ${family} has < 5 positives`);
    }
    for (const c of cases) assert.match(c.source, /https:\/\/|shared\/knowledge\/sdks\.md/, `${section} entry ${c.entry}: no source`);
  }
});

// --- the planted forms are in their exchanges (independent unwrapping) ---

function bodyBytes(entry: HarEntry): Buffer {
  const pd = entry.request.postData as { text: string; encoding?: string } | undefined;
  if (!pd) return Buffer.alloc(0);
  return pd.encoding === 'base64' ? Buffer.from(pd.text, 'base64') : Buffer.from(pd.text, 'utf8');
}

function decodedRepeatedly(text: string): string[] {
  const out = [text];
  for (let i = 0; i < 3; i++) {
    try {
      const next = decodeURIComponent(out.at(-1)!.replace(/\+/g, ' '));
      if (next === out.at(-1)) break;
      out.push(next);
    } catch {
      break;
    }
  }
  return out;
}

/** Texts a reader sees in the exchange: URL, headers, cookies and body, undone layer by layer with Node's decoders. */
function haystack(entry: HarEntry): string[] {
  const req = entry.request as { url: string; headers: { value: string }[]; cookies: { value: string }[] };
  const body = bodyBytes(entry);
  const texts = [req.url, ...req.headers.map((h) => h.value), ...req.cookies.map((c) => c.value), body.toString('utf8')];
  const binary = [body.toString('hex')];
  const utf16 = (b: Buffer) => {
    const le = (b[0] === 0xff && b[1] === 0xfe ? b.subarray(2) : b).toString('utf16le');
    const swapped = Buffer.from(b[0] === 0xfe && b[1] === 0xff ? b.subarray(2) : b);
    for (let i = 0; i + 1 < swapped.length; i += 2) [swapped[i], swapped[i + 1]] = [swapped[i + 1]!, swapped[i]!];
    return [le, swapped.toString('utf16le')];
  };
  texts.push(...utf16(body));
  try {
    texts.push(inflateSync(body).toString('utf8'));
  } catch { /* not deflate: nothing to add */ }
  // Tokens that may be base64 / base64url / JWT segments: decoded as text, UTF-16 and hex of their bytes.
  for (const t of texts.splice(0).flatMap(decodedRepeatedly)) {
    texts.push(t);
    for (const tok of t.match(/[A-Za-z0-9+/_-]{8,}={0,2}/g) ?? []) {
      for (const seg of tok.split(/[.]/)) {
        const bytes = Buffer.from(seg, seg.includes('-') || seg.includes('_') ? 'base64url' : 'base64');
        texts.push(bytes.toString('utf8'), ...utf16(bytes));
        binary.push(bytes.toString('hex'));
      }
    }
  }
  return [...texts.flatMap(decodedRepeatedly), ...binary];
}

test('every case of the new sections is where its label says: the planted form is in its exchange', () => {
  for (const build of [buildOovCapture, buildSdkCases]) {
    const { entries, cases } = build();
    for (const c of cases) {
      const found = haystack(entries[c.entry]!);
      const plants = c.planted.split('|');
      const ok = plants.every((p) => found.some((h) => h.includes(p) || h.includes(p.toLowerCase())));
      assert.ok(ok, `entry ${c.entry} (${c.family}: ${c.form}): ${c.planted} not found`);
    }
  }
});
