import { describe, expect, it } from 'vitest';
import { createPaperSearch, DEFAULT_RANKING } from '../../src/search/paper-index.ts';
import type { SearchPage } from '../../src/search/types.ts';
import { paper } from './fixtures.ts';

const titles = (page: SearchPage): string[] => page.hits.map((hit) => hit.paper.title);
/** Bags of keywords scored by lunr's two fields alone: the ranking before the one-field re-score. */
const LUNR_ONLY = { longQuery: { ...DEFAULT_RANKING.longQuery, bagOneField: 0 } };
const query = 'bariatric postmenopausal fracture';

/**
 * Two papers holding the three words, none written side by side (a bag). The first names "bariatric" in its title
 * and once in its abstract; the second says the rarest word, "fracture", three times in a longer abstract.
 */
function corpus(): ReturnType<typeof paper>[] {
  return [
    paper('Bariatric Care', 'In bariatric clinics the women were postmenopausal and one fracture was seen.'),
    paper(
      'Bone Registry Report',
      'A fracture registry of women: each fracture was coded, every hip fracture reviewed, and women who were postmenopausal after bariatric operations were linked.',
    ),
    ...['Bariatric Outcomes', 'Bariatric Costs', 'Bariatric Diets', 'Postmenopausal Sleep', 'Postmenopausal Diets'].map((title) =>
      paper(title, 'Patients are followed for years in this cohort study of weight and sleep.'),
    ),
  ];
}

describe('a bag of keywords is ranked as one text, the way plain BM25 ranks it', () => {
  it('the abstract that keeps coming back to the rarest word beats the title word counted in two fields', () => {
    const papers = corpus();
    expect(titles(createPaperSearch(papers).search(query, { limit: 2 }))).toEqual(['Bone Registry Report', 'Bariatric Care']);
    // What it changes: lunr sums each field's BM25, so the word in both title and abstract wins.
    expect(titles(createPaperSearch(papers, LUNR_ONLY).search(query, { limit: 2 }))).toEqual(['Bariatric Care', 'Bone Registry Report']);
  });

  it('papers with every word still come first, and a digest (match all) gets exactly the top of the ranking', () => {
    const search = createPaperSearch(corpus());
    const all = titles(search.search(query, { match: 'all', limit: 10 }));
    expect(all).toHaveLength(2);
    expect(titles(search.search(query, { limit: 10 })).slice(0, 2)).toEqual(all);
  });

  it('a topic name is not re-scored: two words keep the short plan whatever the share', () => {
    const papers = corpus();
    const name = 'postmenopausal fracture';
    expect(titles(createPaperSearch(papers).search(name, { limit: 10 }))).toEqual(titles(createPaperSearch(papers, LUNR_ONLY).search(name, { limit: 10 })));
  });
});
