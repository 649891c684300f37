/**
 * The embedded store (design.md: "SQLite by default, WAL"): one file holds every capture session. A capture writes
 * each exchange in its own small transaction the moment it completes, so `kill -9` loses at most the exchanges still
 * in flight; readers (`sessions`, `export`, `analyze session:N`) may open the same file while a capture runs.
 */
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { InputError } from '../errors.js';
import type { Exchange } from '../ingest/types.js';
import type { TesterEvent } from '../timeline/types.js';
import { fromRow, toRow, type ExchangeRow } from './codec.js';
import type { ExchangeExtras, NewSession, SessionInfo, SessionStore, StoredExchange } from './types.js';

export const STORE_SCHEMA = 'telltale.store/1';

const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  label TEXT
);
CREATE TABLE IF NOT EXISTS exchanges (
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  seq INTEGER NOT NULL,
  time_ms REAL NOT NULL,
  method TEXT NOT NULL,
  url TEXT NOT NULL,
  status INTEGER,
  record TEXT NOT NULL,
  request_body BLOB,
  response_body BLOB,
  PRIMARY KEY (session_id, seq)
);
CREATE TABLE IF NOT EXISTS events (
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  seq INTEGER NOT NULL,
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  value TEXT,
  PRIMARY KEY (session_id, seq)
);
`;

export interface OpenStoreOptions {
  /** Create the file (and its folder, mode 0700) when missing; otherwise a missing store is an InputError. */
  create?: boolean;
}

interface SessionRow {
  id: number;
  started_at: string;
  ended_at: string | null;
  label: string | null;
  exchanges: number;
  events: number;
}

interface EventRow {
  at: string;
  kind: TesterEvent['kind'];
  value: string | null;
}

export function openSqliteStore(path: string, options: OpenStoreOptions = {}): SessionStore {
  const existed = existsSync(path);
  if (!existed && !options.create) throw new InputError(path, null, 'no telltale store here (telltale capture creates one)');
  if (!existed) mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: existed });
    // The store holds captured personal data: readable by its owner only.
    if (!existed) chmodSync(path, 0o600);
    db.pragma('journal_mode = WAL');
    // In WAL mode NORMAL survives a process crash (only power loss can undo the last commits), and it keeps one
    // small transaction per exchange cheap.
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA_SQL);
    checkSchema(db, path);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(path, null, `not a telltale store (SQLite): ${(e as Error).message}`);
  }
  return new SqliteStore(path, db);
}

function checkSchema(db: Database.Database, path: string): void {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get('schema') as { value: string } | undefined;
  if (!row) db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('schema', STORE_SCHEMA);
  else if (row.value !== STORE_SCHEMA) throw new InputError(path, null, `store schema ${row.value}, this telltale reads ${STORE_SCHEMA}`);
}

const SESSION_COLUMNS = `s.id, s.started_at, s.ended_at, s.label,
  (SELECT COUNT(*) FROM exchanges x WHERE x.session_id = s.id) AS exchanges,
  (SELECT COUNT(*) FROM events e WHERE e.session_id = s.id) AS events`;

function sessionInfo(row: SessionRow): SessionInfo {
  return {
    id: row.id, startedAt: row.started_at, endedAt: row.ended_at, label: row.label, exchanges: row.exchanges, events: row.events,
  };
}

class SqliteStore implements SessionStore {
  private readonly insertExchange: Database.Statement;
  private readonly insertEvent: Database.Statement;
  /** Next exchange / event number per session, so an insert needs no read. */
  private readonly nextSeq = new Map<string, number>();

  constructor(readonly path: string, private readonly db: Database.Database) {
    this.insertExchange = db.prepare(`INSERT INTO exchanges (session_id, seq, time_ms, method, url, status, record, request_body, response_body)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertEvent = db.prepare('INSERT INTO events (session_id, seq, at, kind, value) VALUES (?, ?, ?, ?, ?)');
  }

  createSession(session: NewSession): SessionInfo {
    const result = this.db.prepare('INSERT INTO sessions (started_at, label) VALUES (?, ?)').run(session.startedAt, session.label ?? null);
    return this.getSession(Number(result.lastInsertRowid))!;
  }

  private seq(table: 'exchanges' | 'events', sessionId: number): number {
    const key = `${table}:${sessionId}`;
    let next = this.nextSeq.get(key);
    if (next === undefined) {
      const row = this.db.prepare(`SELECT COALESCE(MAX(seq) + 1, 0) AS next FROM ${table} WHERE session_id = ?`).get(sessionId) as { next: number };
      next = row.next;
    }
    this.nextSeq.set(key, next + 1);
    return next;
  }

  addExchange(sessionId: number, exchange: Exchange, extras: Partial<ExchangeExtras> = {}): number {
    const seq = this.seq('exchanges', sessionId);
    const row = toRow(exchange, extras);
    this.insertExchange.run(sessionId, seq, exchange.timeMs, exchange.method, exchange.url, exchange.response?.status ?? null,
      row.record, row.requestBody, row.responseBody);
    return seq;
  }

  addEvent(sessionId: number, event: TesterEvent): void {
    this.insertEvent.run(sessionId, this.seq('events', sessionId), event.at, event.kind, event.value ?? null);
  }

  endSession(sessionId: number, endedAt: string): void {
    this.db.prepare('UPDATE sessions SET ended_at = ? WHERE id = ?').run(endedAt, sessionId);
  }

  listSessions(): SessionInfo[] {
    return (this.db.prepare(`SELECT ${SESSION_COLUMNS} FROM sessions s ORDER BY s.id`).all() as SessionRow[]).map(sessionInfo);
  }

  getSession(sessionId: number): SessionInfo | null {
    const row = this.db.prepare(`SELECT ${SESSION_COLUMNS} FROM sessions s WHERE s.id = ?`).get(sessionId) as SessionRow | undefined;
    return row ? sessionInfo(row) : null;
  }

  events(sessionId: number): TesterEvent[] {
    const rows = this.db.prepare('SELECT at, kind, value FROM events WHERE session_id = ? ORDER BY seq').all(sessionId) as EventRow[];
    return rows.map((r) => (r.value === null ? { at: r.at, kind: r.kind } : { at: r.at, kind: r.kind, value: r.value }));
  }

  *exchanges(sessionId: number, input = 0): Iterable<StoredExchange> {
    const rows = this.db.prepare(`SELECT record, request_body AS requestBody, response_body AS responseBody FROM exchanges
      WHERE session_id = ? ORDER BY time_ms, seq`).iterate(sessionId) as IterableIterator<ExchangeRow>;
    let index = 0;
    for (const row of rows) yield fromRow(row, { input, index: index++ });
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
