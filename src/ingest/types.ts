/** Data model of the ingest stage: every input format becomes a stream of normalized exchanges. */

/** Where an exchange came from: input number (0-based, in CLI order) and 0-based entry/flow/stream index in it. */
export interface SourceRef {
  input: number;
  index: number;
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

export type InputFormat = 'har' | 'mitmproxy' | 'pcap' | 'live';

/** Identity of one input file, as the report lists it. */
export interface InputInfo {
  path: string;
  sha256: string;
  bytes: number;
  format: InputFormat;
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
}

/** An opened input: its identity (hash computed while streaming) and its exchanges. */
export interface OpenedInput {
  format: InputFormat;
  exchanges: AsyncIterable<Exchange>;
  /** Resolves once the whole file was read (sha256 covers every byte). */
  info: () => Promise<InputInfo>;
}
