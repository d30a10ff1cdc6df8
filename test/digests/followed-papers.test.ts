/**
 * Whose paper is it (issue 18): followed names match the way people write them (src/papers/author-names.ts), and a
 * claimed Hugging Face account wins over the written name.
 */
import { describe, expect, it } from 'vitest';
import { followedPapers, followedShare, followMatches } from '../../src/digests/followed-papers.ts';
import { authorKey } from '../../src/papers/author-names.ts';
import type { Paper } from '../../src/papers/paper.ts';
import type { Follow, PaperAuthorship } from '../../src/store/store.ts';

function paper(id: string, authors: string[], date = '2026-08-18', upvotes = 1): Paper {
  return { id, title: `Paper ${id}`, abstract: 'An abstract.', authors, authorCount: authors.length, date, upvotes, arxivId: null, url: `https://example.org/${id}` };
}

function authorship(id: string, authors: string[], accounts: Array<string | null> = authors.map(() => null), date?: string): PaperAuthorship {
  return { paper: paper(id, authors, date), accounts };
}

let nextId = 1;
function follow(name: string, hfUser: string | null = null): Follow {
  return { id: nextId++, teamId: 'T1', channelId: 'C1', name, nameKey: authorKey(name), hfUser, createdBy: 'U1', createdAt: new Date(0) };
}

describe('a followed name matches authors written the same way', () => {
  // [followed as typed, author as written on the paper, matches?]
  const TABLE: Array<[string, string, boolean]> = [
    ['Tri Dao', 'Tri Dao', true],
    ['tri dao', 'TRI  DAO', true],
    ['Tri Dao', 'Dao, Tri', true],
    ['Christopher Manning', 'Christopher D. Manning', true],
    ['Christopher D. Manning', 'Christopher Manning', true],
    ['Jose Nunez', 'José Núñez', true],
    ['Łukasz Kaiser', 'Lukasz Kaiser', true],
    ['Nuno Vasconcelos', 'Nuno  Vasconcelos', true],
    ['Tri Dao', 'T. Dao', false],
    ['T. Dao', 'Tri Dao', false],
    ['Tri Dao', 'Tri Daoo', false],
    ['Jean-Pierre Dupont', 'Jean Dupont', false],
    ['Dao', 'Tri Dao', false],
  ];
  it.each(TABLE)('follow %j, author %j → %s', (followed, written, expected) => {
    expect(followMatches(follow(followed), authorship('p', ['Someone Else', written]))).toBe(expected);
  });
});

describe('a claimed Hugging Face account wins over the written name', () => {
  const byAccount = follow('Yixun Liang', 'lyxun');

  it('an account follow matches the papers the account claimed under any spelling', () => {
    expect(followMatches(byAccount, authorship('p1', ['Y. Liang', 'Ann Other'], ['LYXUN', null]))).toBe(true);
    expect(followMatches(byAccount, authorship('p2', ['Liang Yi-Xun'], ['lyxun']))).toBe(true);
  });

  it('and the unclaimed authorships written like its name (most authors never claim their papers)', () => {
    expect(followMatches(byAccount, authorship('p3', ['Yixun Liang'], [null]))).toBe(true);
    expect(followMatches(byAccount, authorship('p4', ['Y. Liang'], [null]))).toBe(false);
  });

  it('but not a namesake whose authorship another account claimed', () => {
    expect(followMatches(byAccount, authorship('p5', ['Yixun Liang'], ['someone-else']))).toBe(false);
  });

  it('a name follow (no account, or several accounts share the name) matches every author written that way', () => {
    const byName = follow('Yixun Liang');
    expect(followMatches(byName, authorship('p6', ['Yixun Liang'], ['someone-else']))).toBe(true);
    expect(followMatches(byName, authorship('p7', ['Y. Liang'], ['lyxun']))).toBe(false);
  });
});

describe('the follow section of a digest', () => {
  const follows = [follow('Tri Dao'), follow('Albert Gu', 'albertgu')];
  const authorships = [
    authorship('old', ['Tri Dao'], [null], '2026-08-12'),
    authorship('new', ['Albert Gu', 'Tri Dao'], ['albertgu', null], '2026-08-18'),
    authorship('mid', ['A. Gu'], ['albertgu'], '2026-08-15'),
    authorship('stranger', ['Albert Gu'], ['not-albert'], '2026-08-18'),
    authorship('other', ['Ann Other'], [null], '2026-08-18'),
  ];

  it('newest first, each paper once with whom it matched, never one the channel got, at most the limit', () => {
    const found = followedPapers(follows, authorships, new Set(['mid']), 10);
    expect(found.map((f) => [f.hit.paper.id, f.by.map((b) => b.name)])).toEqual([
      ['new', ['Tri Dao', 'Albert Gu']],
      ['old', ['Tri Dao']],
    ]);
    expect(followedPapers(follows, authorships, new Set(), 1).map((f) => f.hit.paper.id)).toEqual(['new']);
    expect(followedPapers([], authorships, new Set(), 10)).toEqual([]);
  });

  it('takes at most half of the digest (rounded down): a 1-paper digest\'s paper is the topic\'s', () => {
    expect([1, 2, 3, 5, 10].map(followedShare)).toEqual([0, 1, 1, 2, 5]);
  });
});
