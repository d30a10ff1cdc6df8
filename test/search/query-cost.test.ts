import { describe, expect, it, vi } from 'vitest';
import { syntheticPages } from '../../scripts/bench/synthetic-corpus.ts';
import { loadSeedPapers } from '../../src/papers/load-seeds.ts';
import { mergePapers } from '../../src/papers/merge.ts';
import { parseListing } from '../../src/papers/parse-listing.ts';
import { createPaperSearch } from '../../src/search/paper-index.ts';
import { MAX_QUERY_TERMS, parseQuery } from '../../src/search/query.ts';
import type { SearchPage } from '../../src/search/types.ts';
import { SEEDS_DIR } from './fixtures.ts';

const plain = (page: SearchPage): unknown => ({ ...page, hits: page.hits.map((hit) => ({ id: hit.paper.id, score: hit.score, snippet: hit.snippet })) });

describe('query cost bounds', () => {
  // Unbounded: on a loaded machine a cold first query could drop a layer at the time budget, which is not what this compares.
  it('a cached query and a fresh instance answer with identical pages, page after page', async () => {
    const { papers } = await loadSeedPapers(SEEDS_DIR);
    const a = createPaperSearch(papers);
    const b = createPaperSearch(papers);
    for (const query of ['attention', 'speculatve decodng', 'KV cache', '"language model" -vision']) {
      for (const match of ['any', 'all'] as const) {
        for (const offset of [0, 5, 50]) {
          const first = plain(a.search(query, { match, offset, limit: 5, unbounded: true }));
          expect(plain(a.search(query, { match, offset, limit: 5, unbounded: true })), query).toEqual(first);
          expect(plain(b.search(query, { match, offset, limit: 5, unbounded: true })), query).toEqual(first);
        }
      }
    }
  });

  // Their speed is measured by `npm run bench:query-cost` (the same hostile queries at 10k and 50k papers).
  it('hostile queries on a synthetic corpus are cut to bounded work, and answer a page even when the time budget runs out', async () => {
    const { papers: seeds } = await loadSeedPapers(SEEDS_DIR);
    const papers = mergePapers(syntheticPages(seeds, 2000).flatMap((page, i) => parseListing(page, { source: `s${i}` }).papers));
    const search = createPaperSearch(papers);
    const common = 'model models language learning data training attention large based performance method methods results show task tasks approach framework using propose new across image generation training reasoning vision models inference efficient context';
    const queries = ['*', common, 'attention '.repeat(60), 'atention modle lerning trasnformer infernce', 'KV cache LLM', `"${common}"`];
    for (const query of queries) {
      const parsed = parseQuery(query);
      for (const part of [parsed.terms, parsed.phrases, parsed.excludedTerms, parsed.excludedPhrases]) {
        expect(part.length, query.slice(0, 30)).toBeLessThanOrEqual(MAX_QUERY_TERMS);
      }
    }
    expect(parseQuery('attention '.repeat(60)).terms).toHaveLength(1);

    // A clock jumping a second per reading: every query's time budget is spent at its first check.
    let now = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => (now += 1000));
    const rushed = queries.map((query) => search.search(query));
    clock.mockRestore();
    const unhurried = vi.spyOn(performance, 'now').mockReturnValue(0);
    const full = queries.map((query) => search.search(query));
    unhurried.mockRestore();
    queries.forEach((query, i) => {
      const page = rushed[i];
      expect(page?.hits.length, query.slice(0, 30)).toBeLessThanOrEqual(5);
      expect(page?.total, query.slice(0, 30)).toBeGreaterThanOrEqual(page?.hits.length ?? 0);
      // Out of time it still finds what the full answer finds (its ranking may skip the costly layers).
      expect((page?.total ?? 0) > 0, query.slice(0, 30)).toBe((full[i]?.total ?? 0) > 0);
      expect(full[i]?.hits.length, query.slice(0, 30)).toBeLessThanOrEqual(5);
    });
  }, 60_000);
});
