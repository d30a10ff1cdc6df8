/**
 * Digests that learn (issue 16) at scale: `npm run bench:learned [-- sizes]` (default 50000).
 * For each size: the synthetic corpus of query-cost.ts (fixed seed, the seeds' word statistics), our search built
 * (or loaded from BENCH_CACHE_DIR) and warmed up, then 1,000 distinct digests (pairs of frequent words) composed
 * with `composeDigest` three ways, each over the whole 1,000 in turn:
 * - without ratings (5 papers already sent each: today's digest, the budget's reference);
 * - with 50 ratings each: the first 50 papers of its topic (match all, else any), 👍 every third, 👎 the rest, all
 *   excluded as rated, the learned ranking with neighbours and the off-topic cap;
 * - an example-only feed: 2 examples, no words.
 * Prints the total per 1,000 and p50 / p99 / max per digest in ms. The budget: 1,000 digests in ≤ 10 s at 50k papers.
 * Not a unit test: numbers depend on the machine.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { composeDigest } from '../../src/digests/compose.ts';
import { createLogger, LogLevel } from '../../src/logger.ts';
import { loadSeedPapers } from '../../src/papers/load-seeds.ts';
import { buildPaperSearch } from '../../src/search/index-builder.ts';
import { createPaperSearch, packedIndexOf } from '../../src/search/paper-index.ts';
import type { SearchPreferences } from '../../src/search/types.ts';
import { frequentWords, rng, syntheticPapers } from './synthetic-corpus.ts';

const sizes = (process.argv[2] ?? '50000').split(',').map(Number).filter((n) => n > 0);
const cacheRoot = process.env.BENCH_CACHE_DIR ?? join(tmpdir(), 'paper-bench-query-cost');
const logger = createLogger({ level: LogLevel.WARN });
const { papers: seeds } = await loadSeedPapers('seeds');
const NOW = new Date('2025-06-01T00:00:00Z');

function stats(times: readonly number[]): { totalMs: number; p50: number; p99: number; max: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number): number => Math.round((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0) * 100) / 100;
  return { totalMs: Math.round(times.reduce((a, b) => a + b, 0)), p50: at(0.5), p99: at(0.99), max: Math.round((sorted.at(-1) ?? 0) * 100) / 100 };
}


const rows: Array<Record<string, unknown>> = [];
for (const n of sizes) {
  const papers = syntheticPapers(seeds, n);
  const frequent = frequentWords(papers.slice(0, 2000).map((p) => `${p.title} ${p.abstract}`), 200);
  const built = await buildPaperSearch(papers, { logger, cacheDir: join(cacheRoot, String(n)) });
  const search = createPaperSearch(papers, {}, packedIndexOf(built.search));
  await search.warmUp?.();
  const random = rng(7);
  const pick = (): string => frequent[Math.floor(random() * frequent.length)] ?? 'model';
  const topics = new Set<string>();
  while (topics.size < 1000) topics.add(`${pick()} ${pick()}`);

  const channels = [...topics].map((topic) => {
    const all = search.search(topic, { match: 'all', limit: 50 }).hits;
    const rated = (all.length >= 50 ? all : search.search(topic, { limit: 50 }).hits).map((hit) => hit.paper.id);
    const preferences: SearchPreferences = { liked: rated.filter((_, i) => i % 3 === 0), disliked: rated.filter((_, i) => i % 3 !== 0) };
    const sent = new Set(search.search(topic, { match: 'all', offset: 20, limit: 5 }).hits.map((hit) => hit.paper.id));
    return { topic, rated: new Set(rated), preferences, sent, examples: rated.slice(0, 2) };
  });
  const time = (compose: (channel: (typeof channels)[number]) => unknown): number[] =>
    channels.map((channel) => {
      const t = performance.now();
      compose(channel);
      return performance.now() - t;
    });
  const plain = time((c) => composeDigest(search, c.topic, c.sent, 5, { now: NOW }));
  const learned = time((c) => composeDigest(search, c.topic, c.rated, 5, { now: NOW, preferences: c.preferences }));
  const feed = time((c) => composeDigest(search, '', new Set(c.examples), 5, { now: NOW, preferences: { examples: c.examples } }));
  rows.push({ n: papers.length, digests: '1,000 without ratings', ...stats(plain) });
  rows.push({ n: papers.length, digests: '1,000 with 50 ratings each', ...stats(learned) });
  rows.push({ n: papers.length, digests: '1,000 example-only feeds (2 examples)', ...stats(feed) });
}
console.table(rows);
