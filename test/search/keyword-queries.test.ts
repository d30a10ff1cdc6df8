import { describe, expect, it } from 'vitest';
import { conceptsOf } from '../../src/search/plan/concepts.ts';
import { planQuery } from '../../src/search/plan/query-plan.ts';
import { createPaperSearch, DEFAULT_RANKING } from '../../src/search/paper-index.ts';
import { parseQuery } from '../../src/search/query.ts';
import type { SearchPage } from '../../src/search/types.ts';
import { paper } from './fixtures.ts';

const titles = (page: SearchPage): string[] => page.hits.map((hit) => hit.paper.title);
/** Every short query planned as a topic name: the ranking before bags of keywords were told apart. */
const NAMES_ONLY = { longQuery: { ...DEFAULT_RANKING.longQuery, minPieces: Number.POSITIVE_INFINITY } };

/**
 * Three rare words of a claim. The first paper has one of them in its title, the second the other two in its
 * abstract; no paper has all three, and whether any paper writes them side by side is what the tests vary.
 */
function corpus(extra: string): ReturnType<typeof paper>[] {
  return [
    paper('Bariatric Surgery Outcomes', 'We follow patients for five years after the operation and report weight loss.'),
    paper('Bone Health Study', 'Women who were postmenopausal had a higher fracture rate in this cohort.'),
    paper('Sleep and Memory', 'Sleep consolidates memory in adults.'),
    paper('Cohort Methods', extra),
  ];
}

describe('the plan of a short query depends on how many pieces its words fall into', () => {
  const plan = (text: string, pieces: number) => {
    const query = parseQuery(text);
    if (query.status !== 'ok') throw new Error(`unparsable: ${text}`);
    return planQuery(query, conceptsOf(query, null), DEFAULT_RANKING, pieces);
  };

  it('three pieces are a bag of keywords, planned as a sentence; two are a name and a modifier', () => {
    const bag = plan('environmental influence breast', 3);
    expect(bag.keywords).toBe(true);
    expect(bag.long).toBe(true);
    expect(bag.titleScale).toBeCloseTo(DEFAULT_RANKING.longQuery.titleWeight / DEFAULT_RANKING.bm25.titleWeight);
    const name = plan('brain decoding from fMRI', 2);
    expect(name.keywords).toBe(false);
    expect(name.titleScale).toBe(1);
    expect(name.proximityBonus).toBe(DEFAULT_RANKING.proximityBonus);
  });
});

describe('a short query of keywords no paper writes side by side', () => {
  const query = 'bariatric postmenopausal fracture';

  it('is planned as a sentence: the abstract with two of its words beats the title with one', () => {
    const papers = corpus('Cohorts are followed for years.');
    expect(titles(createPaperSearch(papers).search(query))[0]).toBe('Bone Health Study');
    // What it changes: read as a topic name, the title word weighs three abstract words and comes first.
    expect(titles(createPaperSearch(papers, NAMES_ONLY).search(query))[0]).toBe('Bariatric Surgery Outcomes');
  });

  it('is a topic name when papers write its words next to each other, and keeps the title weight', () => {
    // "bariatric postmenopausal" and "postmenopausal fracture" now both occur as pairs: one piece, a name.
    const papers = corpus('Bariatric postmenopausal patients are studied; postmenopausal fracture risk is reported.');
    const ranked = titles(createPaperSearch(papers).search(query));
    expect(ranked[0]).toBe('Cohort Methods');
    expect(ranked.indexOf('Bariatric Surgery Outcomes')).toBeLessThan(ranked.indexOf('Bone Health Study'));
    expect(ranked).toEqual(titles(createPaperSearch(papers, NAMES_ONLY).search(query)));
  });

  it('two words are never a bag: a name and its modifier ("efficient ViT") keep the short plan', () => {
    const papers = corpus('Cohorts are followed for years.');
    expect(titles(createPaperSearch(papers).search('bariatric postmenopausal'))).toEqual(
      titles(createPaperSearch(papers, NAMES_ONLY).search('bariatric postmenopausal')),
    );
  });

  it('a digest (match all) still gets exactly the top of the ranking', () => {
    const papers = [
      ...corpus('Cohorts are followed for years.'),
      paper('Fracture After Surgery', 'After bariatric surgery, postmenopausal women had more hip fractures.'),
      paper('Fracture Registries', 'A registry of every fracture in women; the bariatric records were linked, and most women were postmenopausal.'),
    ];
    const search = createPaperSearch(papers);
    const all = titles(search.search(query, { match: 'all', limit: 10 }));
    expect(all).toHaveLength(2);
    expect(titles(search.search(query, { limit: 10 })).slice(0, all.length)).toEqual(all);
  });
});
