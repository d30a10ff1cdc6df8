import { describe, expect, it } from 'vitest';
import { syntheticPages } from '../../scripts/bench/synthetic-corpus.ts';
import { loadSeedPapers } from '../../src/papers/load-seeds.ts';
import { mergePapers } from '../../src/papers/merge.ts';
import { parseListing } from '../../src/papers/parse-listing.ts';
import { createPaperSearch } from '../../src/search/paper-index.ts';
import type { SearchPage } from '../../src/search/types.ts';
import { SEEDS_DIR } from './fixtures.ts';

const plain = (page: SearchPage): unknown => ({ ...page, hits: page.hits.map((hit) => ({ id: hit.paper.id, score: hit.score, snippet: hit.snippet })) });

describe('query cost bounds', () => {
  it('a cached query and a fresh instance answer with identical pages, page after page', async () => {
    const { papers } = await loadSeedPapers(SEEDS_DIR);
    const a = createPaperSearch(papers);
    const b = createPaperSearch(papers);
    for (const query of ['attention', 'speculatve decodng', 'KV cache', '"language model" -vision']) {
      for (const match of ['any', 'all'] as const) {
        for (const offset of [0, 5, 50]) {
          const first = plain(a.search(query, { match, offset, limit: 5 }));
          expect(plain(a.search(query, { match, offset, limit: 5 })), query).toEqual(first);
          expect(plain(b.search(query, { match, offset, limit: 5 })), query).toEqual(first);
        }
      }
    }
  });

  it('hostile queries on a synthetic corpus stay well under a generous bound', async () => {
    const { papers: seeds } = await loadSeedPapers(SEEDS_DIR);
    const papers = mergePapers(syntheticPages(seeds, 2000).flatMap((page, i) => parseListing(page, { source: `s${i}` }).papers));
    const search = createPaperSearch(papers);
    const common = 'model models language learning data training attention large based performance method methods results show task tasks approach framework using propose new across image generation training reasoning vision models inference efficient context';
    const queries = ['*', common, 'attention '.repeat(60), 'atention modle lerning trasnformer infernce', 'KV cache LLM', `"${common}"`];
    search.search('warm up');
    for (const query of queries) {
      const started = performance.now();
      const page = search.search(query);
      expect(performance.now() - started, query.slice(0, 30)).toBeLessThan(500);
      expect(page.hits.length).toBeLessThanOrEqual(5);
    }
  }, 60_000);
});
