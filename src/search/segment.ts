/**
 * One lunr index over some of the papers, and its posting lists as the search reads them. A search is one segment
 * (a full build) or a large base segment plus a small segment of recent papers (paper-index.ts `extendPaperSearch`):
 * posting lists are read per segment here, once, and shared by every search built on the segment.
 */
import lunr from 'lunr';
import type { Bm25Options } from './paper-index.ts';

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

/** One inverted-index entry of lunr: the term's index in the vectors, per field the refs of papers containing it. */
interface LunrPosting {
  _index: number;
  title?: Record<string, unknown>;
  abstract?: Record<string, unknown>;
}

/** The parts of a lunr index read directly (not in @types/lunr): term → posting, `field/ref` → vector. */
interface LunrInternals {
  invertedIndex: Record<string, LunrPosting>;
  fieldVectors: Record<string, { elements: number[] }>;
}

/**
 * lunr's idf (lunr.idf): `documentsWithTerm` counts a paper once per field containing the term, as lunr does, so
 * the weights a segment's build stored can be rescaled exactly to another corpus size and count.
 */
export function lunrIdf(documentsWithTerm: number, documentCount: number): number {
  return Math.log(1 + Math.abs((documentCount - documentsWithTerm + 0.5) / (documentsWithTerm + 0.5)));
}

/** The value paired with `index` in a lunr vector's sorted [index, value, …] elements, 0 when absent. */
function vectorValue(elements: readonly number[], index: number): number {
  let lo = 0;
  let hi = elements.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = elements[mid * 2] ?? 0;
    if (at === index) return elements[mid * 2 + 1] ?? 0;
    if (at < index) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

function countKeys(table: Record<string, unknown> | undefined, stopAt = Number.POSITIVE_INFINITY): number {
  let count = 0;
  if (!table) return 0;
  for (const key in table) {
    if (Object.prototype.hasOwnProperty.call(table, key) && ++count >= stopAt) return count;
  }
  return count;
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

export class Segment {
  readonly index: lunr.Index;
  readonly #inverted: Record<string, LunrPosting>;
  readonly #vectors: Record<string, { elements: number[] }>;
  /** ref → paper number in the searches using this segment (refs not in it are not served from this segment). */
  readonly #docs: ReadonlyMap<string, number>;
  readonly #postings = new Map<FieldName, Map<string, Postings>>(FIELDS.map((field) => [field, new Map()]));
  readonly #idf = new Map<string, number>();
  readonly #df = new Map<string, number>();
  #documentCount: number | undefined;
  /** ref → its paper number and field vectors, gathered on the first posting-list read (one lookup per posting then). */
  #refs: Map<string, { doc: number; vectors: Record<FieldName, number[] | undefined> }> | undefined;

  constructor(index: lunr.Index, docs: ReadonlyMap<string, number>) {
    this.index = index;
    const internals = index as unknown as LunrInternals;
    this.#inverted = internals.invertedIndex;
    this.#vectors = internals.fieldVectors;
    this.#docs = docs;
  }

  /** Papers lunr indexed in this segment (it keeps one vector per field of each). */
  get documentCount(): number {
    return (this.#documentCount ??= Math.round(countKeys(this.#vectors) / FIELDS.length));
  }

  #refTable(): Map<string, { doc: number; vectors: Record<FieldName, number[] | undefined> }> {
    if (this.#refs) return this.#refs;
    const refs = new Map<string, { doc: number; vectors: Record<FieldName, number[] | undefined> }>();
    for (const [ref, doc] of this.#docs) {
      refs.set(ref, {
        doc,
        vectors: { title: this.#vectors[`title/${ref}`]?.elements, abstract: this.#vectors[`abstract/${ref}`]?.elements },
      });
    }
    return (this.#refs = refs);
  }

  /** Whether every paper of the index is served from this segment. */
  get complete(): boolean {
    return this.documentCount === this.#docs.size;
  }

  /** The stems this segment indexed. */
  stems(): string[] {
    return Object.keys(this.#inverted);
  }

  has(s: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.#inverted, s);
  }

  /** Whether at least `min` field postings of the stem are in this segment (stops counting there). */
  hasAtLeast(s: string, min: number): boolean {
    const posting = this.has(s) ? this.#inverted[s] : undefined;
    if (!posting) return false;
    const inTitle = countKeys(posting.title, min);
    return inTitle >= min || inTitle + countKeys(posting.abstract, min - inTitle) >= min;
  }

  /**
   * Papers of this segment (served from it) containing a stem in either field: counted on lunr's ref tables, without
   * reading a posting list (feedback asks it of hundreds of stems a query).
   */
  documentsContaining(s: string): number {
    const cached = this.#df.get(s);
    if (cached !== undefined) return cached;
    const posting = this.has(s) ? this.#inverted[s] : undefined;
    let count = 0;
    if (posting) {
      const title = posting.title ?? {};
      const abstract = posting.abstract ?? {};
      // Every ref is served from a complete segment: no lookups then, and titles are the short side of the union.
      const complete = this.complete;
      if (complete) count = Object.keys(abstract).length;
      else for (const ref in abstract) if (this.#docs.has(ref)) count++;
      for (const ref in title) {
        if (!Object.prototype.hasOwnProperty.call(abstract, ref) && (complete || this.#docs.has(ref))) count++;
      }
    }
    this.#df.set(s, count);
    return count;
  }

  /** lunr's idf of a stem as this segment's build weighed it (0 for a stem it does not know). */
  idf(s: string): number {
    const cached = this.#idf.get(s);
    if (cached !== undefined) return cached;
    const posting = this.has(s) ? this.#inverted[s] : undefined;
    const idf = posting ? lunrIdf(countKeys(posting.title) + countKeys(posting.abstract), this.documentCount) : 0;
    this.#idf.set(s, idf);
    return idf;
  }

  /**
   * One field's posting list of a stem, papers in ascending order, read on first use: the papers from lunr's
   * inverted index, lunr's BM25 weight of the stem in each from that paper's field vector (the numbers lunr's own
   * query multiplies).
   */
  postings(field: FieldName, s: string): Postings {
    const byStem = this.#postings.get(field);
    const cached = byStem?.get(s);
    if (cached) return cached;
    const posting = this.has(s) ? this.#inverted[s] : undefined;
    const refs = posting?.[field];
    let list = EMPTY_POSTINGS;
    if (posting && refs) {
      const table = this.#refTable();
      const docs: number[] = [];
      const weights: number[] = [];
      let sorted = true;
      for (const ref in refs) {
        const known = table.get(ref);
        if (!known) continue;
        const elements = known.vectors[field];
        if (docs.length > 0 && known.doc < (docs[docs.length - 1] ?? 0)) sorted = false;
        docs.push(known.doc);
        weights.push(elements ? vectorValue(elements, posting._index) : 0);
      }
      // lunr keeps refs in the order papers were added, which is paper order: a sort is rarely needed.
      const order = docs.map((_, i) => i);
      if (!sorted) order.sort((a, b) => (docs[a] ?? 0) - (docs[b] ?? 0));
      list = { docs: Int32Array.from(order, (i) => docs[i] ?? 0), weights: Float64Array.from(order, (i) => weights[i] ?? 0), scale: 1 };
    }
    byStem?.set(s, list);
    return list;
  }
}
