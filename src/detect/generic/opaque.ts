/**
 * Blind spots in request bodies. A body whose innermost decoded form is still high-entropy (encrypted or compressed
 * beyond what decode could undo — Umeng's AES envelope, ByteDance's ttEncrypt) is an 'opaque-payload' blind spot
 * with its host and size, so a recipient of opaque bytes is never shown as having received nothing. Recognised media
 * is excluded (it is reported as media), as are views that decode split further. A body the capture cut short is a
 * 'truncated-body' blind spot.
 *
 * Entropy is Shannon entropy in bits per byte. The bar scales with size because a short sample cannot reach 8 bits:
 * n random bytes have at most log2(n) bits, so a view is opaque at ≥ 0.85 × min(8, log2 n) — random data sits at
 * ~0.95 of that, JSON, protobuf and text at 0.55–0.75. Text that decode could not undo (base64- or hex-alphabet
 * blobs ≥ 128 chars) counts when it uses ≥ 90% of its alphabet's bits.
 */
import type { View } from '../../decode/types.js';
import type { BlindSpotHit } from '../types.js';
import type { DetectorFamily, ExchangeContext, ScanView } from './context.js';
import { hasRequestBodyView, requestBodyViews, scanViewOf } from './context.js';

const MIN_OPAQUE_BYTES = 64;
const MIN_OPAQUE_TEXT_CHARS = 128;
const ENTROPY_SAMPLE_BYTES = 256 * 1024;
const BINARY_RATIO = 0.85;
const TEXT_RATIO = 0.9;
const BASE64_TEXT = /^[A-Za-z0-9+/_-]+={0,2}$/;
const HEX_TEXT = /^[0-9A-Fa-f]+$/;

/** Shannon entropy (bits per byte) of a prefix of the bytes. */
export function shannonEntropy(b: Uint8Array): number {
  const n = Math.min(b.length, ENTROPY_SAMPLE_BYTES);
  if (n === 0) return 0;
  const counts = new Uint32Array(256);
  for (let i = 0; i < n; i++) counts[b[i]!]!++;
  let h = 0;
  for (const c of counts) {
    if (c > 0) {
      const p = c / n;
      h -= p * Math.log2(p);
    }
  }
  return h;
}

interface Opaque {
  entropy: number;
  form: string;
}

/** Reads the text of a ScanView (decoded once, shared with the other families) rather than decoding again. */
function opaqueForm(sv: ScanView): Opaque | null {
  const b = sv.view.bytes;
  if (b.length < MIN_OPAQUE_BYTES) return null;
  const text = sv.text;
  if (text === null) {
    const entropy = shannonEntropy(b);
    const sampleBits = Math.min(8, Math.log2(Math.min(b.length, ENTROPY_SAMPLE_BYTES)));
    return entropy >= BINARY_RATIO * sampleBits ? { entropy, form: 'binary' } : null;
  }
  // Entropy is measured only for text that is one base64 or hex blob: plain text is never opaque.
  const t = text.trim();
  if (t.length < MIN_OPAQUE_TEXT_CHARS) return null;
  if (HEX_TEXT.test(t)) {
    const entropy = shannonEntropy(b);
    return entropy >= TEXT_RATIO * 4 ? { entropy, form: 'hex text' } : null;
  }
  if (BASE64_TEXT.test(t)) {
    const entropy = shannonEntropy(b);
    return entropy >= TEXT_RATIO * 6 ? { entropy, form: 'base64-like text' } : null;
  }
  return null;
}

/** Innermost request-body views: no other view continues their path. */
function bodyLeaves(ctx: ExchangeContext): ScanView[] {
  const raw = ctx.exchange.request.body;
  if (raw && raw.length > 0 && !hasRequestBodyView(ctx)) {
    const view: View = { path: 'request.body', bytes: raw, key: null, layers: [], side: 'request', covered: false };
    return [scanViewOf(view, null, null, false)];
  }
  // Size first: whether a view is a leaf is worked out on demand, and small views can never be opaque.
  return requestBodyViews(ctx, MIN_OPAQUE_BYTES).filter((sv: ScanView) => !sv.view.covered && sv.leaf);
}

function detectBlindSpots(ctx: ExchangeContext): { blindSpots: BlindSpotHit[] } {
  const { exchange, host } = ctx;
  const blindSpots: BlindSpotHit[] = [];
  if (exchange.request.bodyTruncated) {
    blindSpots.push({ kind: 'truncated-body', source: exchange.source, host, bytes: exchange.request.body?.length ?? 0, side: 'request',
      detail: 'request.body: cut short by the capture; data past the cut was not examined' });
  }
  for (const sv of bodyLeaves(ctx)) {
    const view = sv.view;
    if (ctx.media.has(view.path)) continue;
    const opaque = opaqueForm(sv);
    if (!opaque) continue;
    blindSpots.push({ kind: 'opaque-payload', source: exchange.source, host, bytes: view.bytes.length, side: 'request',
      detail: `${view.path}: ${opaque.form}, ${opaque.entropy.toFixed(2)} bits/byte over ${view.bytes.length} bytes` });
  }
  return { blindSpots };
}

export const opaqueFamily: DetectorFamily = { name: 'opaque', detect: detectBlindSpots };
