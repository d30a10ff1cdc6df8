/**
 * A paper as a term vector: its content stems weighted tf (title counted `titleWeight` times) dampened by a log,
 * times idf, scaled to length 1. What the learner averages into a channel's taste and compares papers with (cosine).
 * Read from the terms the index already holds for each paper (the packed words of its segment, the corpus's df),
 * nothing new. Stems are numbered per corpus (`TermSpace`) and a vector is two typed arrays, so learning from 50
 * ratings is array arithmetic over a few thousand numbers rather than maps of strings (which cost most of a learned
 * digest's time at 50k papers, in building and in garbage collection).
 */
import type { Corpus } from '../retrieve/corpus.ts';
import { STOP_WORD_BIT } from '../retrieve/packed-index.ts';
import type { Segment } from '../retrieve/segment.ts';
import { isContentStem } from '../tables/paper-text.ts';

/** A unit-length vector: term numbers of its `TermSpace`, in the order the paper first uses them, and their weights. */
export interface TermVector {
  readonly terms: Int32Array;
  readonly weights: Float64Array;
}

const EMPTY: TermVector = { terms: new Int32Array(0), weights: new Float64Array(0) };
/** Vectors kept per corpus (rated papers come back digest after digest); dropped all at once when full. */
const VECTOR_CACHE_MAX = 16_384;

/**
 * The stems of one corpus (immutable while served) as numbers, with each one's idf when it may weigh in a vector (else
 * 0), the vectors made lately, and scratch arrays one slot per stem (always left zeroed).
 */
export class TermSpace {
  readonly corpus: Corpus;
  readonly #numbers = new Map<string, number>();
  readonly #stems: string[] = [];
  /** Per stem number: its weight in a vector (idf, or 0 when it says nothing of taste); NaN until read. */
  #weights = new Float64Array(1024).fill(Number.NaN);
  /** Per segment: its term number → the stem number here (−1 until looked up). */
  readonly #segmentTerms = new Map<Segment, Int32Array>();
  readonly #vectors = new Map<number, TermVector>();
  /** The title weight the kept vectors were made with (another one empties the cache). */
  #vectorsTitleWeight = Number.NaN;
  /** Scratch per stem number: title and abstract counts, and sums (centroids, a vector spread out for dot products). */
  #titleCounts = new Int32Array(1024);
  #abstractCounts = new Int32Array(1024);
  #sums = new Float64Array(1024);
  #minus = new Float64Array(1024);
  /** Scratch: the stems of the paper being read, in the order first met; the kept ones and their weights. */
  #order = new Int32Array(256);
  #keptTerms = new Int32Array(256);
  #keptWeights = new Float64Array(256);
  readonly #maxDf: number;

  constructor(corpus: Corpus) {
    this.corpus = corpus;
    // A word half the papers use says nothing about taste; one no other paper uses finds no neighbour.
    this.#maxDf = Math.max(2, Math.floor(corpus.liveCount * 0.5));
  }

  /** How many stems are numbered so far. */
  get size(): number {
    return this.#stems.length;
  }

  stem(term: number): string {
    return this.#stems[term] ?? '';
  }

  /** A stem's number, given one when first seen. */
  number(s: string): number {
    let term = this.#numbers.get(s);
    if (term === undefined) {
      term = this.#stems.length;
      this.#numbers.set(s, term);
      this.#stems.push(s);
      if (term >= this.#sums.length) this.#grow(2 * this.#sums.length);
    }
    return term;
  }

  /** A stem's number if it has one. */
  numberOf(s: string): number | undefined {
    return this.#numbers.get(s);
  }

  #grow(length: number): void {
    const weights = new Float64Array(length).fill(Number.NaN);
    weights.set(this.#weights);
    this.#weights = weights;
    const grown = <T extends Int32Array | Float64Array>(old: T, make: (n: number) => T): T => {
      const out = make(length);
      out.set(old);
      return out;
    };
    this.#titleCounts = grown(this.#titleCounts, (n) => new Int32Array(n));
    this.#abstractCounts = grown(this.#abstractCounts, (n) => new Int32Array(n));
    this.#sums = grown(this.#sums, (n) => new Float64Array(n));
    this.#minus = grown(this.#minus, (n) => new Float64Array(n));
  }

  /** A stem's weight in vectors: its idf, or 0 for a stem that is no content word, in one paper, or in half of them. */
  weight(term: number): number {
    let weight = this.#weights[term] ?? Number.NaN;
    if (Number.isNaN(weight)) {
      const s = this.stem(term);
      const df = isContentStem(s) ? this.corpus.dfOf(s) : 0;
      weight = df < 2 || df > this.#maxDf ? 0 : this.corpus.idf(s);
      this.#weights[term] = weight;
    }
    return weight;
  }

  /** A paper's unit-length tf-idf vector over the words other papers share (empty for an unknown paper). */
  vector(doc: number, titleWeight: number): TermVector {
    if (titleWeight !== this.#vectorsTitleWeight) {
      this.#vectors.clear();
      this.#vectorsTitleWeight = titleWeight;
    }
    const cached = this.#vectors.get(doc);
    if (cached) return cached;
    const entry = this.corpus.entries[doc];
    if (!entry) return EMPTY;
    // Stems first met in this paper, in order; title and abstract counts per stem (scratch, zeroed after).
    let distinct = 0;
    const source = entry.source;
    if (source) {
      // The segment's packed words, read in place: the title's content words, then the abstract's.
      const { segment, local } = source;
      const map = this.#segmentMap(segment);
      const { textOffsets, text, terms } = segment.pack;
      for (let field = 0; field < 2; field++) {
        const end = textOffsets[2 * local + field + 1] ?? 0;
        for (let k = textOffsets[2 * local + field] ?? 0; k < end; k++) {
          const word = text[k] ?? 0;
          if ((word & STOP_WORD_BIT) !== 0) continue;
          let term = map[word] ?? -1;
          if (term < 0) {
            term = this.number(terms[word] ?? '');
            map[word] = term;
          }
          distinct = this.#count(term, field === 0, distinct);
        }
      }
    } else {
      for (const s of entry.titleContent) distinct = this.#count(this.number(s), true, distinct);
      for (const s of entry.abstractContent) distinct = this.#count(this.number(s), false, distinct);
    }
    const titles = this.#titleCounts;
    const abstracts = this.#abstractCounts;
    if (this.#keptWeights.length < distinct) {
      this.#keptTerms = new Int32Array(2 * distinct);
      this.#keptWeights = new Float64Array(2 * distinct);
    }
    const keptTerms = this.#keptTerms;
    const keptWeights = this.#keptWeights;
    const order = this.#order;
    let length = 0;
    let norm = 0;
    for (let i = 0; i < distinct; i++) {
      const term = order[i] ?? 0;
      const tf = titleWeight * (titles[term] ?? 0) + (abstracts[term] ?? 0);
      titles[term] = 0;
      abstracts[term] = 0;
      const idf = this.weight(term);
      if (idf === 0 || tf <= 0) continue;
      const weight = (1 + Math.log(tf)) * idf;
      keptTerms[length] = term;
      keptWeights[length++] = weight;
      norm += weight * weight;
    }
    // One buffer for both arrays (a buffer is the costly part of making a typed array).
    const buffer = new ArrayBuffer(length * (Float64Array.BYTES_PER_ELEMENT + Int32Array.BYTES_PER_ELEMENT));
    const vector: TermVector = {
      weights: new Float64Array(buffer, 0, length),
      terms: new Int32Array(buffer, length * Float64Array.BYTES_PER_ELEMENT, length),
    };
    vector.terms.set(keptTerms.subarray(0, length));
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 1;
    for (let i = 0; i < length; i++) vector.weights[i] = (keptWeights[i] ?? 0) * scale;
    if (this.#vectors.size >= VECTOR_CACHE_MAX) this.#vectors.clear();
    this.#vectors.set(doc, vector);
    return vector;
  }

  /** Counts one occurrence of a stem (`distinct` stems met so far in the paper; returns how many now). */
  #count(term: number, title: boolean, distinct: number): number {
    // Read through `this`: numbering a new stem may have grown the arrays.
    const titleCounts = this.#titleCounts;
    const abstractCounts = this.#abstractCounts;
    let met = distinct;
    if ((titleCounts[term] ?? 0) === 0 && (abstractCounts[term] ?? 0) === 0) {
      if (met >= this.#order.length) {
        const order = new Int32Array(2 * this.#order.length);
        order.set(this.#order);
        this.#order = order;
      }
      this.#order[met++] = term;
    }
    if (title) titleCounts[term] = (titleCounts[term] ?? 0) + 1;
    else abstractCounts[term] = (abstractCounts[term] ?? 0) + 1;
    return met;
  }

  #segmentMap(segment: Segment): Int32Array {
    let map = this.#segmentTerms.get(segment);
    if (!map) {
      map = new Int32Array(segment.pack.terms.length).fill(-1);
      this.#segmentTerms.set(segment, map);
    }
    return map;
  }

  /**
   * β × the mean of `liked` − γ × the mean of `disliked` (Rocchio), handed to `each` term by term (those of the liked
   * papers first, in the order they first appear, then those only the disliked have).
   */
  rocchio(
    liked: readonly TermVector[],
    disliked: readonly TermVector[],
    beta: number,
    gamma: number,
    each: (term: number, weight: number) => void,
  ): void {
    const plus = this.#sums;
    const minus = this.#minus;
    const order: number[] = [];
    const add = (vectors: readonly TermVector[], into: Float64Array): void => {
      if (vectors.length === 0) return;
      const share = 1 / vectors.length;
      for (const { terms, weights } of vectors) {
        for (let i = 0; i < terms.length; i++) {
          const term = terms[i] ?? 0;
          // Weights are positive: a term both sums still hold at 0 is met for the first time.
          if ((plus[term] ?? 0) === 0 && (minus[term] ?? 0) === 0) order.push(term);
          into[term] = (into[term] ?? 0) + (weights[i] ?? 0) * share;
        }
      }
    };
    add(liked, plus);
    add(disliked, minus);
    for (const term of order) {
      const weight = beta * (plus[term] ?? 0) - gamma * (minus[term] ?? 0);
      plus[term] = 0;
      minus[term] = 0;
      each(term, weight);
    }
  }

  /**
   * The cosine of `vector` with each of `others` (unit vectors): Σ a·b over the terms both hold, summed in the order
   * of the shorter of the two.
   */
  similarities(vector: TermVector, others: readonly TermVector[]): number[] {
    const spread = this.#sums;
    const other = this.#minus;
    for (let i = 0; i < vector.terms.length; i++) spread[vector.terms[i] ?? 0] = vector.weights[i] ?? 0;
    const out = others.map(({ terms, weights }) => {
      let sum = 0;
      if (vector.terms.length <= terms.length) {
        for (let i = 0; i < terms.length; i++) other[terms[i] ?? 0] = weights[i] ?? 0;
        for (let i = 0; i < vector.terms.length; i++) {
          const weight = other[vector.terms[i] ?? 0] ?? 0;
          if (weight !== 0) sum += (vector.weights[i] ?? 0) * weight;
        }
        for (let i = 0; i < terms.length; i++) other[terms[i] ?? 0] = 0;
      } else {
        for (let i = 0; i < terms.length; i++) {
          const weight = spread[terms[i] ?? 0] ?? 0;
          if (weight !== 0) sum += (weights[i] ?? 0) * weight;
        }
      }
      return sum;
    });
    for (let i = 0; i < vector.terms.length; i++) spread[vector.terms[i] ?? 0] = 0;
    return out;
  }
}

const spaces = new WeakMap<Corpus, TermSpace>();

/** The stem numbering of a corpus, made on first use and kept while the corpus is. */
export function termSpace(corpus: Corpus): TermSpace {
  let space = spaces.get(corpus);
  if (!space) spaces.set(corpus, (space = new TermSpace(corpus)));
  return space;
}
