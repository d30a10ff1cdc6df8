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

export type AcronymRunBoost = 'each' | 'shared';
export type ExpansionScoring = 'added' | 'synonym' | 'fill-in';

export interface LongQueryPlan {
  minConcepts: number;
  /**
   * A shorter query is planned as a long one too when its words fall into this many pieces or more that no paper
   * writes side by side: a bag of keywords rather than a topic name (plan/keyword-bag.ts; Infinity: never).
   */
  minPieces: number;
  titleWeight: number;
  proximityBonus: number;
  acronymRunBoost: AcronymRunBoost;
  expansionScoring: ExpansionScoring;
  /**
   * Share of a bag's lunr score given to one-field BM25 over the best matches (rerank/one-field.ts; 0: lunr's score
   * alone). Sentences keep lunr's score (one-field BM25 there: SciFact train −0.005 at a share of 0.5).
   */
  bagOneField: number;
}

/** The learner's knobs: one set for every channel and topic (tuned on the public judgments, `npm run eval:feedback`). */
export interface LearnOptions {
  /** Weight of the liked papers' mean (β) and of the disliked papers' mean (γ) in the profile. */
  beta: number;
  gamma: number;
  /** How many of the profile's positive / negative words are looked up. */
  positiveTerms: number;
  negativeTerms: number;
  /** Boost of the strongest positive word, relative to a typed word's 1 (the others in proportion). */
  weight: number;
  /** Boost of the strongest negative word (subtracted). */
  negativeWeight: number;
  /** Most papers lacking the query's words let in as neighbours of the liked ones (before the digest's cap). */
  neighbours: number;
  /** A neighbour must score at least this share of what the liked papers themselves score on the profile. */
  neighbourMin: number;
  /** Cosine from which a paper counts as close to a liked one (the "like X" reason). */
  closeMin: number;
  /**
   * A `/paper` search (rerank/learned-search.ts): the share of the boosts above it counts with, and the cosine of the
   * query's words to the liked (disliked) papers' mean under which that part is left out.
   */
  searchWeight: number;
  searchRelatedMin: number;
}

const LEARN_OPTIONS: LearnOptions = {
  beta: 1,
  gamma: 0.5,
  positiveTerms: 20,
  negativeTerms: 10,
  weight: 0.5,
  negativeWeight: 0.3,
  neighbours: 30,
  neighbourMin: 0.2,
  closeMin: 0.2,
  searchWeight: 0.75,
  searchRelatedMin: 0.05,
};

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
  /**
   * The acronym a run of typed words spells ("reactive oxygen species" → "ros") is one more way of writing the run.
   * `each`: every word of the run adds it at full weight (a three-word run's acronym weighs three words); `shared`:
   * it weighs what one typed word does, shared among the run's words.
   */
  acronymRunBoost: AcronymRunBoost;
  /**
   * How another way of writing a concept scores. `added`: its weight is added whether or not the typed word is there
   * (a paper saying both counts twice); `synonym`: the concept scores the better of the typed word and the one-word
   * form (an acronym) in each paper, and a long form only where the typed word is missing; `fill-in`: any other form
   * only where the typed word is missing.
   */
  expansionScoring: ExpansionScoring;
  /**
   * A long query (a sentence: at least `minConcepts` typed concepts, or a bag of keywords: `minPieces`) describes what
   * a paper says rather than naming its topic, and is planned differently (plan/query-plan.ts): the title weighs
   * `titleWeight` abstract occurrences instead of bm25.titleWeight (applied at query time, the index is the same),
   * adjacent query words earn `proximityBonus`, and an expansion of one phrase must not outweigh the rest of the
   * sentence (`acronymRunBoost`, `expansionScoring`).
   * The fields above are the short queries' plan.
   */
  longQuery: LongQueryPlan;
  /** The learned ranking of a search given a channel's preferences (search/learn/, rerank/learned.ts). */
  learn: LearnOptions;
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
  acronymRunBoost: 'each',
  expansionScoring: 'added',
  longQuery: { minConcepts: 5, minPieces: 3, titleWeight: 1, proximityBonus: 0.5, acronymRunBoost: 'shared', expansionScoring: 'synonym', bagOneField: 0.5 },
  learn: LEARN_OPTIONS,
};

export function clampInt(value: number | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.trunc(value)));
}
