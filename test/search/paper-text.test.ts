/**
 * What a query reads of a paper's text (src/search/tables/paper-text.ts): its words come from the segment that keeps
 * them, and nothing derived from them is kept on the paper (kept, they grew with every search until the index was
 * replaced); a paper no segment keeps the words of is analysed once.
 */
import { describe, expect, it } from 'vitest';
import { createParts } from '../../src/search/retrieve/build.ts';
import { Corpus } from '../../src/search/retrieve/corpus.ts';
import { DEFAULT_BM25 } from '../../src/search/retrieve/lunr-index.ts';
import { indexTerms } from '../../src/search/query.ts';
import { IndexedPaper } from '../../src/search/tables/paper-text.ts';
import { paper } from './fixtures.ts';

const TITLE = 'Streaming Speech Recognition with Streaming Transducers';
const ABSTRACT = 'We train a streaming speech recognizer. The transducer learns CTC alignments; streaming stays fast.';

describe('IndexedPaper', () => {
  it('counts the stems a segment keeps afresh at every ask, as the text would have them counted', () => {
    const corpus = new Corpus(createParts([paper(TITLE, ABSTRACT), paper('Another Paper', 'About something else.')], { bm25: DEFAULT_BM25, acronyms: false }).corpus);
    const entry = corpus.entries[0];
    if (!entry) throw new Error('no entry');
    expect(entry.source).toBeDefined();
    const counts = entry.termCounts();
    const title = indexTerms(TITLE);
    const abstract = indexTerms(ABSTRACT);
    expect(entry.titleContent).toEqual(title);
    expect(entry.abstractContent).toEqual(abstract);
    expect(counts.length).toBe(title.length + abstract.length);
    expect([...counts.stems]).toEqual([...new Set([...title, ...abstract])]);
    expect(counts.title.get(title[0] ?? '')).toBe(title.filter((s) => s === title[0]).length);
    expect(counts.abstract.get(abstract[0] ?? '')).toBe(abstract.filter((s) => s === abstract[0]).length);
    // Not kept: the next ask makes new ones, equal.
    const again = entry.termCounts();
    expect(again).not.toBe(counts);
    expect(again).toEqual(counts);
    expect(entry.titleContent).not.toBe(entry.titleContent);
  });

  it('analyses a paper no segment keeps the words of once, and keeps that', () => {
    const entry = new IndexedPaper(paper(TITLE, ABSTRACT));
    const counts = entry.termCounts();
    expect(counts.length).toBe(indexTerms(TITLE).length + indexTerms(ABSTRACT).length);
    expect(entry.termCounts()).toBe(counts);
    expect(entry.titleContent).toBe(entry.titleContent);
  });
});
