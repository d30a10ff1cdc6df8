import { beforeAll, describe, expect, it } from 'vitest';
import { createPaperSearch } from '../../src/search/paper-index.ts';
import type { PaperSearch, SearchPage } from '../../src/search/types.ts';
import { loadSeedCorpus, paper, smallCorpus } from './fixtures.ts';

const titles = (page: SearchPage): string[] => page.hits.map((hit) => hit.paper.title);

/** A corpus where each paper writes a concept only one way, so expansions are visible. */
function acronymCorpus(): ReturnType<typeof smallCorpus> {
  return [
    paper('Compressing the Key-Value Cache', 'We shrink the key-value cache of decoders by low-rank projection.'),
    paper('KV Cache Eviction', 'Evicting entries of the KV cache keeps memory bounded.'),
    paper('End-to-End ASR on Device', 'An ASR model that runs on phones with low latency.'),
    paper(
      'Automatic Speech Recognition with Transducers',
      'Automatic speech recognition (ASR) systems map audio to text; ours uses transducers.',
    ),
    paper(
      'Frobnicated Widget Transforms',
      'We introduce frobnicated widget transforms (FWT), a new way to compose widgets.',
    ),
    paper('Faster FWT Kernels', 'Our FWT kernels are three times faster on GPUs.'),
    paper('Widget Catalogues', 'A catalogue of widgets and transforms used in industry.'),
  ];
}

describe('acronyms and their expansions, both ways', () => {
  const search = createPaperSearch(acronymCorpus());

  it('"KV cache" also finds the paper that only says "key-value cache", and the other way round', () => {
    expect(new Set(titles(search.search('KV cache', { limit: 10 })))).toEqual(
      new Set(['Compressing the Key-Value Cache', 'KV Cache Eviction']),
    );
    expect(new Set(titles(search.search('key-value cache', { limit: 10 })))).toEqual(
      new Set(['Compressing the Key-Value Cache', 'KV Cache Eviction']),
    );
  });

  it('"speech recognition" also finds the paper that only says "ASR"', () => {
    expect(titles(search.search('speech recognition', { limit: 10 }))).toContain('End-to-End ASR on Device');
    expect(titles(search.search('ASR', { limit: 10 }))).toContain('Automatic Speech Recognition with Transducers');
  });

  it('expansions come from the corpus itself: a made-up acronym defined in one paper works everywhere', () => {
    expect(new Set(titles(search.search('FWT', { limit: 10 })))).toEqual(new Set(['Frobnicated Widget Transforms', 'Faster FWT Kernels']));
    const long = titles(search.search('frobnicated widget transforms', { limit: 10 }));
    expect(long.slice(0, 2).sort()).toEqual(['Faster FWT Kernels', 'Frobnicated Widget Transforms']);
  });

  it('marks the other spelling in the snippet', () => {
    const hit = search.search('KV cache').hits.find((h) => h.paper.title === 'Compressing the Key-Value Cache');
    const marked = (hit?.snippet.highlights ?? []).map(([a, b]) => hit?.snippet.text.slice(a, b).toLowerCase());
    expect(marked).toContain('key-value');
  });

  it("digests (match: 'all') count an expansion as the word", () => {
    const all = titles(search.search('speech recognition', { limit: 10, match: 'all' }));
    expect(all).toContain('End-to-End ASR on Device');
  });
});

describe('ranking behaviours on a small corpus', () => {
  const search = createPaperSearch(smallCorpus());

  it('AND before OR: every paper with all the words comes before any paper with only some', () => {
    const page = search.search('cache transformers', { limit: 50 });
    const complete = page.hits.map((hit) => {
      const text = `${hit.paper.title} ${hit.paper.abstract}`.toLowerCase();
      return ['cache', 'transformer'].every((w) => text.includes(w));
    });
    const firstPartial = complete.indexOf(false);
    expect(firstPartial).toBeGreaterThan(0);
    expect(complete.slice(firstPartial).every((c) => !c)).toBe(true);
  });

  it('words next to each other beat the same words apart', () => {
    const page = search.search('value cache', { limit: 50 });
    const adjacent = titles(page).indexOf('Efficient Key-Value Cache Compression');
    const apart = titles(page).indexOf('Cache Eviction Policies for Language Models');
    expect(adjacent).toBeGreaterThanOrEqual(0);
    expect(apart).toBeGreaterThan(adjacent);
  });

  it('feedback reorders but never adds papers: every result contains a typed word', () => {
    const page = search.search('transformers', { limit: 50 });
    for (const hit of page.hits) expect(`${hit.paper.title} ${hit.paper.abstract}`.toLowerCase()).toContain('transformer');
  });

  it('phrases and exclusions still hold with expansions and feedback on', () => {
    expect(titles(search.search('"in-context learning"'))).toEqual(['Induction Heads and In-Context Learning']);
    const page = search.search('cache -vision', { limit: 50 });
    expect(page.total).toBeGreaterThan(0);
    for (const hit of page.hits) expect(`${hit.paper.title} ${hit.paper.abstract}`.toLowerCase()).not.toContain('vision');
  });
});

describe('similar(id): more like this', () => {
  let search: PaperSearch;
  beforeAll(async () => {
    search = createPaperSearch(await loadSeedCorpus());
  });

  it('finds the topical twins, never the paper itself', () => {
    const hydra = search.search('Hydra draft heads Medusa').hits[0]?.paper;
    expect(hydra?.title).toMatch(/^Hydra/);
    const similar = search.similar(hydra?.id ?? '', 5);
    expect(similar).toHaveLength(5);
    expect(similar.map((hit) => hit.paper.id)).not.toContain(hydra?.id);
    // The corpus' two other speculative-decoding papers.
    expect(similar.slice(0, 2).map((hit) => hit.paper.title.split(':')[0]).sort()).toEqual(['Chimera', 'Clover']);
    expect(similar.every((hit, i) => i === 0 || (similar[i - 1]?.score ?? 0) >= hit.score)).toBe(true);
  });

  it('marks the shared distinctive words in each snippet', () => {
    const wenet = search.search('WeNet').hits[0]?.paper;
    const similar = search.similar(wenet?.id ?? '', 3);
    expect(similar.length).toBe(3);
    expect(similar.some((hit) => hit.snippet.highlights.length > 0)).toBe(true);
  });

  it('respects the limit, and knows no unknown id', () => {
    const any = search.search('attention').hits[0]?.paper.id ?? '';
    expect(search.similar(any, 2)).toHaveLength(2);
    expect(search.similar(any)).toHaveLength(5);
    expect(search.similar(any, 500).length).toBeLessThanOrEqual(50);
    expect(search.similar('no-such-paper')).toEqual([]);
  });

  it('a one-paper corpus has nothing similar', () => {
    const single = createPaperSearch([paper('Alone', 'Only paper here.')]);
    expect(single.similar(single.search('alone').hits[0]?.paper.id ?? '')).toEqual([]);
  });
});
