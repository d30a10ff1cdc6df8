/**
 * A re-rank stage: one job in ordering a query's matches. `prepare` sees the planned query once (before any posting
 * list is read) and says what it will do, or null when it has nothing to do for this query:
 * - `accumulate`: adds to the scores before matches are collected, possibly touching more papers (learned.ts);
 * - `note`: what the stage says about a ranked paper (the hit's `learned`);
 * - `widen`: concepts a match holds beyond its posting lists (a long form present as a whole);
 * - `keep`: whether a match stays (`match: 'all'`);
 * - `tier`: a tier added to the match's (higher tiers rank first whatever the score);
 * - `rescore`: adds to the scores of the best matches (the pool), in the order the stages are listed; false when the
 *   query's time ran out first, in which case it must have changed nothing (the ranking is then partial, not cached).
 *   A stage adding to the scores calls `context.settle` first (an earlier stage may have skipped matches, `settle`).
 * Stages run in the order of RERANK_STAGES (stages.ts).
 */
import type { QueryPlan } from '../plan/query-plan.ts';
import type { RankingOptions } from '../ranking-options.ts';
import type { Corpus } from '../retrieve/corpus.ts';
import type { ScoreAccumulator } from '../score/accumulator.ts';
import type { Ranked } from '../score/order.ts';
import type { LearnedNote, SearchPreferences } from '../types.ts';

/** How a search was asked, as the ranking sees it. */
export interface RunOptions {
  matchAll: boolean;
  /** How many of the best matches to put in full order. */
  need: number;
  exclude?: ReadonlySet<string>;
  within?: ReadonlySet<string>;
  recentFirst?: string;
  /** A channel's ratings and examples (the learned stage, learned.ts); absent or empty: no learning. */
  preferences?: SearchPreferences;
  /** No time budget (SearchOptions.unbounded). */
  unbounded?: boolean;
}

/** What a stage may read while preparing and working. */
export interface StageInput {
  plan: QueryPlan;
  run: RunOptions;
  ranking: RankingOptions;
  corpus: Corpus;
  accumulator: ScoreAccumulator;
}

export interface RescoreContext {
  /** How many papers matched in all. */
  total: number;
  /** performance.now() by which the query's work should end. */
  deadline: number;
  /** The order of the matches before this stage: tier, then score, then the tie-break. */
  tieBreak: (a: Ranked, b: Ranked) => number;
  /**
   * Called by a stage just before it adds `added(item)` to the pool's scores: an earlier stage that left out matches
   * which could not rank high (`settle`) gives them their share first where the addition could lift them.
   */
  settle: (added: (item: Ranked) => number) => void;
}

export interface StageWork {
  /**
   * Adds to the query's scores after its own words were read and before matches are collected (query modification);
   * may touch papers the words did not (`touched` so far; returns how many now). They only count as matches if
   * `widen` gives them concepts.
   */
  accumulate?(touched: number, deadline: number): number;
  /** What the stage knows of a ranked paper, for its hit (`SearchHit.learned`). */
  note?(doc: number): LearnedNote | undefined;
  widen?(doc: number, mask: number): number;
  keep?(doc: number, matched: number): boolean;
  tier?(doc: number, matched: number): number;
  rescore?(pool: Ranked[], context: RescoreContext): boolean;
  /**
   * For a `rescore` that skipped matches which could not reach the best (bounded.ts): adds its share to those of them
   * that could once each match gets `added(item)` more. Called before a later stage adds to the scores, else once
   * every stage has rescored (with nothing added).
   */
  settle?(pool: readonly Ranked[], added: (item: Ranked) => number): void;
}

export interface RerankStage {
  /** What it does, in a few words (README, logs). */
  readonly name: string;
  prepare(input: StageInput): StageWork | null;
}
