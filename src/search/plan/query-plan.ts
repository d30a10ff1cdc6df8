/**
 * Plan, step 2: what a parsed query asks of the index. Every stem to look up with its clause boost (a typed word 1,
 * the words of an expansion sharing `expansionBoost`, the acronym of a run of typed words shared among them), which
 * typed concepts each stem stands for (a bit each), the filters on the text (quoted phrases, +required words,
 * exclusions) and the weights that depend on the query's length (`longQuery`: title weight, adjacency bonus).
 */
import type { ParsedQuery } from '../query.ts';
import type { ExpansionScoring, RankingOptions } from '../ranking-options.ts';
import { phraseCheck, type PhraseCheck } from '../tables/paper-text.ts';
import type { QueryConcept } from './concepts.ts';

/**
 * A stem of another way of writing concept `bit` (an acronym, or a word of a long form), with its clause boost.
 * `marks`: a paper holding it holds the concept (a one-word alternative; a long form counts only as a whole).
 */
export interface Expansion {
  stem: string;
  /** The typed stem of its concept. */
  typed: string;
  boost: number;
  bit: number;
  marks: boolean;
}

export interface QueryPlan {
  parsed: ParsedQuery;
  concepts: QueryConcept[];
  /** Typed stem → clause boost: the BM25 weights of each stem are added times this. */
  boosts: Map<string, number>;
  /** Typed stem → the concepts (bits) it stands for. */
  bits: Map<string, number>;
  /** The other ways of writing each concept, one entry per stem (see Expansion). */
  expansions: Expansion[];
  /** Quoted phrases a paper must hold, and excluded ones it must not. */
  phrases: { wanted: PhraseCheck[]; unwanted: PhraseCheck[] };
  /** Whether any filter on the text applies (required words, exclusions, phrases). */
  hasFilters: boolean;
  /** A sentence or a bag of keywords rather than a topic name (`longQuery.minConcepts` concepts or more, or `keywords`). */
  long: boolean;
  /** A short query whose words fall into `longQuery.minPieces` pieces no paper writes side by side (keyword-bag.ts). */
  keywords: boolean;
  /** What the title's BM25 weights are multiplied by (1 for short queries: the index's title weight as built). */
  titleScale: number;
  /** Bonus per adjacent pair of query words, in units of their mean idf. */
  proximityBonus: number;
  /** How the expansions score (ranking-options.ts ExpansionScoring). */
  expansionScoring: ExpansionScoring;
}

/**
 * `pieces`: how many pieces the query's words fall into, cut where no paper writes two consecutive words side by side
 * (keyword-bag.ts; asked of the corpus only when it can decide, see `asksPieces`).
 */
export function planQuery(parsed: ParsedQuery, concepts: QueryConcept[], ranking: RankingOptions, pieces = 1): QueryPlan {
  const { longQuery, bm25 } = ranking;
  const keywords = concepts.length < longQuery.minConcepts && pieces >= longQuery.minPieces;
  const long = concepts.length >= longQuery.minConcepts || keywords;
  const acronymRunBoost = long ? longQuery.acronymRunBoost : ranking.acronymRunBoost;
  const boosts = new Map<string, number>();
  const add = (s: string, boost: number): void => {
    boosts.set(s, (boosts.get(s) ?? 0) + boost);
  };
  const bits = new Map<string, number>();
  const expansions: Expansion[] = [];
  concepts.forEach((concept, c) => {
    const bit = (1 << c) >>> 0;
    add(concept.stem, 1);
    bits.set(concept.stem, ((bits.get(concept.stem) ?? 0) | bit) >>> 0);
    for (const alternative of concept.alternatives.slice(1)) {
      const run = alternative.length === 1 ? concept.acronymRuns.get(alternative[0] ?? '') : undefined;
      const share = run !== undefined && acronymRunBoost === 'shared' ? 1 / run : 1;
      for (const s of alternative) {
        expansions.push({ stem: s, typed: concept.stem, boost: (share * ranking.expansionBoost) / alternative.length, bit, marks: alternative.length === 1 });
      }
    }
  });
  const hasFilters =
    parsed.terms.some((term) => term.required) ||
    parsed.excludedTerms.length > 0 ||
    parsed.phrases.length > 0 ||
    parsed.excludedPhrases.length > 0;
  return {
    parsed,
    concepts,
    boosts,
    bits,
    expansions,
    phrases: { wanted: parsed.phrases.map(phraseCheck), unwanted: parsed.excludedPhrases.map(phraseCheck) },
    hasFilters,
    long,
    keywords,
    titleScale: long && bm25.titleWeight > 0 ? longQuery.titleWeight / bm25.titleWeight : 1,
    proximityBonus: long ? longQuery.proximityBonus : ranking.proximityBonus,
    expansionScoring: long ? longQuery.expansionScoring : ranking.expansionScoring,
  };
}

/** Whether the plan depends on the query's pieces: a query too short to be cut into enough of them, or long anyway, does not. */
export function asksPieces(concepts: readonly QueryConcept[], ranking: RankingOptions): boolean {
  const { minConcepts, minPieces } = ranking.longQuery;
  return concepts.length >= minPieces && concepts.length < minConcepts;
}
