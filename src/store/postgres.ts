/**
 * Reports and their findings in PostgreSQL (`--store postgres://...`), so a fleet's results can be queried together
 * with SQL. The schema lives in migrations/postgres/*.sql, applied in order and once (several workers starting at
 * once take turns on an advisory lock). Saving the same input (path and bytes) with the same settings again replaces its rows.
 */
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { InputError } from '../errors.js';

/** <package root>/migrations/postgres — the same relative place from src/store (tsx) and dist/store (built). */
export const POSTGRES_MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'migrations', 'postgres');
/** Any constant shared by every telltale process: the lock that serialises migrations. */
const MIGRATION_LOCK = 0x74656c6c; // 'tell'

export interface StoredInput {
  /** sha256 of the input bytes and the batch settings fingerprint: with the input's path, they name one report. */
  sha256: string;
  settings: string;
}

export interface PostgresStore {
  /** Writes one report (the JSON `analyze` writes) and its rows; returns its report_id. */
  saveReport(input: StoredInput, reportJson: string): Promise<number>;
  close(): Promise<void>;
}

export async function openPostgresStore(url: string): Promise<PostgresStore> {
  if (!/^postgres(ql)?:\/\//.test(url)) throw new InputError(url, null, 'expected a postgres:// URL');
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('error', () => undefined); // an idle client's error surfaces on its next query
  try {
    await migrate(pool);
  } catch (e) {
    await pool.end();
    if (e instanceof InputError) throw e;
    throw new InputError(redacted(url), null, `cannot prepare the PostgreSQL store: ${(e as Error).message}`);
  }
  return {
    saveReport: (input, reportJson) => saveReport(pool, input, reportJson),
    close: () => pool.end(),
  };
}

/** The URL without its password, for messages. */
function redacted(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

export async function migrate(pool: pg.Pool): Promise<string[]> {
  const files = (await readdir(POSTGRES_MIGRATIONS_DIR)).filter((f) => /^\d+_[\w-]+\.sql$/.test(f)).sort();
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS telltale_migrations (
      id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await client.query<{ id: string }>('SELECT id FROM telltale_migrations')).rows.map((r) => r.id));
    for (const file of files) {
      if (done.has(file)) continue;
      await client.query(await readFile(join(POSTGRES_MIGRATIONS_DIR, file), 'utf8'));
      await client.query('INSERT INTO telltale_migrations (id) VALUES ($1)', [file]);
      applied.push(file);
    }
    await client.query('COMMIT');
    return applied;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

/**
 * The report goes in whole (jsonb); its rows are extracted by PostgreSQL from that same document, so the tables
 * can never disagree with the stored report.
 */
async function saveReport(pool: pg.Pool, input: StoredInput, reportJson: string): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ report_id: string }>(UPSERT_REPORT, [input.sha256, input.settings, reportJson]);
    const reportId = rows[0]!.report_id;
    for (const table of ['telltale_findings', 'telltale_destinations', 'telltale_claims']) {
      await client.query(`DELETE FROM ${table} WHERE report_id = $1`, [reportId]);
    }
    await client.query(INSERT_FINDINGS, [reportId]);
    await client.query(INSERT_DESTINATIONS, [reportId]);
    await client.query(INSERT_CLAIMS, [reportId]);
    await client.query('COMMIT');
    return Number(reportId);
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

const UPSERT_REPORT = `
  WITH doc AS (SELECT $3::jsonb AS r)
  INSERT INTO telltale_reports (input_sha256, settings, input_path, input_format, input_bytes, tool_version,
                                exchanges, findings, destinations, report)
  SELECT $1, $2, r->'inputs'->0->>'path', r->'inputs'->0->>'format', (r->'inputs'->0->>'bytes')::bigint,
         r->'tool'->>'version', (r->'summary'->>'exchanges')::int, (r->'summary'->>'findings')::int,
         (r->'summary'->>'destinations')::int, r
  FROM doc
  ON CONFLICT (input_path, input_sha256, settings) DO UPDATE SET
    input_format = EXCLUDED.input_format, input_bytes = EXCLUDED.input_bytes,
    tool_version = EXCLUDED.tool_version, exchanges = EXCLUDED.exchanges, findings = EXCLUDED.findings,
    destinations = EXCLUDED.destinations, report = EXCLUDED.report, stored_at = now()
  RETURNING report_id`;

const textArray = (json: string) => `ARRAY(SELECT jsonb_array_elements_text(COALESCE(${json}, '[]'::jsonb)))`;

const INSERT_FINDINGS = `
  INSERT INTO telltale_findings (report_id, finding_id, data_type, host, method, path, transform, match, confidence,
                                 phase, time, excerpt, source_input, source_index)
  SELECT $1, f->>'id', f->>'dataType', f->>'host', f->>'method', f->>'path', ${textArray("f->'transform'")},
         f->>'match', f->>'confidence', f->>'phase', (f->>'time')::timestamptz, f->>'excerpt',
         (f->'source'->>'input')::int, (f->'source'->>'index')::int
  FROM telltale_reports, jsonb_array_elements(report->'findings') AS f
  WHERE report_id = $1`;

const INSERT_DESTINATIONS = `
  INSERT INTO telltale_destinations (report_id, host, domain, entity_id, entity_name, entity_parent, entity_country,
                                     server_country, party, sdks, exchanges, findings)
  SELECT $1, d->>'host', d->>'domain', d->'entity'->>'id', d->'entity'->>'name', d->'entity'->>'parent',
         d->'entity'->>'country', d->>'serverCountry', d->>'party', ${textArray("d->'sdks'")},
         (d->>'exchanges')::int, (d->>'findings')::int
  FROM telltale_reports, jsonb_array_elements(report->'destinations') AS d
  WHERE report_id = $1`;

const INSERT_CLAIMS = `
  INSERT INTO telltale_claims (report_id, claim_id, verdict, findings)
  SELECT $1, c->>'id', c->>'verdict', ${textArray("c->'findings'")}
  FROM telltale_reports, jsonb_array_elements(report->'claims') AS c
  WHERE report_id = $1`;
