/**
 * What a batch's reports depend on besides the input itself: the telltale version, the flags and the bytes of every
 * option file. Its fingerprint names the settings in the output directory and in PostgreSQL, so a resumed batch
 * never keeps a report made with another profile, and a store keeps one report per (input, settings).
 */
import { createHash } from 'node:crypto';
import { loadProfile } from '../detect/index.js';
import { loadEvents } from '../timeline/index.js';
import { InputError } from '../errors.js';
import { VERSION } from '../version.js';
import { hashFile } from './inputs.js';
import type { BatchAnalysisOptions } from './types.js';

/**
 * Reads the files every input shares (profile, events) once, so a typo fails the batch in a second rather than
 * every input one by one; then fingerprints the settings.
 */
export async function settingsFingerprint(options: BatchAnalysisOptions): Promise<string> {
  if (options.profile) await loadProfile(options.profile);
  if (options.events) await loadEvents(options.events);
  const files: Record<string, string | string[] | null> = {
    profile: await fileDigest(options.profile),
    events: await fileDigest(options.events),
    app: await fileDigest(options.app),
    catalogs: await Promise.all((options.catalogs ?? []).map(async (c) => (await fileDigest(c))!)),
    ipCountryDb: await fileDigest(options.ipCountryDb),
    ipAsnDb: await fileDigest(options.ipAsnDb),
  };
  const flags = {
    eventsDir: options.eventsDir ?? null,
    offsetMs: options.offsetMs ?? null,
    firstParty: [...(options.firstParty ?? [])],
    reveal: options.reveal === true,
    generic: options.generic !== false,
  };
  return createHash('sha256').update(JSON.stringify({ version: VERSION, files, flags })).digest('hex');
}

async function fileDigest(path: string | null | undefined): Promise<string | null> {
  if (!path) return null;
  const hashed = await hashFile(path);
  if ('error' in hashed) throw new InputError(path, null, hashed.error.slice(path.length + 2));
  return hashed.sha256;
}
