import { describe, expect, it } from 'vitest';
import { createPaperSearch, DEFAULT_RANKING } from '../../src/search/paper-index.ts';
import type { SearchPage } from '../../src/search/types.ts';
import { paper } from './fixtures.ts';

const titles = (page: SearchPage): string[] => page.hits.map((hit) => hit.paper.title);

/**
 * Records with a title and no abstract (old catalogues, CACM-like collections): the title is the paper's whole text,
 * so it is also what the abstract field is scored on (bm25.missingAbstract 'title').
 */
describe('a paper without an abstract', () => {
  const filler = Array.from({ length: 12 }, (_, i) =>
    paper(`Storage allocation report ${i}`, `Notes on memory layout and storage management in system ${i} for batch jobs.`),
  );
  const titleOnly = paper('Hash table search', '');
  const mentions = paper(
    'Search trees, tables and hash functions compared',
    'We compare index structures for files on disk, among them a tree, a list and a hash table, and report the cost of a hash table search in each of them.',
  );
  const papers = [...filler, mentions, titleOnly];

  it('that has the query as its title ranks above a longer one that also has the words in its abstract', () => {
    const page = createPaperSearch(papers).search('hash table search', { limit: 5 });
    expect(titles(page).slice(0, 2)).toEqual(['Hash table search', 'Search trees, tables and hash functions compared']);
  });

  it('scored on its title alone (the abstract field left empty), it fell below the longer paper', () => {
    const emptyAbstract = { bm25: { ...DEFAULT_RANKING.bm25, missingAbstract: 'empty' as const } };
    const page = createPaperSearch(papers, emptyAbstract).search('hash table search', { limit: 5 });
    expect(titles(page).slice(0, 2)).toEqual(['Search trees, tables and hash functions compared', 'Hash table search']);
  });

  it('is found by words of its title, and a paper with an abstract is not scored on its title twice', () => {
    const search = createPaperSearch(papers);
    expect(titles(search.search('hash', { limit: 5 }))).toEqual(['Hash table search', 'Search trees, tables and hash functions compared']);
    // "Storage" sits in every filler title only: the title-only rule adds nothing to papers that have an abstract.
    const filled = createPaperSearch(filler);
    const plain = createPaperSearch(filler, { bm25: { ...DEFAULT_RANKING.bm25, missingAbstract: 'empty' } });
    const scores = (search: typeof filled): number[] => search.search('report', { limit: 12 }).hits.map((hit) => hit.score);
    expect(scores(filled)).toEqual(scores(plain));
  });
});
