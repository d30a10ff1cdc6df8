import { beforeAll, describe, expect, it } from 'vitest';
import { confidentEditsFor } from '../../src/search/plan/correct.ts';
import { createPaperSearch } from '../../src/search/paper-index.ts';
import type { PaperSearch } from '../../src/search/types.ts';
import { loadSeedCorpus, paper } from './fixtures.ts';

describe('corrections next to words that match (issue 13 #4)', () => {
  let search: PaperSearch;
  beforeAll(async () => {
    search = createPaperSearch(await loadSeedCorpus());
  });

  it('"list of things" shows results for "list" and names the word that found nothing, no far-fetched "brings"', () => {
    const page = search.search('list of things');
    expect(page.correctedQuery).toBeNull();
    expect(page.total).toBeGreaterThan(0);
    expect(page.total).toBe(search.search('list').total);
    expect(page.hits.map((hit) => hit.paper.id)).toEqual(search.search('list').hits.map((hit) => hit.paper.id));
    expect(page.notice).toBe('No paper has the word "things"; showing results for the other words.');
  });

  it('typos that worked still do, next to known words and alone', () => {
    expect(search.search('sparce atention').correctedQuery).toBe('sparse attention');
    expect(search.search('sparse atention').correctedQuery).toBe('sparse attention');
    expect(search.search('speculatve decodng').correctedQuery).toBe('speculative decoding');
    expect(search.search('linear atention').correctedQuery).toBe('linear attention');
    expect(search.search('linear atention').notice).toBe('Showing results for "attention" instead of "atention".');
  });

  it('the edit allowed next to matching words grows with the word: none to 4 letters, 1 from 5, 2 from 9', () => {
    expect([3, 4, 5, 8, 9, 12].map((n) => confidentEditsFor('x'.repeat(n)))).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it('next to matching words, a word only one paper uses is not a correction', () => {
    const corpus = [
      paper('Widget Catalogues', 'A catalogue of widgets.'),
      paper('Widget Pricing', 'Pricing widgets for markets.'),
      paper('Zorbulation', 'A study of zorbulation.'),
    ];
    const small = createPaperSearch(corpus);
    // "zorbulatiom" is one edit from "zorbulation", which one paper uses: alone it is read as that word …
    expect(small.search('zorbulatiom').correctedQuery).toBe('zorbulation');
    // … but next to "widget", which finds papers, it stays unknown and the page says so.
    const page = small.search('widget zorbulatiom');
    expect(page.correctedQuery).toBeNull();
    expect(page.hits.map((hit) => hit.paper.title).sort()).toEqual(['Widget Catalogues', 'Widget Pricing']);
    expect(page.notice).toContain('"zorbulatiom"');
  });
});
