import { beforeAll, describe, expect, it } from 'vitest';
import type { Paper } from '../../src/papers/paper.ts';
import { loadPackedIndex, serializePackedIndex } from '../../src/search/retrieve/packed-index.ts';
import { createPaperSearch, packedIndexOf } from '../../src/search/paper-index.ts';
import { SearchState } from '../../src/search/search-state.ts';
import type { PaperSearch } from '../../src/search/types.ts';
import { loadSeedCorpus, syntheticPapers } from './fixtures.ts';

const TYPO_QUERY = 'trasnformer atention';
const COMMON_QUERY = 'language model training';
const QUERIES = [TYPO_QUERY, COMMON_QUERY, 'model', 'speech recognition', 'KV cache', 'LLM', 'diffusion -video', 'sparce', 'xyzzyq'];

function timed<T>(work: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started };
}

let papers: Paper[];
/** The packed index of `papers` with its corpus tables (as the index cache keeps it), and without them. */
let withTables: Uint8Array;
let withoutTables: Uint8Array;

beforeAll(async () => {
  const seeds = await loadSeedCorpus();
  papers = [...seeds, ...syntheticPapers(seeds, 5000 - seeds.length)];
  const built = createPaperSearch(papers);
  const pack = (tables: boolean): Uint8Array => serializePackedIndex(packedIndexOf(built, { tables }) ?? fail('no packed index'));
  withoutTables = pack(false);
  withTables = pack(true);
}, 120_000);

function fail(reason: string): never {
  throw new Error(reason);
}

describe('a search loaded from an index kept with its corpus tables (a restart from the cache)', () => {
  it('needs no warm-up: the first typo, acronym and common queries are quick and answer as a warmed-up search', async () => {
    const loaded = createPaperSearch(papers, {}, loadPackedIndex(withTables));
    const first = QUERIES.map((query) => timed(() => loaded.search(query, { limit: 20 })));
    const typo = first[0];
    expect(typo?.value.correctedQuery).toBe('transformer attention');
    // Generous bounds (a busy CI machine); without the tables the typo query pays for the spelling vocabulary first.
    expect(Math.max(...first.map((query) => query.ms))).toBeLessThan(150);
    const bare = createPaperSearch(papers, {}, loadPackedIndex(withoutTables));
    const bareTypo = timed(() => bare.search(TYPO_QUERY, { limit: 20 }));
    expect(typo?.ms).toBeLessThan(bareTypo.ms);

    const warmed = createPaperSearch(papers, {}, loadPackedIndex(withoutTables));
    await warmed.warmUp?.();
    QUERIES.forEach((query, i) => expect(first[i]?.value, query).toEqual(warmed.search(query, { limit: 20 })));
    expect(loaded.similar(papers[0]?.id ?? '', 10)).toEqual(warmed.similar(papers[0]?.id ?? '', 10));

    // Its own warm-up has nothing left to derive.
    const started = performance.now();
    await loaded.warmUp?.();
    expect(performance.now() - started).toBeLessThan(500);
  }, 120_000);
});

describe('warm-up of a search over an index loaded without its corpus tables (e.g. a stale cache as the base)', () => {
  /** A fresh search over the same loaded index: the tables still to derive on first use. */
  const fresh = (): PaperSearch => createPaperSearch(papers, {}, loadPackedIndex(withoutTables));

  it('runs in small slices, then the first typo and common queries are fast and results are unchanged', async () => {
    const warm = fresh();
    let last = performance.now();
    let maxGap = 0;
    let ticks = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
      ticks++;
    }, 10);
    const started = performance.now();
    await warm.warmUp?.();
    const warmMillis = performance.now() - started;
    clearInterval(timer);

    expect(warmMillis).toBeGreaterThan(0);
    expect(ticks).toBeGreaterThan(5);
    expect(maxGap).toBeLessThan(100);

    const typo = timed(() => warm.search(TYPO_QUERY, { limit: 10 }));
    const common = timed(() => warm.search(COMMON_QUERY, { limit: 10 }));
    expect(typo.value.correctedQuery).not.toBeNull();
    expect(common.value.total).toBeGreaterThan(100);
    // Generous bounds (a busy CI machine): the point is that warm-up took the first-use work off these queries,
    // which on a cold index of the same papers pays for building the spelling vocabulary and analysing candidates.
    const coldFirst = fresh();
    const coldTypo = timed(() => coldFirst.search(TYPO_QUERY, { limit: 10 }));
    expect(typo.ms).toBeLessThan(Math.min(150, coldTypo.ms));
    expect(common.ms).toBeLessThan(150);

    // A cold search gives the same pages. Each query runs there first in another form, so its lazy derivations
    // (which may take longer than the per-query time budget on a cold index) are done before the compared run.
    const cold = fresh();
    for (const query of QUERIES) {
      cold.search(query, { limit: 20, match: 'all' });
      cold.search(`${query} qqzzyx`, { limit: 20 });
      expect(warm.search(query, { limit: 20 })).toEqual(cold.search(query, { limit: 20 }));
    }
    expect(warm.similar(papers[0]?.id ?? '', 10)).toEqual(cold.similar(papers[0]?.id ?? '', 10));
  }, 120_000);

  it('while it runs, queries do not wait for the tables it builds; they are not cached, and afterwards are complete', async () => {
    const search = fresh();
    const coldTypo = timed(() => fresh().search(TYPO_QUERY, { limit: 10 }));
    expect(coldTypo.value.correctedQuery).not.toBeNull();
    // warmUp runs its first slice (5 ms) before returning: the spelling vocabulary of 5k papers is far from done.
    const warming = search.warmUp?.();
    const during = timed(() => search.search(TYPO_QUERY, { limit: 10 }));
    expect(during.value.correctedQuery).toBeNull();
    expect(during.ms).toBeLessThan(coldTypo.ms);
    await warming;
    const after = search.search(TYPO_QUERY, { limit: 10 });
    expect(after.correctedQuery).toBe(coldTypo.value.correctedQuery);
    expect(after.hits.map((hit) => hit.paper.id)).toEqual(coldTypo.value.hits.map((hit) => hit.paper.id));
  }, 60_000);

  it('pauses while the app says it is busy answering, and goes on after', async () => {
    const search = fresh();
    let busy = true;
    let done = false;
    const warming = search.warmUp?.({ busy: () => busy })?.then(() => {
      done = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Held after its first slice: still without the spelling vocabulary.
    expect(done).toBe(false);
    expect(search.search(TYPO_QUERY, { limit: 10 }).correctedQuery).toBeNull();
    busy = false;
    await warming;
    expect(done).toBe(true);
    expect(search.search(TYPO_QUERY, { limit: 10 }).correctedQuery).not.toBeNull();
  }, 60_000);

  it('stops when aborted, and queries still derive what is missing', async () => {
    const search = fresh();
    const controller = new AbortController();
    const started = performance.now();
    const warming = search.warmUp?.({ signal: controller.signal });
    controller.abort();
    await warming;
    // Aborted after its first slice: far from the whole warm-up (seconds at 5k papers).
    expect(performance.now() - started).toBeLessThan(500);
    const reference = fresh();
    for (const s of [search, reference]) s.search(`${TYPO_QUERY} qqzzyx`, { limit: 10 });
    expect(search.search(TYPO_QUERY, { limit: 10 })).toEqual(reference.search(TYPO_QUERY, { limit: 10 }));
  }, 60_000);

  it('is started by SearchState.swap and aborted when a newer index replaces it', async () => {
    const state = new SearchState();
    const signals: AbortSignal[] = [];
    const fake = (size: number): PaperSearch => ({
      search: (query) => ({ query, correctedQuery: null, total: 0, offset: 0, hits: [], suggestions: [], notice: null }),
      get: () => undefined,
      similar: () => [],
      size,
      warmUp: async (options) => {
        if (options?.signal) signals.push(options.signal);
        await new Promise((resolve) => setTimeout(resolve, 20));
      },
    });
    state.swap(fake(1));
    state.swap(fake(2));
    await state.warmed;
    expect(signals).toHaveLength(2);
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[1]?.aborted).toBe(false);

    const warnings: string[] = [];
    const failing: PaperSearch = { ...fake(3), warmUp: () => Promise.reject(new Error('boom')) };
    state.swap(failing, { logger: { warn: (message) => warnings.push(message) } });
    await state.warmed;
    expect(warnings.join('\n')).toMatch(/warm-up failed \(boom\)/);
    expect(state.current).toBe(failing);
  });
});

describe('prime: the query code compiled before the first index serves', () => {
  it('runs its queries without deriving the tables a warm-up builds, and changes no answer', () => {
    const reference = createPaperSearch(papers, {}, loadPackedIndex(withoutTables));
    // The first typo query on a cold search builds the spelling vocabulary (hundreds of ms at 5k papers).
    const coldTypo = timed(() => reference.search(TYPO_QUERY, { limit: 10 }));
    const primed = createPaperSearch(papers, {}, loadPackedIndex(withoutTables));
    const priming = timed(() => primed.prime?.());
    expect(priming.ms).toBeLessThan(coldTypo.ms);
    for (const query of QUERIES) expect(primed.search(query, { limit: 20 }), query).toEqual(reference.search(query, { limit: 20 }));
  }, 60_000);

  it('SearchState primes the first index before it is current, and not the indexes swapped in later', () => {
    const state = new SearchState();
    const primedWhile: Array<PaperSearch | null> = [];
    const fake = (size: number, prime?: () => void): PaperSearch => ({
      search: (query) => ({ query, correctedQuery: null, total: 0, offset: 0, hits: [], suggestions: [], notice: null }),
      get: () => undefined,
      similar: () => [],
      size,
      prime: prime ?? (() => primedWhile.push(state.current)),
    });
    state.swap(fake(1));
    state.swap(fake(2));
    expect(primedWhile).toEqual([null]);

    const warnings: string[] = [];
    const failing = fake(3, () => {
      throw new Error('boom');
    });
    const fresh = new SearchState();
    fresh.swap(failing, { logger: { warn: (message) => warnings.push(message) } });
    expect(fresh.current).toBe(failing);
    expect(warnings.join('\n')).toMatch(/priming failed \(boom\)/);
  });
});
