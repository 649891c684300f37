/**
 * The store's door: persisted capture sessions (SQLite, embedded). Kept small on purpose: other back ends
 * (PostgreSQL results) export from here too.
 */
import type { PostgresStore } from './postgres.js';
export type { PostgresStore, StoredInput } from './postgres.js';
export type * from './types.js';
export { openSqliteStore, STORE_SCHEMA, type OpenStoreOptions } from './sqlite.js';
export { openSessionInput, loadSessionEvents, parseSessionRef, isSessionRef, type SessionInputOptions } from './session-input.js';
export { defaultStorePath, defaultConfigDir, defaultDataDir } from './location.js';

/** PostgreSQL results for a fleet (`--store postgres://`): `pg` loads only when a store is opened, not with every command. */
export async function openPostgresStore(url: string): Promise<PostgresStore> {
  return (await import('./postgres.js')).openPostgresStore(url);
}
