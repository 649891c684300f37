/**
 * Streaming, hostile-input-safe zip walking on top of yauzl: entries are visited one at a time from disk (or from a
 * buffer for nested archives) and only the entries a caller asks for are inflated, each into one bounded buffer.
 *
 * Safety: entry names are validated (yauzl rejects absolute paths and ".." segments; we turn that into a zip-slip
 * InputError); declared sizes and compression ratios are checked before inflating, and inflated bytes are counted
 * while streaming, so a header that lies about its size cannot make us inflate more than the limit.
 */
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import type { Readable } from 'node:stream';
import { InputError } from '../errors.js';
import type { ScanLimits } from './types.js';

/** Mutable accounting shared by every archive of one scan (nested archives spend the same budget). */
export interface ScanBudget {
  limits: ScanLimits;
  inflatedBytes: number;
  warnings: string[];
  partial: boolean;
}

export interface ZipEntryInfo {
  /** Entry name inside this archive. */
  name: string;
  /** Name shown to users, including the path of enclosing archives ("assets/p.jar!/classes.dex"). */
  displayName: string;
  compressedSize: number;
  uncompressedSize: number;
  isDirectory: boolean;
}

/** Called for every entry; call `read()` to inflate it (null when a limit refused it: a warning was recorded). */
export type EntryVisitor = (entry: ZipEntryInfo, read: () => Promise<Buffer | null>) => Promise<void>;

const RATIO_CHECK_FLOOR = 1 << 20;
const ZIP_MAGIC = 0x04034b50;

export function looksLikeZip(head: Buffer): boolean {
  return head.length >= 4 && head.readUInt32LE(0) === ZIP_MAGIC;
}

export function budgetWarning(budget: ScanBudget, message: string): void {
  budget.partial = true;
  if (!budget.warnings.includes(message)) budget.warnings.push(message);
}

function explainZipError(err: Error): string {
  const m = err.message;
  if (/^(invalid relative path|absolute path|invalid characters in fileName)/.test(m)) {
    return `unsafe entry name (zip-slip): ${m}`;
  }
  if (/end of central directory record signature not found/.test(m)) return 'not a zip archive or truncated (no end of central directory)';
  return `corrupt zip: ${m}`;
}

async function openArchive(source: string | Buffer, file: string): Promise<ZipFile> {
  const options = { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: false };
  try {
    return typeof source === 'string'
      ? await yauzl.openPromise(source, options)
      : await yauzl.fromBufferPromise(source, options);
  } catch (err) {
    throw new InputError(file, null, explainZipError(err as Error));
  }
}

/**
 * Walks the archive at `source` (a path, or the bytes of a nested archive). `prefix` is prepended to entry names in
 * messages ("outer.apk!/"), `file` is the user's name for the outermost file (used in errors).
 */
export async function walkZip(
  source: string | Buffer, file: string, prefix: string, budget: ScanBudget, visit: EntryVisitor,
): Promise<void> {
  const zip = await openArchive(source, file);
  try {
    if (zip.entryCount > budget.limits.maxEntries) {
      budgetWarning(budget, `${prefix || 'archive'}: ${zip.entryCount} entries, only the first ${budget.limits.maxEntries} read`);
    }
    let index = 0;
    const entries = zip.eachEntry();
    while (index < budget.limits.maxEntries) {
      let next: IteratorResult<Entry>;
      try {
        next = await entries.next();
      } catch (err) {
        throw new InputError(file, `${prefix}entry ${index}`, explainZipError(err as Error));
      }
      if (next.done) break;
      const entry = next.value;
      const info: ZipEntryInfo = {
        name: entry.fileName,
        displayName: prefix + entry.fileName,
        compressedSize: entry.compressedSize,
        uncompressedSize: entry.uncompressedSize,
        isDirectory: entry.fileName.endsWith('/'),
      };
      await visit(info, () => readEntry(zip, entry, info, budget));
      index++;
    }
  } finally {
    zip.close();
  }
}

function refuseReason(info: ZipEntryInfo, budget: ScanBudget): string | null {
  const { maxEntryBytes, maxRatio, maxTotalBytes } = budget.limits;
  if (info.uncompressedSize > maxEntryBytes) {
    return `declares ${info.uncompressedSize} bytes, over the ${maxEntryBytes}-byte entry limit`;
  }
  const ratio = info.uncompressedSize / Math.max(1, info.compressedSize);
  if (info.uncompressedSize > RATIO_CHECK_FLOOR && ratio > maxRatio) {
    return `compression ratio ${Math.round(ratio)}:1 exceeds ${maxRatio}:1 (zip bomb?)`;
  }
  if (budget.inflatedBytes + info.uncompressedSize > maxTotalBytes) {
    return `total inflated bytes would exceed ${maxTotalBytes} (zip bomb?)`;
  }
  return null;
}

async function readEntry(zip: ZipFile, entry: Entry, info: ZipEntryInfo, budget: ScanBudget): Promise<Buffer | null> {
  const refused = refuseReason(info, budget);
  if (refused) {
    budgetWarning(budget, `${info.displayName}: skipped, ${refused}`);
    return null;
  }
  // Never trust the header: stop at the declared size (yauzl also checks) and at the limit, whichever is lower.
  const cap = Math.min(info.uncompressedSize, budget.limits.maxEntryBytes);
  let stream: Readable;
  try {
    stream = await zip.openReadStreamPromise(entry);
  } catch (err) {
    budgetWarning(budget, `${info.displayName}: skipped, ${(err as Error).message}`);
    return null;
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      budget.inflatedBytes += chunk.length;
      if (total > cap) {
        stream.destroy();
        budgetWarning(budget, `${info.displayName}: skipped, inflates past its declared/limit size ${cap} (zip bomb?)`);
        return null;
      }
      chunks.push(chunk);
    }
  } catch (err) {
    budgetWarning(budget, `${info.displayName}: skipped, ${(err as Error).message}`);
    return null;
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}
