import { describe, expect, it } from 'vitest';
import { createPaperSearch, extendPaperSearch } from '../../src/search/paper-index.ts';
import { parseQuery, type ParsedQuery } from '../../src/search/query.ts';
import type { SearchPage } from '../../src/search/types.ts';
import { paper } from './fixtures.ts';

const REPO = 'https://github.com/example/repo';

/** A hand-made corpus: who wrote what, when, with what code and upvotes is known for each paper. */
const papers = [
  paper('Sparse Attention Kernels', 'Sparse attention kernels on GPUs.', { authors: ['Tri Dao', 'Albert Gu'], date: '2025-07-01', upvotes: 40, githubRepo: REPO }),
  paper('Sparse Attention Survey', 'A survey of sparse attention for vision.', { authors: ['Samy Bengio'], date: '2025-05-10', upvotes: 12 }),
  paper('Fast Exact Kernels', 'Fast exact attention with IO awareness.', { authors: ['Jay Shah', 'Tri Dao'], date: '2024-07-11', upvotes: 25, githubRepo: REPO }),
  paper('Selective State Spaces', 'Selective state space models for sequences.', { authors: ['Albert Gu', 'Tri Dao'], date: '2023-12-01', upvotes: 80, githubRepo: REPO }),
  paper('Deep Learning Review', 'A review of deep learning.', { authors: ['Yoshua Bengio'], date: '2025-06-15', upvotes: 20, githubRepo: '  ' }),
  paper('Undated Attention Notes', 'Notes on attention.', { authors: ['José Hernández'], date: null, upvotes: null }),
  paper('Sparse Attention Recipes', 'Sparse attention recipes, with a blank repository field.', { authors: ['<!channel>', 'Dao, Tri'], date: '2025-06-01', upvotes: 5, githubRepo: null }),
  paper('Listing Without Authors', 'Sparse attention from a seed page that only gives an author count.', { authors: [], authorCount: 3, date: '2025-08-01', upvotes: 30 }),
];
const search = createPaperSearch(papers);
const titles = (page: SearchPage): string[] => page.hits.map((hit) => hit.paper.title);
const find = (query: string): string[] => titles(search.search(query, { limit: 50 }));

describe('the filter grammar', () => {
  const summary = (parsed: ParsedQuery): string =>
    parsed.filters.map((filter) => `${filter.negated ? '-' : ''}${JSON.stringify(filter.rule)}`).join(' ');

  // [input, status, filters (rule JSON, '-' when negated), words searched, a notice containing this (or null)]
  it.each<[string, string, string, string[], string | null]>([
    ['author:"Tri Dao"', 'ok', '{"kind":"author","words":["tri","dao"]}', [], null],
    ['author:Dao', 'ok', '{"kind":"author","words":["dao"]}', [], null],
    ['AUTHOR:dao', 'ok', '{"kind":"author","words":["dao"]}', [], null],
    ['author:\u201cTri Dao\u201d', 'ok', '{"kind":"author","words":["tri","dao"]}', [], null],
    ['author:"Tri Dao', 'ok', '{"kind":"author","words":["tri","dao"]}', [], null],
    ['author:"<!channel>"', 'ok', '{"kind":"author","words":["channel"]}', [], null],
    ['has:code', 'ok', '{"kind":"has-code"}', [], null],
    ['has:CODE', 'ok', '{"kind":"has-code"}', [], null],
    ['since:2025-06', 'ok', '{"kind":"since","day":20250601}', [], null],
    ['since:2025-06-15', 'ok', '{"kind":"since","day":20250615}', [], null],
    ['since:2024-02-29', 'ok', '{"kind":"since","day":20240229}', [], null],
    ['upvotes:>20', 'ok', '{"kind":"upvotes","op":">","value":20}', [], null],
    ['upvotes:>=20', 'ok', '{"kind":"upvotes","op":">=","value":20}', [], null],
    ['upvotes:<5', 'ok', '{"kind":"upvotes","op":"<","value":5}', [], null],
    ['upvotes:<=5', 'ok', '{"kind":"upvotes","op":"<=","value":5}', [], null],
    ['upvotes:20', 'ok', '{"kind":"upvotes","op":">=","value":20}', [], null],
    ['upvotes:\u226520', 'ok', '{"kind":"upvotes","op":">=","value":20}', [], null],
    ['sparse attention has:code', 'ok', '{"kind":"has-code"}', ['sparse', 'attention'], null],
    ['"sparse attention" author:Dao -vision', 'ok', '{"kind":"author","words":["dao"]}', ['sparse', 'attention'], null],
    ['attention -has:code', 'ok', '-{"kind":"has-code"}', ['attention'], null],
    ['author:Dao -since:2025-01', 'ok', '{"kind":"author","words":["dao"]} -{"kind":"since","day":20250101}', [], null],
    // A filter-looking thing inside a phrase is words of the phrase.
    ['"papers by author:Dao"', 'ok', '', ['papers', 'author', 'dao'], null],
    // Not filters: other keys, a key glued to other text.
    ['foo:bar', 'ok', '', ['foo', 'bar'], null],
    ['title:attention', 'ok', '', ['title', 'attention'], null],
    ['coauthor:dao', 'ok', '', ['coauthor', 'dao'], null],
    // Exclusions only.
    ['-has:code', 'exclusions-only', '-{"kind":"has-code"}', [], '-has:code'],
    ['-author:Dao -attention', 'exclusions-only', '-{"kind":"author","words":["dao"]}', [], 'Only exclusions'],
    // Values that cannot be read: a notice, nothing searched.
    ['author:', 'bad-filter', '', [], 'has no name in it'],
    ['author:""', 'bad-filter', '', [], 'has no name in it'],
    ['author:...', 'bad-filter', '', [], 'has no name in it'],
    ['has:', 'bad-filter', '', [], '`has:code` finds papers with a code repository'],
    ['has:nothing', 'bad-filter', '', [], '`has:nothing` is not a filter I know'],
    ['since:yesterday', 'bad-filter', '', [], '`since:yesterday` is not a date'],
    ['since:9999-99', 'bad-filter', '', [], 'is not a date'],
    ['since:2025-02-30', 'bad-filter', '', [], 'is not a date'],
    ['since:2025-6', 'bad-filter', '', [], 'since:2025-06'],
    ['upvotes:>>>', 'bad-filter', '', [], 'is not a number of upvotes'],
    ['upvotes:>abc', 'bad-filter', '', [], 'is not a number of upvotes'],
    ['upvotes:-5', 'bad-filter', '', [], 'is not a number of upvotes'],
    ['sparse attention since:yesterday', 'bad-filter', '', ['sparse', 'attention'], 'is not a date'],
    // Quoted back as typed; the views escape `<` and `>` (test/digests/filter-topics.test.ts).
    ['since:<!channel>', 'bad-filter', '', [], '`since:<!channel>` is not a date'],
    ['upvotes:>abc', 'bad-filter', '', [], '`upvotes:>abc` is not a number of upvotes'],
  ])('%j → %s', (input, status, filters, searchedWords, notice) => {
    const parsed = parseQuery(input);
    expect(parsed.status).toBe(status);
    expect(summary(parsed)).toBe(filters);
    expect(parsed.terms.map((term) => term.word)).toEqual(searchedWords);
    if (notice === null) expect(parsed.notice).toBeNull();
    else expect(parsed.notice).toContain(notice);
  });

  it('quotes a long bad value back short, never with a backtick that would end its code span', () => {
    const parsed = parseQuery(`since:${'<!here>`'.repeat(60)}`);
    expect(parsed.status).toBe('bad-filter');
    expect(parsed.notice?.match(/`/g)).toHaveLength(6);
    expect(parsed.notice?.length).toBeLessThan(200);
  });

  it('reads a very long author value without trouble (the query is cut at 512 characters)', () => {
    const parsed = parseQuery(`author:"${'Tri '.repeat(300)}Dao"`);
    expect(parsed.status).toBe('ok');
    expect(parsed.filters).toHaveLength(1);
  });
});

describe('searching with filters on a small corpus', () => {
  it('author: finds the papers of that author however the name is written, newest first', () => {
    const byDao = ['Sparse Attention Kernels', 'Sparse Attention Recipes', 'Fast Exact Kernels', 'Selective State Spaces'];
    expect(find('author:"Tri Dao"')).toEqual(byDao);
    expect(find('author:"tri   dao"')).toEqual(byDao);
    expect(find('author:"Dao, Tri"')).toEqual(byDao);
    expect(find('author:Dao')).toEqual(byDao);
    expect(find('author:Bengio')).toEqual(['Deep Learning Review', 'Sparse Attention Survey']);
    expect(find('author:"Yoshua Bengio"')).toEqual(['Deep Learning Review']);
    expect(find('author:"jose hernandez"')).toEqual(['Undated Attention Notes']);
    expect(find('author:"Tri"')).toEqual([]);
    expect(find('author:Dao author:Gu')).toEqual(['Sparse Attention Kernels', 'Selective State Spaces']);
  });

  it('has:code keeps papers with a code repository (a blank one is none)', () => {
    expect(find('has:code')).toEqual(['Sparse Attention Kernels', 'Fast Exact Kernels', 'Selective State Spaces']);
  });

  it('since: keeps papers dated on or after the day (a month is its first day); undated papers never pass', () => {
    expect(find('since:2025-06')).toEqual(['Listing Without Authors', 'Sparse Attention Kernels', 'Deep Learning Review', 'Sparse Attention Recipes']);
    expect(find('since:2025-06-15')).toEqual(['Listing Without Authors', 'Sparse Attention Kernels', 'Deep Learning Review']);
    expect(find('since:2030-01')).toEqual([]);
  });

  it('upvotes: compares, a plain number meaning that many or more; papers without upvotes never pass', () => {
    const more = (query: string): string[] => [...find(query)].sort();
    expect(more('upvotes:>20')).toEqual(['Fast Exact Kernels', 'Listing Without Authors', 'Selective State Spaces', 'Sparse Attention Kernels']);
    expect(more('upvotes:>=20')).toEqual(['Deep Learning Review', 'Fast Exact Kernels', 'Listing Without Authors', 'Selective State Spaces', 'Sparse Attention Kernels']);
    expect(more('upvotes:20')).toEqual(more('upvotes:>=20'));
    expect(more('upvotes:<12')).toEqual(['Sparse Attention Recipes']);
    expect(more('upvotes:<=12')).toEqual(['Sparse Attention Recipes', 'Sparse Attention Survey']);
  });

  it('a turned-round since: or upvotes: is the opposite comparison: a paper without a date or an upvote count passes neither', () => {
    // Before, `attention -since:2025-06` listed the undated notes as "from before June 2025".
    expect(find('attention -since:2025-06').sort()).toEqual(['Fast Exact Kernels', 'Sparse Attention Survey']);
    expect(find('attention -upvotes:>20').sort()).toEqual([...find('attention upvotes:<=20')].sort());
    expect(find('attention -upvotes:>20')).not.toContain('Undated Attention Notes');
    expect(find('attention -has:code')).toContain('Undated Attention Notes');
  });

  it('combines with words, phrases and -word, narrowing the word search', () => {
    expect(find('sparse attention').length).toBe(6);
    // `/paper` ranks papers with every word first, then those with some (AND before OR); a digest wants all.
    expect(find('sparse attention has:code')).toEqual(['Sparse Attention Kernels', 'Fast Exact Kernels']);
    expect(titles(search.search('sparse attention has:code', { match: 'all' }))).toEqual(['Sparse Attention Kernels']);
    expect(find('"sparse attention" author:Dao')).toEqual(['Sparse Attention Kernels', 'Sparse Attention Recipes']);
    expect(find('attention -has:code').sort()).toEqual(['Listing Without Authors', 'Sparse Attention Recipes', 'Sparse Attention Survey', 'Undated Attention Notes']);
    expect(find('author:Dao -sparse')).toEqual(['Fast Exact Kernels', 'Selective State Spaces']);
    expect(find('author:Dao -has:code')).toEqual(['Sparse Attention Recipes']);
    expect(find('author:Dao -since:2025-01')).toEqual(['Fast Exact Kernels', 'Selective State Spaces']);
    expect(find('sparse attention upvotes:>10 since:2025-06').sort()).toEqual(['Listing Without Authors', 'Sparse Attention Kernels']);
    expect(search.search('sparse attention has:code').total).toBe(2);
  });

  it('pages a filter-only list like any other', () => {
    const all = find('author:Dao');
    const second = search.search('author:Dao', { offset: 2, limit: 2 });
    expect(second.total).toBe(4);
    expect(titles(second)).toEqual(all.slice(2, 4));
    expect(second.hits[0]?.snippet.text).toContain('attention');
  });

  it('answers a filter it cannot read with the notice and no papers, even next to words', () => {
    for (const query of ['since:yesterday', 'sparse attention upvotes:>abc', 'has:nothing', 'author:']) {
      const page = search.search(query);
      expect(page.total, query).toBe(0);
      expect(page.hits).toEqual([]);
      expect(page.notice, query).toMatch(/filter|date|number|name/);
    }
  });

  it('never lists everything for exclusions only', () => {
    const page = search.search('-has:code');
    expect(page.total).toBe(0);
    expect(page.notice).toContain('Only exclusions');
  });

  it('reads an unknown key as words (never an error, never the whole corpus)', () => {
    expect(find('foo:attention').length).toBeLessThan(papers.length);
    expect(search.search('foo:bar').total).toBe(0);
  });

  it('corrects a typo among the words but leaves the filter as typed', () => {
    const page = search.search('sparce author:Dao');
    expect(page.correctedQuery).toBe('sparse author:Dao');
    expect(titles(page)).toEqual(['Sparse Attention Kernels', 'Sparse Attention Recipes']);
  });

  it('filters the papers a search extended with recent ones serves (a replaced version is the served one)', () => {
    const changed = paper('Sparse Attention Recipes', 'Sparse attention recipes, now with code.', { authors: ['Dao, Tri'], date: '2025-06-01', upvotes: 50, githubRepo: REPO });
    const added = paper('Newest Dao Paper', 'Hardware-aware sparse attention.', { authors: ['Tri Dao'], date: '2025-09-01', upvotes: 1, githubRepo: REPO });
    const extended = extendPaperSearch(search, [changed, added]);
    expect(titles(extended.search('author:Dao has:code', { limit: 50 }))).toEqual([
      'Newest Dao Paper',
      'Sparse Attention Kernels',
      'Sparse Attention Recipes',
      'Fast Exact Kernels',
      'Selective State Spaces',
    ]);
    expect(extended.search('author:Dao has:code').total).toBe(5);
  });
});

describe('when filters find nothing', () => {
  it('says the filters left nothing (and what author: can see)', () => {
    const page = search.search('author:"Nobody Known" has:code');
    expect(page.total).toBe(0);
    expect(page.notice).toContain('No paper passes those filters');
    expect(page.notice).toContain('`author:` knows only papers whose source names their authors');
    expect(search.search('sparse attention').notice).toBeNull();
  });

  it('speaks of author: only when the query has one, and names a single filter as typed', () => {
    for (const query of ['has:code upvotes:>1000', '-has:code upvotes:>100']) {
      const page = search.search(query);
      expect(page.total, query).toBe(0);
      expect(page.notice, query).not.toContain('author:');
    }
    expect(search.search('-has:code upvotes:>100').notice).toBe('No paper passes those filters; try fewer filters.');
    // One filter: "try fewer filters" was advice nobody could follow.
    expect(search.search('sparse attention since:2030-01').notice).toBe('No paper passes `since:2030-01`; try without it.');
    expect(search.search('author:Nobody').notice).toBe(
      'No paper passes `author:Nobody`. `author:` knows only papers whose source names their authors; try another spelling, or leave it out.',
    );
  });

  it('explains has:code as it explains author: (papers whose source gives no repository never pass)', () => {
    expect(search.search('has:code upvotes:>1000').notice).toBe(
      'No paper passes those filters. `has:code` knows only papers whose source names their code repository; try fewer filters.',
    );
    const unseen = createPaperSearch(papers.map((p) => ({ ...p, githubRepo: null })));
    expect(unseen.search('sparse attention has:code').notice).toBe(
      'No paper passes `has:code`. `has:code` knows only papers whose source names their code repository; try without it.',
    );
  });

  it('words no paper has are not blamed on the filters', () => {
    const page = search.search('xyzzyqwerty has:code');
    expect(page.total).toBe(0);
    expect(page.notice ?? '').not.toContain('passes');
  });
});
