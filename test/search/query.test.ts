import lunr from 'lunr';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createPaperSearch } from '../../src/search/paper-index.ts';
import {
  MAX_QUERY_CHARS,
  MAX_QUERY_TERMS,
  NOTICES,
  containsSequence,
  parseQuery,
  stem,
  tokenize,
  words,
} from '../../src/search/query.ts';
import type { PaperSearch } from '../../src/search/types.ts';
import { loadSeedCorpus } from './fixtures.ts';

describe('parseQuery', () => {
  it('splits plain words, drops stop words, stems, dedupes', () => {
    const parsed = parseQuery('  The attention of attentions in Transformers  ');
    expect(parsed.status).toBe('ok');
    expect(parsed.text).toBe('The attention of attentions in Transformers');
    expect(parsed.terms.map((t) => t.stem)).toEqual([stem('attention'), stem('transformers')]);
    expect(parsed.terms.every((t) => !t.required)).toBe(true);
    expect(parsed.notice).toBeNull();
  });

  it('reads quoted phrases (straight and curly), exclusions and +required', () => {
    const parsed = parseQuery('"key-value cache" -vision +sparse \u201cmixture of experts\u201d -"video frames"');
    expect(parsed.phrases.map((p) => p.words)).toEqual([
      ['key', 'value', 'cache'],
      ['mixture', 'of', 'experts'],
    ]);
    expect(parsed.excludedTerms.map((t) => t.word)).toEqual(['vision']);
    expect(parsed.excludedPhrases.map((p) => p.words)).toEqual([['video', 'frames']]);
    const required = parsed.terms.filter((t) => t.required).map((t) => t.word);
    expect(required).toEqual(['key', 'value', 'cache', 'sparse', 'mixture', 'experts']);
  });

  it('treats lunr syntax as punctuation between words', () => {
    expect(parseQuery('title:foo').terms.map((t) => t.word)).toEqual(['title', 'foo']);
    expect(parseQuery('foo:bar').terms.map((t) => t.word)).toEqual(['foo', 'bar']);
    expect(parseQuery('x^10').terms.map((t) => t.word)).toEqual(['x', '10']);
    expect(parseQuery('attention*').terms.map((t) => t.word)).toEqual(['attention']);
    expect(parseQuery('a~2').terms.map((t) => t.word)).toEqual(['2']);
  });

  it.each([
    ['', 'empty', NOTICES.empty],
    ['   ', 'empty', NOTICES.empty],
    ['*', 'no-words', NOTICES.noWords],
    ['""', 'no-words', NOTICES.noWords],
    ['- : \\ ~ ^ +', 'no-words', NOTICES.noWords],
    ['\u{1F600}\u{1F9E0}', 'no-words', NOTICES.noWords],
    ['the of and', 'stop-words-only', NOTICES.stopWordsOnly],
    ['"to be or not to be"', 'stop-words-only', NOTICES.stopWordsOnly],
    ['-vision', 'exclusions-only', NOTICES.exclusionsOnly],
    ['-vision -"video frames"', 'exclusions-only', NOTICES.exclusionsOnly],
  ])('%j has nothing to search for (%s)', (input, status, notice) => {
    const parsed = parseQuery(input);
    expect(parsed.status).toBe(status);
    expect(parsed.terms).toEqual([]);
    expect(parsed.notice).toBe(notice);
  });

  it('never throws on non-strings', () => {
    expect(parseQuery(undefined).status).toBe('empty');
    expect(parseQuery(42).status).toBe('empty');
  });

  it('caps the query length and the number of terms, and says so', () => {
    const long = parseQuery(`attention ${'y'.repeat(6000)}`);
    expect(long.notice).toContain(NOTICES.tooLong);
    expect(long.terms.map((t) => t.word.length).every((n) => n <= MAX_QUERY_CHARS)).toBe(true);

    const many = parseQuery(Array.from({ length: 60 }, (_, i) => `w${i}`).join(' '));
    expect(many.terms).toHaveLength(MAX_QUERY_TERMS);
    expect(many.notice).toBe(NOTICES.tooManyTerms);
  });

  it('folds case and accents', () => {
    expect(parseQuery('ÀTTENTIÖN').terms.map((t) => t.word)).toEqual(['attention']);
    expect(tokenize('Café-au-lait').map((t) => t.word)).toEqual(['cafe', 'au', 'lait']);
  });

  it('containsSequence is contiguous', () => {
    expect(containsSequence(['a', 'b', 'c'], ['b', 'c'])).toBe(true);
    expect(containsSequence(['a', 'b', 'x', 'c'], ['b', 'c'])).toBe(false);
    expect(containsSequence(['a'], [])).toBe(false);
  });
});

/** Hostile inputs on the real corpus: none throws, none reaches lunr's parser, none returns "everything". */
describe('query safety on the seed corpus', () => {
  let search: PaperSearch;
  let size: number;
  beforeAll(async () => {
    const papers = await loadSeedCorpus();
    search = createPaperSearch(papers);
    size = search.size;
  });

  // [input, expectation]: 'none' = 0 results with a notice; 'small' = at most 10% of the corpus;
  // 'bounded' = at most 60%; 'broad' = genuinely broad (the corpus is about attention), only must not throw.
  const cases: Array<[string, 'none' | 'small' | 'bounded' | 'broad']> = [
    ['', 'none'],
    ['*', 'none'],
    ['**', 'none'],
    ['*:*', 'none'],
    ['""', 'none'],
    ['"', 'none'],
    ['"*"', 'none'],
    ['-', 'none'],
    ['--', 'none'],
    ['+-', 'none'],
    [':', 'none'],
    ['title:', 'small'],
    ['abstract:', 'small'],
    ['\\', 'none'],
    ['\\\\\\', 'none'],
    ['~', 'none'],
    ['~2', 'bounded'],
    ['^', 'none'],
    ['^10', 'small'],
    ['+', 'none'],
    ['\u{1F600}', 'none'],
    ['\u{1F9E0}\u{1F525}\u{1F680}', 'none'],
    ['x'.repeat(5000), 'small'],
    ['\u{1F600}'.repeat(2500), 'none'],
    ['foo:bar', 'small'],
    ['title:foo', 'small'],
    ['a~2', 'bounded'],
    ['x^10', 'small'],
    ['+must -not', 'none'],
    ['-attention', 'none'],
    ['-attention -vision', 'none'],
    ['the of and', 'none'],
    ['AND OR NOT', 'none'],
    ['__proto__', 'small'],
    ['constructor', 'small'],
    ['hasOwnProperty', 'small'],
    // Unknown words: the typo fallback reads them as "testing value" (distance 2 each), a real query.
    ['toString valueOf', 'bounded'],
    ['sparse\u0000attention', 'broad'],
    ['<script>alert(1)</script>', 'bounded'],
    ['注意力', 'small'],
    ['"unterminated phrase', 'small'],
    ['attention*', 'broad'],
    ['attention '.repeat(500), 'broad'],
    ['(sparse) [attention] {x}', 'broad'],
    ['@here <!channel>', 'small'],
    // Filters (plan/filters.ts): a value that cannot be read is a notice and nothing else; exclusions alone find nothing.
    ['author:', 'none'],
    ['author:""', 'none'],
    ['author:"', 'none'],
    ['since:9999-99', 'none'],
    ['since:yesterday', 'none'],
    ['upvotes:>>>', 'none'],
    ['upvotes:>abc', 'none'],
    ['has:', 'none'],
    ['has:nothing', 'none'],
    ['-has:code', 'none'],
    ['-author:Dao', 'none'],
    ['attention since:2025-13', 'none'],
    ['author:"<!channel>"', 'small'],
    [`author:"${'x'.repeat(5000)}"`, 'small'],
    ['has:code', 'small'],
    ['since:9999-12', 'small'],
  ];

  it('has at least 25 hostile inputs', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases)('%j → %s', (input, expected) => {
    const page = search.search(input);
    expect(page.hits.length).toBeLessThanOrEqual(5);
    if (expected === 'none') {
      expect(page.total).toBe(0);
      expect(page.hits).toEqual([]);
      expect(page.notice).not.toBeNull();
    } else if (expected === 'small') {
      expect(page.total).toBeLessThanOrEqual(Math.ceil(size * 0.1));
    } else if (expected === 'bounded') {
      expect(page.total).toBeLessThanOrEqual(Math.ceil(size * 0.6));
    }
  });

  it('never hands user text to lunr.parse / Index#search', () => {
    const original = lunr.Index.prototype.search;
    let calls = 0;
    lunr.Index.prototype.search = function patched(this: lunr.Index, text: string) {
      calls++;
      return original.call(this, text);
    };
    try {
      for (const [input] of cases) search.search(input);
    } finally {
      lunr.Index.prototype.search = original;
    }
    expect(calls).toBe(0);
  });

  // Its speed is measured by `npm run bench:query-cost`.
  it('a 5,000-character query is cut before any search work: it answers as its first characters do', () => {
    const text = `sparse attention ${Array.from({ length: 1000 }, (_, i) => `w${i}x`).join(' ')}`;
    expect(text.length).toBeGreaterThan(5000);
    const parsed = parseQuery(text);
    expect(parsed.terms).toHaveLength(MAX_QUERY_TERMS);
    expect(parsed.terms.map((term) => term.word).slice(0, 3)).toEqual(['sparse', 'attention', 'w0x']);
    // The clock standing still: neither answer is cut short by the query time budget on a busy machine.
    const clock = vi.spyOn(performance, 'now').mockReturnValue(0);
    try {
      const page = search.search(text);
      expect(page.notice).toContain(NOTICES.tooLong);
      expect(page.total).toBeGreaterThan(0);
      const cut = search.search(text.slice(0, MAX_QUERY_CHARS));
      expect([page.total, page.hits.map((hit) => hit.paper.id)]).toEqual([cut.total, cut.hits.map((hit) => hit.paper.id)]);
    } finally {
      clock.mockRestore();
    }
  });
});

describe('words', () => {
  it('gives the words tokenize gives, ASCII or not', () => {
    for (const text of ['Key-Value (KV) cache, 3D ViT-L/14!', 'Café naïve Ünïcode façade', 'x', '', '—', 'A1b2 C3']) {
      expect(words(text), text).toEqual(tokenize(text).map((token) => token.word));
    }
  });
});
