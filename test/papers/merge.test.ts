import { describe, expect, it } from 'vitest';
import { mergePapers } from '../../src/papers/merge.ts';
import { paperIdFor, paperUrl } from '../../src/papers/paper.ts';
import type { ParsedPaper } from '../../src/papers/parse-listing.ts';
import { prng } from './seed-fixtures.ts';

function parsed(overrides: Partial<ParsedPaper> & Pick<ParsedPaper, 'title'>): ParsedPaper {
  return {
    abstract: 'An abstract.',
    authorCount: null,
    date: null,
    dateHasYear: false,
    upvotes: null,
    source: 'page.txt',
    line: 1,
    ...overrides,
  };
}

const HYDRA = 'Hydra: Sequentially-Dependent Draft Heads for Medusa Decoding';

describe('mergePapers', () => {
  it('one record per normalized title, combining what each page said', () => {
    const merged = mergePapers([
      parsed({ title: HYDRA, abstract: 'Short abstract.', date: '2026-02-07', dateHasYear: false, upvotes: 1 }),
      parsed({ title: 'Another Paper', abstract: 'Other.', date: '2024-01-01', dateHasYear: true }),
      parsed({ title: 'HYDRA — sequentially dependent draft heads for Médusa decoding', abstract: 'A much longer abstract.', authorCount: 6, date: '2024-02-07', dateHasYear: true, upvotes: 2 }),
      parsed({ title: 'hydra: sequentially-dependent draft heads for medusa decoding', abstract: 'Mid abstract.', authorCount: 4, date: '2023-02-07', dateHasYear: true }),
    ]);
    expect(merged).toHaveLength(2);
    expect(merged[0]).toEqual({
      id: paperIdFor(HYDRA),
      title: HYDRA,
      abstract: 'A much longer abstract.',
      authors: [],
      authorCount: 6,
      date: '2024-02-07',
      upvotes: 2,
      arxivId: null,
      url: paperUrl(HYDRA, null),
    });
    expect(merged[0]?.url).toMatch(/^https:\/\/arxiv\.org\/search\/\?query=Hydra/);
  });

  it('without any explicit year, keeps the first date; metadata from one page only survives the merge', () => {
    const [paper] = mergePapers([
      parsed({ title: 'A Paper', abstract: 'From the compact page, no metadata.' }),
      parsed({ title: 'A Paper', abstract: 'Same.', date: '2026-03-20', dateHasYear: false, authorCount: 11 }),
      parsed({ title: 'A Paper', abstract: 'Same.', date: '2025-03-20', dateHasYear: false }),
    ]);
    expect(paper).toMatchObject({ date: '2026-03-20', authorCount: 11, upvotes: null, abstract: 'From the compact page, no metadata.' });
  });

  it('keeps the first abstract when two are equally long, and distinct titles apart', () => {
    const merged = mergePapers([
      parsed({ title: 'Paper One', abstract: 'First version.' }),
      parsed({ title: 'Paper One', abstract: 'Other version.' }),
      parsed({ title: 'Paper One: Extended', abstract: 'Something else.' }),
    ]);
    expect(merged.map((paper) => [paper.title, paper.abstract])).toEqual([
      ['Paper One', 'First version.'],
      ['Paper One: Extended', 'Something else.'],
    ]);
  });

  it('sorts by date, newest first, undated last, then by title, whatever the input order', () => {
    const input = [
      parsed({ title: 'Bravo', date: '2024-05-01', dateHasYear: true }),
      parsed({ title: 'undated b' }),
      parsed({ title: 'alpha', date: '2024-05-01', dateHasYear: true }),
      parsed({ title: 'Charlie', date: '2025-01-01', dateHasYear: true }),
      parsed({ title: 'Undated A' }),
      parsed({ title: 'Delta', date: '2023-12-31', dateHasYear: true }),
    ];
    const expected = ['Charlie', 'alpha', 'Bravo', 'Delta', 'Undated A', 'undated b'];
    expect(mergePapers(input).map((paper) => paper.title)).toEqual(expected);

    const random = prng(3);
    for (let round = 0; round < 20; round += 1) {
      const shuffled = [...input].sort(() => random() - 0.5);
      expect(mergePapers(shuffled).map((paper) => paper.title)).toEqual(expected);
    }
  });

  it('an empty input gives no papers', () => {
    expect(mergePapers([])).toEqual([]);
  });
});
