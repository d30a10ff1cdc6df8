/**
 * The learner's paper vectors (src/search/learn/vectors.ts) read from the packed words of the index, as numbered
 * stems: they must be the tf-idf vectors of the papers' text, whatever the corpus (more stems than the first scratch
 * arrays hold, a base and a recent segment), and the Rocchio mean and cosines must be those of those vectors.
 */
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/papers/paper.ts';
import { termSpace, type TermSpace, type TermVector } from '../../src/search/learn/vectors.ts';
import { createParts, extendParts } from '../../src/search/retrieve/build.ts';
import { Corpus } from '../../src/search/retrieve/corpus.ts';
import { DEFAULT_BM25 } from '../../src/search/retrieve/lunr-index.ts';
import { isContentStem } from '../../src/search/tables/paper-text.ts';
import { paper } from './fixtures.ts';

const OPTIONS = { bm25: DEFAULT_BM25, acronyms: false };
const TITLE_WEIGHT = DEFAULT_BM25.titleWeight;

/**
 * 120 papers over a vocabulary of 3,000 made-up words (more than the 1,024 stems the scratch arrays start with), each
 * word in a handful of papers, some repeated within a paper and some in the title.
 */
function papers(count = 120, offset = 0): Paper[] {
  const word = (i: number): string => `w${(i * 7919) % 3000}x`;
  return Array.from({ length: count }, (_, k) => {
    const i = k + offset;
    const abstract = Array.from({ length: 60 }, (_, j) => word(i * 25 + j)).join(' ');
    return paper(`Paper ${word(i * 25)} ${word(i * 25 + 1)} number ${i}`, `${abstract} ${word(i * 25 + 2)} ${word(i * 25 + 2)} shared words`);
  });
}

/** The vector as the learner defines it, from the paper's stems as strings (the definition, not the fast path). */
function reference(corpus: Corpus, doc: number, titleWeight = TITLE_WEIGHT): Map<string, number> {
  const entry = corpus.entries[doc];
  const out = new Map<string, number>();
  if (!entry) return out;
  const maxDf = Math.max(2, Math.floor(corpus.liveCount * 0.5));
  let norm = 0;
  for (const s of new Set([...entry.titleContent, ...entry.abstractContent])) {
    const df = isContentStem(s) ? corpus.dfOf(s) : 0;
    if (df < 2 || df > maxDf) continue;
    const tf = titleWeight * entry.titleContent.filter((t) => t === s).length + entry.abstractContent.filter((t) => t === s).length;
    const weight = (1 + Math.log(tf)) * corpus.idf(s);
    out.set(s, weight);
    norm += weight * weight;
  }
  for (const [s, weight] of out) out.set(s, weight / Math.sqrt(norm));
  return out;
}

function asMap(space: TermSpace, vector: TermVector): Map<string, number> {
  return new Map([...vector.terms].map((term, i) => [space.stem(term), vector.weights[i] ?? 0]));
}

function expectClose(actual: Map<string, number>, expected: Map<string, number>): void {
  expect([...actual.keys()]).toEqual([...expected.keys()]);
  for (const [s, weight] of expected) expect(actual.get(s)).toBeCloseTo(weight, 12);
}

describe('learner vectors over numbered stems', () => {
  it('a paper vector is its tf-idf over the shared words, for every paper of a corpus with thousands of stems', () => {
    const corpus = new Corpus(createParts(papers(), OPTIONS).corpus);
    const space = termSpace(corpus);
    // Made in an order where new stems keep arriving (the scratch arrays grow on the way).
    for (let doc = 0; doc < corpus.slots; doc++) expectClose(asMap(space, space.vector(doc, TITLE_WEIGHT)), reference(corpus, doc));
    expect(space.size).toBeGreaterThan(1024);
    // Asked again (kept), and with another title weight (not the kept ones).
    expectClose(asMap(space, space.vector(3, TITLE_WEIGHT)), reference(corpus, 3));
    expectClose(asMap(space, space.vector(3, 1)), reference(corpus, 3, 1));
    expect(asMap(space, space.vector(3, 1))).not.toEqual(asMap(space, space.vector(3, TITLE_WEIGHT)));
  });

  it('a search of a base and a recent segment reads each paper from the segment serving it', () => {
    const base = createParts(papers(), OPTIONS);
    const baseCorpus = new Corpus(base.corpus);
    const replaced = baseCorpus.entries[5]?.paper;
    if (!replaced) throw new Error('fixture');
    const changed = [{ ...replaced, abstract: `${replaced.abstract} w1x w2x w3x` }, ...papers(10, 500)];
    const corpus = new Corpus(extendParts({ corpus: baseCorpus, tables: base.tables }, OPTIONS, changed, []).corpus);
    const space = termSpace(corpus);
    expect(corpus.segments.length).toBe(2);
    for (const doc of corpus.byId.values()) expectClose(asMap(space, space.vector(doc, TITLE_WEIGHT)), reference(corpus, doc));
    const served = corpus.byId.get(replaced.id) ?? -1;
    expect(asMap(space, space.vector(served, TITLE_WEIGHT)).has('w1x')).toBe(true);
  });

  it('the Rocchio mean and the cosines are those of the vectors, and leave no trace for the next profile', () => {
    const corpus = new Corpus(createParts(papers(), OPTIONS).corpus);
    const space = termSpace(corpus);
    const [a, b, c, d] = [10, 11, 12, 40].map((doc) => space.vector(doc, TITLE_WEIGHT));
    if (!a || !b || !c || !d) throw new Error('fixture');
    const expected = new Map<string, number>();
    for (const [vector, factor] of [[a, 0.5], [b, 0.5], [c, -0.5]] as const) {
      for (const [s, weight] of asMap(space, vector)) expected.set(s, (expected.get(s) ?? 0) + factor * weight);
    }
    for (let round = 0; round < 2; round++) {
      const got = new Map<string, number>();
      space.rocchio([a, b], [c], 1, 0.5, (term, weight) => got.set(space.stem(term), weight));
      expect(got.size).toBe(expected.size);
      for (const [s, weight] of expected) expect(got.get(s)).toBeCloseTo(weight, 12);
    }
    const cosine = (x: TermVector, y: TermVector): number => {
      const other = asMap(space, y);
      return [...asMap(space, x)].reduce((sum, [s, weight]) => sum + weight * (other.get(s) ?? 0), 0);
    };
    for (let round = 0; round < 2; round++) {
      const similarities = space.similarities(a, [a, b, c, d]);
      expect(similarities[0]).toBeCloseTo(1, 12);
      [b, c, d].forEach((other, i) => expect(similarities[i + 1]).toBeCloseTo(cosine(a, other), 12));
    }
    expect(cosine(a, b)).toBeGreaterThan(0);
    expect(cosine(a, d)).toBe(0);
  });
});
