import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Paper } from '../../src/papers/paper.ts';
import { loadPackedIndex, serializePackedIndex } from '../../src/search/retrieve/packed-index.ts';
import { createPaperSearch, packedIndexOf } from '../../src/search/paper-index.ts';
import { SearchState } from '../../src/search/search-state.ts';
import type { PaperSearch } from '../../src/search/types.ts';
import { loadSeedCorpus, syntheticPapers } from './fixtures.ts';

const TYPO_QUERY = 'trasnformer atention';
const COMMON_QUERY = 'language model training';
const QUERIES = [TYPO_QUERY, COMMON_QUERY, 'model', 'speech recognition', 'KV cache', 'LLM', 'diffusion -video', 'sparce', 'xyzzyq'];

/** Runs `work` under a clock that moves 1 ms per reading: a slice of the warm-up is a few items of work. */
function onSteppedClock<T>(work: () => T): T {
  let now = 0;
  const clock = vi.spyOn(performance, 'now').mockImplementation(() => (now += 1));
  try {
    return work();
  } finally {
    clock.mockRestore();
  }
}

/** Runs `work` under a clock standing still: no query runs out of its time budget (as on a busy machine it may). */
function unhurried<T>(work: () => T): T {
  const clock = vi.spyOn(performance, 'now').mockReturnValue(0);
  try {
    return work();
  } finally {
    clock.mockRestore();
  }
}

/**
 * Whether `search` already has its spelling vocabulary: the typo query is corrected while a warm-up is held after its
 * first slice (during a warm-up over 5k papers, queries go on without the tables it has not finished).
 */
async function hasSpeller(search: PaperSearch): Promise<boolean> {
  const controller = new AbortController();
  const warming = onSteppedClock(() => search.warmUp?.({ busy: () => true, signal: controller.signal }));
  const corrected = search.search(TYPO_QUERY, { limit: 10 }).correctedQuery !== null;
  controller.abort();
  await warming;
  return corrected;
}

/** Warms `search` up on the stepped clock; how many slices it took (the busy check runs once before each). */
async function slicesOfWarmUp(search: PaperSearch): Promise<number> {
  let slices = 0;
  let now = 0;
  const clock = vi.spyOn(performance, 'now').mockImplementation(() => (now += 1));
  try {
    await search.warmUp?.({
      busy: () => {
        slices++;
        return false;
      },
    });
  } finally {
    clock.mockRestore();
  }
  return slices;
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
  it('needs no warm-up: the first typo, acronym and common queries answer as a warmed-up search', async () => {
    // With its tables the first typo query is corrected even while a warm-up holds; without them it goes uncorrected.
    expect(await hasSpeller(createPaperSearch(papers, {}, loadPackedIndex(withTables)))).toBe(true);
    expect(await hasSpeller(createPaperSearch(papers, {}, loadPackedIndex(withoutTables)))).toBe(false);

    const loaded = createPaperSearch(papers, {}, loadPackedIndex(withTables));
    const first = unhurried(() => QUERIES.map((query) => loaded.search(query, { limit: 20 })));
    expect(first[0]?.correctedQuery).toBe('transformer attention');
    const warmed = createPaperSearch(papers, {}, loadPackedIndex(withoutTables));
    const warmedSlices = await slicesOfWarmUp(warmed);
    QUERIES.forEach((query, i) => expect(first[i], query).toEqual(unhurried(() => warmed.search(query, { limit: 20 }))));
    expect(loaded.similar(papers[0]?.id ?? '', 10)).toEqual(warmed.similar(papers[0]?.id ?? '', 10));

    // Its own warm-up has no tables left to derive: a fraction of the slices of one that builds them.
    expect(await slicesOfWarmUp(loaded)).toBeLessThan(warmedSlices / 2);
  }, 120_000);
});

describe('warm-up of a search over an index loaded without its corpus tables (e.g. a stale cache as the base)', () => {
  /** A fresh search over the same loaded index: the tables still to derive on first use. */
  const fresh = (): PaperSearch => createPaperSearch(papers, {}, loadPackedIndex(withoutTables));

  it('runs in small slices with the event loop let run between them, then typo and common queries answer fully', async () => {
    const warm = fresh();
    // Turns of the event loop, counted by a chain of immediates; each slice records how many had run before it.
    let turns = 0;
    let turning = true;
    const turn = (): void => {
      turns++;
      if (turning) setImmediate(turn);
    };
    setImmediate(turn);
    const turnsAtSlice: number[] = [];
    let now = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => (now += 1));
    try {
      // Slices of 5 ms on a clock moving 1 ms per reading: a handful of items of work each.
      await warm.warmUp?.({ busy: () => turnsAtSlice.push(turns) < 0 });
    } finally {
      clock.mockRestore();
      turning = false;
    }
    expect(turnsAtSlice.length).toBeGreaterThan(100);
    // The event loop ran between every two slices (timers, requests).
    turnsAtSlice.forEach((at, i) => i > 0 && expect(at, `slice ${i}`).toBeGreaterThan(turnsAtSlice[i - 1] ?? Infinity));

    const typo = warm.search(TYPO_QUERY, { limit: 10 });
    const common = warm.search(COMMON_QUERY, { limit: 10 });
    expect(typo.correctedQuery).toBe('transformer attention');
    expect(common.total).toBeGreaterThan(100);

    // A cold search gives the same pages (on a cold index its lazy derivations would take longer than the per-query
    // time budget: compared with the clock standing still).
    const cold = fresh();
    for (const query of QUERIES) {
      expect(unhurried(() => warm.search(query, { limit: 20 })), query).toEqual(unhurried(() => cold.search(query, { limit: 20 })));
    }
    expect(warm.similar(papers[0]?.id ?? '', 10)).toEqual(cold.similar(papers[0]?.id ?? '', 10));
  }, 120_000);

  it('while it runs, queries do not wait for the tables it builds; they are not cached, and afterwards are complete', async () => {
    const search = fresh();
    const coldTypo = unhurried(() => fresh().search(TYPO_QUERY, { limit: 10 }));
    expect(coldTypo.correctedQuery).not.toBeNull();
    // warmUp runs its first slice (a few items on this clock) before returning: the spelling vocabulary is not done.
    const warming = onSteppedClock(() => search.warmUp?.());
    const during = search.search(TYPO_QUERY, { limit: 10 });
    expect(during.correctedQuery).toBeNull();
    await warming;
    const after = unhurried(() => search.search(TYPO_QUERY, { limit: 10 }));
    expect(after.correctedQuery).toBe(coldTypo.correctedQuery);
    expect(after.hits.map((hit) => hit.paper.id)).toEqual(coldTypo.hits.map((hit) => hit.paper.id));
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
    let slices = 0;
    const warming = onSteppedClock(() => search.warmUp?.({ signal: controller.signal, busy: () => slices++ < 0 }));
    controller.abort();
    await warming;
    // Aborted after its first slice: no slice after it, and the spelling vocabulary never built.
    expect(slices).toBeLessThanOrEqual(1);
    expect(await hasSpeller(search)).toBe(false);
    const reference = fresh();
    for (const s of [search, reference]) s.search(`${TYPO_QUERY} qqzzyx`, { limit: 10 });
    expect(unhurried(() => search.search(TYPO_QUERY, { limit: 10 }))).toEqual(unhurried(() => reference.search(TYPO_QUERY, { limit: 10 })));
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
  it('runs its queries without deriving the tables a warm-up builds, and changes no answer', async () => {
    const reference = createPaperSearch(papers, {}, loadPackedIndex(withoutTables));
    const primed = createPaperSearch(papers, {}, loadPackedIndex(withoutTables));
    primed.prime?.();
    // Priming left the spelling vocabulary (hundreds of ms at 5k papers) to the warm-up.
    expect(await hasSpeller(primed)).toBe(false);
    for (const query of QUERIES) {
      expect(unhurried(() => primed.search(query, { limit: 20 })), query).toEqual(unhurried(() => reference.search(query, { limit: 20 })));
    }
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
