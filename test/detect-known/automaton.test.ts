/**
 * The automaton walks long views as two interleaved halves: it must report exactly what one walk reports, in the same
 * order, above all for matches that cross or touch the middle.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FoldedAutomaton } from '../../src/detect/known/automaton.js';

function walk(automaton: FoldedAutomaton, bytes: Uint8Array): [number, number][] {
  const out: [number, number][] = [];
  automaton.scan(bytes, (pattern, end) => out.push([pattern, end]));
  return out;
}

/** Every (pattern, end) by brute force, in order of end, longer patterns first at the same end. */
function naive(patterns: string[], text: string): [number, number][] {
  const lower = text.toLowerCase();
  const out: [number, number, number][] = [];
  patterns.forEach((p, index) => {
    for (let at = lower.indexOf(p); at >= 0; at = lower.indexOf(p, at + 1)) out.push([index, at + p.length, p.length]);
  });
  out.sort((a, b) => a[1] - b[1] || b[2] - a[2]);
  return out.map(([index, end]) => [index, end]);
}

test('two interleaved walks report what one walk would, at the middle too', () => {
  // Overlapping patterns (one inside another, shared suffixes) so several end at the same byte.
  const patterns = ['356938035643809', '35643809', '3809', 'abc@example.com', 'example.com', 'ple.c', 'aaaa', 'aaaaaaa'];
  const automaton = FoldedAutomaton.build(patterns.map((p) => Buffer.from(p, 'latin1')));
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  let compared = 0;
  for (let round = 0; round < 300; round++) {
    const length = 256 + Math.floor(random() * 700);
    const chars: string[] = [];
    for (let i = 0; i < length; i++) chars.push('ab3580.@ Ex'[Math.floor(random() * 11)]!);
    let text = chars.join('');
    // Plant a pattern across the middle, at every offset around it over the rounds.
    const planted = patterns[round % patterns.length]!;
    const middle = length >>> 1;
    const at = Math.max(0, middle - planted.length + (round % (planted.length + 1)));
    text = text.slice(0, at) + (round % 2 ? planted.toUpperCase() : planted) + text.slice(at + planted.length);
    text = text.slice(0, length);
    const expected = naive(patterns, text);
    assert.deepEqual(walk(automaton, Buffer.from(text, 'latin1')), expected, `round ${round}`);
    compared += expected.length;
  }
  assert.ok(compared > 500, `only ${compared} matches compared`);
});
