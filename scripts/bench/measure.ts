/**
 * One measurement in its own process (so peak RSS belongs to it alone):
 *   tsx scripts/bench/measure.ts <seedsDir> <ours|lunr>
 * prints JSON: build ms, serialized index bytes, first-time query p50/p99 ms over 100 distinct queries, peak RSS MB.
 */
import lunr from 'lunr';
import { loadSeedPapers } from '../../src/papers/load-seeds.ts';
import { createPaperSearch } from '../../src/search/paper-index.ts';

const [dir = 'seeds', engine = 'ours'] = process.argv.slice(2);
const FIXED = [
  'sparse attention', 'graph transformers', 'speech recognition', 'mixture of experts', 'token pruning',
  'diffusion video generation', 'in-context learning', 'multi-task learning', 'remote sensing', 'kv cache compression',
];

/** 100 distinct queries a run (no result cache helps): the fixed ten, then pairs of frequent title words. */
function queriesFor(titles: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const title of titles) {
    for (const word of title.toLowerCase().match(/[a-z]{4,}/g) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const frequent = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 40).map(([w]) => w);
  const out = [...FIXED];
  for (let i = 0; out.length < 100 && i < frequent.length; i++) {
    for (let j = i + 1; out.length < 100 && j < frequent.length; j += 7) out.push(`${frequent[i]} ${frequent[j]}`);
  }
  return out;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

const { papers } = await loadSeedPapers(dir);
let started = performance.now();
let query: (q: string) => unknown;
let serializedBytes = 0;
let loadMs: number | null = null;
if (engine === 'lunr') {
  const index = lunr(function build() {
    this.ref('id');
    this.field('title');
    this.field('abstract');
    for (const paper of papers) this.add({ id: paper.id, title: paper.title, abstract: paper.abstract });
  });
  const buildMs = performance.now() - started;
  const serialized = JSON.stringify(index);
  serializedBytes = serialized.length;
  const loadStarted = performance.now();
  lunr.Index.load(JSON.parse(serialized) as object);
  loadMs = performance.now() - loadStarted;
  query = (q) => index.search(q.replace(/[^\p{L}\p{N}\s]/gu, ' '));
  started = buildMs;
} else {
  const search = createPaperSearch(papers);
  started = performance.now() - started;
  // As in the app: the chunked warm-up runs after the index is swapped in, before these queries.
  await search.warmUp?.();
  query = (q) => search.search(q);
}
const buildMs = started;
const times: number[] = [];
for (const q of queriesFor(papers.map((paper) => paper.title))) {
  const t = performance.now();
  query(q);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
process.stdout.write(
  `${JSON.stringify({
    engine,
    papers: papers.length,
    buildMs: Math.round(buildMs),
    serializedKB: serializedBytes ? Math.round(serializedBytes / 1024) : null,
    loadMs: loadMs === null ? null : Math.round(loadMs),
    queryP50: Number(percentile(times, 0.5).toFixed(2)),
    queryP99: Number(percentile(times, 0.99).toFixed(2)),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
