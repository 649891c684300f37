/**
 * `telltale demo`: re-enacts the 2019 lawsuit's allegations as generated traffic (a HAR, the tester's events and the
 * device profile), runs the whole chain on it and writes the report. Everything is generated locally and deterministic.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../model.js';
import { renderHtml, renderJson } from '../report/index.js';
import { analyze } from './analyze.js';

export async function runDemo(outJson: string): Promise<{ report: Report; written: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'telltale-demo-'));
  try {
    // The scenario generators load with the demo, not with every analysis.
    const { writeScenario } = await import('../scenarios/index.js');
    const files = await writeScenario('lawsuit', dir);
    const report = await analyze([files.har], {
      profile: files.profile, events: files.events, firstParty: files.firstParty,
    });
    // The scenario lives in a temporary folder: name the input by its file name so the report is reproducible.
    for (const input of report.inputs) input.path = input.path.slice(dir.length + 1);
    await writeFile(outJson, renderJson(report));
    // The page a reader opens first: claims, charts and evidence (beside the JSON, same base name).
    const outHtml = `${outJson.replace(/\.json$/i, '')}.html`;
    await writeFile(outHtml, renderHtml(report));
    return { report, written: [outJson, outHtml] };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
