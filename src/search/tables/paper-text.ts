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

/** A paper's non-stop stems counted (IndexedPaper.termCounts). */
export interface TermCounts {
  /** Stem → how often the field has it. */
  title: Map<string, number>;
  abstract: Map<string, number>;
  /** Every stem of the paper, the title's first, each in the order of its first use. */
  stems: Set<string>;
  /** Non-stop words in both fields. */
  length: number;
}

/**
 * A paper and what queries read of its text. Its words are read from the segment that keeps them as term numbers
 * each time a query asks (phrase checks, adjacency, feedback and "similar" terms), and nothing derived from them is
 * kept: kept for every paper a query ever looked at, the stems and counts of feedback papers and the analyses of
 * snippets grew with every search (at 50k papers, 62 MB of live heap after 600 searches) and stayed until
 * the index was replaced. Only a paper no segment keeps the words of (none, normally) is analysed once and kept.
 */
export class IndexedPaper {
  readonly paper: Paper;
  /** The segment holding this paper's words (as term numbers) and its number there: read instead of analysing text. */
  source: { segment: Segment; local: number } | undefined;
  #titleContent: string[] | undefined;
  #abstractContent: string[] | undefined;
  #counts: TermCounts | undefined;
  #titleStems: string[] | undefined;
  #abstractStems: string[] | undefined;

  constructor(paper: Paper) {
    this.paper = paper;
  }

  /** Stems of the non-stop words of the title and of the abstract, in order: what lunr indexes. */
  get titleContent(): string[] {
    return this.#stored('title', false) ?? (this.#titleContent ??= indexTerms(this.paper.title));
  }

  get abstractContent(): string[] {
    return this.#stored('abstract', false) ?? (this.#abstractContent ??= indexTerms(this.paper.abstract));
  }

  /** A field's stems as its segment keeps them (with stop words when `all`), if a segment does. */
  #stored(field: FieldName, all: boolean): string[] | undefined {
    return this.source?.segment.words(this.source.local, field, all);
  }

  /** Counts of those stems per field, every stem, and how many there are (feedback and "similar" terms): ask once per use. */
  termCounts(): TermCounts {
    if (this.#counts) return this.#counts;
    const title = this.titleContent;
    const abstract = this.abstractContent;
    const made = { title: counts(title), abstract: counts(abstract), stems: new Set([...title, ...abstract]), length: title.length + abstract.length };
    if (!this.source) this.#counts = made;
    return made;
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

  /** Stems of every word of the title and of the abstract, stop words included (phrases are checked on them). */
  get titleStems(): readonly string[] {
    return this.#stored('title', true) ?? (this.#titleStems ??= words(this.paper.title).map(stem));
  }

  get abstractStems(): readonly string[] {
    return this.#stored('abstract', true) ?? (this.#abstractStems ??= words(this.paper.abstract).map(stem));
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
