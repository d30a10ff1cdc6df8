/**
 * BM25F over two fields (title, abstract) with "concepts" as the unit of a query.
 *
 * A concept is one thing the user asked for, written any of several ways: the typed word ("kv"), its acronym
 * expansion ("key value", matched as adjacent words), a corrected spelling. Its occurrences are pooled across
 * the alternatives and across the fields (weighted, length-normalised per field) before BM25's saturation, and
 * its rarity (idf) is that of the papers containing any alternative, so spelling a concept two ways neither
 * doubles its weight nor splits it into two rare words (the "synonym" operator of Indri / Lucene's BM25F).
 */

/** The non-stop word stems of a paper's fields, in order (what is matched and counted). */
export interface FieldStems {
  title: readonly string[];
  abstract: readonly string[];
}

export interface Concept {
  /** For explanations and tests: what the concept stands for. */
  label: string;
  /** Ways of writing it, each a sequence of stems that must appear adjacent (usually one stem). */
  alternatives: ReadonlyArray<readonly string[]>;
  /** Multiplier on its score: 1 for what was typed, less for feedback terms. */
  weight: number;
}

export interface Bm25Options {
  k1: number;
  /** Length normalisation per field (0 = none, 1 = full). */
  bTitle: number;
  bAbstract: number;
  /** An occurrence in the title counts this many abstract occurrences. */
  titleWeight: number;
}

export const DEFAULT_BM25: Bm25Options = { k1: 1.2, bTitle: 0.5, bAbstract: 0.75, titleWeight: 3 };

/** Occurrences of a concept in one paper, per field. */
export interface ConceptMatch {
  title: number;
  abstract: number;
}

interface FieldIndex {
  stems: readonly string[];
  tf: Map<string, number>;
}

function termFrequencies(stems: readonly string[]): Map<string, number> {
  const tf = new Map<string, number>();
  for (const s of stems) tf.set(s, (tf.get(s) ?? 0) + 1);
  return tf;
}

/** How often `phrase` occurs contiguously in `stems`. */
export function countSequence(stems: readonly string[], phrase: readonly string[]): number {
  const first = phrase[0];
  if (first === undefined) return 0;
  let count = 0;
  outer: for (let i = 0; i + phrase.length <= stems.length; i++) {
    if (stems[i] !== first) continue;
    for (let j = 1; j < phrase.length; j++) if (stems[i + j] !== phrase[j]) continue outer;
    count++;
  }
  return count;
}

export class CorpusIndex {
  readonly #title: FieldIndex[] = [];
  readonly #abstract: FieldIndex[] = [];
  /** stem → indices of the papers containing it (ascending). */
  readonly #postings = new Map<string, number[]>();
  readonly #avgTitle: number;
  readonly #avgAbstract: number;

  constructor(docs: readonly FieldStems[]) {
    let titleTotal = 0;
    let abstractTotal = 0;
    docs.forEach((doc, i) => {
      const title = { stems: doc.title, tf: termFrequencies(doc.title) };
      const abstract = { stems: doc.abstract, tf: termFrequencies(doc.abstract) };
      this.#title.push(title);
      this.#abstract.push(abstract);
      titleTotal += doc.title.length;
      abstractTotal += doc.abstract.length;
      for (const s of new Set([...doc.title, ...doc.abstract])) {
        const list = this.#postings.get(s);
        if (list) list.push(i);
        else this.#postings.set(s, [i]);
      }
    });
    this.#avgTitle = docs.length > 0 ? Math.max(1, titleTotal / docs.length) : 1;
    this.#avgAbstract = docs.length > 0 ? Math.max(1, abstractTotal / docs.length) : 1;
  }

  get size(): number {
    return this.#title.length;
  }

  /** Papers containing the stem. */
  df(stem: string): number {
    return this.#postings.get(stem)?.length ?? 0;
  }

  has(stem: string): boolean {
    return this.#postings.has(stem);
  }

  /** BM25's idf for a document frequency (always > 0). */
  idf(df: number): number {
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** Every paper where some alternative of the concept occurs, with its occurrences per field. */
  match(concept: Pick<Concept, 'alternatives'>): Map<number, ConceptMatch> {
    const out = new Map<number, ConceptMatch>();
    for (const alternative of concept.alternatives) {
      if (alternative.length === 0) continue;
      // Candidates from the rarest stem of the alternative, then counted exactly.
      let rarest: number[] | undefined;
      for (const s of alternative) {
        const list = this.#postings.get(s);
        if (!list) {
          rarest = undefined;
          break;
        }
        if (!rarest || list.length < rarest.length) rarest = list;
      }
      if (!rarest) continue;
      for (const doc of rarest) {
        const title = this.#title[doc];
        const abstract = this.#abstract[doc];
        if (!title || !abstract) continue;
        const inTitle = alternative.length === 1 ? (title.tf.get(alternative[0] ?? '') ?? 0) : countSequence(title.stems, alternative);
        const inAbstract =
          alternative.length === 1 ? (abstract.tf.get(alternative[0] ?? '') ?? 0) : countSequence(abstract.stems, alternative);
        if (inTitle + inAbstract === 0) continue;
        const entry = out.get(doc);
        if (entry) {
          entry.title += inTitle;
          entry.abstract += inAbstract;
        } else {
          out.set(doc, { title: inTitle, abstract: inAbstract });
        }
      }
    }
    return out;
  }

  /** BM25F score of one concept in one paper, given its occurrences and the concept's idf. */
  score(doc: number, occurrences: ConceptMatch, idf: number, options: Bm25Options): number {
    const titleLength = this.#title[doc]?.stems.length ?? 0;
    const abstractLength = this.#abstract[doc]?.stems.length ?? 0;
    const title = occurrences.title / (1 - options.bTitle + (options.bTitle * titleLength) / this.#avgTitle);
    const abstract = occurrences.abstract / (1 - options.bAbstract + (options.bAbstract * abstractLength) / this.#avgAbstract);
    const tf = options.titleWeight * title + abstract;
    return (idf * (tf * (options.k1 + 1))) / (tf + options.k1);
  }

  /** The stems of a paper's fields with their counts (for feedback and "similar"). */
  termCounts(doc: number): { title: ReadonlyMap<string, number>; abstract: ReadonlyMap<string, number>; length: number } {
    const title = this.#title[doc];
    const abstract = this.#abstract[doc];
    return {
      title: title?.tf ?? new Map(),
      abstract: abstract?.tf ?? new Map(),
      length: (title?.stems.length ?? 0) + (abstract?.stems.length ?? 0),
    };
  }
}
