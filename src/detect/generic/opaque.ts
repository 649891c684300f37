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
import { textOf } from './context.js';

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

function opaqueForm(b: Uint8Array): Opaque | null {
  if (b.length < MIN_OPAQUE_BYTES) return null;
  const entropy = shannonEntropy(b);
  const sampleBits = Math.min(8, Math.log2(Math.min(b.length, ENTROPY_SAMPLE_BYTES)));
  const text = textOf(b);
  if (text === null) return entropy >= BINARY_RATIO * sampleBits ? { entropy, form: 'binary' } : null;
  const t = text.trim();
  if (t.length < MIN_OPAQUE_TEXT_CHARS) return null;
  if (HEX_TEXT.test(t)) return entropy >= TEXT_RATIO * 4 ? { entropy, form: 'hex text' } : null;
  if (BASE64_TEXT.test(t)) return entropy >= TEXT_RATIO * 6 ? { entropy, form: 'base64-like text' } : null;
  return null;
}

/** Innermost request-body views: no other view continues their path. */
function bodyLeaves(ctx: ExchangeContext): View[] {
  const body = ctx.request.filter((sv) => sv.view.path.startsWith('request.body'));
  if (body.length === 0) {
    const raw = ctx.exchange.request.body;
    return raw && raw.length > 0 ? [{ path: 'request.body', bytes: raw, key: null, layers: [], side: 'request', covered: false }] : [];
  }
  return body.filter((sv: ScanView) => sv.leaf && !sv.view.covered).map((sv) => sv.view);
}

function detectBlindSpots(ctx: ExchangeContext): { blindSpots: BlindSpotHit[] } {
  const { exchange, host } = ctx;
  const blindSpots: BlindSpotHit[] = [];
  if (exchange.request.bodyTruncated) {
    blindSpots.push({ kind: 'truncated-body', source: exchange.source, host, bytes: exchange.request.body?.length ?? 0,
      detail: 'request.body: cut short by the capture; data past the cut was not examined' });
  }
  for (const view of bodyLeaves(ctx)) {
    if (ctx.media.has(view.path)) continue;
    const opaque = opaqueForm(view.bytes);
    if (!opaque) continue;
    blindSpots.push({ kind: 'opaque-payload', source: exchange.source, host, bytes: view.bytes.length,
      detail: `${view.path}: ${opaque.form}, ${opaque.entropy.toFixed(2)} bits/byte over ${view.bytes.length} bytes` });
  }
  return { blindSpots };
}

export const opaqueFamily: DetectorFamily = { name: 'opaque', detect: detectBlindSpots };
