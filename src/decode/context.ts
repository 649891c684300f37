/**
 * What one decoding stream remembers across its exchanges: memos whose answers depend only on the bytes and the
 * decoder list (short texts no decoder opens; which decoders may fit a view of a given shape). A context belongs to one
 * stream — one analysis, one worker — so two streams decoded side by side, in turns or in threads, share nothing.
 * Decoding without one gives each call its own (correct, only slower on repeated values).
 */
import type { Decoder, LeafFilter } from './types.js';
import { ByteStringSet } from '../util/byte-set.js';
import { SHORT_LENGTH_CAP } from './bytes.js';

/** For each view length up to SHORT_LENGTH_CAP: shape key (first byte, character classes) → candidate decoders. */
export type ShapeTable = Map<number, readonly Decoder[]>[];

export class DecodeContext {
  /**
   * Leaves the stream's detectors never read (a known-value search given a leaf shorter than any value it looks for,
   * or one it scanned before and found nothing in): not made into views, which on JSON-heavy traffic is most of the
   * views. Null: every view is made.
   */
  readonly omitLeaf: LeafFilter | null;
  /** Short texts no decoder could open (see engine.ts, rememberable). */
  readonly rejected = new ByteStringSet();
  /** Leaves no decoder could open whose bytes omitLeaf.ignoresBytes said yes to (see engine.ts, omittable). */
  readonly quiet = new ByteStringSet();
  private readonly shapeTables = new WeakMap<readonly Decoder[], ShapeTable>();
  private readonly singleFits = new WeakMap<Decoder, { covering: Decoder[]; extracting: Decoder[] }>();

  constructor(options: DecodeContextOptions = {}) {
    this.omitLeaf = options.omitLeaf ?? null;
  }

  /** The shape table of a decoder list, made on first use. */
  shapesOf(decoders: readonly Decoder[]): ShapeTable {
    let table = this.shapeTables.get(decoders);
    if (!table) {
      table = Array.from({ length: SHORT_LENGTH_CAP + 1 }, () => new Map<number, readonly Decoder[]>());
      this.shapeTables.set(decoders, table);
    }
    return table;
  }

  /**
   * Indexes of the covering decoders of a list, highest maxFit first (ties in list order), made once per list: the
   * lists are the registry and the per-shape candidate lists, which live as long as the context.
   */
  coveringBestFirst(decoders: readonly Decoder[]): readonly number[] {
    let order = this.bestFirst.get(decoders);
    if (!order) {
      order = decoders.map((d, i) => (d.covers ? i : -1)).filter((i) => i >= 0)
        .sort((a, b) => (decoders[b]!.maxFit ?? Infinity) - (decoders[a]!.maxFit ?? Infinity) || a - b);
      this.bestFirst.set(decoders, order);
    }
    return order;
  }

  private readonly bestFirst = new WeakMap<readonly Decoder[], readonly number[]>();

  /** A scratch array for fit scores of up to `length` decoders (see engine.ts, DecodeSession.scores). */
  scoresFor(length: number): Float64Array {
    if (this.scores.length < length) this.scores = new Float64Array(length);
    return this.scores;
  }

  private scores = new Float64Array(0);

  /** The fitting of one decoder alone, made once per decoder (callers only read it). */
  onlyFitting(decoder: Decoder): { covering: Decoder[]; extracting: Decoder[] } {
    let fitting = this.singleFits.get(decoder);
    if (!fitting) {
      fitting = decoder.covers ? { covering: [decoder], extracting: [] } : { covering: [], extracting: [decoder] };
      this.singleFits.set(decoder, fitting);
    }
    return fitting;
  }
}

export interface DecodeContextOptions {
  /** What the stream's detectors never read (see DecodeContext.omitLeaf). */
  omitLeaf?: LeafFilter | null;
}

/** A context for one stream of exchanges (one per analysis or per worker; never shared between them). */
export function createDecodeContext(options: DecodeContextOptions = {}): DecodeContext {
  return new DecodeContext(options);
}
