/**
 * The store's door: persisted capture sessions (SQLite, embedded). Kept small on purpose: other back ends
 * (PostgreSQL results) export from here too.
 */
export { openPostgresStore, type PostgresStore, type StoredInput } from './postgres.js';
export type * from './types.js';
export { openSqliteStore, STORE_SCHEMA, type OpenStoreOptions } from './sqlite.js';
export { openSessionInput, loadSessionEvents, parseSessionRef, isSessionRef, type SessionInputOptions } from './session-input.js';
export { defaultStorePath, defaultConfigDir, defaultDataDir } from './location.js';
