/**
 * A tnetstring encoder (https://tnetstrings.info/, with mitmproxy's ';' for text) and a mitmproxy HTTP flow in the
 * layout of format version 17 (mitmproxy 8, the one Debian ships), for fuzz seeds that need no corpus. The reader is
 * also checked on real dumps written by mitmproxy itself (test/ingest/mitmproxy.test.ts).
 */
export type Tnet = Uint8Array | string | number | boolean | null | Tnet[] | { [key: string]: Tnet };

function frame(payload: Buffer, type: string): Buffer {
  return Buffer.concat([Buffer.from(`${payload.length}:`, 'latin1'), payload, Buffer.from(type, 'latin1')]);
}

export function tnetstring(value: Tnet): Buffer {
  if (value === null) return frame(Buffer.alloc(0), '~');
  if (typeof value === 'boolean') return frame(Buffer.from(String(value)), '!');
  if (typeof value === 'number') return frame(Buffer.from(String(value)), Number.isInteger(value) ? '#' : '^');
  if (typeof value === 'string') return frame(Buffer.from(value, 'utf8'), ';');
  if (value instanceof Uint8Array) return frame(Buffer.from(value), ',');
  if (Array.isArray(value)) return frame(Buffer.concat(value.map(tnetstring)), ']');
  return frame(Buffer.concat(Object.entries(value).flatMap(([k, v]) => [tnetstring(k), tnetstring(v)])), '}');
}

const b = (text: string) => Buffer.from(text, 'utf8');

export interface FlowSpec {
  method: string;
  host: string;
  path: string;
  requestHeaders: [string, string][];
  requestBody: Uint8Array;
  status: number;
  responseHeaders: [string, string][];
  responseBody: Uint8Array;
  at: number;
}

/** Connection states with every field mitmproxy 8's Client/Server.set_state requires (mitmproxy/connection.py). */
function connections(host: string, at: number): { client_conn: Tnet; server_conn: Tnet } {
  const tls = { tls_established: true, tls: true, tls_version: 'TLSv1.3', alpn: b('http/1.1'), alpn_offers: [b('http/1.1')],
    cipher_name: 'TLS_AES_128_GCM_SHA256', cipher_list: [], certificate_list: [], sni: host, error: null, state: 0 };
  return {
    client_conn: { ...tls, id: `client-${at}`, address: ['10.0.0.2', 50000], sockname: ['10.0.0.1', 8080], mitmcert: null,
      tls_extensions: [], timestamp_start: at - 0.2, timestamp_tls_setup: at - 0.1, timestamp_end: null },
    server_conn: { ...tls, id: `server-${at}`, address: [host, 443], ip_address: ['203.0.113.7', 443], source_address: ['10.0.0.1', 50001],
      via: null, via2: null, timestamp_start: at - 0.15, timestamp_tcp_setup: at - 0.12, timestamp_tls_setup: at - 0.05, timestamp_end: null },
  };
}

export function httpFlow(spec: FlowSpec): Buffer {
  return tnetstring({
    version: 17, type: 'http', id: `flow-${spec.at}`, error: null, intercepted: false, is_replay: null, marked: '',
    metadata: {}, comment: '', timestamp_created: spec.at, ...connections(spec.host, spec.at), websocket: null,
    request: {
      host: spec.host, port: 443, method: b(spec.method), scheme: b('https'), authority: b(''), path: b(spec.path),
      http_version: b('HTTP/1.1'), headers: spec.requestHeaders.map(([n, v]) => [b(n), b(v)]), content: spec.requestBody,
      trailers: null, timestamp_start: spec.at, timestamp_end: spec.at + 0.01,
    },
    response: {
      http_version: b('HTTP/1.1'), status_code: spec.status, reason: b('OK'),
      headers: spec.responseHeaders.map(([n, v]) => [b(n), b(v)]), content: spec.responseBody, trailers: null,
      timestamp_start: spec.at + 0.02, timestamp_end: spec.at + 0.03,
    },
  });
}
