/** The store's door: persistence of results. PostgreSQL (`--store postgres://`) for a fleet's results. */
export { openPostgresStore, type PostgresStore, type StoredInput } from './postgres.js';
