import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorpusIndex, seedCorpus, type CorpusBuild } from '../../src/ingest/corpus-index.ts';
import { toPaperInput } from '../../src/papers/corpus-merge.ts';
import { loadSeedPapers } from '../../src/papers/load-seeds.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { corpusStats } from '../../src/papers/stats.ts';
import { createPaperSearch, packedIndexOf } from '../../src/search/paper-index.ts';
import { SearchState } from '../../src/search/search-state.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { tempSqliteUrl } from '../support/test-app.ts';
import { loadSeedCorpus, paper, SEEDS_DIR } from '../search/fixtures.ts';
import { memoryLogger } from './helpers.ts';

/** `count` new papers, each findable by a word of its own. */
function newPapers(count: number, from = 0): Paper[] {
  return Array.from({ length: count }, (_, i) =>
    paper(`Ingested paper ${from + i} on sparse attention`, `Sparse attention study number ${from + i}, keyword ingestword${from + i}.`),
  );
}

describe('the corpus index: a base plus a recent index, merged in the background', () => {
  let store: Store;
  let state: SearchState;
  let builds: string[];
  let failFull: boolean;
  const build = (papers: Paper[], options: { full: boolean }): Promise<CorpusBuild> => {
    builds.push(options.full ? 'full' : 'start');
    if (options.full && failFull) return Promise.reject(new Error('disk full'));
    const search = createPaperSearch(papers);
    return Promise.resolve({ search, base: { search, papers }, recentPapers: [] });
  };

  beforeEach(async () => {
    store = await openStore(tempSqliteUrl());
    await store.upsertPapers((await loadSeedCorpus()).map(toPaperInput));
    state = new SearchState();
    builds = [];
    failFull = false;
  });
  afterEach(async () => {
    await store.close();
  });

  it('indexes an ingest of 100 papers alone, on top of the base, while the old index keeps answering', async () => {
    const { logger, lines } = memoryLogger();
    const corpus = new CorpusIndex({ store, searchState: state, logger, build, mergeAt: () => 10_000 });
    await corpus.refresh({ force: true });
    const before = state.current;
    expect(before?.size).toBe(247);

    await store.upsertPapers(newPapers(100).map(toPaperInput));
    const refreshing = corpus.refresh();
    // Until the swap, the previous index answers.
    expect(state.current).toBe(before);
    expect(state.current?.search('ingestword7').total).toBe(0);
    // How soon new papers are searchable is measured by `npm run bench` (scripts/bench/add-papers.ts).
    expect(await refreshing).toBe(true);

    expect(builds).toEqual(['start']);
    expect(lines.join('\n')).toMatch(/indexed 347 papers \(100 in the recent index\)/);
    const current = state.current;
    expect(current?.size).toBe(347);
    expect(current && packedIndexOf(current)).toBeUndefined();
    for (let i = 0; i < 100; i++) {
      expect(current?.search(`ingestword${i}`).hits[0]?.paper.title).toBe(`Ingested paper ${i} on sparse attention`);
    }

    // A second ingest layers on the same base (the recent index now holds both), still no full build.
    await store.upsertPapers(newPapers(5, 100).map(toPaperInput));
    expect(await corpus.refresh()).toBe(true);
    expect(builds).toEqual(['start']);
    expect(lines.join('\n')).toMatch(/indexed 352 papers \(105 in the recent index\)/);
    expect(state.current?.search('ingestword3').total).toBe(1);
    expect(state.current?.search('ingestword102').total).toBe(1);
    // The table did not move since: nothing to do.
    expect(await corpus.refresh()).toBe(false);
    expect(builds).toEqual(['start']);
  });

  it('merges once the recent index is large: a full build in the background becomes the one index', async () => {
    const { logger, lines } = memoryLogger();
    const corpus = new CorpusIndex({ store, searchState: state, logger, build, mergeAt: () => 50 });
    await corpus.refresh({ force: true });
    await store.upsertPapers(newPapers(60).map(toPaperInput));
    await corpus.refresh();
    const layered = state.current;
    expect(layered && packedIndexOf(layered)).toBeUndefined();
    await corpus.merged();
    expect(builds).toEqual(['start', 'full']);
    expect(lines.join('\n')).toMatch(/index: merged 307 papers into one index/);
    const merged = state.current;
    expect(merged).not.toBe(layered);
    expect(merged && packedIndexOf(merged)).toBeDefined();
    expect(merged?.size).toBe(307);
    expect(merged?.search('ingestword42').total).toBe(1);
    // The next small ingest layers on the merged base.
    await store.upsertPapers(newPapers(3, 60).map(toPaperInput));
    await corpus.refresh();
    expect(lines.join('\n')).toMatch(/indexed 310 papers \(3 in the recent index\)/);
    expect(builds).toEqual(['start', 'full']);
  });

  it('a failed merge is logged and the recent index keeps serving', async () => {
    const { logger, lines } = memoryLogger();
    failFull = true;
    const corpus = new CorpusIndex({ store, searchState: state, logger, build, mergeAt: () => 50 });
    await corpus.refresh({ force: true });
    await store.upsertPapers(newPapers(60).map(toPaperInput));
    await corpus.refresh();
    const layered = state.current;
    await corpus.merged();
    expect(lines.join('\n')).toMatch(/WARN .*index: merge failed \(disk full\); the recent index keeps serving/);
    expect(state.current).toBe(layered);
    expect(state.current?.search('ingestword59').total).toBe(1);
  });
});

describe('seed pages at start', () => {
  const NOW = new Date('2026-11-23T12:00:00Z');
  let dir: string;
  const stores: Store[] = [];
  const open = async (): Promise<Store> => {
    const store = await openStore(tempSqliteUrl());
    stores.push(store);
    return store;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'seed-pages-'));
    cpSync(SEEDS_DIR, dir, { recursive: true });
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('are parsed and stored once; a start with the same pages skips them, changed pages are parsed again', async () => {
    const store = await open();
    const first = memoryLogger();
    expect(await seedCorpus(store, dir, first.logger, NOW)).toMatchObject({ papers: 247, added: 247, updated: 0 });
    const stored = await store.listPapers();
    const revision = await store.papersRevision();

    const second = memoryLogger();
    const again = await seedCorpus(store, dir, second.logger, NOW);
    expect(again).toMatchObject({ papers: null, added: 0, updated: 0 });
    expect(again.files).toHaveLength(4);
    expect(second.lines.join('\n')).toMatch(/seed pages: 4 unchanged since they were stored; not parsed again/);
    expect(await store.listPapers()).toEqual(stored);
    expect(await store.papersRevision()).toBe(revision);

    // A new page: parsed again, its paper added, the others unchanged.
    writeFileSync(
      join(dir, '004_added.txt'),
      'Zebra Attention for Striped Inputs\nWe study zebra attention, a striped sparse attention for long inputs. It works.\n',
    );
    const changed = await seedCorpus(store, dir, memoryLogger().logger, NOW);
    expect(changed).toMatchObject({ papers: 248, added: 1, updated: 0 });
    expect((await store.listPapers()).some((p) => p.title === 'Zebra Attention for Striped Inputs')).toBe(true);
    expect((await seedCorpus(store, dir, memoryLogger().logger, NOW)).papers).toBeNull();
  });

  it('a *.txt that is not a listing page: skipped with a warning, counted the same at every start (stats: seed pages)', async () => {
    const store = await open();
    writeFileSync(join(dir, 'notes.txt'), readFileSync(new URL('../../README.md', import.meta.url), 'utf8'));
    const first = memoryLogger();
    const parsed = await seedCorpus(store, dir, first.logger, NOW);
    expect(parsed).toMatchObject({ papers: 247, added: 247 });
    expect(first.lines.filter((line) => line.includes('notes.txt'))).toEqual([expect.stringMatching(/WARN .*notes\.txt:0: not a Hugging Face daily papers listing page: .*; skipped$/)]);
    const again = await seedCorpus(store, dir, memoryLogger().logger, NOW);
    expect(again.papers).toBeNull();
    expect(again.files).toEqual(parsed.files);
  });

  it('a store holding seed dates that drifted with the clock (the old rule) gets the pages\' dates back', async () => {
    const store = await open();
    const LONG_CONTEXT = 'Long-Context Modeling with Dynamic Hierarchical Sparse Attention for On-Device LLMs';
    // As stored before: "Oct 28" and "Mar 20" resolved against a load in late 2026.
    const drifted: Record<string, string> = { '2025-10-28': '2026-10-28', '2025-03-20': '2026-03-20' };
    const { papers } = await loadSeedPapers(dir);
    await store.upsertPapers(papers.map((p) => toPaperInput({ ...p, date: p.date === null ? null : (drifted[p.date] ?? p.date) })), { now: NOW });
    await store.recordSeedPagesDigest('digest of the same pages, dated the old way');
    expect(corpusStats(await store.listPapers()).newest).toBe('2026-10-28');

    const report = await seedCorpus(store, dir, memoryLogger().logger, NOW);
    expect(report).toMatchObject({ papers: 247, added: 0, updated: 2 });
    const after = await store.listPapers();
    expect(after.find((p) => p.title === LONG_CONTEXT)?.date).toBe('2025-10-28');
    expect(corpusStats(after)).toMatchObject({ newest: '2025-12-03', oldest: '2015-06-09' });
  });

  it('a new database parses the same pages again (the digest lives with the papers)', async () => {
    await seedCorpus(await open(), dir, memoryLogger().logger, NOW);
    const fresh = await open();
    expect(await seedCorpus(fresh, dir, memoryLogger().logger, NOW)).toMatchObject({ papers: 247, added: 247 });
    expect(await fresh.listPapers()).toHaveLength(247);
  });
});
