/** Renders scores as the markdown tables committed to docs/accuracy.md. */
import { precision, recall, totals, transformKey, type Row, type Score } from './score.js';

export function pct(value: number | null): string {
  return value === null ? 'n/a' : `${(value * 100).toFixed(1)}%`;
}

export function rowsTable(title: string, rows: readonly Row[]): string {
  const lines = [
    `| ${title} | TP | FP | FN | tolerated | precision | recall |`,
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of [...rows, totals(rows)]) {
    const key = r.key === 'total' ? '**total**' : `\`${r.key}\``;
    lines.push(`| ${key} | ${r.tp} | ${r.fp} | ${r.fn} | ${r.tolerated} | ${pct(precision(r))} | ${pct(recall(r))} |`);
  }
  return lines.join('\n');
}

/** Markdown-safe inline code (backticks and pipes would break a table cell or a list item). */
export function code(text: string, max = 80): string {
  const clipped = text.length > max ? `${text.slice(0, max)}…` : text;
  return `\`${clipped.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\n/g, ' ')}\``;
}

export function scoreSection(s: Score): string {
  const all = totals(s.byDataType);
  const out: string[] = [];
  out.push(`Labels: ${s.labels}; recalled: ${s.recalled} (${pct(s.labels ? s.recalled / s.labels : null)}); `
    + `false positives: ${s.falsePositives.length}; tolerated: ${s.tolerated}; precision: ${pct(precision(all))}; `
    + `confirmed findings on ${s.decoyEntries} decoy entries: **${s.decoyHits.length}**.`);
  out.push('', '#### Per data type', '', rowsTable('data type', s.byDataType));
  if (s.mode === 'known') {
    out.push('', '#### Per transform', '', rowsTable('transform', s.byTransform));
    out.push('', '#### Per location', '', rowsTable('location', s.byLocation));
  }
  out.push('', `#### Misses (${s.misses.length})`, '');
  if (s.misses.length === 0) out.push('None.');
  for (const m of s.misses) {
    const near = m.near.length > 0 ? `; found instead: ${m.near.map((n) => code(n, 120)).join(', ')}` : '';
    out.push(`- entry ${m.label.entry}: \`${m.label.dataType}\` ${code(transformKey(m.label.transform))} in ${m.label.where}: ${code(m.label.planted)}${near}`);
  }
  out.push('', `#### False positives (${s.falsePositives.length})`, '');
  if (s.falsePositives.length === 0) out.push('None.');
  for (const { finding: f, entry } of s.falsePositives) {
    out.push(`- entry ${entry}: \`${f.dataType}\` ${code(transformKey(f.transform))} ${f.confidence} by ${f.detector ?? f.match} at ${code(f.path, 120)}`);
  }
  out.push('', `#### Confirmed findings on decoys (${s.decoyHits.length})`, '');
  if (s.decoyHits.length === 0) out.push('None.');
  for (const { finding: f, label } of s.decoyHits) {
    out.push(`- entry ${label.entry} (${label.where}): \`${f.dataType}\` ${code(transformKey(f.transform))} at ${code(f.path, 120)}`);
  }
  return out.join('\n');
}
