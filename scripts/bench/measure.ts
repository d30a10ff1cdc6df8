/**
 * One measurement in its own process (so peak RSS belongs to it alone):
 *   tsx scripts/bench/measure.ts <seedsDir> <ours|lunr|ours-load|lunr-load> <workDir>
 * prints JSON: build (or load) ms, serialized index bytes, first-time query p50/p99 ms over 100 distinct queries,
 * peak RSS MB. `ours` and `lunr` build (ours through the app's builder, writing its index cache to workDir; lunr
 * writing its serialized index there); `ours-load` and `lunr-load` are the restart: they only load what those wrote.
 */
import lunr from 'lunr';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, LogLevel } from '../../src/logger.ts';
import { loadSeedPapers } from '../../src/papers/load-seeds.ts';
import { buildPaperSearch } from '../../src/search/index-builder.ts';

const [dir = 'seeds', engine = 'ours', workDir = dir] = process.argv.slice(2);
const lunrFile = join(workDir, 'bare-lunr.json');
const logger = createLogger({ level: LogLevel.WARN });
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
if (engine === 'lunr' || engine === 'lunr-load') {
  let index: lunr.Index;
  if (engine === 'lunr') {
    index = lunr(function build() {
      this.ref('id');
      this.field('title');
      this.field('abstract');
      for (const paper of papers) this.add({ id: paper.id, title: paper.title, abstract: paper.abstract });
    });
    started = performance.now() - started;
    const serialized = JSON.stringify(index);
    serializedBytes = serialized.length;
    writeFileSync(lunrFile, serialized);
  } else {
    const loadStarted = performance.now();
    index = lunr.Index.load(JSON.parse(readFileSync(lunrFile, 'utf8')) as object);
    loadMs = performance.now() - loadStarted;
    started = 0;
  }
  query = (q) => index.search(q.replace(/[^\p{L}\p{N}\s]/gu, ' '));
} else {
  // As the app does: the index cache when it matches, else a build (in a worker from 2,000 papers) that writes it.
  const built = await buildPaperSearch(papers, { logger, cacheDir: workDir });
  const search = built.search;
  if (engine === 'ours-load') {
    if (built.source !== 'cache') throw new Error(`expected a cache hit, got ${built.source}`);
    loadMs = built.millis;
    started = 0;
  } else {
    started = built.millis;
    serializedBytes = built.cacheBytes ?? 0;
  }
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
