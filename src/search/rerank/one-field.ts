/**
 * One-field BM25 for a bag of keywords: the best matches (the pool) are scored again as plain BM25 scores them (title
 * and abstract as one text, Lucene's k1 0.9 and b 0.4, idf over papers, the mean length over the corpus), that score
 * taking `share` of the lunr score's place. Lunr scores each field with its own saturation and sums them; for rare
 * words picked from a sentence ("environmental influence breast") one text and one saturation rank better.
 * Tiers are untouched (the all-words tier stays first), and every score of the pool stays above those outside it.
 */
import type { Corpus } from '../retrieve/corpus.ts';
import { STOP_WORD_BIT } from '../retrieve/packed-index.ts';
import type { Segment } from '../retrieve/segment.ts';
import type { IndexedPaper } from '../tables/paper-text.ts';
import type { RerankStage } from './stage.ts';

/** Lucene's defaults (the reference BM25 of issue 15). */
const K1 = 0.9;
const B = 0.4;

/** Per corpus: the mean number of indexed words of a paper (title and abstract; a title-only record's title twice). */
const meanLengths = new WeakMap<Corpus, number>();

/** Whether the paper has no abstract of its own (its packed words hold the title only). */
function titleOnly(entry: IndexedPaper): boolean {
  return entry.paper.abstract.trim().length === 0;
}

/**
 * How many indexed words (non-stop stems) the paper has in title and abstract, `counts` set to how many of them are
 * each of `stems`: read from its segment's packed words when it has them, else from its analysed text.
 */
function countsOf(
  entry: IndexedPaper,
  stems: readonly string[],
  termsIn: (segment: Segment) => readonly number[],
  counts: Float64Array,
  titleTwice: boolean,
): number {
  counts.fill(0);
  const source = entry.source;
  const fields = titleOnly(entry) ? 1 : 2;
  if (source) {
    const terms = termsIn(source.segment);
    const { textOffsets, text } = source.segment.pack;
    const start = textOffsets[2 * source.local] ?? 0;
    const end = textOffsets[2 * source.local + fields] ?? 0;
    let length = 0;
    for (let k = start; k < end; k++) {
      const word = text[k] ?? 0;
      if ((word & STOP_WORD_BIT) !== 0) continue;
      length++;
      for (let i = 0; i < terms.length; i++) if (terms[i] === word) counts[i] = (counts[i] ?? 0) + 1;
    }
    return fields === 1 && titleTwice ? twice(counts, length) : length;
  }
  const words = fields === 1 ? entry.titleContent : [...entry.titleContent, ...entry.abstractContent];
  words.forEach((word) => {
    const i = stems.indexOf(word);
    if (i >= 0) counts[i] = (counts[i] ?? 0) + 1;
  });
  return fields === 1 && titleTwice ? twice(counts, words.length) : words.length;
}

/** A title-only record counted as the index holds it, its title as its abstract too (lunr-index.ts `missingAbstract`). */
function twice(counts: Float64Array, length: number): number {
  for (let i = 0; i < counts.length; i++) counts[i] = 2 * (counts[i] ?? 0);
  return 2 * length;
}

function meanLength(corpus: Corpus, titleTwice: boolean): number {
  const known = meanLengths.get(corpus);
  if (known !== undefined) return known;
  let words = 0;
  let papers = 0;
  const none = new Float64Array(0);
  corpus.entries.forEach((entry, doc) => {
    if (!corpus.isLive(doc)) return;
    words += countsOf(entry, [], () => [], none, titleTwice);
    papers++;
  });
  const mean = papers > 0 ? Math.max(1, words / papers) : 1;
  meanLengths.set(corpus, mean);
  return mean;
}

export const oneFieldStage: RerankStage = {
  name: 'bags of keywords scored as one field',
  prepare({ plan, ranking, corpus }) {
    const share = plan.keywords ? ranking.longQuery.bagOneField : 0;
    if (!(share > 0)) return null;
    // Each typed stem with its clause boost; a one-word expansion (an acronym) scores for its concept where it does better.
    const stems: string[] = [];
    const weights: number[] = [];
    const typedAt: number[] = [];
    for (const [s, boost] of plan.boosts) {
      if (!corpus.knows(s)) continue;
      stems.push(s);
      weights.push(boost);
      typedAt.push(-1);
    }
    for (const expansion of plan.expansions) {
      const typed = stems.indexOf(expansion.typed);
      if (!expansion.marks || !corpus.knows(expansion.stem) || stems.includes(expansion.stem)) continue;
      stems.push(expansion.stem);
      weights.push(expansion.boost);
      typedAt.push(typed);
    }
    if (stems.length === 0) return null;
    const idf = stems.map((s) => corpus.idf(s));
    const titleTwice = ranking.bm25.missingAbstract === 'title';
    const mean = meanLength(corpus, titleTwice);
    const counts = new Float64Array(stems.length);
    // The stems' term numbers in each segment (−1: not in it), looked up once per query.
    const bySegment = new Map<Segment, number[]>();
    const termsIn = (segment: Segment): readonly number[] => {
      let terms = bySegment.get(segment);
      if (!terms) {
        terms = stems.map((s) => segment.termNumbers([s])?.[0] ?? -1);
        bySegment.set(segment, terms);
      }
      return terms;
    };
    const terms = new Float64Array(stems.length);
    const best = new Float64Array(stems.length);
    const bm25 = (doc: number): number => {
      const entry = corpus.entries[doc];
      if (!entry) return 0;
      const length = countsOf(entry, stems, termsIn, counts, titleTwice);
      const norm = K1 * (1 - B + (B * length) / mean);
      for (let i = 0; i < stems.length; i++) {
        const tf = counts[i] ?? 0;
        terms[i] = tf > 0 ? ((weights[i] ?? 0) * (idf[i] ?? 0) * tf * (K1 + 1)) / (tf + norm) : 0;
      }
      // A concept scores the better of its typed word and its one-word forms.
      for (let i = 0; i < stems.length; i++) {
        const at = typedAt[i] ?? -1;
        if (at >= 0) best[at] = Math.max(best[at] ?? 0, terms[i] ?? 0);
        else best[i] = terms[i] ?? 0;
      }
      let score = 0;
      for (let i = 0; i < stems.length; i++) if ((typedAt[i] ?? -1) < 0) score += best[i] ?? 0;
      return score;
    };
    return {
      rescore(pool, { deadline, settle }) {
        if (performance.now() >= deadline) return false;
        // Outside the pool, a tier's papers score at most its lowest score in the pool: each tier's scores start there.
        const floors = new Map<number, number>();
        for (const item of pool) floors.set(item.tier, Math.min(floors.get(item.tier) ?? Number.POSITIVE_INFINITY, item.score));
        const next = new Float64Array(pool.length);
        pool.forEach((item, i) => {
          const floor = floors.get(item.tier) ?? 0;
          next[i] = floor + share * bm25(item.doc) + (1 - share) * (item.score - floor);
        });
        const at = new Map(pool.map((item, i) => [item, i]));
        settle((item) => (next[at.get(item) ?? -1] ?? item.score) - item.score);
        pool.forEach((item, i) => (item.score = next[i] ?? item.score));
        return true;
      },
    };
  },
};
