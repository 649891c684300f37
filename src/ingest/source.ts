/**
 * A file read in chunks, hashed and counted as it streams. Readers look at `buf` from `pos` on and call `fill()` when
 * they need the next chunk; only the current chunk (and whatever the reader keeps) stays in memory.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createHash, type Hash } from 'node:crypto';
import { InputError } from '../errors.js';

export const CHUNK_BYTES = 1 << 20;
/** Progress callbacks fire at most once per this many bytes (and once at the end). */
export const PROGRESS_STEP_BYTES = 64 * (1 << 20);

const EMPTY = Buffer.alloc(0);

export interface SourceOptions {
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  chunkBytes?: number;
}

/**
 * Size of a readable regular file; a clear InputError otherwise. Synchronous inside: a stat costs microseconds, while
 * a round trip through libuv's thread pool costs far more when a batch's threads all want it at once.
 */
// eslint-disable-next-line @typescript-eslint/require-await
export async function fileSize(path: string): Promise<number> {
  try {
    const info = statSync(path);
    if (!info.isFile()) throw new InputError(path, null, 'not a regular file');
    return info.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(path, null, `cannot open: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

export class ByteSource {
  /** Current chunk; `buf[pos]` is the next unread byte. */
  buf: Buffer = EMPTY;
  pos = 0;
  /** Absolute file offset of `buf[0]`. */
  base = 0;
  /** null: the file fits one chunk and is read whole, in one call, when first needed. */
  private readonly chunks: AsyncIterator<Buffer> | null;
  private readonly hash: Hash = createHash('sha256');
  private bytesRead = 0;
  private nextProgressAt = PROGRESS_STEP_BYTES;
  private ended = false;
  private abandoned = false;
  /** The small file read whole (chunks === null) was already handed out. */
  private wholeRead = false;

  constructor(
    readonly path: string,
    readonly totalBytes: number,
    private readonly options: SourceOptions = {},
  ) {
    const chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
    // A small file (most captures of one app session) costs one read, not a stream's open/read/read/close round trips
    // through the thread pool: in a batch of thousands those waits, not the analysis, set the pace.
    this.chunks = totalBytes <= chunkBytes ? null
      : createReadStream(path, { highWaterMark: chunkBytes })[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  }

  /** Absolute offset of the next unread byte. */
  offset(): number {
    return this.base + this.pos;
  }

  /** Replaces the current chunk with the next one; false at end of file (then `buf` is empty). */
  async fill(): Promise<boolean> {
    if (this.ended) return false;
    this.base += this.buf.length;
    const next = await this.nextChunk(this.base);
    if (next === null) {
      this.buf = EMPTY;
      this.pos = 0;
      return false;
    }
    this.buf = next;
    this.pos = 0;
    return true;
  }

  /**
   * Appends the next chunk to the unread bytes, keeping up to `before` bytes before `pos` (a reader may look back at
   * the current line); `base + pos` stays the same offset. False at end of file (then nothing changes).
   */
  async extend(before: number): Promise<boolean> {
    if (this.ended) return false;
    const next = await this.nextChunk(this.base + this.buf.length);
    if (next === null) return false;
    const keepFrom = Math.max(0, this.pos - before);
    this.buf = Buffer.concat([this.buf.subarray(keepFrom), next]);
    this.base += keepFrom;
    this.pos -= keepFrom;
    return true;
  }

  /** The next chunk (starting at file offset `at`), hashed and counted; null at end of file. */
  private async nextChunk(at: number): Promise<Buffer | null> {
    let next: IteratorResult<Buffer>;
    try {
      next = this.chunks === null ? this.wholeFile() : await this.chunks.next();
    } catch (e) {
      throw new InputError(this.path, `byte ${at}`, `read failed: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    if (next.done) {
      this.ended = true;
      this.reportProgress(true);
      return null;
    }
    this.hash.update(next.value);
    this.bytesRead += next.value.length;
    this.reportProgress(false);
    return next.value;
  }

  /** The whole of a small file as its only chunk (a file that grew since its size was taken is still read whole). */
  private wholeFile(): IteratorResult<Buffer> {
    if (this.wholeRead) return { done: true, value: undefined };
    this.wholeRead = true;
    const bytes = readFileSync(this.path);
    return bytes.length === 0 ? { done: true, value: undefined } : { done: false, value: bytes };
  }

  /** Reads (and hashes) the rest of the file without looking at it. */
  async drain(): Promise<void> {
    while (await this.fill()) this.pos = this.buf.length;
  }

  /** Stops reading early (the consumer gave up); the digest is then incomplete and must not be used. */
  async close(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.abandoned = true;
    await this.chunks?.return?.();
  }

  /** True once every byte of the file went through the hash. */
  get complete(): boolean {
    return this.ended && !this.abandoned;
  }

  get bytes(): number {
    return this.bytesRead;
  }

  sha256(): string {
    return this.hash.copy().digest('hex');
  }

  private reportProgress(final: boolean): void {
    const report = this.options.onProgress;
    if (!report) return;
    if (final || this.bytesRead >= this.nextProgressAt) {
      report(this.bytesRead, this.totalBytes);
      while (this.nextProgressAt <= this.bytesRead) this.nextProgressAt += PROGRESS_STEP_BYTES;
    }
  }
}

/** SHA-256 and size of a whole file, for when nobody streamed it through a reader. */
export async function hashFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const source = new ByteSource(path, await fileSize(path));
  await source.drain();
  return { sha256: source.sha256(), bytes: source.bytes };
}
