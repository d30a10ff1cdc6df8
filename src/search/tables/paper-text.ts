/**
 * Per-paper stems: what queries read of a paper's text (phrases, adjacency, long forms, feedback, snippets), read
 * from the segment that keeps its words as term numbers, or analysed from the text on first use and kept.
 */
import type { Paper } from '../../papers/paper.ts';
import { containsSequence, indexTerms, isStopWord, stem, words } from '../query.ts';
import type { FieldName } from '../retrieve/lunr-index.ts';
import type { Segment } from '../retrieve/segment.ts';

/**
 * A run of stems a query looks for in papers (a phrase, a long form, a pair of query words), with its term numbers
 * in each segment looked up once per query rather than once per paper.
 */
export class StemSequence {
  readonly stems: readonly string[];
  readonly #terms = new Map<Segment, number[] | null>();
  /** Per paper number, 1 where the paper has every one of the stems (made by the corpus on first use). */
  papersWithAll: Uint16Array | undefined;

  constructor(stems: readonly string[]) {
    this.stems = stems;
  }

  /** Its term numbers in `segment` (null: some stem is in none of its papers). */
  termsIn(segment: Segment): number[] | null {
    let terms = this.#terms.get(segment);
    if (terms === undefined) {
      terms = segment.termNumbers(this.stems);
      this.#terms.set(segment, terms);
    }
    return terms;
  }
}

/** A quoted phrase as a query checks it: its stems with the stop words, and without (what the index holds). */
export interface PhraseCheck {
  all: StemSequence;
  content: StemSequence;
}

export function phraseCheck(phrase: { words: readonly string[]; stems: readonly string[] }): PhraseCheck {
  return { all: new StemSequence(phrase.stems), content: new StemSequence(phrase.words.filter((word) => !isStopWord(word)).map(stem)) };
}

/** Whether a stem is a word worth weighing (feedback, "similar"): two characters or more, a letter among them. */
export function isContentStem(s: string): boolean {
  return s.length >= 2 && /\p{L}/u.test(s);
}

/**
 * A paper and what queries read of its text, each part analysed on first use and kept (only papers a query actually
 * looks at are analysed: phrase checks, adjacency of the best candidates, feedback papers). A snippet's analysis of
 * the abstract is not kept here: it is made again whenever a hit's snippet is (kept for every paper ever shown, those
 * analyses held ~45 MB after 600 searches at 50k papers).
 */
export class IndexedPaper {
  readonly paper: Paper;
  /** The segment holding this paper's words (as term numbers) and its number there: read instead of analysing text. */
  source: { segment: Segment; local: number } | undefined;
  #titleContent: string[] | undefined;
  #abstractContent: string[] | undefined;
  #titleCounts: Map<string, number> | undefined;
  #abstractCounts: Map<string, number> | undefined;
  #stems: Set<string> | undefined;
  #titleStems: string[] | undefined;
  #abstractStems: string[] | undefined;

  constructor(paper: Paper) {
    this.paper = paper;
  }

  /** Stems of the non-stop words of the title and of the abstract, in order: what lunr indexes. */
  get titleContent(): string[] {
    return (this.#titleContent ??= this.#stored('title', false) ?? indexTerms(this.paper.title));
  }

  get abstractContent(): string[] {
    return (this.#abstractContent ??= this.#stored('abstract', false) ?? indexTerms(this.paper.abstract));
  }

  /** A field's stems as its segment keeps them (with stop words when `all`), if a segment does. */
  #stored(field: FieldName, all: boolean): string[] | undefined {
    return this.source?.segment.words(this.source.local, field, all);
  }

  /** Counts of those stems, per field (feedback and "similar" terms). */
  get titleCounts(): Map<string, number> {
    return (this.#titleCounts ??= counts(this.titleContent));
  }

  get abstractCounts(): Map<string, number> {
    return (this.#abstractCounts ??= counts(this.abstractContent));
  }

  /** Every (non-stop) stem the paper contains. */
  get stems(): Set<string> {
    return (this.#stems ??= new Set([...this.titleContent, ...this.abstractContent]));
  }

  /** Whether the title or the abstract holds this stem sequence (stop words included). */
  hasPhrase(sequence: StemSequence): boolean {
    const { stems } = sequence;
    return this.#storedSequence(sequence, true) ?? (containsSequence(this.titleStems, stems) || containsSequence(this.abstractStems, stems));
  }

  /** Whether the title or the abstract holds these stems one after another among its non-stop words. */
  hasContentSequence(sequence: StemSequence): boolean {
    const { stems } = sequence;
    return this.#storedSequence(sequence, false) ?? (containsSequence(this.titleContent, stems) || containsSequence(this.abstractContent, stems));
  }

  /** The same checks on the words its segment keeps, without decoding them (undefined: no segment keeps them). */
  #storedSequence(sequence: StemSequence, all: boolean): boolean | undefined {
    if (!this.source) return undefined;
    const { segment, local } = this.source;
    const terms = sequence.termsIn(segment);
    return terms !== null && segment.hasSequence(local, terms, all);
  }

  /** Stems of every word of the title and of the abstract, stop words included (kept: phrases are checked on them). */
  get titleStems(): readonly string[] {
    return (this.#titleStems ??= this.#stored('title', true) ?? words(this.paper.title).map(stem));
  }

  get abstractStems(): readonly string[] {
    return (this.#abstractStems ??= this.#stored('abstract', true) ?? words(this.paper.abstract).map(stem));
  }

  /** Reads every part of the text a query may ask for (warm-up, for papers no segment keeps the words of). */
  analyse(): void {
    void this.titleContent;
    void this.abstractContent;
    void this.titleStems;
    void this.abstractStems;
  }
}

function counts(stems: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of stems) out.set(s, (out.get(s) ?? 0) + 1);
  return out;
}
