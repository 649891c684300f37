/** Hostile payloads shared by tests: built in code, small on disk, huge or deep once followed. */
import zlib from 'node:zlib';

export const MiB = 1024 * 1024;

/**
 * A gzip member whose deflate stream repeats one non-final block (1 MiB of zeros, ~1 KB compressed) `copies` times:
 * 10,240 copies expand to 10 GiB from about 10 MB.
 */
export function gzipBomb(copies: number): Buffer {
  const block = zlib.deflateRawSync(Buffer.alloc(MiB), { level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH });
  const header = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff]);
  const finalEmptyBlock = Buffer.from([0x03, 0x00]);
  const trailer = Buffer.alloc(8); // CRC and size are never reached: inflation stops at the limit
  return Buffer.concat([header, ...Array<Buffer>(copies).fill(block), finalEmptyBlock, trailer]);
}

/** A HAR 1.2 document with the given entries (startedDateTime/request filled in by the caller). */
export function harOf(entries: unknown[]): string {
  return JSON.stringify({ log: { version: '1.2', creator: { name: 'telltale-test', version: '1' }, entries } });
}

export function postEntry(url: string, postData: Record<string, unknown>, headers: { name: string; value: string }[] = []): unknown {
  return {
    startedDateTime: '2019-04-01T10:00:00.000Z', time: 1,
    request: { method: 'POST', url, httpVersion: 'HTTP/1.1', headers, queryString: [], cookies: [], headersSize: -1, bodySize: -1, postData },
    response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: [], cookies: [], content: { size: 0, mimeType: 'text/plain' }, redirectURL: '', headersSize: -1, bodySize: 0 },
    cache: {}, timings: { send: 0, wait: 0, receive: 0 },
  };
}
