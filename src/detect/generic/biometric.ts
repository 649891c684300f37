/**
 * Biometric signals. (1) Face-SDK endpoints: requests to known face-recognition APIs, or to paths named for face
 * detection/liveness, yield a 'biometric-endpoint' signal. (2) Face data by key: values under face-template,
 * faceprint, embedding or landmark keys that hold real geometry (many numbers, or a large blob) are biometric.face.
 * (3) An image or video sent to a face endpoint is a face scan: biometric.face next to the media finding.
 * Endpoint sources: Face++ https://gist.github.com/joseph-sch/a936d1f62926b2f44aa8ae27dfd0c7eb (api-us/api-cn
 * .faceplusplus.com/facepp/v3/detect); Baidu AI https://ai.baidu.com/ai-doc/FACE (aip.baidubce.com/rest/2.0/face/);
 * Tencent Cloud https://cloud.tencent.com/document/api/867/32800 (iai.tencentcloudapi.com);
 * AWS https://docs.aws.amazon.com/general/latest/gr/rekognition.html (rekognition.<region>.amazonaws.com);
 * Azure https://learn.microsoft.com/en-us/rest/api/face/ (<resource>.cognitiveservices.azure.com/face/).
 */
import type { Signal } from '../types.js';
import type { DetectorFamily, ExchangeContext, Hit, ScanView } from './context.js';
import { clipMatched, inPathOrder, requestHeader } from './context.js';

interface FaceEndpoint {
  vendor: string;
  host: RegExp;
  /** Path prefix that marks the face API on a shared host; null when the whole host is a face service. */
  path: RegExp | null;
}

const FACE_ENDPOINTS: readonly FaceEndpoint[] = [
  { vendor: 'megvii-faceplusplus', host: /(^|\.)faceplusplus\.com(\.cn)?$/, path: null },
  { vendor: 'baidu-ai-face', host: /^aip\.baidubce\.com$/, path: /^\/rest\/2\.0\/(face|faceverify)\// },
  { vendor: 'tencent-cloud-iai', host: /^(iai|iai\.intl|faceid)\.tencentcloudapi\.com$/, path: null },
  { vendor: 'aws-rekognition', host: /^rekognition(-fips)?\.[a-z0-9-]+\.(amazonaws\.com|api\.aws)$/, path: null },
  { vendor: 'azure-face', host: /\.cognitiveservices\.azure\.com$/, path: /^\/face\// },
];

/** Path tokens that name face processing ("/v1/face/detect", "/api/liveness"). */
const FACE_PATH_TOKENS = new Set(['face', 'faces', 'faceid', 'facepp', 'facedetect', 'facerecognition', 'faceverify',
  'facematch', 'facecompare', 'facesearch', 'faceprint', 'facemesh', 'liveness']);

const FACE_KEYS = new Set(['facefeature', 'facefeatures', 'faceprint', 'facetemplate', 'faceembedding', 'faceencoding',
  'facevector', 'facelandmarks', 'faciallandmarks', 'landmarks', 'landmark', 'landmark72', 'landmark150', 'facepoints',
  'facemesh', 'facedata', 'facedescriptor', 'facetoken']);

const NUMBER = /-?\d+(?:\.\d+)?/g;
const MAX_NUMBERS_COUNTED = 10_000;
const MIN_GEOMETRY_NUMBERS = 10;
const STRONG_GEOMETRY_NUMBERS = 64;
const MIN_BLOB_CHARS = 64;

interface EndpointMatch {
  vendor: string;
  by: 'host' | 'path';
}

function faceEndpoint(ctx: ExchangeContext): EndpointMatch | null {
  for (const e of FACE_ENDPOINTS) {
    if (e.host.test(ctx.host) && (e.path === null || e.path.test(ctx.urlPath))) return { vendor: e.vendor, by: 'host' };
  }
  // AWS Rekognition names the operation in a header: DetectFaces, IndexFaces, SearchFacesByImage, CompareFaces, ...
  const target = requestHeader(ctx.exchange, 'x-amz-target') ?? '';
  if (/^RekognitionService\.\w*Face/.test(target)) return { vendor: 'aws-rekognition', by: 'host' };
  // Every face path token contains "face" or is "liveness": most paths are ruled out without splitting them.
  if (!ctx.urlPath.includes('face') && !ctx.urlPath.includes('liveness')) return null;
  const tokens = ctx.urlPath.split(/[/\-_.]/);
  return tokens.some((t) => FACE_PATH_TOKENS.has(t)) ? { vendor: 'unknown', by: 'path' } : null;
}

function countNumbers(text: string): number {
  let n = 0;
  for (const _ of text.matchAll(NUMBER)) if (++n >= MAX_NUMBERS_COUNTED) break;
  return n;
}

/** Geometry or a template: many numbers, or a long base64/hex blob. Flags and ids under face keys do not count. */
function faceDataStrength(sv: ScanView): 'likely' | 'possible' | null {
  const text = sv.text!.trim();
  const numbers = countNumbers(text);
  if (numbers >= STRONG_GEOMETRY_NUMBERS) return 'likely';
  if (numbers >= MIN_GEOMETRY_NUMBERS) return /[[{,]/.test(text) ? 'likely' : null;
  if (text.length >= MIN_BLOB_CHARS && /^[A-Za-z0-9+/=_-]+$/.test(text)) return 'likely';
  if (sv.normKey === 'facetoken' && /^[0-9a-f]{32}$/i.test(text)) return 'possible'; // Face++ handle of a detected face
  return null;
}

function faceKeyHits(ctx: ExchangeContext): Hit[] {
  const hits: Hit[] = [];
  const reported: string[] = [];
  // Outermost first: a landmarks object is one finding, not one per nested point.
  const views = inPathOrder(ctx.request.filter((sv) => sv.normKey !== null && FACE_KEYS.has(sv.normKey) && sv.text !== null))
    .sort((a, b) => a.view.path.length - b.view.path.length);
  for (const sv of views) {
    if (reported.some((p) => sv.view.path.startsWith(p))) continue;
    const strength = faceDataStrength(sv);
    if (!strength) continue;
    reported.push(sv.view.path);
    const value = sv.text!.trim();
    hits.push({ view: sv.view, dataType: 'biometric.face', match: 'key', confidence: strength,
      detector: `key:${sv.normKey}`, matched: clipMatched(value), index: Math.max(0, sv.text!.indexOf(value)),
      details: { numbers: countNumbers(value) } });
  }
  return hits;
}

function detectBiometrics(ctx: ExchangeContext): { hits: Hit[]; signals: Signal[] } {
  const hits = faceKeyHits(ctx);
  const signals: Signal[] = [];
  const endpoint = faceEndpoint(ctx);
  if (endpoint) {
    signals.push({ kind: 'biometric-endpoint', source: ctx.exchange.source, time: ctx.exchange.time, host: ctx.host,
      path: 'request.url', details: { vendor: endpoint.vendor, match: endpoint.by } });
    for (const { dataType: media, view } of ctx.media.values()) {
      if (media !== 'media.image' && media !== 'media.video') continue;
      hits.push({ view, dataType: 'biometric.face', match: 'heuristic',
        confidence: endpoint.by === 'host' ? 'likely' : 'possible', detector: 'biometric:face-endpoint',
        matched: media, index: 0, excerpt: `${media} sent to ${ctx.host}${ctx.urlPath}`.slice(0, 160),
        details: { vendor: endpoint.vendor } });
    }
  }
  return { hits, signals };
}

export const biometricFamily: DetectorFamily = { name: 'biometric', detect: detectBiometrics };
