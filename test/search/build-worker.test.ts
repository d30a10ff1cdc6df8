import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Paper } from '../../src/papers/paper.ts';
import { buildPaperSearch } from '../../src/search/index-builder.ts';
import { createPaperSearch } from '../../src/search/paper-index.ts';
import { SearchState } from '../../src/search/search-state.ts';
import { memoryLogger } from '../ingest/helpers.ts';
import { loadSeedCorpus, syntheticPapers } from './fixtures.ts';

describe('index builds in a worker thread', () => {
  let seeds: Paper[];
  let cacheDir: string;
  beforeAll(async () => {
    seeds = await loadSeedCorpus();
    cacheDir = mkdtempSync(join(tmpdir(), 'index-worker-'));
  });
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  it('builds the same index as the main thread would', async () => {
    const { logger, lines } = memoryLogger();
    const built = await buildPaperSearch(seeds, { logger, cacheDir: null, workerMinPapers: 0 });
    expect(built.builtIn).toBe('worker');
    expect(lines.join('\n')).toMatch(/index: built in worker in \d+ ms \(247 papers/);
    const local = createPaperSearch(seeds);
    for (const query of ['speech recognition', 'KV cache', 'diffusion -video']) {
      const a = built.search.search(query, { limit: 10 });
      const b = local.search(query, { limit: 10 });
      expect(a.hits.map((h) => [h.paper.id, h.score])).toEqual(b.hits.map((h) => [h.paper.id, h.score]));
      expect(a.total).toBe(b.total);
    }
  });

  it('keeps the event loop and the previous index answering while a large index builds, then swaps it in', async () => {
    const papers = syntheticPapers(seeds, 5000);
    const state = new SearchState();
    state.swap(createPaperSearch(seeds));
    const { logger } = memoryLogger();

    // Searches asked of the current index every 10 ms while the large one builds.
    const answeredBy: number[] = [];
    const timer = setInterval(() => {
      const current = state.current;
      if (current && current.search('speech recognition').total > 0) answeredBy.push(current.size);
    }, 10);
    const built = await buildPaperSearch(papers, { logger, cacheDir });
    // The worker has replied and the main thread has loaded its index: every tick above ran during the build.
    clearInterval(timer);
    state.swap(built.search);

    expect(built.source).toBe('built');
    expect(built.builtIn).toBe('worker');
    expect(built.cacheBytes).toBeGreaterThan(0);
    // The event loop kept turning through the build, the previous index answering (the longest stall it causes is
    // measured by `npm run bench:query-cost`, and `npm run bench` times the build).
    expect(answeredBy.length).toBeGreaterThan(5);
    expect(new Set(answeredBy)).toEqual(new Set([seeds.length]));
    expect(state.current?.size).toBe(5000);
    expect(state.current?.search('synthpaper4321').hits[0]?.paper.title).toMatch(/Synthpaper4321$/);

    // The worker wrote the cache: the next start loads it.
    const again = await buildPaperSearch(papers, { logger, cacheDir });
    expect(again.source).toBe('cache');
    expect(again.search.search('synthpaper4321').total).toBe(1);
  }, 180_000);
});
