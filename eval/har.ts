/**
 * Minimal HAR 1.2 writer for generated corpora (http://www.softwareishard.com/blog/har-12-spec/).
 * Binary request bodies are stored base64 with `postData.encoding: "base64"` — not in HAR 1.2 itself, but a field
 * several tools add and readers accept (the response side has it in the spec as `content.encoding`).
 */

export interface NameValue {
  name: string;
  value: string;
}

/** What a generated exchange sends. `body` as text is stored as is; bytes are stored base64. */
export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT';
  host: string;
  path: string;
  /** Already-encoded query string without '?', or ''. */
  query: string;
  headers: NameValue[];
  cookies: NameValue[];
  body: { mimeType: string; text?: string; bytes?: Uint8Array; params?: NameValue[] } | null;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: Record<string, unknown>;
  response: Record<string, unknown>;
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  serverIPAddress?: string;
}

const UA = 'okhttp/3.12.1';

export function harEntry(spec: RequestSpec, startedMs: number, serverIp: string): HarEntry {
  const url = `https://${spec.host}${spec.path}${spec.query ? `?${spec.query}` : ''}`;
  const headers: NameValue[] = [
    { name: 'Host', value: spec.host },
    { name: 'User-Agent', value: UA },
    ...spec.headers,
  ];
  if (spec.cookies.length > 0) {
    headers.push({ name: 'Cookie', value: spec.cookies.map((c) => `${c.name}=${c.value}`).join('; ') });
  }
  const request: Record<string, unknown> = {
    method: spec.method,
    url,
    httpVersion: 'HTTP/1.1',
    cookies: spec.cookies,
    headers,
    queryString: queryPairs(spec.query),
    headersSize: -1,
    bodySize: 0,
  };
  if (spec.body) {
    const postData = postDataOf(spec.body);
    headers.push({ name: 'Content-Type', value: spec.body.mimeType });
    request.postData = postData.har;
    request.bodySize = postData.size;
  }
  const responseText = '{"code":0,"msg":"ok"}';
  return {
    startedDateTime: new Date(startedMs).toISOString(),
    time: 42,
    request,
    response: {
      status: 200,
      statusText: 'OK',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [{ name: 'Content-Type', value: 'application/json' }],
      content: { size: responseText.length, mimeType: 'application/json', text: responseText },
      redirectURL: '',
      headersSize: -1,
      bodySize: responseText.length,
    },
    cache: {},
    timings: { send: 1, wait: 38, receive: 3 },
    serverIPAddress: serverIp,
  };
}

function postDataOf(body: NonNullable<RequestSpec['body']>): { har: Record<string, unknown>; size: number } {
  if (body.bytes) {
    return {
      har: { mimeType: body.mimeType, text: Buffer.from(body.bytes).toString('base64'), encoding: 'base64' },
      size: body.bytes.length,
    };
  }
  const text = body.text ?? '';
  const har: Record<string, unknown> = { mimeType: body.mimeType, text };
  if (body.params) har.params = body.params;
  return { har, size: Buffer.byteLength(text) };
}

function queryPairs(query: string): NameValue[] {
  if (!query) return [];
  return query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    return eq < 0 ? { name: pair, value: '' } : { name: pair.slice(0, eq), value: pair.slice(eq + 1) };
  });
}

export function harDocument(entries: HarEntry[], comment: string): Record<string, unknown> {
  return {
    log: {
      version: '1.2',
      creator: { name: 'telltale-eval', version: '1', comment },
      pages: [],
      entries,
    },
  };
}
