/**
 * What the fuzz tests throw bytes at: every parser of hostile input, entered the way the tool enters it (a file for
 * the readers of whole inputs, decodeBytes for the payload decoders). Each target has generated seeds, so it runs
 * without the corpus, and may name corpus files as further seeds (used only by the corpus-seeded tests).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encode as msgpackEncode } from '@msgpack/msgpack';
import fc from 'fast-check';
import { unzipSync, zipSync } from 'fflate';
import { build as buildPlist } from 'plist';
import { openInput } from '../../src/ingest/index.js';
import { parseRecord, TnetError } from '../../src/ingest/tnetstring.js';
import { decodeBytes, type DecodeBytesOptions } from '../../src/decode/index.js';
import { parseAxml, readDex, scanApp } from '../../src/appscan/index.js';
import { readResourceTable } from '../../src/appscan/arsc.js';
import { forEachHostLikeDexString } from '../../src/appscan/dex.js';
import { parseInfoPlist } from '../../src/appscan/ios.js';
import { InputError } from '../../src/errors.js';
import { corpusFile } from '../helpers/corpus.js';
import { seedApp } from '../helpers/android-writers.js';
import { httpFlow, tnetstring, type Tnet } from '../helpers/mitm-writer.js';
import { jsonValues, structuredInputs } from './mutate.js';

export interface FuzzTarget {
  /** Seeds made here, from code (small and deterministic). */
  seeds: () => Uint8Array[];
  /** Corpus files (relative to ../shared/corpus) used as extra seeds by the corpus-seeded run. */
  corpus: string[];
  /** Reads a corpus file into seeds (default: the file's bytes). */
  fromCorpus?: (bytes: Buffer, rel: string) => Uint8Array[];
  /** Inputs other than the default byte mutations of the seeds (see mutate.ts). */
  inputs?: (seeds: Uint8Array[]) => fc.Arbitrary<Uint8Array>;
  /** Parses one input; returning or throwing InputError are the only acceptable outcomes. */
  run: (bytes: Uint8Array) => unknown;
  /** An internal error type that the public caller turns into an InputError (only for targets below the public door). */
  expected?: (err: unknown) => boolean;
}

const scratch = mkdtempSync(join(tmpdir(), 'telltale-fuzz-'));
let fileCounter = 0;

/** The input as a file (readers of whole captures and packages take paths), overwritten case after case. */
function asFile(bytes: Uint8Array, extension: string): string {
  const path = join(scratch, `case-${fileCounter++ % 4}${extension}`);
  writeFileSync(path, bytes);
  return path;
}

async function readWholeInput(bytes: Uint8Array, extension: string): Promise<number> {
  const opened = await openInput(asFile(bytes, extension), { input: 0 });
  let count = 0;
  for await (const exchange of opened.exchanges) count += exchange.url.length > 0 ? 1 : 0;
  await opened.info();
  return count;
}

const text = (s: string) => Buffer.from(s, 'utf8');

function harSeed(): Uint8Array {
  const header = (name: string, value: string) => ({ name, value });
  const entry = (i: number, request: object, response: object) => ({
    startedDateTime: `2019-11-01T17:00:0${i}.000+08:00`, time: 12.5, request, response, cache: {}, timings: { send: 1, wait: 10, receive: 1.5 },
    serverIPAddress: i === 0 ? '180.76.8.21' : '[2001:db8::1]', _webSocketMessages: i === 2 ? [{ type: 'send', time: 1572598800.5, opcode: 1, data: 'hello' }] : undefined,
  });
  const har = {
    log: {
      version: '1.2', creator: { name: 'telltale-fuzz', version: '1' },
      entries: [
        entry(0, {
          method: 'POST', url: 'https://ulogs.umeng.com/unify_logs?ak=5d1f&ts=1572598800', httpVersion: 'HTTP/1.1',
          headers: [header('Content-Type', 'application/json'), header('Cookie', 'uid=abc; sid=42')], queryString: [header('ak', '5d1f')],
          cookies: [header('uid', 'abc')], headersSize: -1, bodySize: 40,
          postData: { mimeType: 'application/json', text: '{"imei":"490154203237518","mac":"ac:37:43:4d:b2:1f"}' },
        }, {
          status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: [header('Set-Cookie', 'x=1; Path=/')], cookies: [], redirectURL: '',
          headersSize: -1, bodySize: 8, content: { size: 8, mimeType: 'application/octet-stream', text: 'AAECAwQFBgc=', encoding: 'base64' },
        }),
        entry(1, {
          method: 'GET', url: 'http://hmma.baidu.com/app.gif?lat=37.4419&lon=-122.143', httpVersion: 'HTTP/2', headers: [], queryString: [],
          cookies: [], headersSize: -1, bodySize: 0,
        }, { status: 0, statusText: '', httpVersion: '', headers: [], cookies: [], redirectURL: '', headersSize: -1, bodySize: -1, content: { size: 0, mimeType: 'x-unknown' } }),
        entry(2, {
          method: 'GET', url: 'wss://push.example/socket', httpVersion: 'HTTP/1.1', headers: [header('Upgrade', 'websocket')], queryString: [],
          cookies: [], headersSize: -1, bodySize: 0,
        }, { status: 101, statusText: 'Switching', httpVersion: 'HTTP/1.1', headers: [], cookies: [], redirectURL: '', headersSize: -1, bodySize: 0, content: { size: 0, mimeType: '' } }),
      ],
    },
  };
  return text(JSON.stringify(har, null, 1));
}

function mitmSeeds(): Uint8Array[] {
  const flow = (at: number, body: Uint8Array) => httpFlow({
    method: 'POST', host: 'log.snssdk.com', path: '/service/2/device_register/?aid=1233', at,
    requestHeaders: [['content-type', 'application/json'], ['content-encoding', 'gzip'], ['cookie', 'install_id=1']], requestBody: body,
    status: 200, responseHeaders: [['content-type', 'application/json']], responseBody: text('{"device_id":6745312098765432101}'),
  });
  const one = flow(1572598800.25, gzipSync(text('{"header":{"imei":"490154203237518"}}')));
  const tcp = tnetstring({ version: 17, type: 'tcp', id: 't', error: null, timestamp_created: 1572598801, server_conn: { address: ['203.0.113.9', 5222] },
    client_conn: { address: ['10.0.0.2', 50001] }, messages: [[true, text('hello'), 1572598801.5]] });
  return [Buffer.concat([one, flow(1572598802, text('plain'))]), Buffer.concat([tcp, one])];
}

/** The first record of a dump (length prefix, payload, type byte). */
function firstRecord(dump: Uint8Array): Uint8Array {
  const b = Buffer.from(dump);
  const colon = b.indexOf(0x3a);
  return b.subarray(0, colon + 1 + Number(b.toString('latin1', 0, colon)) + 1);
}

/** A record without its length prefix, as parseRecord takes it. */
function recordPayload(record: Uint8Array): Buffer {
  const b = Buffer.from(record);
  return b.subarray(b.indexOf(0x3a) + 1);
}

const tnetValues: fc.Arbitrary<unknown> = fc.oneof(
  fc.uint8Array({ maxLength: 64 }), fc.string({ maxLength: 32 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
  fc.constantFrom(0, -1, 2 ** 53, 1e300, 17, 7, 21, 'http', 'tcp', 'websocket', 'udp', 'dns'),
  fc.array(fc.oneof(fc.uint8Array({ maxLength: 16 }), fc.integer(), fc.boolean()), { maxLength: 4 }),
);

function protobufSeed(): Uint8Array {
  // field 1 varint 150; field 2 "imei:490154203237518"; field 3 an embedded message { 1: "ac:37:43:4d:b2:1f" }; field 4 fixed64
  const inner = Buffer.concat([Buffer.from([0x0a, 17]), text('ac:37:43:4d:b2:1f')]);
  return Buffer.concat([Buffer.from([0x08, 0x96, 0x01, 0x12, 20]), text('imei:490154203237518'), Buffer.from([0x1a, inner.length]), inner,
    Buffer.from([0x21, 1, 2, 3, 4, 5, 6, 7, 8])]);
}

function cborSeed(): Uint8Array {
  // {"imei": "490154203237518", "loc": [37.4419 (float64), -122.143], "n": 1000000, "b": h'0102', "t": true}
  const f64 = (v: number) => { const b = Buffer.alloc(9); b[0] = 0xfb; b.writeDoubleBE(v, 1); return b; };
  const str = (s: string) => Buffer.concat([Buffer.from([0x60 + s.length]), text(s)]);
  return Buffer.concat([Buffer.from([0xa5]), str('imei'), str('490154203237518'), str('loc'), Buffer.from([0x82]), f64(37.4419), f64(-122.143),
    str('n'), Buffer.from([0x1a, 0x00, 0x0f, 0x42, 0x40]), str('b'), Buffer.from([0x42, 1, 2]), str('t'), Buffer.from([0xf5])]);
}

const MULTIPART_TYPE = 'multipart/form-data; boundary=----fuzzBoundary7MA4YWxk';
function multipartSeed(): Uint8Array {
  const b = '------fuzzBoundary7MA4YWxk';
  return text([`${b}`, 'Content-Disposition: form-data; name="device_id"', '', '6745312098765432101',
    `${b}`, 'Content-Disposition: form-data; name="video"; filename="draft.mp4"', 'Content-Type: video/mp4', '',
    '\u0000\u0000\u0000\u0018ftypisom\u0000\u0000\u0002\u0000', `${b}`, 'Content-Disposition: form-data; name="meta"',
    'Content-Type: application/json', '', '{"email":"hong@example.com"}', `${b}--`, ''].join('\r\n'));
}

function decoderTarget(options: DecodeBytesOptions, seeds: () => Uint8Array[]): FuzzTarget {
  return { seeds, corpus: [], run: (bytes) => decodeBytes(bytes, options).views.length };
}

const PLIST_DICT = { CFBundleIdentifier: 'org.example.seed', CFBundleShortVersionString: '1.2.3', NSLocationWhenInUseUsageDescription: 'maps',
  NSAppTransportSecurity: { NSAllowsArbitraryLoads: true, NSExceptionDomains: { 'umeng.com': { NSIncludesSubdomains: true } } } };

/** bplist00 holding {"CFBundleIdentifier": "org.example.seed"} (offsets per Apple's CFBinaryPList.c layout). */
function binaryPlistSeed(): Uint8Array {
  const key = 'CFBundleIdentifier';
  const value = 'org.example.seed';
  const objects = [Buffer.from([0xd1, 1, 2]), Buffer.concat([Buffer.from([0x5f, 0x10, key.length]), text(key)]),
    Buffer.concat([Buffer.from([0x50 + value.length]), text(value)])];
  const offsets: number[] = [];
  let at = 8;
  for (const o of objects) { offsets.push(at); at += o.length; }
  const trailer = Buffer.alloc(32);
  trailer[6] = 1; // offset int size
  trailer[7] = 1; // object ref size
  trailer.writeBigUInt64BE(BigInt(objects.length), 8);
  trailer.writeBigUInt64BE(0n, 16);
  trailer.writeBigUInt64BE(BigInt(at), 24);
  return Buffer.concat([text('bplist00'), ...objects, Buffer.from(offsets), trailer]);
}

function apkEntries(bytes: Buffer, names: string[]): Uint8Array[] {
  const files = unzipSync(bytes, { filter: (f) => names.includes(f.name) });
  return names.flatMap((n) => (files[n] ? [files[n]] : []));
}

export const TARGETS: Record<string, FuzzTarget> = {
  har: {
    seeds: () => [harSeed()],
    corpus: ['har/mitmproxy/insomnia.har', 'har/mitmproxy/postdata.har', 'har/mitmproxy/with-bom.har', 'har/mitmproxy/charles.har'],
    run: (bytes) => readWholeInput(bytes, '.har'),
  },
  'har structure': {
    seeds: () => [harSeed()],
    corpus: ['har/mitmproxy/chrome.har', 'har/mitmproxy/postdata.har'],
    inputs: (seeds) => structuredInputs(seeds, (b) => JSON.parse(Buffer.from(b).toString('utf8').replace(/^\uFEFF/, '')) as unknown,
      (doc) => text(JSON.stringify(doc)), jsonValues),
    run: (bytes) => readWholeInput(bytes, '.har'),
  },
  'mitmproxy structure': {
    seeds: () => mitmSeeds().map(firstRecord),
    corpus: ['mitm/successful_log.mitm', 'mitm/websocket.mitm'],
    fromCorpus: (bytes) => [firstRecord(bytes)],
    inputs: (seeds) => structuredInputs(seeds, (b) => parseRecord(recordPayload(b), 64) as Tnet, (doc) => tnetstring(doc), tnetValues),
    run: (bytes) => readWholeInput(bytes, '.mitm'),
  },
  mitmproxy: {
    seeds: mitmSeeds,
    corpus: ['mitm/successful_log.mitm', 'mitm/websocket.mitm', 'mitm/dumpfile-7-websocket.mitm', 'mitm/error_log.mitm'],
    run: (bytes) => readWholeInput(bytes, '.mitm'),
  },
  tnetstring: {
    seeds: () => mitmSeeds(),
    corpus: ['mitm/event_stream.mitm'],
    run: (bytes) => parseRecord(Buffer.from(bytes), 64),
    // readMitmproxyExchanges turns TnetError into an InputError naming the flow and byte.
    expected: (err) => err instanceof TnetError,
  },
  protobuf: decoderTarget({ mimeType: 'application/x-protobuf' }, () => [protobufSeed()]),
  grpc: decoderTarget({ mimeType: 'application/grpc' }, () => {
    const message = protobufSeed();
    const frame = Buffer.alloc(5);
    frame.writeUInt32BE(message.length, 1);
    return [Buffer.concat([frame, message])];
  }),
  msgpack: decoderTarget({ mimeType: 'application/msgpack' }, () => [
    msgpackEncode({ imei: '490154203237518', loc: [37.4419, -122.143], n: 2 ** 40, bin: new Uint8Array([1, 2, 3]), nested: { deep: [{ a: null }] } }),
  ]),
  cbor: decoderTarget({ mimeType: 'application/cbor' }, () => [cborSeed()]),
  multipart: decoderTarget({ mimeType: 'multipart/form-data', contentType: MULTIPART_TYPE }, () => [multipartSeed()]),
  'json+gzip': decoderTarget({ mimeType: 'application/json', contentEncoding: 'gzip' }, () => [
    gzipSync(text('{"header":{"imei":"490154203237518","b64":"eyJlbWFpbCI6Imhvbmdas","url":"https://x.example/?a=1&b=%7B%7D"}}')),
  ]),
  'untyped payload': decoderTarget({}, () => [
    text('eyJpbWVpIjoiNDkwMTU0MjAzMjM3NTE4In0'), text('a=1&b=eyJ4IjoxfQ%3D%3D&c=%E4%BD%A0'), text('<xml><imei>490154203237518</imei></xml>'),
  ]),
  dex: {
    seeds: () => [seedApp().dex],
    corpus: ['dex/classes.dex'],
    run: (bytes) => {
      const buf = Buffer.from(bytes);
      let hosts = 0;
      forEachHostLikeDexString(buf, 'fuzz.dex', () => hosts++);
      return readDex(buf, 'fuzz.dex').classNames.length + hosts;
    },
  },
  axml: {
    seeds: () => [seedApp().manifest],
    corpus: ['apk/a2dp.Vol_137.apk', 'apk/Invalid.apk'],
    fromCorpus: (bytes) => apkEntries(bytes, ['AndroidManifest.xml']),
    run: (bytes) => parseAxml(Buffer.from(bytes), 'fuzz.xml', { maxPoolStrings: 100_000, maxXmlElements: 10_000 }).warnings.length,
  },
  arsc: {
    seeds: () => [seedApp().arsc],
    corpus: ['apk/a2dp.Vol_137.apk'],
    fromCorpus: (bytes) => apkEntries(bytes, ['resources.arsc']),
    run: (bytes) => readResourceTable(Buffer.from(bytes), 100_000, [])?.resolveString(0x7f010000),
  },
  'zip package': {
    seeds: () => {
      const app = seedApp();
      return [zipSync({ 'AndroidManifest.xml': app.manifest, 'classes.dex': app.dex, 'resources.arsc': app.arsc }, { level: 6 })];
    },
    corpus: ['apk/duplicate.permisssions_9999999.apk'],
    run: async (bytes) => (await scanApp(asFile(bytes, '.apk'))).classCount,
  },
  plist: {
    seeds: () => [text(buildPlist(PLIST_DICT)), binaryPlistSeed()],
    corpus: [],
    run: (bytes) => parseInfoPlist(Buffer.from(bytes), 'Info.plist').bundleId,
  },
};

/**
 * Parsers broken on purpose, to show the fuzz harness catches each kind of failure (test/fuzz/harness.test.ts):
 * an exception that is not an InputError, a multi-line InputError, a slow case, and a hang.
 */
export const CANARIES: Record<string, FuzzTarget> = {
  'canary: crash': { seeds: () => [text('ok')], corpus: [], run: (bytes) => { if (bytes.length !== 2) throw new RangeError('offset out of range'); } },
  'canary: multi-line error': { seeds: () => [text('{}')], corpus: [], run: () => { throw Object.assign(new InputError('f', null, 'x'), { message: 'f: a\nb' }); } },
  'canary: slow': { seeds: () => [text('ok')], corpus: [], run: () => { const until = performance.now() + 60; while (performance.now() < until) { /* busy */ } } },
  'canary: hang': { seeds: () => [text('ok')], corpus: [], run: () => { for (;;) { /* never returns */ } } },
};

export function corpusSeeds(target: FuzzTarget): Uint8Array[] {
  return target.corpus.flatMap((rel) => {
    const bytes = readFileSync(corpusFile(rel));
    return target.fromCorpus ? target.fromCorpus(bytes, rel) : [bytes];
  });
}
