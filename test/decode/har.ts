/**
 * A minimal HAR → Exchange mapping for decode tests on real captures (the ingest stage owns the real reader; this
 * keeps decode tests independent of it). Only what decode reads is filled in.
 */
import { readFileSync } from 'node:fs';
import type { Exchange, NameValue } from '../../src/ingest/types.js';

interface HarEntry {
  startedDateTime: string;
  request: {
    method: string; url: string; httpVersion?: string; headers: NameValue[]; cookies?: NameValue[];
    postData?: { mimeType?: string; text?: string; encoding?: string };
  };
  response?: {
    status: number; headers: NameValue[]; cookies?: NameValue[];
    content?: { mimeType?: string; text?: string; encoding?: string };
  };
}

function mime(value: string | undefined): string | null {
  if (!value) return null;
  const bare = value.split(';', 1)[0].trim().toLowerCase();
  return bare || null;
}

function body(text: string | undefined, encoding: string | undefined): Uint8Array | null {
  if (text === undefined) return null;
  return Buffer.from(text, encoding === 'base64' ? 'base64' : 'utf8');
}

export function harExchanges(file: string): Exchange[] {
  const har = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as { log: { entries: HarEntry[] } };
  return har.log.entries.map((entry, index) => {
    const time = new Date(entry.startedDateTime);
    const { request, response } = entry;
    return {
      source: { input: 0, index },
      time: time.toISOString(),
      timeMs: time.getTime(),
      method: request.method,
      url: request.url,
      httpVersion: request.httpVersion ?? null,
      serverIp: null,
      request: {
        headers: request.headers, cookies: request.cookies ?? [],
        body: body(request.postData?.text, request.postData?.encoding), mimeType: mime(request.postData?.mimeType),
        bodyTruncated: false,
      },
      response: response ? {
        status: response.status, headers: response.headers, cookies: response.cookies ?? [],
        body: body(response.content?.text, response.content?.encoding), mimeType: mime(response.content?.mimeType),
        bodyTruncated: false,
      } : null,
      notes: [],
    };
  });
}
