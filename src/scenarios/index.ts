/** The scenario generator's door: deterministic re-enactments for the demo, the docs and the tests. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { cleanScenario } from './clean.js';
import { lawsuitScenario } from './lawsuit.js';
import type { Scenario, ScenarioFiles, ScenarioInfo, ScenarioName } from './types.js';

export * from './types.js';

const BUILDERS: Record<ScenarioName, () => Scenario> = { lawsuit: lawsuitScenario, clean: cleanScenario };

/** The scenarios, in a stable order. */
export const SCENARIOS: readonly ScenarioInfo[] = [lawsuitScenario().info, cleanScenario().info];

/** A scenario in memory (HAR object, events, profile). */
export function buildScenario(name: ScenarioName): Scenario {
  const build = BUILDERS[name];
  if (!build) throw new Error(`unknown scenario "${String(name)}"; known: ${Object.keys(BUILDERS).join(', ')}`);
  return build();
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Writes <name>.har, <name>.events.json and <name>.profile.json into `dir` (created if needed) and returns their
 * absolute paths. The same name always gives byte-identical files.
 */
export async function writeScenario(name: ScenarioName, dir: string): Promise<ScenarioFiles> {
  const scenario = buildScenario(name);
  await mkdir(dir, { recursive: true });
  const files = {
    har: resolve(join(dir, `${name}.har`)),
    events: resolve(join(dir, `${name}.events.json`)),
    profile: resolve(join(dir, `${name}.profile.json`)),
  };
  await writeFile(files.har, json(scenario.har));
  await writeFile(files.events, json(scenario.events));
  await writeFile(files.profile, json(scenario.profile));
  return { ...files, firstParty: [...scenario.info.firstParty] };
}
