/** Data model of the ingest stage: every input format becomes a stream of normalized exchanges. */

/**
 * Where an exchange (or one message of it) came from. `input`: 0-based, in the order inputs were given (a directory
 * counts as its files in sorted path order). `index` depends on the format:
 *   HAR — 0-based entry; mitmproxy — 0-based flow;
 *   pcap/pcapng — the frame number (1-based, as Wireshark and tshark show it) of the frame in which tshark had the
 *   whole request: the last segment of an HTTP/1 request, the HEADERS frame of an HTTP/2 request. `stream` then tells
 *   apart several HTTP/2 requests completed in the same frame; `part` several pipelined HTTP/1 requests in one frame.
 * A finding in a WebSocket message also carries `message`: the 0-based index of the message within the exchange
 * (Exchange.messages), whose own time and direction the finding has.
 * Optional fields are absent (never null) when they do not apply.
 */
export interface SourceRef {
  input: number;
  index: number;
  /** pcap, HTTP/2: the stream id within its TCP connection. */
  stream?: number;
  /** pcap, HTTP/1: 1-based rank of a pipelined request that tshark completed in the same frame as an earlier one. */
  part?: number;
  /** A WebSocket message: its 0-based index in Exchange.messages. */
  message?: number;
}

export interface NameValue {
  name: string;
  value: string;
}

export interface HttpMessage {
  headers: NameValue[];
  cookies: NameValue[];
  /** Body bytes as found in the capture (HAR `encoding: base64` already undone); null when absent. */
  body: Uint8Array | null;
  /** Declared MIME type (Content-Type or HAR mimeType), lower-cased, without parameters; null when unknown. */
  mimeType: string | null;
  /** True when the capture says the body was cut (size > captured bytes, or a tool's truncation flag). */
  bodyTruncated: boolean;
}

export interface HttpResponse extends HttpMessage {
  status: number;
}

export interface Exchange {
  source: SourceRef;
  /** Request start, ISO-8601 UTC with milliseconds ("2019-04-01T10:00:00.000Z"). */
  time: string;
  /** Same instant as epoch milliseconds (NaN never appears: unparsable times are an input error). */
  timeMs: number;
  method: string;
  url: string;
  httpVersion: string | null;
  /** The server address the client connected to, when the capture recorded it. */
  serverIp: string | null;
  request: HttpMessage;
  response: HttpResponse | null;
  /** Non-HTTP or non-decryptable traffic carries a note instead of bodies (e.g. "websocket", "tls-failed"). */
  notes: string[];
  /** The HAR page this exchange belongs to (`pageref`): a browser capture groups its requests by page. */
  page?: string;
  /** WebSocket messages carried on this exchange (HAR `_webSocketMessages`, mitmproxy websocket flows), in order. */
  messages?: WebSocketMessage[];
}

/** One WebSocket message; `data` holds the payload bytes (text frames as UTF-8). */
export interface WebSocketMessage {
  direction: 'send' | 'receive';
  /** ISO-8601 UTC with milliseconds; null when the capture has no usable time for the message. */
  time: string | null;
  /** WebSocket opcode as recorded (1 = text, 2 = binary); null when unknown. */
  opcode: number | null;
  data: Uint8Array;
  /** True when `data` was cut at maxBodyBytes. */
  truncated: boolean;
}

/** `stream`: exchanges handed to analyzeStream() by another program. */
export type InputFormat = 'har' | 'mitmproxy' | 'pcap' | 'live' | 'stream';

/** Identity of one input file, as the report lists it. */
export interface InputInfo {
  path: string;
  sha256: string;
  bytes: number;
  format: InputFormat;
  /** The dissector that read it, when not telltale itself (pcap: tshark and its version), for reproducibility. */
  tool?: { name: string; version: string };
}

export interface IngestOptions {
  /** 0-based number of this input in the run; copied into every SourceRef. */
  input: number;
  /** Called now and then with bytes consumed so far, for progress display. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Largest body kept per message, in bytes; larger bodies are cut and flagged `bodyTruncated` (default 64 MiB). */
  maxBodyBytes?: number;
  /** Largest single HAR entry / mitmproxy flow accepted, in bytes; larger ones are an InputError (default 500 MiB,
   *  kept below V8's largest string). */
  maxEntryBytes?: number;
  /** Deepest JSON nesting accepted anywhere in a HAR (default 512); deeper input is an InputError. */
  maxDepth?: number;
  /** pcap: an SSLKEYLOGFILE with the TLS secrets (keys embedded in a pcapng work without it). */
  keylog?: string | null;
  /** pcap: captures larger than this are split by IP address pair before tshark reads them (default 128 MiB), so
   *  tshark's memory stays bounded. Tests set it low to exercise the split on small captures. */
  pcapPieceBytes?: number;
}

/** What telltale could see in a capture's flows but not read (pcap): one per kind and host. */
export interface FlowBlindSpot {
  kind: 'tls-undecrypted' | 'quic' | 'non-http-flow';
  /** TLS/QUIC server name (SNI), else a name a DNS answer in the capture gave the server IP, else the IP. */
  host: string;
  flows: number;
  /** Transport payload bytes, both directions. */
  bytes: number;
  serverIps: string[];
  firstMs: number;
  lastMs: number;
}

/** What an input says beyond its exchanges, known once they were all read. */
export interface IngestSummary {
  flowBlindSpots: FlowBlindSpot[];
  /** One line each, for the report's warnings (e.g. a key log that decrypted nothing). */
  warnings: string[];
}

/** An opened input: its identity (hash computed while streaming) and its exchanges. */
export interface OpenedInput {
  format: InputFormat;
  exchanges: AsyncIterable<Exchange>;
  /** Resolves once the whole file was read (sha256 covers every byte). */
  info: () => Promise<InputInfo>;
  /** Flows and warnings beyond the exchanges (pcap), after a complete iteration. */
  summary?: () => Promise<IngestSummary>;
  /**
   * HAR only: the entries as bytes, unparsed, for a caller that parses them on other threads (`entryExchange`, with
   * `reading`). Iterated like `exchanges` (each pass reads the file from the start, a complete pass answers `info()`),
   * with the same errors for everything outside the entries. When `entryExchange` returns null for an entry, the
   * caller must read the input again from that entry on: `exchangesFrom(index)` yields what `exchanges` yields from
   * that entry on, placing the entries before it as `stream` did without parsing them again.
   */
  entries?: { stream: AsyncIterable<EntryBytes>; reading: EntryReading; exchangesFrom: (index: number) => AsyncIterable<Exchange> };
}

/** One HAR entry as bytes (see OpenedInput.entries). */
export interface EntryBytes {
  index: number;
  /** Absolute file offset of the entry's '{'. */
  byte: number;
  bytes: Uint8Array;
  /** Whether the byte scanner found its end (else the file's layout placed it, to be confirmed by parsing). */
  certain: boolean;
}

/** What turning an entry's bytes into an exchange needs besides the bytes: plain data, sent to any thread. */
export interface EntryReading {
  file: string;
  input: number;
  maxBodyBytes: number;
  maxDepth: number;
}
