/**
 * Score: BM25 over the two fields, as lunr weighed each stem in each paper, summed per paper into scratch buffers
 * with one slot per paper (reset after each query, so no per-query allocation the size of the corpus).
 */
import type { Corpus } from '../retrieve/corpus.ts';
import { FIELDS, type FieldName } from '../retrieve/lunr-index.ts';

export class ScoreAccumulator {
  readonly #corpus: Corpus;
  /** Per paper: its score, a second score (feedback's), which typed concepts it contains, whether touched. */
  readonly scores: Float64Array;
  readonly extra: Float64Array;
  readonly masks: Uint32Array;
  readonly seen: Uint8Array;
  /** The papers touched so far, in the order first touched. */
  readonly touched: Int32Array;

  constructor(corpus: Corpus) {
    this.#corpus = corpus;
    const n = corpus.slots;
    this.scores = new Float64Array(n);
    this.extra = new Float64Array(n);
    this.masks = new Uint32Array(n);
    this.seen = new Uint8Array(n);
    this.touched = new Int32Array(n);
  }

  /**
   * Adds Σ boost × lunr's BM25 weight of each stem (over `fields`, default both) into `into`, per paper: lunr's own
   * score of that query times its query vector's length (lunr divides by that length, which would make a score depend
   * on how many words were asked). Papers touched the first time are listed in `touched`; returns how many.
   * `bits`: OR-ed into each touched paper's mask per stem (which typed concepts it contains).
   */
  accumulate(
    boosts: ReadonlyMap<string, number>,
    into: Float64Array,
    fields: readonly FieldName[] = FIELDS,
    bits?: ReadonlyMap<string, number>,
  ): number {
    const corpus = this.#corpus;
    let touched = 0;
    for (const [s, boost] of boosts) {
      if (!(boost > 0) || !corpus.knows(s)) continue;
      const bit = bits?.get(s) ?? 0;
      for (const field of fields) {
        const { docs, weights, scale } = corpus.postingsOf(field, s);
        const factor = boost * scale;
        for (let i = 0; i < docs.length; i++) {
          const doc = docs[i] ?? 0;
          if (this.seen[doc] === 0) {
            this.seen[doc] = 1;
            this.touched[touched++] = doc;
          }
          into[doc] = (into[doc] ?? 0) + factor * (weights[i] ?? 0);
          if (bit !== 0) this.masks[doc] = ((this.masks[doc] ?? 0) | bit) >>> 0;
        }
      }
    }
    return touched;
  }

  /**
   * Adds Σ boost × lunr's BM25 weight of each stem into `into`, for the papers this query already touched only;
   * false when `deadline` passed before every stem was added (what was added is cleared with the query's scratch).
   */
  accumulateTouched(boosts: ReadonlyMap<string, number>, into: Float64Array, deadline: number): boolean {
    const corpus = this.#corpus;
    for (const [s, boost] of boosts) {
      if (performance.now() >= deadline) return false;
      if (!(boost > 0) || !corpus.knows(s)) continue;
      for (const field of FIELDS) {
        const { docs, weights, scale } = corpus.postingsOf(field, s);
        const factor = boost * scale;
        for (let i = 0; i < docs.length; i++) {
          const doc = docs[i] ?? 0;
          if (this.seen[doc] === 1) into[doc] = (into[doc] ?? 0) + factor * (weights[i] ?? 0);
        }
      }
    }
    return true;
  }

  /** Clears the scratch buffers of the papers a query touched. */
  reset(touched: number): void {
    for (let i = 0; i < touched; i++) {
      const doc = this.touched[i] ?? 0;
      this.scores[doc] = 0;
      this.extra[doc] = 0;
      this.masks[doc] = 0;
      this.seen[doc] = 0;
    }
  }
}
