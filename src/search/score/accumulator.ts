/**
 * Score: BM25 over the two fields, as lunr weighed each stem in each paper, summed per paper into scratch buffers
 * with one slot per paper (reset after each query, so no per-query allocation the size of the corpus).
 */
import type { Expansion } from '../plan/query-plan.ts';
import type { ExpansionScoring } from '../ranking-options.ts';
import type { Corpus } from '../retrieve/corpus.ts';
import { FIELDS, type FieldName } from '../retrieve/lunr-index.ts';

export class ScoreAccumulator {
  readonly #corpus: Corpus;
  /** Per paper: its score, a second score (feedback's), which typed concepts it contains, whether touched. */
  readonly scores: Float64Array;
  readonly extra: Float64Array;
  /** A score to subtract (the learned stage's negative words); zeroed by whoever used it. */
  readonly minus: Float64Array;
  readonly masks: Uint32Array;
  readonly seen: Uint8Array;
  /** The papers touched so far, in the order first touched. */
  readonly touched: Int32Array;
  /** Papers a look-up reached without touching them (`accumulateOutside`), `seen` 2 while listed. */
  readonly outside: Int32Array;
  /** Concepts a paper holds through another way of writing them (merged into `masks` once all are read). */
  readonly #widened: Uint32Array;
  /** An expansion's weight per paper while it is compared with the typed word's (zero between uses). */
  readonly #alt: Float64Array;

  constructor(corpus: Corpus) {
    this.#corpus = corpus;
    const n = corpus.slots;
    this.scores = new Float64Array(n);
    this.extra = new Float64Array(n);
    this.minus = new Float64Array(n);
    this.masks = new Uint32Array(n);
    this.seen = new Uint8Array(n);
    this.touched = new Int32Array(n);
    this.outside = new Int32Array(n);
    this.#widened = new Uint32Array(n);
    this.#alt = new Float64Array(n);
  }

  /**
   * Adds Σ boost × lunr's BM25 weight of each stem (over `fields`, default both) into `into`, per paper: lunr's own
   * score of that query times its query vector's length (lunr divides by that length, which would make a score depend
   * on how many words were asked). Papers touched the first time are listed in `touched`; returns how many.
   * `bits`: OR-ed into each touched paper's mask per stem (which typed concepts it contains). `titleScale`: the
   * title's weights are multiplied by it (a long query weighs the title less than the index does). `touchedSoFar`:
   * papers this query touched before (a second look-up, the learned stage's words), listed first.
   */
  accumulate(
    boosts: ReadonlyMap<string, number>,
    into: Float64Array,
    fields: readonly FieldName[] = FIELDS,
    bits?: ReadonlyMap<string, number>,
    titleScale = 1,
    touchedSoFar = 0,
  ): number {
    const corpus = this.#corpus;
    let touched = touchedSoFar;
    for (const [s, boost] of boosts) {
      if (!(boost > 0) || !corpus.knows(s)) continue;
      const bit = bits?.get(s) ?? 0;
      for (const field of fields) {
        const { docs, weights, scale } = corpus.postingsOf(field, s);
        const factor = boost * scale * (field === 'title' ? titleScale : 1);
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
   * Adds the expansions' weights into `into` after `accumulate` read the typed stems (`touched` papers so far;
   * returns how many now). Papers holding a one-word expansion are marked as holding its concept. `mode`:
   * - `synonym`: a one-word expansion adds only what it weighs beyond the typed word in that paper (the concept
   *   scores the better of the two), a word of a long form only where the typed word is missing;
   * - `fill-in`: every expansion only where the typed word is missing; `added`: everywhere.
   */
  accumulateExpansions(
    expansions: readonly Expansion[],
    into: Float64Array,
    touchedSoFar: number,
    options: { mode: ExpansionScoring; titleScale: number },
  ): number {
    const { seen, masks, extra } = this;
    const widened = this.#widened;
    const alt = this.#alt;
    const { mode, titleScale } = options;
    let touched = touchedSoFar;
    const visit = (s: string, factorOf: number, each: (doc: number, weight: number) => void): void => {
      if (!this.#corpus.knows(s)) return;
      for (const field of FIELDS) {
        const { docs, weights, scale } = this.#corpus.postingsOf(field, s);
        const factor = factorOf * scale * (field === 'title' ? titleScale : 1);
        for (let i = 0; i < docs.length; i++) each(docs[i] ?? 0, factor * (weights[i] ?? 0));
      }
    };
    const touch = (doc: number): void => {
      if (seen[doc] === 0) {
        seen[doc] = 1;
        this.touched[touched++] = doc;
      }
    };
    for (const { stem: s, typed, boost, bit, marks } of expansions) {
      if (!(boost > 0)) continue;
      if (mode === 'synonym' && marks) {
        // The better of the two: the typed word's weight in `extra` (cleared after), the acronym's in `alt`.
        visit(typed, 1, (doc, weight) => (extra[doc] = (extra[doc] ?? 0) + weight));
        visit(s, boost, (doc, weight) => {
          touch(doc);
          alt[doc] = (alt[doc] ?? 0) + weight;
          widened[doc] = ((widened[doc] ?? 0) | bit) >>> 0;
        });
        visit(s, boost, (doc) => {
          const gain = (alt[doc] ?? 0) - (extra[doc] ?? 0);
          if (gain > 0) into[doc] = (into[doc] ?? 0) + gain;
          alt[doc] = 0;
        });
        visit(typed, 1, (doc) => (extra[doc] = 0));
        continue;
      }
      visit(s, boost, (doc, weight) => {
        touch(doc);
        if (mode === 'added' || ((masks[doc] ?? 0) & bit) === 0) into[doc] = (into[doc] ?? 0) + weight;
        if (marks) widened[doc] = ((widened[doc] ?? 0) | bit) >>> 0;
      });
    }
    if (expansions.length > 0) {
      for (let i = 0; i < touched; i++) {
        const doc = this.touched[i] ?? 0;
        masks[doc] = ((masks[doc] ?? 0) | (widened[doc] ?? 0)) >>> 0;
        widened[doc] = 0;
      }
    }
    return touched;
  }

  /**
   * Adds Σ boost × lunr's BM25 weight of each stem into `into`, for the papers this query already touched only (and
   * those `accumulateOutside` listed, with `listedToo`); false when `deadline` passed before every stem was added
   * (what was added is cleared with the query's scratch).
   */
  accumulateTouched(boosts: ReadonlyMap<string, number>, into: Float64Array, deadline: number, titleScale = 1, listedToo = false): boolean {
    const corpus = this.#corpus;
    const seen = this.seen;
    for (const [s, boost] of boosts) {
      if (performance.now() >= deadline) return false;
      if (!(boost > 0) || !corpus.knows(s)) continue;
      for (const field of FIELDS) {
        const { docs, weights, scale } = corpus.postingsOf(field, s);
        const factor = boost * scale * (field === 'title' ? titleScale : 1);
        if (listedToo) {
          for (let i = 0; i < docs.length; i++) {
            const doc = docs[i] ?? 0;
            if (seen[doc] !== 0) into[doc] = (into[doc] ?? 0) + factor * (weights[i] ?? 0);
          }
        } else {
          for (let i = 0; i < docs.length; i++) {
            const doc = docs[i] ?? 0;
            if (seen[doc] === 1) into[doc] = (into[doc] ?? 0) + factor * (weights[i] ?? 0);
          }
        }
      }
    }
    return true;
  }

  /**
   * Adds Σ boost × lunr's BM25 weight of each stem into `into` for every paper of its lists, like `accumulate`, but
   * the papers the query has not touched are listed in `outside` (returns how many) rather than touched: a caller
   * wanting a few of them (the learned stage's closest neighbours) `admit`s those, then `clearOutside` clears the
   * rest, so the query's later passes (matches, resets) never walk the thousands it did not want.
   */
  accumulateOutside(boosts: ReadonlyMap<string, number>, into: Float64Array, titleScale = 1): number {
    const corpus = this.#corpus;
    const { seen, outside } = this;
    let count = 0;
    for (const [s, boost] of boosts) {
      if (!(boost > 0) || !corpus.knows(s)) continue;
      for (const field of FIELDS) {
        const { docs, weights, scale } = corpus.postingsOf(field, s);
        const factor = boost * scale * (field === 'title' ? titleScale : 1);
        for (let i = 0; i < docs.length; i++) {
          const doc = docs[i] ?? 0;
          if (seen[doc] === 0) {
            seen[doc] = 2;
            outside[count++] = doc;
          }
          into[doc] = (into[doc] ?? 0) + factor * (weights[i] ?? 0);
        }
      }
    }
    return count;
  }

  /** Touches a paper listed by `accumulateOutside` (`touched` so far; returns how many now); others are left alone. */
  admit(doc: number, touched: number): number {
    if (this.seen[doc] !== 2) return touched;
    this.seen[doc] = 1;
    this.touched[touched] = doc;
    return touched + 1;
  }

  /** Clears `buffers` and the mark of the first `count` papers listed by `accumulateOutside` that were not admitted. */
  clearOutside(count: number, ...buffers: Float64Array[]): void {
    for (let i = 0; i < count; i++) {
      const doc = this.outside[i] ?? 0;
      if (this.seen[doc] !== 2) continue;
      this.seen[doc] = 0;
      for (const buffer of buffers) buffer[doc] = 0;
    }
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
