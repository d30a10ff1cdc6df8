/**
 * What filters cost (issue 18): `tsx scripts/bench/filter-queries.ts [size]` (default 50000). A synthetic corpus
 * (fixed seed, the seeds' word statistics) given authors, code repositories, dates and upvotes by a fixed rule, our
 * search built over it, then p50 / p99 / max in ms (each query asked once, cold result cache) of: word queries
 * alone and the same with filters (and with each filter); queries of only filters (no scoring: one pass over the
 * papers); the first `author:` query (each paper's names folded into one text once); digests of filtered topics. Not a unit test: numbers
 * depend on the machine.
 */
import { performance } from 'node:perf_hooks';
import { composeDigest } from '../../src/digests/compose.ts';
import { loadSeedPapers } from '../../src/papers/load-seeds.ts';
import { mergePapers } from '../../src/papers/merge.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { parseListing } from '../../src/papers/parse-listing.ts';
import { createPaperSearch } from '../../src/search/paper-index.ts';
import { rng, syntheticPages } from './synthetic-corpus.ts';

const size = Number(process.argv[2] ?? 50_000);
const { papers: seeds } = await loadSeedPapers('seeds');
const random = rng(11);
const FIRST = ['Tri', 'Albert', 'Samy', 'Yoshua', 'José', 'Mei', 'Christopher', 'Ana', 'Li', 'Omar'];
const LAST = ['Dao', 'Gu', 'Bengio', 'Hernández', 'Manning', 'Zhang', 'García-López', 'Smith', 'Okafor', 'Kim'];
const pickOf = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
const papers: Paper[] = mergePapers(syntheticPages(seeds, size).flatMap((page, i) => parseListing(page, { source: `synthetic_${i}` }).papers)).map(
  (paper, i) => ({
    ...paper,
    authors: Array.from({ length: 1 + (i % 6) }, () => `${pickOf(FIRST)} ${random() < 0.3 ? 'Q. ' : ''}${pickOf(LAST)}${i}`.replace(/\d+$/, i % 7 === 0 ? '' : String(i % 500))),
    githubRepo: i % 3 === 0 ? `https://github.com/example/p${i}` : null,
    date: paper.date ?? `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    upvotes: paper.upvotes ?? i % 120,
  }),
);

let t = performance.now();
const search = createPaperSearch(papers);
const buildMs = performance.now() - t;
search.prime?.();

function stats(times: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number): number => Math.round((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0) * 100) / 100;
  return { p50: at(0.5), p99: at(0.99), max: Math.round((sorted.at(-1) ?? 0) * 100) / 100 };
}

function time(queries: readonly string[], run: (query: string) => void): { p50: number; p99: number; max: number } {
  const times = queries.map((query) => {
    const started = performance.now();
    run(query);
    return performance.now() - started;
  });
  return stats(times);
}

const WORDS = ['attention', 'sparse attention', 'language model', 'diffusion', 'speech recognition', 'reinforcement learning', 'graph', 'retrieval', 'KV cache', 'vision transformer'];
const FILTERS = ['has:code', 'since:2025-06', 'upvotes:>20', 'author:Dao', 'author:"Tri Dao" has:code', '-has:code upvotes:<50', 'since:2025-03-15 upvotes:>=100'];
// Distinct texts with the same answers, so the result cache never helps: each query twice, spaced differently
// (the search keeps the text as typed, inner spaces included; a repeated word or filter changes nothing).
const variants = (base: readonly string[], n: number): string[] =>
  Array.from({ length: n }, (_, i) => {
    const query = base[i % base.length] ?? '';
    return `${query}${' '.repeat(1 + Math.floor(i / base.length))}${query}`;
  });
// The first query of all builds the search's query tables (the app's warm-up does that before serving): not ours.
search.search('attention');
const firstAuthor = time(['author:"Li Kim"'], (query) => search.search(query));
const wordOnly = variants(WORDS, 200);
const withFilters = variants(WORDS.flatMap((words) => FILTERS.map((filter) => `${words} ${filter}`)), 200);
const filterOnly = variants(FILTERS.filter((filter) => !filter.startsWith('-')), 200);
const rows = {
  size: search.size,
  buildMs: Math.round(buildMs),
  firstAuthorQueryMs: firstAuthor.max,
  wordsOnly: time(wordOnly, (query) => search.search(query)),
  wordsWithFilters: time(withFilters, (query) => search.search(query)),
  wordsWithEachFilter: Object.fromEntries(
    FILTERS.map((filter) => [filter, time(variants(WORDS.map((words) => `${words} ${filter}`), 100), (query) => search.search(query))]),
  ),
  filtersOnly: time(filterOnly, (query) => search.search(query)),
  filtersOnlyTotal: Object.fromEntries(FILTERS.map((filter) => [filter, search.search(filter).total])),
  digestsWithFilters: time(variants(WORDS.map((words) => `${words} has:code since:2025-06`), 200), (topic) => composeDigest(search, topic, new Set(), 5, { now: new Date('2025-12-01T09:00:00Z') })),
};
console.log(JSON.stringify(rows, null, 2));
