/**
 * Plan, step 2: what a parsed query asks of the index. Every stem to look up with its clause boost (a typed word 1,
 * the words of an expansion sharing `expansionBoost`), which typed concepts each stem stands for (a bit each), and
 * the filters on the text: quoted phrases, +required words, exclusions.
 */
import type { ParsedQuery } from '../query.ts';
import type { RankingOptions } from '../ranking-options.ts';
import { phraseCheck, type PhraseCheck } from '../tables/paper-text.ts';
import type { QueryConcept } from './concepts.ts';

export interface QueryPlan {
  parsed: ParsedQuery;
  concepts: QueryConcept[];
  /** stem → clause boost: the BM25 weights of each stem are added times this. */
  boosts: Map<string, number>;
  /** stem → the concepts (bits) it alone stands for. */
  bits: Map<string, number>;
  /** Quoted phrases a paper must hold, and excluded ones it must not. */
  phrases: { wanted: PhraseCheck[]; unwanted: PhraseCheck[] };
  /** Whether any filter on the text applies (required words, exclusions, phrases). */
  hasFilters: boolean;
}

export function planQuery(parsed: ParsedQuery, concepts: QueryConcept[], ranking: RankingOptions): QueryPlan {
  const boosts = new Map<string, number>();
  const add = (s: string, boost: number): void => {
    boosts.set(s, (boosts.get(s) ?? 0) + boost);
  };
  const bits = new Map<string, number>();
  concepts.forEach((concept, c) => {
    const bit = (1 << c) >>> 0;
    add(concept.stem, 1);
    for (const alternative of concept.alternatives.slice(1)) {
      for (const s of alternative) add(s, ranking.expansionBoost / alternative.length);
    }
    for (const alternative of concept.alternatives) {
      const only = alternative.length === 1 ? alternative[0] : undefined;
      if (only !== undefined) bits.set(only, ((bits.get(only) ?? 0) | bit) >>> 0);
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
    phrases: { wanted: parsed.phrases.map(phraseCheck), unwanted: parsed.excludedPhrases.map(phraseCheck) },
    hasFilters,
  };
}
