/**
 * One query, start to end: correct (plan/correct.ts) → concepts and plan (plan/) → retrieve and score: BM25 of
 * the planned stems over both fields (score/accumulator.ts) → collect the matches through the filters and the
 * stages' rules (score/collect.ts, retrieve/text-filters.ts) → re-rank the best of them (rerank/) → order the first
 * `need` (score/order.ts). What comes out is kept for paging (page/).
 */
import { conceptsOf, type QueryConcept } from './plan/concepts.ts';
import { correctQuery } from './plan/correct.ts';
import { piecesOf } from './plan/keyword-bag.ts';
import { asksPieces, planQuery } from './plan/query-plan.ts';
import { parseQuery, type ParsedQuery } from './query.ts';
import { QUERY_BUDGET_MS, type RankingOptions } from './ranking-options.ts';
import type { Corpus } from './retrieve/corpus.ts';
import { FIELDS } from './retrieve/lunr-index.ts';
import { bothFilters, paperFilter } from './retrieve/paper-filters.ts';
import { matchFilter } from './retrieve/text-filters.ts';
import type { RunOptions, StageWork } from './rerank/stage.ts';
import { RERANK_STAGES } from './rerank/stages.ts';
import type { ScoreAccumulator } from './score/accumulator.ts';
import type { Collector, MatchRules } from './score/collect.ts';
import { rankFilterOnly } from './score/filter-only.ts';
import { best, tieBreakOf, tierKey, type Ranked } from './score/order.ts';
import type { QueryTables } from './tables/query-tables.ts';
import type { LearnedNote } from './types.ts';

/** The re-rank layers (adjacency, feedback) reorder the best `RERANK_CANDIDATES` matches by lunr score. */
const RERANK_CANDIDATES = 500;

/** What a search answers queries with. */
export interface SearchContext {
  corpus: Corpus;
  tables: QueryTables;
  ranking: RankingOptions;
  accumulator: ScoreAccumulator;
  collector: Collector;
}

/** A query's ranking: the first matches in full order, how many there are. */
export interface Ranking {
  concepts: QueryConcept[];
  /** The first matches in full order (all of them when `complete`). */
  ranked: Ranked[];
  total: number;
  complete: boolean;
  /** A layer was skipped because the time budget ran out (a cold index): such a ranking is not cached. */
  partial: boolean;
  /** What the learned stage says of a ranked paper (only for a search given preferences). */
  note?: (doc: number) => LearnedNote | undefined;
}

/** A ranking with the query it is the answer to (the corrected one, when a correction found something). */
export interface Prepared extends Ranking {
  effective: ParsedQuery;
  correctedQuery: string | null;
  /** Typed words the index does not know, left as typed (they found nothing; the other words did, if total > 0). */
  unknownWords: string[];
  /** The words the correction replaced (empty when the query was searched as typed). */
  fixes: Array<{ typed: string; used: string }>;
}

/** The ranking of a query (typo fallback included), its first `need` matches in full order. */
export function prepareQuery(context: SearchContext, parsed: ParsedQuery, run: RunOptions): Prepared {
  const { corpus, tables, ranking } = context;
  // A word the index does not know: try the corrected query first, the query as typed if that finds nothing.
  const correction = ranking.typoCorrection ? correctQuery(parsed, (s) => corpus.knows(s), tables) : null;
  const corrected = correction?.text ?? null;
  // The budget starts once the one-time tables (acronyms, spelling; normally ready from warmUp) exist.
  void tables.acronyms;
  const deadline = run.unbounded === true ? Infinity : performance.now() + QUERY_BUDGET_MS;
  const correctedParsed = corrected === null ? null : parseQuery(corrected);
  if (correctedParsed?.status === 'ok') {
    const result = rankQuery(context, correctedParsed, run, deadline);
    if (result.total > 0) {
      return { ...result, effective: correctedParsed, correctedQuery: correctedParsed.text, unknownWords: correction?.unknown ?? [], fixes: correction?.fixes ?? [] };
    }
  }
  const unknownWords = parsed.terms.filter((term) => !corpus.knows(term.stem) && tables.acronyms.longForms(term.stem).length === 0);
  return { ...rankQuery(context, parsed, run, deadline), effective: parsed, correctedQuery: null, unknownWords: [...new Set(unknownWords.map((term) => term.word))], fixes: [] };
}

/**
 * Widening rules applied one after the other (called for every paper a query touches: two, the usual most, are
 * composed directly rather than through a loop).
 */
function composeWidens(widens: ReadonlyArray<(doc: number, mask: number) => number>): MatchRules['widen'] {
  const [first, second] = widens;
  if (!first) return null;
  if (!second) return first;
  if (widens.length === 2) return (doc, mask) => second(doc, first(doc, mask));
  return (doc, mask) => widens.reduce((out, widen) => widen(doc, out), mask);
}

/** The stages' rules for matches, composed once per query. */
function matchRules(works: readonly StageWork[]): MatchRules {
  const widens = works.flatMap((work) => (work.widen ? [work.widen.bind(work)] : []));
  const keeps = works.flatMap((work) => (work.keep ? [work.keep.bind(work)] : []));
  const tiers = works.flatMap((work) => (work.tier ? [work.tier.bind(work)] : []));
  return {
    widen: composeWidens(widens),
    keep: keeps.length <= 1 ? (keeps[0] ?? null) : (doc, matched) => keeps.every((keep) => keep(doc, matched)),
    tier:
      tiers.length === 1 && tiers[0]
        ? tiers[0]
        : (doc, matched) => {
            let tier = 0;
            for (const tierOf of tiers) tier += tierOf(doc, matched);
            return tier;
          },
  };
}

/**
 * Every matching paper counted, the first `need` in full order, with the concepts they were scored on. Cost: one
 * pass over the posting lists of the query's stems (and of the feedback stems), then work on the best few only.
 */
export function rankQuery(context: SearchContext, parsed: ParsedQuery, run: RunOptions, deadline: number): Ranking {
  const { corpus, tables, ranking, accumulator, collector } = context;
  const concepts = conceptsOf(parsed, ranking.acronyms ? tables.acronyms : null);
  const plan = planQuery(parsed, concepts, ranking, asksPieces(concepts, ranking) ? piecesOf(corpus, concepts) : 1);
  const filter = bothFilters(matchFilter(corpus, plan, run.exclude, run.within), paperFilter(corpus, parsed.filters));
  if (parsed.terms.length === 0) {
    // Only filters (parse guarantees a positive one): nothing to score, the papers they select, newest first.
    if (filter === null) return { concepts, ranked: [], total: 0, complete: true, partial: false };
    const { ranked, total } = rankFilterOnly(corpus, filter, run.need);
    return { concepts, ranked, total, complete: ranked.length === total, partial: false };
  }
  const works = RERANK_STAGES.flatMap((stage) => stage.prepare({ plan, run, ranking, corpus, accumulator }) ?? []);
  let touched = accumulator.accumulateExpansions(
    plan.expansions,
    accumulator.scores,
    accumulator.accumulate(plan.boosts, accumulator.scores, FIELDS, plan.bits, plan.titleScale),
    { mode: plan.expansionScoring, titleScale: plan.titleScale },
  );
  try {
    for (const work of works) if (work.accumulate) touched = work.accumulate(touched, deadline);
    const total = collector.collect(touched, matchRules(works), filter);
    const noting = works.find((work) => work.note);
    const note = noting?.note ? { note: noting.note.bind(noting) } : {};
    if (total === 0) return { concepts, ranked: [], total, complete: true, partial: false, ...note };
    const tieBreak = tieBreakOf((doc) => corpus.paper(doc));
    // The stages that only reorder (one-field BM25 of a bag, adjacency, feedback) work on the best matches by lunr
    // score; the others keep their lunr score, below these (a bonus only raises a score, a bag's re-score keeps each
    // tier's scores from the pool's lowest one up).
    const pool = collector.bestCandidates(total, RERANK_CANDIDATES);
    // Each stage applies whole or not at all: one that runs out of time is dropped (the ranking is then partial).
    let partial = false;
    const settle = (added: (item: Ranked) => number): void => {
      for (const work of works) work.settle?.(pool, added);
    };
    for (const work of works) {
      if (work.rescore && !work.rescore(pool, { total, deadline, tieBreak, settle })) partial = true;
    }
    settle(() => 0);
    for (const item of pool) accumulator.scores[item.doc] = item.score;
    const ranked = best(collector.bestCandidates(total, run.need), run.need, tierKey, tieBreak);
    return { concepts, ranked, total, complete: ranked.length === total, partial, ...note };
  } finally {
    accumulator.reset(touched);
  }
}
