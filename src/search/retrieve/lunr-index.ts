/**
 * What lunr is asked to build, and the vocabulary of its scores: the two fields, BM25's parameters, a posting list,
 * lunr's idf. Lunr builds every index; its weights are kept exactly as it computed them (packed-index.ts).
 */
// lunr #503 would lose indexed words (and throw on phantom ones) without this patch: import it before any index.
import '../lunr-patch.ts';
import lunr from 'lunr';

/** lunr's BM25 parameters (one b for both fields: lunr has one) and the title field's boost. */
export interface Bm25Options {
  k1: number;
  b: number;
  /** lunr field boost of the title: a title occurrence weighs this many abstract ones. */
  titleWeight: number;
  /**
   * What the abstract field of a paper without an abstract holds: `empty`, nothing (its words score only as title
   * words, while a paper with both fields scores them in both); `title`, its title (its text is its title).
   */
  missingAbstract: 'empty' | 'title';
}

export const DEFAULT_BM25: Bm25Options = { k1: 1.2, b: 0.75, titleWeight: 3, missingAbstract: 'title' };

/** The lunr document of a paper: already folded, stop-word filtered and stemmed, one token per array item. */
export interface LunrDoc {
  id: string;
  title: string[];
  abstract: string[];
}

export type FieldName = keyof Omit<LunrDoc, 'id'>;
export const FIELDS: readonly FieldName[] = ['title', 'abstract'];

/**
 * One field's posting list of a stem: the papers containing it (ascending) and lunr's BM25 weight of the stem in
 * each, to be multiplied by `scale` (so a list can be rescaled without copying it).
 */
export interface Postings {
  docs: Int32Array;
  weights: Float64Array;
  scale: number;
}

export const EMPTY_POSTINGS: Postings = { docs: new Int32Array(0), weights: new Float64Array(0), scale: 1 };

/**
 * lunr's idf (lunr.idf): `documentsWithTerm` counts a paper once per field containing the term, as lunr does, so
 * the weights a segment's build stored can be rescaled exactly to another corpus size and count.
 */
export function lunrIdf(documentsWithTerm: number, documentCount: number): number {
  return Math.log(1 + Math.abs((documentCount - documentsWithTerm + 0.5) / (documentsWithTerm + 0.5)));
}

/**
 * The lunr index of papers: fields title (boosted) and abstract, ref = paper id, lunr's pipelines off (the text is
 * handed over analysed, so index and queries agree by construction).
 */
export function buildLunrIndex(docs: readonly LunrDoc[], bm25: Bm25Options): lunr.Index {
  return lunr(function build() {
    this.pipeline.reset();
    this.searchPipeline.reset();
    this.ref('id');
    this.field('title', { boost: bm25.titleWeight });
    this.field('abstract');
    this.k1(bm25.k1);
    this.b(bm25.b);
    for (const doc of docs) this.add(doc);
  });
}
