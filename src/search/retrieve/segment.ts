/**
 * One index over some of the papers (lunr-built, packed: packed-index.ts), and its posting lists as the search reads
 * them. A search is one segment (a full build) or a large base segment plus a small segment of recent papers
 * (`extendPaperSearch`, built by build.ts); every search built on a segment shares its lists.
 */
import { EMPTY_POSTINGS, FIELDS, lunrIdf, type FieldName, type Postings } from './lunr-index.ts';
import { STOP_WORD_BIT, type PackedIndex } from './packed-index.ts';
import { unionSize } from './sorted-union.ts';

export class Segment {
  readonly pack: PackedIndex;
  readonly #termOf = new Map<string, number>();
  /** Paper number in this segment → its number in the searches using it (−1: not served from this segment). */
  readonly #global: Int32Array;
  /** When every paper is served, as number `#offset` + its number here (a build's own order): lists need no mapping. */
  readonly #offset: number | null;
  readonly #served: number;
  readonly #postings = new Map<FieldName, Map<string, Postings>>(FIELDS.map((field) => [field, new Map()]));
  readonly #df = new Map<string, number>();

  /** `docs`: paper id → its number in the search; papers of the pack not in it are not served from this segment. */
  constructor(pack: PackedIndex, docs: ReadonlyMap<string, number>) {
    this.pack = pack;
    pack.terms.forEach((term, t) => this.#termOf.set(term, t));
    this.#global = new Int32Array(pack.refs.length);
    let served = 0;
    let offset: number | null = null;
    let contiguous = true;
    pack.refs.forEach((ref, local) => {
      const doc = docs.get(ref) ?? -1;
      this.#global[local] = doc;
      if (doc < 0) return;
      served++;
      offset ??= doc - local;
      if (doc - local !== offset) contiguous = false;
    });
    this.#served = served;
    this.#offset = contiguous && served === pack.refs.length ? (offset ?? 0) : null;
  }

  /** Papers lunr indexed in this segment (the idf of its build counted these). */
  get documentCount(): number {
    return this.pack.refs.length;
  }

  /** Whether every paper of the index is served from this segment. */
  get complete(): boolean {
    return this.#served === this.pack.refs.length;
  }

  /** The search's number of each paper of this segment (−1 where not served from it), by its number here. */
  get papers(): Int32Array {
    return this.#global;
  }

  /** The stems this segment indexed. */
  *stems(): Iterable<string> {
    for (let t = 0; t < this.pack.terms.length; t++) {
      if (this.#fieldCount('title', t) + this.#fieldCount('abstract', t) > 0) yield this.pack.terms[t] ?? '';
    }
  }

  #fieldCount(field: FieldName, t: number): number {
    const { offsets } = this.pack[field];
    return (offsets[t + 1] ?? 0) - (offsets[t] ?? 0);
  }

  /** Field postings of a stem in this segment (a paper with it in both fields counts twice, as in lunr's idf). */
  #postingCount(s: string): number {
    const t = this.#termOf.get(s);
    return t === undefined ? 0 : this.#fieldCount('title', t) + this.#fieldCount('abstract', t);
  }

  has(s: string): boolean {
    return this.#postingCount(s) > 0;
  }

  /** Whether at least `min` field postings of the stem are in this segment. */
  hasAtLeast(s: string, min: number): boolean {
    return this.#postingCount(s) >= min;
  }

  /** Papers of this segment (served from it) containing a stem in either field. */
  documentsContaining(s: string): number {
    const t = this.#termOf.get(s);
    if (t === undefined) return 0;
    if (this.complete) return this.pack.df[t] ?? 0;
    const cached = this.#df.get(s);
    if (cached !== undefined) return cached;
    // The union of its two lists, served papers only.
    const { title, abstract } = this.pack;
    const titleDocs = title.docs.subarray(title.offsets[t] ?? 0, title.offsets[t + 1] ?? 0);
    const abstractDocs = abstract.docs.subarray(abstract.offsets[t] ?? 0, abstract.offsets[t + 1] ?? 0);
    const count = unionSize(titleDocs, abstractDocs, this.#global);
    this.#df.set(s, count);
    return count;
  }

  /** lunr's idf of a stem as this segment's build weighed it (0 for a stem it does not know). */
  idf(s: string): number {
    const count = this.#postingCount(s);
    return count > 0 ? lunrIdf(count, this.documentCount) : 0;
  }

  /**
   * One field's posting list of a stem, in the search's paper numbers (ascending), with lunr's BM25 weight of the
   * stem in each: views of the packed arrays when the numbers need no mapping, else mapped once.
   */
  postings(field: FieldName, s: string): Postings {
    const t = this.#termOf.get(s);
    if (t === undefined) return EMPTY_POSTINGS;
    const { offsets, docs, weights } = this.pack[field];
    const start = offsets[t] ?? 0;
    const end = offsets[t + 1] ?? 0;
    if (start === end) return EMPTY_POSTINGS;
    // Kept even when they are plain views: queries ask for the same lists many times (a view costs an allocation).
    const byStem = this.#postings.get(field);
    const cached = byStem?.get(s);
    if (cached) return cached;
    if (this.#offset === 0) {
      const view: Postings = { docs: docs.subarray(start, end), weights: weights.subarray(start, end), scale: 1 };
      byStem?.set(s, view);
      return view;
    }
    const mapped: number[] = [];
    const kept: number[] = [];
    let sorted = true;
    for (let k = start; k < end; k++) {
      const doc = this.#global[docs[k] ?? 0] ?? -1;
      if (doc < 0) continue;
      if (mapped.length > 0 && doc < (mapped[mapped.length - 1] ?? 0)) sorted = false;
      mapped.push(doc);
      kept.push(k);
    }
    const order = mapped.map((_, i) => i);
    if (!sorted) order.sort((a, b) => (mapped[a] ?? 0) - (mapped[b] ?? 0));
    const list: Postings = {
      docs: Int32Array.from(order, (i) => mapped[i] ?? 0),
      weights: Float64Array.from(order, (i) => weights[kept[i] ?? 0] ?? 0),
      scale: 1,
    };
    byStem?.set(s, list);
    return list;
  }

  /** The term numbers of `stems` here, null when one of them is in none of this segment's papers. */
  termNumbers(stems: readonly string[]): number[] | null {
    const out: number[] = [];
    for (const s of stems) {
      const t = this.#termOf.get(s);
      if (t === undefined) return null;
      out.push(t);
    }
    return out;
  }

  /**
   * Whether paper `local` (its number here) has the terms one after another in its title or its abstract: among all
   * its words (`all`, phrases) or among its non-stop words (what lunr indexed). Reads the packed words in place.
   */
  hasSequence(local: number, terms: readonly number[], all: boolean): boolean {
    const first = terms[0];
    if (first === undefined) return false;
    const { textOffsets, text } = this.pack;
    for (let field = 0; field < 2; field++) {
      const end = textOffsets[2 * local + field + 1] ?? 0;
      for (let k = textOffsets[2 * local + field] ?? 0; k < end; k++) {
        const word = text[k] ?? 0;
        if ((!all && (word & STOP_WORD_BIT) !== 0) || (word & ~STOP_WORD_BIT) >>> 0 !== first) continue;
        let matched = 1;
        for (let next = k + 1; matched < terms.length && next < end; next++) {
          const following = text[next] ?? 0;
          if (!all && (following & STOP_WORD_BIT) !== 0) continue;
          if ((following & ~STOP_WORD_BIT) >>> 0 !== terms[matched]) break;
          matched++;
        }
        if (matched === terms.length) return true;
      }
    }
    return false;
  }

  /**
   * A paper's stems in one field, in order, by its number in this segment: with the stop words (`all`, for
   * phrases) or without (what lunr indexed).
   */
  words(local: number, field: FieldName, all: boolean): string[] {
    const { textOffsets, text, terms } = this.pack;
    const start = textOffsets[2 * local + (field === 'title' ? 0 : 1)] ?? 0;
    const end = textOffsets[2 * local + (field === 'title' ? 1 : 2)] ?? 0;
    const out: string[] = [];
    for (let k = start; k < end; k++) {
      const word = text[k] ?? 0;
      if (all || (word & STOP_WORD_BIT) === 0) out.push(terms[(word & ~STOP_WORD_BIT) >>> 0] ?? '');
    }
    return out;
  }
}
