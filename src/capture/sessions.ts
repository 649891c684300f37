/** Stored sessions for the faces: the list (`telltale sessions`) and the HAR export (`telltale export`). */
import { existsSync } from 'node:fs';
import { InputError } from '../errors.js';
import { defaultStorePath, openSqliteStore, parseSessionRef, type SessionInfo } from '../store/index.js';
import { writeHar } from './har.js';

/** Every session in the store, oldest first; none when the store does not exist yet. */
export function listSessions(storePath: string = defaultStorePath()): SessionInfo[] {
  if (!existsSync(storePath)) return [];
  const store = openSqliteStore(storePath);
  try {
    return store.listSessions();
  } finally {
    store.close();
  }
}

/** Writes `session:N` as a HAR 1.2 file; returns the number of entries written. */
export async function exportSessionHar(ref: string, outPath: string, storePath: string = defaultStorePath()): Promise<number> {
  const id = parseSessionRef(ref);
  if (id === null) throw new InputError(ref, null, 'a session is named session:<number>, e.g. session:3 (see telltale sessions)');
  const store = openSqliteStore(storePath);
  try {
    if (!store.getSession(id)) throw new InputError(ref, null, `no such session in ${storePath}`);
    return await writeHar(store.exchanges(id), outPath, `telltale export ${ref}`);
  } finally {
    store.close();
  }
}
