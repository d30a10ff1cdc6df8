/**
 * Collect: every paper a query touched becomes a match or not (the concepts it contains, the filters), gets its
 * tier, and is counted; then only the best few are made into ranked items (a threshold by selection, no full sort).
 */
import { popcount, selectKth, TIER_SPAN, type Ranked } from './order.ts';
import type { ScoreAccumulator } from './accumulator.ts';

/** What the re-rank stages decide per match (composed from the stages' work, see rerank/stage.ts). */
export interface MatchRules {
  /** The concept bits a paper holds beyond those its posting lists gave (null: none). */
  widen: ((doc: number, mask: number) => number) | null;
  /** Whether a match with `matched` concepts is kept (null: all are). */
  keep: ((doc: number, matched: number) => boolean) | null;
  /** Its tier (higher first whatever the score). */
  tier: (doc: number, matched: number) => number;
}

export class Collector {
  readonly #accumulator: ScoreAccumulator;
  /** A query's matches (paper numbers) and, per paper, its tier and concept count; ranking keys and a copy. */
  readonly #candidates: Int32Array;
  readonly #tiers: Uint8Array;
  readonly #matched: Uint8Array;
  readonly #keys: Float64Array;
  readonly #keysCopy: Float64Array;

  constructor(accumulator: ScoreAccumulator, slots: number) {
    this.#accumulator = accumulator;
    this.#candidates = new Int32Array(slots);
    this.#tiers = new Uint8Array(slots);
    this.#matched = new Uint8Array(slots);
    this.#keys = new Float64Array(slots);
    this.#keysCopy = new Float64Array(slots);
  }

  /** The matches among the `touched` papers, by the rules and `filter`; returns how many. */
  collect(touched: number, rules: MatchRules, filter: ((doc: number) => boolean) | null): number {
    // This loop visits every paper containing any query stem (tens of thousands at 50k): locals, cheap tests first,
    // and matches kept as paper numbers (an object each only for the few ranked in full).
    const touchedDocs = this.#accumulator.touched;
    const masks = this.#accumulator.masks;
    const candidates = this.#candidates;
    const matchedOf = this.#matched;
    const tiers = this.#tiers;
    const { widen, keep, tier } = rules;
    let total = 0;
    for (let i = 0; i < touched; i++) {
      const doc = touchedDocs[i] ?? 0;
      let mask = masks[doc] ?? 0;
      if (widen) mask = widen(doc, mask);
      const matched = popcount(mask);
      // Found only through a word of a long form that is not there as a whole.
      if (matched === 0 || (keep && !keep(doc, matched))) continue;
      if (filter && !filter(doc)) continue;
      candidates[total++] = doc;
      matchedOf[doc] = matched;
      tiers[doc] = tier(doc, matched);
    }
    return total;
  }

  /**
   * The `count` best of the query's `total` matches by tier, then score (ties at the edge included), unordered, as
   * ranked items.
   */
  bestCandidates(total: number, count: number): Ranked[] {
    const candidates = this.#candidates;
    const scores = this.#accumulator.scores;
    const tiers = this.#tiers;
    let threshold = Number.NEGATIVE_INFINITY;
    if (total > count) {
      const keys = this.#keys;
      for (let i = 0; i < total; i++) {
        const doc = candidates[i] ?? 0;
        keys[i] = (tiers[doc] ?? 0) * TIER_SPAN + (scores[doc] ?? 0);
      }
      const copy = this.#keysCopy.subarray(0, total);
      copy.set(keys.subarray(0, total));
      threshold = selectKth(copy, total - count);
    }
    const out: Ranked[] = [];
    for (let i = 0; i < total; i++) {
      const doc = candidates[i] ?? 0;
      if (total > count && (this.#keys[i] ?? 0) < threshold) continue;
      out.push({ doc, score: scores[doc] ?? 0, matched: this.#matched[doc] ?? 0, tier: tiers[doc] ?? 0 });
    }
    return out;
  }
}
