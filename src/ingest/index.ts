/**
 * The ingest stage's only door: open a capture file, get its exchanges as a stream and its identity (SHA-256, size).
 * Formats: HAR 1.2 (streamed entry by entry, any size), mitmproxy dumps (flow format 7 and later, flow by flow) and
 * pcap/pcapng through Debian's tshark (pcap/reader.ts; TLS keys from IngestOptions.keylog or embedded in the pcapng). Limits (all in IngestOptions): bodies above maxBodyBytes (64 MiB) are
 * cut and flagged bodyTruncated; a single entry/flow above maxEntryBytes (500 MiB) or JSON nested deeper than maxDepth
 * (512) is an InputError.
 */
import { InputError } from '../errors.js';
import { DEFAULT_MAX_BODY_BYTES } from './body.js';
import { harEntryToExchange } from './har-entry.js';
import { HarReader, parseEntryBytes } from './har-reader.js';
import { readMitmproxyExchanges } from './mitmproxy.js';
import { openPcap } from './pcap/reader.js';
import { sniffFormat } from './sniff.js';
import { ByteSource, fileSize, hashFile } from './source.js';
import type { EntryBytes, EntryReading, Exchange, IngestOptions, InputFormat, InputInfo, OpenedInput } from './types.js';

export type * from './types.js';
export { DEFAULT_MAX_BODY_BYTES } from './body.js';
export { parseIsoTime } from './time.js';
export { sniffCaptureFormat } from './sniff.js';
export { TSHARK_PACKAGE } from './pcap/tshark.js';

/** Just below V8's longest string (2^29 − 24 characters): a larger entry could not be decoded at all. */
export const DEFAULT_MAX_ENTRY_BYTES = 500 * (1 << 20);
export const DEFAULT_MAX_DEPTH = 512;
/** The tnetstring parser recurses; flows nest about 5 levels, so this is generous and keeps the stack safe. */
const MAX_TNETSTRING_DEPTH = 64;

/**
 * Opens a capture, sniffing its format from its first bytes. Nothing is parsed until `exchanges` is iterated; each
 * iteration streams the file again from the start. Bad input surfaces as an InputError from `openInput` (unreadable,
 * unsupported format) or from the iteration (naming the entry and byte offset).
 */
export async function openInput(path: string, options: IngestOptions): Promise<OpenedInput> {
  const totalBytes = await fileSize(path);
  const format = await sniffFormat(path);
  switch (format) {
    case 'har': {
      const { opened, pass } = openStreamed(path, totalBytes, 'har', options, readHarExchanges);
      const reading: EntryReading = {
        file: path,
        input: options.input,
        maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
        maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
      };
      const exchangesFrom = (index: number) => pass((source, file, opts) => readHarExchanges(source, file, opts, index));
      return { ...opened, entries: { stream: pass(readHarEntryBytes), reading, exchangesFrom } };
    }
    case 'mitmproxy':
      return openStreamed(path, totalBytes, 'mitmproxy', options, readMitmproxy).opened;
    case 'pcap':
    case 'pcapng':
      return openPcap(path, totalBytes, { ...options, maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES });
    case 'live':
    case 'stream':
      throw new InputError(path, null, `${format} input is not a file`);
  }
}

type Reader<T> = (source: ByteSource, path: string, options: IngestOptions) => AsyncGenerator<T>;

function harReader(source: ByteSource, path: string, options: IngestOptions): HarReader {
  return new HarReader(source, path, {
    maxEntryBytes: options.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES,
    maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
  });
}

async function* readHarExchanges(source: ByteSource, path: string, options: IngestOptions, from = 0): AsyncGenerator<Exchange> {
  const context = { file: path, input: options.input, maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES };
  for await (const raw of harReader(source, path, options).entries(from)) yield harEntryToExchange(raw, context);
}

function readHarEntryBytes(source: ByteSource, path: string, options: IngestOptions): AsyncGenerator<EntryBytes> {
  return harReader(source, path, options).entryBytes();
}

/**
 * The exchange of one entry from `OpenedInput.entries`, on any thread: exactly what `exchanges` yields for it, or null
 * when the file's layout misplaced the entry's end (read the input again with `entries.exchangesFrom` from this entry). Throws
 * the InputError `exchanges` throws for an entry that is invalid.
 */
export function entryExchange(entry: EntryBytes, reading: EntryReading): Exchange | null {
  const value = parseEntryBytes(entry, reading.file, reading.maxDepth);
  if (value === null) return null;
  return harEntryToExchange({ index: entry.index, byte: entry.byte, value }, reading);
}

function readMitmproxy(source: ByteSource, path: string, options: IngestOptions): AsyncGenerator<Exchange> {
  return readMitmproxyExchanges(source, path, {
    input: options.input,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    maxEntryBytes: options.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES,
    maxDepth: Math.min(options.maxDepth ?? DEFAULT_MAX_DEPTH, MAX_TNETSTRING_DEPTH),
  });
}

/**
 * Wraps a format reader: every iteration opens a fresh ByteSource, and the hash of the last complete pass answers
 * `info()`. When nobody read the whole file (not iterated, or abandoned early), `info()` hashes it on its own.
 * `pass` makes another kind of pass over the same file (a HAR's entries as bytes), sharing that bookkeeping.
 */
function openStreamed(
  path: string,
  totalBytes: number,
  format: InputFormat,
  options: IngestOptions,
  read: Reader<Exchange>,
): { opened: OpenedInput; pass: <T>(read: Reader<T>) => AsyncIterable<T> } {
  const file: StreamedFile = { path, totalBytes, format, options, completed: null, inProgress: null };
  const pass = <T>(readWith: Reader<T>): AsyncIterable<T> => new FilePass(file, readWith);
  const opened: OpenedInput = {
    format,
    exchanges: pass(read),
    info: async () => {
      if (file.inProgress) await file.inProgress;
      if (file.completed) return file.completed;
      const { sha256, bytes } = await hashFile(path);
      return { path, sha256, bytes, format };
    },
  };
  return { opened, pass };
}

/** One streamed input file and what its passes learnt about it. */
interface StreamedFile {
  readonly path: string;
  readonly totalBytes: number;
  readonly format: InputFormat;
  readonly options: IngestOptions;
  /** The file's hash and size, from the last pass that read it whole. */
  completed: InputInfo | null;
  /** Settles when the pass under way has closed its file. */
  inProgress: Promise<void> | null;
}

/**
 * A pass over a file, iterable any number of times. A class and a module-level generator rather than closures made
 * per input: the pipeline's loops over them then keep their optimised code from one input to the next.
 */
class FilePass<T> implements AsyncIterable<T> {
  constructor(private readonly file: StreamedFile, private readonly readWith: Reader<T>) {}

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return iterateFile(this.file, this.readWith);
  }
}

async function* iterateFile<T>(file: StreamedFile, readWith: Reader<T>): AsyncGenerator<T> {
  const source = new ByteSource(file.path, file.totalBytes, { onProgress: file.options.onProgress });
  let finished!: () => void;
  file.inProgress = new Promise((resolve) => (finished = resolve));
  try {
    yield* readWith(source, file.path, file.options);
    if (source.complete) file.completed = { path: file.path, sha256: source.sha256(), bytes: source.bytes, format: file.format };
  } finally {
    await source.close();
    finished();
  }
}
