/**
 * Warm-up: what queries would otherwise derive on first use, precomputed in slices of about `sliceMs` of work with
 * the event loop let run between them (with several segments, df of every stem and the merged posting lists of the
 * stems several papers share; the acronym table and spelling vocabulary unless they came with the index; the stems
 * of papers no segment keeps words of), and a few queries through every stage so the query code is compiled. The
 * same builders as on first use, so results do not change.
 */
import type { Corpus } from './retrieve/corpus.ts';
import type { QueryTables } from './tables/query-tables.ts';
import { isContentStem } from './tables/paper-text.ts';
import type { WarmUpOptions } from './types.ts';

/**
 * Default work per slice before yielding to the event loop; posting lists are read ahead for every stem in at least
 * WARM_MIN_DF field postings (feedback reaches for many of them; reading one on first use costs up to a few ms at
 * 50k papers, and all of them together take about as much memory as a tenth of the lunr index).
 */
const WARM_SLICE_MS = 5;
const WARM_MIN_DF = 2;
/** Posting lists of stems in at least this share of papers are read before the rest of the warm-up. */
const WARM_EARLY_SHARE = 0.01;
/** The warm-up queries use words in about this share of papers. */
const WARM_QUERY_SHARE = 0.1;

/** What the warm-up works on. */
export interface WarmUpTarget {
  corpus: Corpus;
  tables: QueryTables;
  /** `prime` ran its queries with both tables in place: no query code left to compile. */
  readonly primedFully: boolean;
  /** Answers a query without keeping the answer. */
  runUnkept(query: string): void;
}

type Sliced = <T>(items: Iterable<T>, work: (item: T) => void) => Promise<boolean>;

/** Stops early (resolving) when `signal` aborts. */
export async function warmUpSearch(target: WarmUpTarget, options: WarmUpOptions): Promise<void> {
  const { corpus, tables } = target;
  const sliceMs = Math.max(1, options.sliceMs ?? WARM_SLICE_MS);
  const { signal } = options;
  const slice = async (): Promise<boolean> => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (options.busy?.() && !signal?.aborted) await new Promise<void>((resolve) => setTimeout(resolve, 1));
    return !(signal?.aborted ?? false);
  };
  let deadline = performance.now() + sliceMs;
  /** Runs `work` on each item, letting the event loop run whenever a slice is used up; false once aborted. */
  const sliced: Sliced = async (items, work) => {
    for (const item of items) {
      work(item);
      if (performance.now() >= deadline) {
        if (!(await slice())) return false;
        deadline = performance.now() + sliceMs;
      }
    }
    return true;
  };
  if (signal?.aborted) return;
  // One segment serving all its papers reads df and posting lists straight from its packed arrays: nothing to merge.
  const merged = corpus.direct === null;
  // Document frequencies first: the feedback of every query asks for hundreds of them. Then the longest posting
  // lists (the costliest to merge on first use), so the first queries after a restart are quick.
  for (const segment of merged ? corpus.segments : []) {
    if (!(await sliced(segment.stems(), (s) => corpus.dfOf(s)))) return;
  }
  if (merged && !(await readPostings(corpus, sliced, Math.max(WARM_MIN_DF, Math.ceil(corpus.liveCount * WARM_EARLY_SHARE))))) return;
  while (!tables.acronymsReady) {
    tables.acronymStep(performance.now() + sliceMs);
    if (!(await slice())) return;
  }
  while (!tables.spellerReady) {
    tables.spellerStep(performance.now() + sliceMs);
    if (!(await slice())) return;
  }
  // The queries of `prime` again, now that the tables exist (expansion and correction compiled too). Each is one
  // block of work, between requests like the slices.
  for (const query of target.primedFully ? [] : warmUpQueries(corpus)) {
    if (!(await slice())) return;
    target.runUnkept(query);
  }
  deadline = performance.now() + sliceMs;
  // Papers whose words no segment keeps (none, normally) are analysed ahead of phrase queries.
  const analysed = await sliced(corpus.entries, (entry) => {
    if (!entry.source) entry.analyse();
  });
  if (!analysed) return;
  if (merged && !(await readPostings(corpus, sliced, WARM_MIN_DF))) return;
}

/**
 * Queries through every stage (AND/OR, adjacency, feedback, a phrase, an acronym), from the two content stems whose
 * share of papers is nearest WARM_QUERY_SHARE: enough matches to compile the loops, few enough to stay quick (a
 * phrase of the two most common words takes ~170 ms at 50k papers, a block a request would wait behind).
 */
export function warmUpQueries(corpus: Corpus): string[] {
  const target = Math.max(1, corpus.liveCount * WARM_QUERY_SHARE);
  let first = '';
  let second = '';
  let firstGap = Number.POSITIVE_INFINITY;
  let secondGap = Number.POSITIVE_INFINITY;
  for (const s of corpus.segments[0]?.stems() ?? []) {
    if (!isContentStem(s)) continue;
    const gap = Math.abs(corpus.dfOf(s) - target);
    if (gap < firstGap) {
      [second, secondGap] = [first, firstGap];
      [first, firstGap] = [s, gap];
    } else if (gap < secondGap) {
      [second, secondGap] = [s, gap];
    }
  }
  if (!first || !second) return [];
  return [`${first} ${second}`, `"${first} ${second}"`, `llm ${first}`];
}

/** Reads the posting lists of every stem with at least `minDf` field postings, through `sliced`. */
async function readPostings(corpus: Corpus, sliced: Sliced, minDf: number): Promise<boolean> {
  for (const segment of corpus.segments) {
    const read = await sliced(segment.stems(), (s) => {
      if (!segment.hasAtLeast(s, minDf)) return;
      corpus.postingsOf('title', s);
      corpus.postingsOf('abstract', s);
    });
    if (!read) return false;
  }
  return true;
}
