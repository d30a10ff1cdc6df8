/** The knobs of the ranking and the bounds on a page, shared by every stage of the search. */
import { DEFAULT_BM25, type Bm25Options } from './retrieve/lunr-index.ts';

export { DEFAULT_BM25, type Bm25Options };

export const DEFAULT_LIMIT = 5;
export const MAX_LIMIT = 50;
/**
 * A layer that would end after `QUERY_BUDGET_MS` is dropped whole (only on a cold index at scale: warmed up, queries
 * at 50k papers take tens of ms); such rankings are not cached. The phrase notice is bounded by it too.
 */
export const QUERY_BUDGET_MS = 80;

/** Knobs of the ranking, exposed for the evaluation script's ablations; the defaults are what the bot uses. */
export interface RankingOptions {
  /** Field weight and BM25 parameters of the lunr index. */
  bm25: Bm25Options;
  /**
   * AND before OR. `all`: papers containing every typed concept first, then the rest, each part by score;
   * `count`: by how many of the typed concepts a paper contains (all, then all but one …); `none`: by score only.
   */
  coordination: 'all' | 'count' | 'none';
  /** Bonus per pair of consecutive query words adjacent in the paper, in units of their mean idf. */
  proximityBonus: number;
  /** Expand acronyms and long forms both ways. */
  acronyms: boolean;
  /** Clause boost of an acronym expansion (a typed word has 1); a multi-word long form shares it among its words. */
  expansionBoost: number;
  /** Pseudo-relevance feedback: how many top papers, how many words, their boost relative to a typed word. */
  feedbackDocs: number;
  feedbackTerms: number;
  feedbackWeight: number;
  /** Correct words the index does not know. */
  typoCorrection: boolean;
}

export const DEFAULT_RANKING: RankingOptions = {
  bm25: DEFAULT_BM25,
  coordination: 'all',
  proximityBonus: 2,
  acronyms: true,
  expansionBoost: 1,
  feedbackDocs: 3,
  feedbackTerms: 10,
  feedbackWeight: 0.3,
  typoCorrection: true,
};

export function clampInt(value: number | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.trunc(value)));
}
