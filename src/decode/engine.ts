/**
 * The decoding walk: a view goes to the decoders that fit it, best fit first; the first structured (covering)
 * decoder that succeeds produces its children, otherwise every fitting extraction runs. Each child is walked in turn,
 * depth-first so views come out in document order. Budgets (views, bytes, layers) are per exchange and every stop is
 * recorded as a DecodeIssue; a view whose children were cut short stays uncovered so its raw bytes are still scanned.
 */
import type { DecodedPart, Decoder, DecodeInput, DecodeIssue, DecodeLimits, LeafFilter, QuietLeaves, View } from './types.js';
import type { ByteStringSet } from '../util/byte-set.js';
import { DecodeLimitError } from './errors.js';
import { DECODERS } from './registry.js';
import { DEFAULT_DECODE_LIMITS } from './limits.js';
import { appendStep } from './paths.js';
import { DecodeContext, type ShapeTable } from './context.js';
import { charMask, isCleanText, isMediaType, maskCoversAll, SHORT_LENGTH_CAP, sniffMagic } from './bytes.js';

/** Hints about a view that decoders use but that are not part of the View itself. */
export interface ViewHints {
  mimeType: string | null;
  contentType: string | null;
  contentEncoding: string | null;
}

/**
 * Mutable state of one exchange's decoding: outputs and what is left of the budgets. `limits` may be tightened for
 * one part (the response body) while the budgets stay shared.
 */
export class DecodeSession {
  readonly views: View[] = [];
  readonly issues: DecodeIssue[] = [];
  /** The candidate table of this session's decoders, looked up once per exchange (not per view). */
  readonly shapes: ShapeTable;
  /**
   * Fit scores of the view being fitted, by candidate index (see leadingCovering): the context's scratch array, as
   * sessions of one context run one after another and a view's scores are read before its children are walked.
   */
  readonly scores: Float64Array;
  private viewsLeft: number;
  private bytesLeft: number;

  constructor(public limits: DecodeLimits, readonly decoders: readonly Decoder[] = DECODERS,
    readonly context: DecodeContext = new DecodeContext()) {
    this.viewsLeft = limits.maxViews;
    this.bytesLeft = limits.maxTotalBytes;
    this.shapes = context.shapesOf(decoders);
    this.scores = context.scoresFor(decoders.length);
  }

  issue(kind: DecodeIssue['kind'], path: string, detail: string, bytes: number): void {
    this.issues.push({ kind, path, detail, bytes });
  }

  /** Adds a root view (the raw URL, a header, a body): counted against the view budget only. */
  addRoot(view: View): boolean {
    if (this.viewsLeft <= 0) {
      this.issue('size-limit', view.path, `more than ${this.limits.maxViews} views in this exchange`, view.bytes.length);
      return false;
    }
    this.viewsLeft--;
    this.views.push(view);
    return true;
  }

  /** Whether the budgets hold these parts and `count` more views of `bytes` in all. */
  holds(parts: readonly DecodedPart[], count: number, bytes: number): boolean {
    if (this.viewsLeft < parts.length + count) return false;
    let total = bytes;
    for (const part of parts) total += part.bytes.length;
    return this.bytesLeft >= total;
  }

  /** Reserves budget for views left unmade, already known to fit (holds). */
  reserveAll(count: number, bytes: number): void {
    this.viewsLeft -= count;
    this.bytesLeft -= bytes;
  }

  /** Reserves budget for a decoded view; false when it does not fit. */
  reserve(bytes: number): boolean {
    if (this.viewsLeft <= 0 || this.bytesLeft < bytes) return false;
    this.viewsLeft--;
    this.bytesLeft -= bytes;
    return true;
  }
}

const BODY_LIKE_LAYERS = new Set(['gzip', 'zlib', 'deflate', 'br', 'zstd', 'grpc', 'multipart']);
/** Binary leftovers shorter than this are ids, flags or hashes, not payloads worth a blind-spot note. */
const OPAQUE_MIN_BYTES = 32;

function inputOf(view: View, hints: ViewHints, quietLeaves?: QuietLeaves): DecodeInput {
  // One object shape whether or not leaves may be left out: decoders' fit and decode stay monomorphic.
  return {
    bytes: view.bytes,
    mimeType: hints.mimeType,
    contentEncoding: hints.contentEncoding,
    contentType: hints.contentType,
    key: view.key,
    layers: view.layers,
    quietLeaves,
  };
}

interface Fitting {
  covering: Decoder[];
  extracting: Decoder[];
}

const NOTHING_FITS: Fitting = Object.freeze({ covering: [], extracting: [] }) as unknown as Fitting;

/**
 * The decoders worth asking `fit` for this view. Most views are short leaves without hints, and they come in few
 * shapes (first byte, character classes, length up to SHORT_LENGTH_CAP): the decoders whose mayFit allows a shape
 * are listed once per shape, in registry order, so a leaf is offered to a handful of decoders, often none.
 */
function candidateDecoders(decoders: readonly Decoder[], shapes: ShapeTable, bytes: Uint8Array, hints: ViewHints): readonly Decoder[] {
  if (hints.mimeType !== null || hints.contentEncoding !== null || hints.contentType !== null || !maskCoversAll(bytes)) {
    return decoders;
  }
  const first = bytes[0];
  const mask = charMask(bytes);
  const length = Math.min(bytes.length, SHORT_LENGTH_CAP);
  const byShape = shapes[length];
  const shape = first * MASK_VALUES + mask;
  let candidates = byShape.get(shape);
  if (candidates === undefined) {
    if (byShape.size >= MAX_SHAPES) byShape.clear();
    candidates = decoders.filter((d) => d.mayFit === undefined || d.mayFit(first, mask, length));
    byShape.set(shape, candidates);
  }
  return candidates;
}

/** Mask values are below 2^19 (19 CH classes): first byte and mask make one small-integer key. */
const MASK_VALUES = 1 << 19;
/** Bound on remembered shapes per length (real traffic shows a few hundred in all). */
const MAX_SHAPES = 4096;

/**
 * Short texts no decoder could open, remembered across views and exchanges: an app sends the same ids and tokens
 * again and again (a session id in every event of a batch), and each try costs several failed blob decodes. Only
 * views whose outcome depends on nothing but their bytes are remembered: no hints, the default limits and decoders,
 * and below the layer limit; and only when nothing was reported.
 */
const REJECTED_MAX_BYTES = 256;

/** Whether the view's outcome depends on its bytes alone, so it may be remembered. */
function rememberable(session: DecodeSession, view: View, hints: ViewHints): boolean {
  return view.bytes.length <= REJECTED_MAX_BYTES && hints.mimeType === null && hints.contentEncoding === null
    && hints.contentType === null && memoAppliesAt(session, view.layers.length);
}

/** The session-wide part of rememberable, for a view `layers` deep: default limits and decoders, below the layer limit. */
function memoAppliesAt(session: DecodeSession, layers: number): boolean {
  return session.limits === DEFAULT_DECODE_LIMITS && session.decoders === DECODERS && layers < session.limits.maxDepth;
}

/**
 * Best fit first, ties in registry order. By insertion: a view fits a handful of decoders at most, and
 * Array.prototype.sort copies its array first — garbage for every view that fits two or more.
 */
function sortByFit(scored: { decoder: Decoder; score: number; order: number }[]): void {
  for (let i = 1; i < scored.length; i++) {
    const item = scored[i]!;
    let j = i - 1;
    while (j >= 0 && (scored[j]!.score < item.score || (scored[j]!.score === item.score && scored[j]!.order > item.order))) {
      scored[j + 1] = scored[j]!;
      j--;
    }
    scored[j + 1] = item;
  }
}

/**
 * The covering decoder a full fitting would try first (the best fit, ties in list order), found asking the covering
 * decoders best-first by maxFit and stopping once none left could beat or tie the best so far: on a declared JSON body
 * the text decoders' fits (a scan of the whole body each) are never computed unless JSON fails. Every fit computed is
 * kept in `scores` (NaN: not asked), for fittingDecoders.
 */
function leadingCovering(context: DecodeContext, decoders: readonly Decoder[], input: DecodeInput,
  scores: Float64Array): Decoder | null {
  scores.fill(NaN, 0, decoders.length);
  let best = -1;
  let bestScore = 0;
  for (const index of context.coveringBestFirst(decoders)) {
    const decoder = decoders[index]!;
    if (best >= 0 && (decoder.maxFit ?? Infinity) < bestScore) break;
    const score = decoder.fit(input);
    scores[index] = score;
    if (score > 0 && (best < 0 || score > bestScore || (score === bestScore && index < best))) {
      best = index;
      bestScore = score;
    }
  }
  return best < 0 ? null : decoders[best]!;
}

/** Decoders with a positive fit, best first (ties keep registry order), split into covering and extracting. */
function fittingDecoders(context: DecodeContext, decoders: readonly Decoder[], input: DecodeInput,
  scores: Float64Array): Fitting {
  // Most views fit nothing or one decoder: no scoring arrays unless two or more fit.
  let first: Decoder | null = null;
  let firstScore = 0;
  let scored: { decoder: Decoder; score: number; order: number }[] | null = null;
  for (let order = 0; order < decoders.length; order++) {
    const decoder = decoders[order];
    const known = scores[order]!;
    const score = known === known ? known : decoder.fit(input);
    if (score <= 0) continue;
    if (first === null) {
      first = decoder;
      firstScore = score;
      continue;
    }
    scored ??= [{ decoder: first, score: firstScore, order: -1 }];
    scored.push({ decoder, score, order });
  }
  if (first === null) return NOTHING_FITS;
  if (scored === null) return context.onlyFitting(first);
  sortByFit(scored);
  const covering: Decoder[] = [];
  const extracting: Decoder[] = [];
  for (const { decoder } of scored) (decoder.covers ? covering : extracting).push(decoder);
  return { covering, extracting };
}

interface Attempt {
  parts: DecodedPart[] | null;
  complete: boolean;
  /** An issue was recorded (limit, corruption): the view is already accounted for, not opaque. */
  reported: boolean;
}

function attempt(session: DecodeSession, decoder: Decoder, input: DecodeInput, path: string): Attempt {
  try {
    return { parts: decoder.decode(input, session.limits), complete: true, reported: false };
  } catch (e) {
    if (!(e instanceof DecodeLimitError)) throw e;
    session.issue(e.kind, appendStep(path, decoder.name, null), e.message, e.bytes);
    return { parts: e.partial.length ? e.partial : null, complete: false, reported: true };
  }
}

/**
 * A covering decoder's attempt, leaving out the leaves the stream's detectors would never read when the children's
 * place allows it (see LeafSkipper). The outcome counts only when it is the plain one minus those views: decode
 * succeeded and the budgets hold every leaf, made or not (then each leaf's own reservation would have succeeded too,
 * in any order). Otherwise the decoder runs again making every part, as without the filter.
 */
function attemptCovering(session: DecodeSession, decoder: Decoder, view: View, hints: ViewHints,
  input: DecodeInput): { result: Attempt; skipped: LeafSkipper | null } {
  const skipper = leafSkipper(session, decoder, view);
  if (skipper !== null) {
    let parts: DecodedPart[] | null | undefined;
    try {
      parts = decoder.decode(inputOf(view, hints, skipper), session.limits);
    } catch (e) {
      if (!(e instanceof DecodeLimitError)) throw e;
    }
    // A decoder fails (null) exactly when it would without leaving leaves out (QuietLeaves).
    if (parts === null) return { result: { parts: null, complete: true, reported: false }, skipped: null };
    if (parts !== undefined && (skipper.count === 0 || session.holds(parts, skipper.count, skipper.bytes))) {
      return { result: { parts, complete: true, reported: false }, skipped: skipper };
    }
  }
  return { result: attempt(session, decoder, input, view.path), skipped: null };
}

/**
 * Leaves of a covering decoder's output that the quiet memo already vouches for: their bytes stayed leaves before and
 * the stream's detectors found nothing in them. Only where the memo speaks for the children (rememberableLeaf, as
 * children without hints) and the filter would ask about their bytes at all.
 */
class LeafSkipper implements QuietLeaves {
  count = 0;
  bytes = 0;

  constructor(private readonly quiet: ByteStringSet, private readonly filter: LeafFilter, private readonly layer: string,
    private readonly side: View['side']) {}

  skips(bytes: Uint8Array, start: number, end: number, key: string | null): boolean {
    if (!this.quiet.hasRange(bytes, start, end) || this.filter.ignoresAt(key, this.layer, this.side) === 'never') return false;
    this.count++;
    this.bytes += end - start;
    return true;
  }
}

function leafSkipper(session: DecodeSession, decoder: Decoder, view: View): LeafSkipper | null {
  const filter = session.context.omitLeaf;
  if (filter === null || !memoAppliesAt(session, view.layers.length + 1) || BODY_LIKE_LAYERS.has(decoder.name)) return null;
  return new LeafSkipper(session.context.quiet, filter, decoder.name, view.side);
}

/** Walks one view (already added) and everything decodable inside it. */
export function expandView(session: DecodeSession, view: View, hints: ViewHints): void {
  if (view.bytes.length === 0) return;
  if (!view.mimeType && hints.mimeType) view.mimeType = hints.mimeType;
  const sniffed = sniffMagic(view.bytes);
  if (sniffed && (!view.mimeType || view.mimeType === 'application/octet-stream')) view.mimeType = sniffed;
  if (isMediaType(view.mimeType)) return; // photos, video, audio: one view, never decoded further
  const candidates = candidateDecoders(session.decoders, session.shapes, view.bytes, hints);
  if (candidates.length === 0) {
    noteOpaque(session, view);
    return;
  }
  const remember = rememberable(session, view, hints);
  if (remember && session.context.rejected.has(view.bytes)) {
    noteOpaque(session, view);
    return;
  }
  const input = inputOf(view, hints);
  let reported = false;
  let tried: Decoder | null = null;
  const scores = session.scores;
  const leader = leadingCovering(session.context, candidates, input, scores);
  if (leader !== null && view.layers.length < session.limits.maxDepth) {
    // The first covering decoder a full fitting would try: when it succeeds, no other fit matters.
    const { result, skipped } = attemptCovering(session, leader, view, hints, input);
    if (result.parts) {
      emitCovering(session, view, leader, result, skipped);
      return;
    }
    reported = result.reported;
    tried = leader;
  }
  const { covering, extracting } = fittingDecoders(session.context, candidates, input, scores);
  if (covering.length === 0 && extracting.length === 0) {
    if (remember) session.context.rejected.add(view.bytes);
    noteOpaque(session, view);
    return;
  }
  if (view.layers.length >= session.limits.maxDepth) {
    noteDepthLimit(session, view, input, covering);
    return;
  }
  for (const decoder of covering) {
    if (decoder === tried) continue;
    const { result, skipped } = attemptCovering(session, decoder, view, hints, input);
    reported ||= result.reported;
    if (result.parts) {
      emitCovering(session, view, decoder, result, skipped);
      return;
    }
  }
  let produced = false;
  for (const decoder of extracting) {
    const result = attempt(session, decoder, input, view.path);
    reported ||= result.reported;
    if (result.parts && result.parts.length) {
      emitChildren(session, view, decoder, result.parts);
      produced = true;
    }
  }
  if (!produced && !reported) {
    if (remember) session.context.rejected.add(view.bytes);
    noteOpaque(session, view);
  }
}

/** A covering decoder's parts as children of the view, with the leaves left out unmade charged to the budgets. */
function emitCovering(session: DecodeSession, view: View, decoder: Decoder, result: Attempt, skipped: LeafSkipper | null): void {
  if (skipped !== null && skipped.count > 0) {
    session.reserveAll(skipped.count, skipped.bytes);
    view.omittedChildren = (view.omittedChildren ?? 0) + skipped.count;
  }
  const allKept = emitChildren(session, view, decoder, result.parts!);
  view.covered = result.complete && allKept;
}

/** At the layer limit: report only when a structured layer really applies (a failed guess is not a loss). */
function noteDepthLimit(session: DecodeSession, view: View, input: DecodeInput, covering: Decoder[]): void {
  for (const decoder of covering) {
    let applies: boolean;
    try {
      applies = decoder.decode(input, session.limits) !== null;
    } catch (e) {
      if (!(e instanceof DecodeLimitError)) throw e;
      applies = true;
    }
    if (applies) {
      session.issue('depth-limit', view.path, `more than ${session.limits.maxDepth} decoding layers; ` +
        `${decoder.name} layer not followed`, view.bytes.length);
      return;
    }
  }
}

/** Adds and walks the children; false when some were dropped for lack of budget. */
function emitChildren(session: DecodeSession, parent: View, decoder: Decoder, parts: DecodedPart[]): boolean {
  let dropped = 0;
  let droppedBytes = 0;
  let omitted = 0;
  const omit = session.context.omitLeaf;
  // Siblings share one layers array per layer name (views never mutate it): no copy per JSON leaf.
  let layer = decoder.name;
  let layers = [...parent.layers, layer];
  const prefix = `${parent.path}|${layer}`;
  for (const part of parts) {
    if (!session.reserve(part.bytes.length)) {
      dropped++;
      droppedBytes += part.bytes.length;
      continue;
    }
    const partLayer = part.layer ?? decoder.name;
    const hints = hintsOf(part);
    if (omit !== null && omittable(session, omit, parent, part, partLayer, hints)) {
      // Counted against the budgets like any view, so limits are reached exactly as when it is made.
      omitted++;
      continue;
    }
    if (partLayer !== layer) {
      layer = partLayer;
      layers = [...parent.layers, layer];
    }
    const child: View = {
      path: partLayer === decoder.name
        ? (part.selector === null ? prefix : `${prefix}:${part.selector}`)
        : appendStep(parent.path, partLayer, part.selector),
      bytes: part.bytes,
      key: part.key,
      layers,
      side: parent.side,
      covered: false,
    };
    if (part.mimeType) child.mimeType = part.mimeType;
    if (part.filename) child.filename = part.filename;
    session.views.push(child);
    expandView(session, child, hints);
  }
  if (omitted > 0) parent.omittedChildren = (parent.omittedChildren ?? 0) + omitted;
  if (dropped > 0) {
    session.issue('size-limit', appendStep(parent.path, decoder.name, null),
      `${dropped} decoded parts (${droppedBytes} bytes) dropped: exchange budget of ${session.limits.maxViews} views / ` +
      `${session.limits.maxTotalBytes} bytes reached`, droppedBytes);
  }
  return dropped === 0;
}

const NO_HINTS: ViewHints = Object.freeze({ mimeType: null, contentType: null, contentEncoding: null });

/** A part's hints; most parts (JSON leaves, query values) have none and share one object. */
function hintsOf(part: DecodedPart): ViewHints {
  const mimeType = part.mimeType ?? null;
  const contentType = part.contentType ?? null;
  const contentEncoding = part.contentEncoding ?? null;
  if (mimeType === null && contentType === null && contentEncoding === null) return NO_HINTS;
  return { mimeType, contentType, contentEncoding };
}

/**
 * Whether a child of `parent` is left out: the stream's detectors ignore it where it is (or, 'when-quiet', its bytes
 * too) and expandView would leave it as it is. Bytes found quiet are remembered where the rejected memo could vouch.
 */
function omittable(session: DecodeSession, filter: LeafFilter, parent: View, part: DecodedPart, layer: string,
  hints: ViewHints): boolean {
  const rule = filter.ignoresAt(part.key, layer, parent.side);
  if (rule === 'never') return false;
  const bytes = part.bytes;
  const memo = rule === 'when-quiet' && rememberableLeaf(session, parent, bytes, hints, layer);
  if (memo && session.context.quiet.has(bytes)) return true;
  if (!staysLeaf(session, parent, bytes, hints, layer)) return false;
  if (rule === 'always') return true;
  if (!filter.ignoresBytes(bytes)) return false;
  if (memo) session.context.quiet.add(bytes);
  return true;
}

/**
 * Whether the rejected memo speaks for a child of `parent` with these bytes: the conditions under which it is filled
 * in (rememberable), except a body-like layer's output, which could still be noted as an opaque payload.
 */
function rememberableLeaf(session: DecodeSession, parent: View, bytes: Uint8Array, hints: ViewHints, layer: string): boolean {
  return hints === NO_HINTS && bytes.length <= REJECTED_MAX_BYTES && memoAppliesAt(session, parent.layers.length + 1)
    && !BODY_LIKE_LAYERS.has(layer);
}

/**
 * Whether expandView would leave a child of `parent` with these bytes as it is, with no children and no issue: empty;
 * or no decoder may fit it and it is too short to be noted as an opaque payload; or bytes no decoder could open before
 * (the rejected memo never holds media, which return before it).
 */
function staysLeaf(session: DecodeSession, parent: View, bytes: Uint8Array, hints: ViewHints, layer: string): boolean {
  if (bytes.length === 0) return true;
  if (bytes.length < OPAQUE_MIN_BYTES && candidateDecoders(session.decoders, session.shapes, bytes, hints).length === 0) {
    return true;
  }
  return rememberableLeaf(session, parent, bytes, hints, layer) && session.context.rejected.has(bytes);
}

/** A request payload nothing could open (encrypted, proprietary): a blind spot, never silently dropped. */
function noteOpaque(session: DecodeSession, view: View): void {
  if (view.side !== 'request' || view.bytes.length < OPAQUE_MIN_BYTES) return;
  const last = view.layers[view.layers.length - 1];
  const bodyLike = view.layers.length === 0 ? view.path.endsWith('.body') : BODY_LIKE_LAYERS.has(last);
  if (!bodyLike || isCleanText(view.bytes)) return;
  session.issue('opaque-payload', view.path,
    `${view.bytes.length} bytes of binary data no decoder could open (encrypted or proprietary format)`, view.bytes.length);
}
