/**
 * Query cost at scale (issue 5): `tsx scripts/bench/query-cost.ts [sizes]` (default 10000,50000).
 * For each size: a synthetic corpus (fixed seed, the seeds' word statistics), our search built over it, then
 * - ~30 fixed queries, hostile ones included (`*`, 32 common words, a 500-char query, typos, acronyms), plus
 *   200 generated two- and three-word queries of frequent words, each asked once with a cold cache;
 * - the same queries as a bare lunr OR query (one optional clause per word) on the same lunr index, same run;
 * - 1,000 distinct digests (pairs of frequent words) composed with `composeDigest`.
 * Prints p50 / p99 / max in ms. Not a unit test: numbers depend on the machine.
 */
import lunr from 'lunr';
import { performance } from 'node:perf_hooks';
import { composeDigest } from '../../src/digests/compose.ts';
import { loadSeedPapers } from '../../src/papers/load-seeds.ts';
import { mergePapers } from '../../src/papers/merge.ts';
import { parseListing } from '../../src/papers/parse-listing.ts';
import { createPaperSearch, lunrIndexOf } from '../../src/search/paper-index.ts';
import { isStopWord, parseQuery, stem, words } from '../../src/search/query.ts';
import { rng, syntheticPages } from './synthetic-corpus.ts';

const sizes = (process.argv[2] ?? '10000,50000').split(',').map(Number).filter((n) => n > 0);
const { papers: seeds } = await loadSeedPapers('seeds');

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

function stats(times: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const round = (x: number): number => Math.round(x * 100) / 100;
  return { p50: round(percentile(sorted, 0.5)), p99: round(percentile(sorted, 0.99)), max: round(sorted.at(-1) ?? 0) };
}

/** Frequent content words of the corpus, most frequent first. */
function frequentWords(texts: readonly string[], count: number): string[] {
  const freq = new Map<string, number>();
  for (const text of texts) for (const word of words(text)) if (!isStopWord(word) && /^\p{L}{3,}$/u.test(word)) freq.set(word, (freq.get(word) ?? 0) + 1);
  return [...freq].sort((a, b) => b[1] - a[1]).slice(0, count).map(([word]) => word);
}

const rows: Array<Record<string, unknown>> = [];
for (const n of sizes) {
  const papers = mergePapers(syntheticPages(seeds, n).flatMap((page, i) => parseListing(page, { source: `synthetic_${i}`, reference: new Date('2025-06-01T00:00:00Z') }).papers));
  const frequent = frequentWords(papers.slice(0, 2000).map((p) => `${p.title} ${p.abstract}`), 200);
  const fixed = [
    '*',
    'attention',
    'model',
    'learning',
    'large language models',
    'model learning data training',
    frequent.slice(0, 32).join(' '),
    frequent.slice(0, 64).join(' '),
    'attention '.repeat(50).trim(),
    frequent.slice(0, 80).join(' ').slice(0, 500),
    'a'.repeat(500),
    '"large language model"',
    '"language model" -vision',
    '+attention +model -learning',
    'speculatve decodng',
    'atention modle lerning',
    'trasnformer architecure effiicent infernce',
    'KV cache',
    'LLM inference',
    'ASR',
    'RL agents',
    'ViT',
    'speech recognition',
    'diffusion model image generation',
    'reinforcement learning from human feedback',
    'mixture of experts',
    'zzzzqqq',
    'title:attention ~2 ^10 *',
    frequent.slice(0, 32).map((w) => `"${w} ${w}"`).join(' '),
    frequent.slice(0, 32).map((w) => `-${w}`).join(' ') + ' model',
  ];
  const random = rng(7);
  const pick = (): string => frequent[Math.floor(random() * frequent.length)] ?? 'model';
  const generated = Array.from({ length: 200 }, (_, i) => Array.from({ length: 2 + (i % 2) }, pick).join(' '));
  const queries = [...fixed, ...generated];

  let t = performance.now();
  const search = createPaperSearch(papers);
  const buildMs = performance.now() - t;
  const index = lunrIndexOf(search);
  if (!index) throw new Error('no lunr index');

  // Warm up JIT on unrelated queries (distinct from the measured ones, so the cache does not help).
  for (let i = 0; i < 20; i++) search.search(`${pick()} ${pick()} ${pick()} ${pick()}`);

  const ours: number[] = [];
  const oursFixed: Array<[string, number]> = [];
  for (const q of queries) {
    t = performance.now();
    search.search(q);
    const ms = performance.now() - t;
    ours.push(ms);
    if (fixed.includes(q)) oursFixed.push([q.slice(0, 40), Math.round(ms * 10) / 10]);
  }
  const cached: number[] = [];
  for (const q of queries) {
    t = performance.now();
    search.search(q);
    cached.push(performance.now() - t);
  }

  const bare: number[] = [];
  for (const q of queries) {
    const stems = parseQuery(q).terms.map((term) => term.stem);
    t = performance.now();
    if (q === '*') index.search('*');
    else
      index.query((builder) => {
        for (const s of stems) builder.term(s, { presence: lunr.Query.presence.OPTIONAL, usePipeline: false, wildcard: lunr.Query.wildcard.NONE });
      });
    bare.push(performance.now() - t);
  }

  const topics = new Set<string>();
  while (topics.size < 1000) topics.add(`${pick()} ${pick()}`);
  const digestSearch = createPaperSearch(papers, {}, index);
  t = performance.now();
  for (const topic of topics) composeDigest(digestSearch, topic, new Set(), 5, { now: new Date('2025-06-01T00:00:00Z') });
  const digestsMs = performance.now() - t;

  const slowest = [...oursFixed].sort((a, b) => b[1] - a[1]).slice(0, 6);
  rows.push({ n: papers.length, engine: 'ours (cold)', ...stats(ours), buildMs: Math.round(buildMs), digests1000Ms: Math.round(digestsMs) });
  rows.push({ n: papers.length, engine: 'ours (cached)', ...stats(cached) });
  rows.push({ n: papers.length, engine: 'bare lunr OR', ...stats(bare) });
  console.log(`n=${papers.length} slowest fixed queries (ms):`, slowest);
}
console.table(rows);
