/**
 * A stored session as an analysis input (`telltale analyze session:12`): the same stream of exchanges a capture
 * file gives, with an identity the report can cite — a SHA-256 over the stored records and bodies, so the same
 * session always yields the same report bytes.
 */
import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
import type { Exchange, InputInfo, OpenedInput } from '../ingest/types.js';
import type { TesterEvent } from '../timeline/types.js';
import { toRow } from './codec.js';
import { openSqliteStore } from './sqlite.js';

const SESSION_REF = /^session:(\d{1,15})$/;
const YIELD_EVERY = 256;

/** `session:12` → 12; null when the text is not a session reference. */
export function parseSessionRef(text: string): number | null {
  const m = SESSION_REF.exec(text);
  return m ? Number(m[1]) : null;
}

export function isSessionRef(text: string): boolean {
  return text.startsWith('session:');
}

export interface SessionInputOptions {
  storePath: string;
  /** 0-based number of this input in the run. */
  input: number;
}

/** Opens `session:N` in the store; a malformed reference or an unknown session is an InputError naming it. */
export function openSessionInput(ref: string, options: SessionInputOptions): OpenedInput {
  const id = parseSessionRef(ref);
  if (id === null) throw new InputError(ref, null, 'a session is named session:<number>, e.g. session:3 (see telltale sessions)');
  const store = openSqliteStore(options.storePath);
  try {
    if (!store.getSession(id)) throw new InputError(ref, null, `no such session in ${options.storePath}`);
  } finally {
    store.close();
  }
  let completed: InputInfo | null = null;

  async function* iterate(): AsyncGenerator<Exchange> {
    const reader = openSqliteStore(options.storePath);
    const hash = createHash('sha256');
    let bytes = 0;
    const feed = (part: Uint8Array | string): void => {
      const buf = typeof part === 'string' ? Buffer.from(part) : part;
      // Length-prefixed, so two different sessions can never hash alike by moving bytes across a boundary.
      hash.update(`${buf.byteLength}:`);
      hash.update(buf);
      bytes += buf.byteLength;
    };
    let count = 0;
    try {
      for (const exchange of reader.exchanges(id!, options.input)) {
        // SQLite reads are synchronous: let the event loop breathe now and then (a server may be analysing this).
        if (++count % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
        const row = toRow(exchange, exchange);
        feed(row.record);
        feed(row.requestBody ?? '');
        feed(row.responseBody ?? '');
        yield exchange;
      }
      completed = { path: ref, sha256: hash.digest('hex'), bytes, format: 'live' };
    } finally {
      reader.close();
    }
  }

  return {
    format: 'live',
    exchanges: { [Symbol.asyncIterator]: () => iterate() },
    info: async () => {
      if (completed) return completed;
      for await (const _ of { [Symbol.asyncIterator]: () => iterate() }) { /* hashing pass */ }
      return completed!;
    },
  };
}

/** The tester events marked during `session:N` (empty when none were). */
export function loadSessionEvents(ref: string, storePath: string): TesterEvent[] {
  const id = parseSessionRef(ref);
  if (id === null) throw new InputError(ref, null, 'a session is named session:<number>, e.g. session:3 (see telltale sessions)');
  const store = openSqliteStore(storePath);
  try {
    return store.events(id);
  } finally {
    store.close();
  }
}
