import lunr from 'lunr';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { loadPackedIndex, serializePackedIndex } from '../../src/search/retrieve/packed-index.ts';
import { DEFAULT_LIMIT, MAX_LIMIT, createPaperSearch, editDistance, packedIndexOf } from '../../src/search/paper-index.ts';
import { NOTICES } from '../../src/search/query.ts';
import type { PaperSearch, SearchPage } from '../../src/search/types.ts';
import { loadSeedCorpus, paper, smallCorpus, withFrozenClock } from './fixtures.ts';

function fail(reason: string): never {
  throw new Error(reason);
}

const titles = (page: SearchPage): string[] => page.hits.map((hit) => hit.paper.title);

function allIds(search: PaperSearch, query: string, pageSize: number): string[] {
  const ids: string[] = [];
  const total = search.search(query, { limit: 1 }).total;
  for (let offset = 0; offset < total; offset += pageSize) {
    ids.push(...search.search(query, { offset, limit: pageSize }).hits.map((hit) => hit.paper.id));
  }
  return ids;
}

describe('createPaperSearch on a small corpus', () => {
  const papers = smallCorpus();
  const search = createPaperSearch(papers);

  it('indexes every paper and looks them up by id', () => {
    expect(search.size).toBe(papers.length);
    const first = papers[0];
    expect(first && search.get(first.id)).toBe(first);
    expect(search.get('nope')).toBeUndefined();
  });

  it('was patched against lunr #503 by importing the index module alone', () => {
    // This file does not import lunr-patch.ts itself: paper-index.ts must.
    const mark = Symbol.for('paper-digest.lunr503.patched');
    const toString = lunr.TokenSet.prototype.toString as unknown as Record<symbol, unknown>;
    expect(toString[mark]).toBe(true);
  });

  it('finds by stem in title and abstract, papers with all words first', () => {
    const page = search.search('sparse attention');
    expect(page.total).toBeGreaterThan(1);
    expect(page.hits[0]?.paper.title).toBe('Sparse Attention for Long Documents');
    // "attentions" / "attention" match the same stem
    expect(titles(search.search('attentions', { limit: 50 }))).toContain('Sparse Attention for Long Documents');
  });

  it('phrases must appear contiguously in the title or the abstract', () => {
    const loose = search.search('key value cache', { limit: 50 });
    expect(titles(loose)).toContain('Cache Eviction Policies for Language Models'); // has all three words, apart
    const phrase = search.search('"key-value cache"', { limit: 50 });
    expect(new Set(titles(phrase))).toEqual(
      new Set(['Efficient Key-Value Cache Compression', 'Vision Transformers with a Key-Value Cache']),
    );
    expect(phrase.total).toBe(2);
    expect(search.search('"cache key-value"').total).toBe(0);
  });

  it('a phrase with stop words keeps them in the contiguity check', () => {
    expect(titles(search.search('"in-context learning"'))).toEqual(['Induction Heads and In-Context Learning']);
    expect(search.search('"context of learning"').total).toBe(0);
  });

  it('-word and -"phrase" exclude papers', () => {
    const page = search.search('"key-value cache" -vision', { limit: 50 });
    expect(titles(page)).toEqual(['Efficient Key-Value Cache Compression']);
    expect(page.total).toBe(1);
    const byPhrase = search.search('cache -"video frames"', { limit: 50 });
    expect(titles(byPhrase)).not.toContain('Vision Transformers with a Key-Value Cache');
    expect(byPhrase.total).toBeGreaterThan(0);
    // the stem is excluded too: "-visions" removes "vision"
    expect(titles(search.search('cache -visions', { limit: 50 }))).not.toContain('Vision Transformers with a Key-Value Cache');
  });

  it('+word makes a word required', () => {
    const optional = search.search('transformers tokens', { limit: 50 });
    const required = search.search('+transformers tokens', { limit: 50 });
    expect(required.total).toBeLessThan(optional.total);
    for (const hit of required.hits) expect(`${hit.paper.title} ${hit.paper.abstract}`.toLowerCase()).toContain('transformer');
  });

  it('only exclusions, or nothing searchable: a notice and no results', () => {
    for (const input of ['-vision', '-vision -cache', '', '*', '""', 'the of']) {
      const page = search.search(input);
      expect(page.total, input).toBe(0);
      expect(page.hits, input).toEqual([]);
      expect(page.notice, input).not.toBeNull();
    }
    expect(search.search('-vision').notice).toBe(NOTICES.exclusionsOnly);
  });

  it('reports the trimmed query and correctedQuery null', () => {
    const page = search.search('  sparse  ');
    expect(page.query).toBe('sparse');
    expect(page.correctedQuery).toBeNull();
  });

  it('pages with offset/limit: consistent totals, no duplicates, same order as one big page', () => {
    const query = 'transformers attention cache';
    const whole = search.search(query, { limit: MAX_LIMIT });
    expect(whole.total).toBeGreaterThan(4);
    const paged = allIds(search, query, 2);
    expect(paged).toEqual(whole.hits.map((hit) => hit.paper.id));
    expect(new Set(paged).size).toBe(paged.length);
    expect(paged).toHaveLength(whole.total);
    for (const offset of [0, 2, 4]) {
      const page = search.search(query, { offset, limit: 2 });
      expect(page.offset).toBe(offset);
      expect(page.total).toBe(whole.total);
    }
  });

  it('defaults and clamps paging options', () => {
    const query = 'transformers attention cache tokens';
    expect(search.search(query).hits).toHaveLength(Math.min(DEFAULT_LIMIT, search.search(query).total));
    expect(search.search(query, { limit: 0 }).hits).toHaveLength(1);
    expect(search.search(query, { limit: -5, offset: -3 }).offset).toBe(0);
    expect(search.search(query, { limit: Number.NaN }).hits).toHaveLength(DEFAULT_LIMIT);
    const beyond = search.search(query, { offset: 1000 });
    expect(beyond.hits).toEqual([]);
    expect(beyond.total).toBeGreaterThan(0);
    expect(search.search(query, { limit: 10_000 }).hits.length).toBeLessThanOrEqual(MAX_LIMIT);
  });

  it('a digest-style search skips excluded papers and leads with recent ones, without touching the cache', () => {
    const corpus = [
      paper('Sparse attention, the classic', 'Sparse attention: sparse attention patterns and sparse attention kernels.', { date: '2024-01-01', upvotes: 50 }),
      paper('Revisited: a sparse attention', 'We revisit one old idea once more, for long inputs and many other settings, with attention.', { date: '2025-05-30' }),
      paper('At scale: sparse methods', 'Methods scaled to many devices and long inputs, with attention.', { date: '2025-05-31' }),
    ];
    const titles = (page: SearchPage): string[] => page.hits.map((hit) => hit.paper.title);
    // Without feedback, which on three papers would lift the two that share "long inputs".
    const search = createPaperSearch(corpus, { feedbackTerms: 0 });
    const plain = search.search('sparse attention', { match: 'all' });
    expect(titles(plain)[0]).toBe('Sparse attention, the classic');

    const recent = titles(search.search('sparse attention', { match: 'all', recentFirst: '2025-05-25' }));
    expect(recent.slice(0, 2).sort()).toEqual(['At scale: sparse methods', 'Revisited: a sparse attention']);
    expect(recent[2]).toBe('Sparse attention, the classic');

    const sentId = corpus[2]?.id ?? '';
    const unsent = search.search('sparse attention', { match: 'all', limit: 5, exclude: new Set([sentId]) });
    expect(unsent.total).toBe(2);
    expect(unsent.hits.map((hit) => hit.paper.id)).not.toContain(sentId);
    // The same query without exclusions still sees every paper, in the usual order.
    expect(titles(search.search('sparse attention', { match: 'all' }))).toEqual(titles(plain));
  });

  it('breaks score ties by upvotes, then date', () => {
    const twins = createPaperSearch([
      paper('Alpha on Widgets', 'widgets', { upvotes: 1, date: '2024-01-01' }),
      paper('Beta on Widgets', 'widgets', { upvotes: 9, date: '2023-01-01' }),
      paper('Gamma on Widgets', 'widgets', { upvotes: 1, date: '2025-01-01' }),
    ]);
    expect(titles(twins.search('widgets'))).toEqual(['Beta on Widgets', 'Gamma on Widgets', 'Alpha on Widgets']);
  });

  it('snippets mark the matched words', () => {
    const page = search.search('compress cache');
    const hit = page.hits.find((h) => h.paper.title === 'Efficient Key-Value Cache Compression');
    expect(hit).toBeDefined();
    const marked = (hit?.snippet.highlights ?? []).map(([a, b]) => hit?.snippet.text.slice(a, b).toLowerCase());
    expect(marked).toContain('compress');
    expect(marked).toContain('cache');
    expect(marked.every((word) => word === 'compress' || word === 'cache')).toBe(true);
  });

  it('a title-only match shows the start of the abstract', () => {
    const page = search.search('survey everywhere');
    const hit = page.hits[0];
    expect(hit?.paper.title).toBe('Attentions Everywhere: A Survey');
    expect(hit?.snippet.text.startsWith('This survey covers')).toBe(true);
    expect(hit?.snippet.truncatedStart).toBe(false);
  });

  it('typo fallback: an unknown word is read as the nearest indexed word, and the page says so', () => {
    const page = search.search('atention');
    expect(page.query).toBe('atention');
    expect(page.correctedQuery).toBe('attention');
    expect(allIds(search, 'atention', 50)).toEqual(allIds(search, 'attention', 50));
    expect(search.search('transfromers').correctedQuery).toBe('transformers');
    // Known words are left alone, even next to a corrected one; quotes and signs survive.
    expect(search.search('sparse atention').correctedQuery).toBe('sparse attention');
    expect(search.search('"key-value cahce" -vision').correctedQuery).toBe('"key-value cache" -vision');
    expect(search.search('attention').correctedQuery).toBeNull();
    // Nothing close enough: no correction, no results, no suggestions.
    const nothing = search.search('zzzzqqq');
    expect([nothing.correctedQuery, nothing.total, nothing.suggestions]).toEqual([null, 0, []]);
  });

  it('no match even after correcting: suggests indexed words close to the misspelled ones', () => {
    const page = search.search('"atention cache"');
    expect(page.total).toBe(0);
    expect(page.correctedQuery).toBeNull();
    expect(page.suggestions[0]).toBe('attention');
    expect(page.suggestions.length).toBeLessThanOrEqual(3);
    expect(search.search('attention').suggestions).toEqual([]);
  });

  it('an exact phrase nobody wrote gets a notice', () => {
    const page = search.search('"attention cache"');
    expect(page.total).toBe(0);
    expect(page.notice).toBe('No paper has the exact phrase "attention cache"; try it without quotes.');
  });

  it('when finding the phrase nobody wrote would take too long, the notice says the phrases match nothing together', () => {
    // A clock that jumps a second per reading: every time budget is spent at once.
    let now = performance.now();
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => (now += 1000));
    try {
      const page = createPaperSearch(smallCorpus()).search('"attention cache" "cache attention"');
      expect(page.total).toBe(0);
      expect(page.notice).toBe('No paper has all of these exact phrases; try fewer, or without quotes.');
    } finally {
      clock.mockRestore();
    }
  });

  it('an unbounded search (the CLI) applies every ranking layer however slow the machine; a bounded one drops them', async () => {
    const papers = await loadSeedCorpus();
    const ids = (page: SearchPage): Array<[string, number]> => page.hits.map((hit) => [hit.paper.id, hit.score]);
    const full = withFrozenClock(() => ids(createPaperSearch(papers).search('sparse attention', { limit: 10 })));
    const seeds = createPaperSearch(papers);
    // A clock that jumps a second per reading: every layer would end after the budget.
    let now = performance.now();
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => (now += 1000));
    try {
      // Bounded first: a ranking cut short is not cached, a whole one is (and would answer the bounded query).
      expect(ids(seeds.search('sparse attention', { limit: 10 }))).not.toEqual(full);
      expect(ids(seeds.search('sparse attention', { limit: 10, unbounded: true }))).toEqual(full);
    } finally {
      clock.mockRestore();
    }
  });

  it('keeps the first of two papers with one id', () => {
    const a = paper('Same Title', 'first abstract');
    const b = { ...paper('Same Title', 'second abstract') };
    const dup = createPaperSearch([a, b]);
    expect(dup.size).toBe(1);
    expect(dup.get(a.id)?.abstract).toBe('first abstract');
  });

  it('words that are Object.prototype members are ordinary words', () => {
    const odd = createPaperSearch([
      paper('Prototype Pollution', 'constructor hasOwnProperty toString valueOf __proto__ prototype'),
      paper('Something Else', 'unrelated text'),
    ]);
    for (const word of ['constructor', 'hasOwnProperty', 'toString', 'valueOf', '__proto__', 'prototype']) {
      expect(odd.search(word).total, word).toBe(1);
    }
    expect(odd.search('isPrototypeOf').total).toBe(0);
  });

  it('an empty corpus answers every query with nothing', () => {
    const empty = createPaperSearch([]);
    expect(empty.size).toBe(0);
    expect(empty.search('attention').total).toBe(0);
    expect(empty.search('attention').suggestions).toEqual([]);
  });
});

describe('the packed index', () => {
  const papers = smallCorpus();
  const search = createPaperSearch(papers);

  it('serialises and loads back, answering the same', () => {
    const index = packedIndexOf(search);
    expect(index?.refs).toEqual(papers.map((p) => p.id));
    const loaded = createPaperSearch(papers, {}, loadPackedIndex(serializePackedIndex(index ?? fail('no packed index'))));
    for (const query of ['sparse attention', 'key value cache', 'kv', '"in-context learning"', 'atention']) {
      expect(allIds(loaded, query, 50), query).toEqual(allIds(search, query, 50));
    }
    const first = papers[0];
    if (first) expect(loaded.similar(first.id).map((hit) => hit.paper.id)).toEqual(search.similar(first.id).map((hit) => hit.paper.id));
  });
});

describe('a search given a loaded index (analysis on demand)', () => {
  let papers: Awaited<ReturnType<typeof loadSeedCorpus>> = [];
  beforeAll(async () => {
    papers = await loadSeedCorpus();
  });

  it('answers exactly like the search that built the index: pages, scores, snippets, suggestions, notices', () => {
    // The clock standing still: no answer is cut short by the query time budget on a busy machine.
    withFrozenClock(() => sameAnswers());
  });

  function sameAnswers(): void {
    const built = createPaperSearch(papers);
    const loaded = createPaperSearch(papers, {}, loadPackedIndex(serializePackedIndex(packedIndexOf(built) ?? fail('no packed index'))));
    const queries = [
      'sparse attention', 'kv cache', 'speech recognition', '"language model" -vision', '+diffusion video',
      'mixture of experts -"large language"', 'atention', 'zzqxv', '"attention is all"', 'LLM reasoning',
    ];
    for (const query of queries) {
      for (const match of ['any', 'all'] as const) {
        const a = built.search(query, { limit: 10, match });
        const b = loaded.search(query, { limit: 10, match });
        expect(JSON.parse(JSON.stringify(b)), `${query} (${match})`).toEqual(JSON.parse(JSON.stringify(a)));
      }
    }
    for (const p of papers.slice(0, 5)) {
      expect(JSON.parse(JSON.stringify(loaded.similar(p.id)))).toEqual(JSON.parse(JSON.stringify(built.similar(p.id))));
    }
  }
});

describe('editDistance', () => {
  it.each([
    ['atention', 'attention', 1],
    ['attnetion', 'attention', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['same', 'same', 0],
  ])('%s → %s = %i', (a, b, d) => {
    expect(editDistance(a, b, 5)).toBe(d);
  });
  it('gives up past the limit', () => {
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
  });
});

describe('on the seed corpus', () => {
  let search: PaperSearch;
  // Build time and query latency are measured by `npm run bench` (index build, query p50/p99 at 1k to 50k papers).
  beforeAll(async () => {
    search = createPaperSearch(await loadSeedCorpus());
  });

  it("match: 'all' keeps only papers with every word (what digests use)", () => {
    const any = search.search('sparse attention', { limit: 50 });
    const all = search.search('sparse attention', { limit: 50, match: 'all' });
    expect(all.total).toBeGreaterThan(5);
    expect(all.total).toBeLessThan(any.total);
    for (const hit of all.hits) {
      expect(`${hit.paper.title} ${hit.paper.abstract}`.toLowerCase()).toMatch(/spars/);
    }
    expect(all.hits.map((hit) => hit.paper.id)).toEqual(any.hits.slice(0, all.hits.length).map((hit) => hit.paper.id));
  });

  it('"sparce atention" finds what "sparse attention" finds, and says it corrected the query', () => {
    const typo = search.search('sparce atention', { limit: 50 });
    const right = search.search('sparse attention', { limit: 50 });
    expect(typo.correctedQuery).toBe('sparse attention');
    expect(right.correctedQuery).toBeNull();
    expect(typo.total).toBe(right.total);
    expect(typo.hits.map((hit) => hit.paper.id)).toEqual(right.hits.map((hit) => hit.paper.id));
    expect(search.search('speculatve decodng').correctedQuery).toBe('speculative decoding');
  });

  it('snippets are about 220 characters and their highlights land on query words', () => {
    const page = search.search('induction heads', { limit: 5 });
    expect(page.hits.length).toBeGreaterThan(0);
    for (const hit of page.hits) {
      expect(hit.snippet.text.length).toBeLessThanOrEqual(220);
      expect(hit.paper.abstract).toContain(hit.snippet.text);
      for (const [a, b] of hit.snippet.highlights) {
        expect(hit.snippet.text.slice(a, b).toLowerCase()).toMatch(/^(induction|inductive|induct|heads?)$/);
      }
    }
    expect(page.hits[0]?.snippet.highlights.length).toBeGreaterThan(0);
  });
});
