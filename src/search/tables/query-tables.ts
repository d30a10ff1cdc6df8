/**
 * The two corpus-wide tables queries read besides the index: the acronym table (mined definitions plus the standard
 * list) and the spelling vocabulary (folded surface words → papers using them). Each comes with the packed index,
 * is carried over from a base search, or is built on first use, or by the warm-up a slice at a time.
 */
import type { Paper } from '../../papers/paper.ts';
import { isStopWord, words } from '../query.ts';
import type { Corpus } from '../retrieve/corpus.ts';
import { AcronymTable, AcronymTableBuilder, type LongForm } from './acronyms.ts';
import { Speller } from './spelling.ts';

/** What queries use while a running warm-up is still building the real ones: no expansions, no corrections. */
const NO_ACRONYMS = new AcronymTable().seal();
const NO_SPELLER = new Speller(new Map());

/** Folded surface words of a paper, as the spelling vocabulary counts them. */
export function spellingWords(paper: Paper): Set<string> {
  const out = new Set<string>();
  for (const word of [...words(paper.title), ...words(paper.abstract)]) {
    if (!isStopWord(word) && /\p{L}/u.test(word)) out.add(word);
  }
  return out;
}

/** Finished tables handed over (from the packed index, or carried over from a base search). */
export interface KeptTables {
  /** Acronym definitions mined so far (unsealed). */
  acronymBuilder?: AcronymTableBuilder;
  vocabulary?: Map<string, number>;
}

export class QueryTables {
  readonly #corpus: Corpus;
  readonly #useAcronyms: boolean;
  /** Whether queries go on without a table not built yet rather than build it now (see the search's warm-up). */
  readonly #deferred: () => boolean;
  #acronymTable: AcronymTable | undefined;
  #spellerInstance: Speller | undefined;
  /** Partial builds of the two (warmUp advances them a slice at a time; first use finishes them). */
  #acronymBuild: { builder: AcronymTableBuilder; next: number } | undefined;
  #vocabularyBuild: { vocabulary: Map<string, number>; next: number } | undefined;
  /** The finished ones, kept so a search extended from this one starts from them. */
  #acronymBuilder: AcronymTableBuilder | undefined;
  #vocabulary: Map<string, number> | undefined;

  constructor(corpus: Corpus, useAcronyms: boolean, kept: KeptTables, deferred: () => boolean) {
    this.#corpus = corpus;
    this.#useAcronyms = useAcronyms;
    this.#deferred = deferred;
    if (kept.acronymBuilder) {
      this.#acronymBuilder = kept.acronymBuilder;
      this.#acronymTable = kept.acronymBuilder.finish();
    }
    if (kept.vocabulary) {
      this.#vocabulary = kept.vocabulary;
      this.#spellerInstance = new Speller(kept.vocabulary);
    }
  }

  /**
   * The acronym table, mined from the corpus on first use (or by warmUp, a slice at a time). While a warm-up is
   * building it, queries may go on without it rather than wait (seconds at 50k papers): see `provisional`.
   */
  get acronyms(): AcronymTable {
    if (!this.#acronymTable && !this.#deferred()) this.acronymStep(Number.POSITIVE_INFINITY);
    return this.#acronymTable ?? NO_ACRONYMS;
  }

  /** The spelling vocabulary's speller, gathered on first use (or by warmUp). */
  get speller(): Speller {
    if (!this.#spellerInstance && !this.#deferred()) this.spellerStep(Number.POSITIVE_INFINITY);
    return this.#spellerInstance ?? NO_SPELLER;
  }

  /** Whether both tables are built. */
  get ready(): boolean {
    return this.#acronymTable !== undefined && this.#spellerInstance !== undefined;
  }

  get acronymsReady(): boolean {
    return this.#acronymTable !== undefined;
  }

  get spellerReady(): boolean {
    return this.#spellerInstance !== undefined;
  }

  /** Whether a query now runs without a table the warm-up is still building (its results are not cached). */
  get provisional(): boolean {
    return this.#deferred() && !this.ready;
  }

  /** The finished tables, to carry over into a search extended from this one. */
  get kept(): KeptTables {
    return {
      ...(this.#acronymBuilder ? { acronymBuilder: this.#acronymBuilder } : {}),
      ...(this.#vocabulary ? { vocabulary: this.#vocabulary } : {}),
    };
  }

  /** Both tables as plain data, built now if they are not yet (what the packed index keeps). */
  finished(): { acronyms: Array<[string, LongForm[]]>; vocabulary: Map<string, number> } {
    this.acronymStep(Number.POSITIVE_INFINITY);
    this.spellerStep(Number.POSITIVE_INFINITY);
    return { acronyms: this.#acronymBuilder?.definitions() ?? [], vocabulary: this.#vocabulary ?? new Map() };
  }

  /**
   * Mines definitions from papers until `deadline` (performance.now()); seals the table once every paper is mined.
   * Papers in order, then the standard abbreviations (AcronymTableBuilder): the same table as buildAcronymTable.
   */
  acronymStep(deadline: number): void {
    if (this.#acronymTable) return;
    if (!this.#useAcronyms) {
      this.#acronymTable = new AcronymTable();
      return;
    }
    const build = (this.#acronymBuild ??= { builder: new AcronymTableBuilder(), next: 0 });
    const { entries } = this.#corpus;
    while (build.next < entries.length) {
      const doc = build.next++;
      const entry = entries[doc];
      if (entry && this.#corpus.isLive(doc)) build.builder.addText(`${entry.paper.title}. ${entry.paper.abstract}`);
      if (performance.now() >= deadline) return;
    }
    this.#acronymTable = build.builder.finish();
    this.#acronymBuilder = build.builder;
    this.#acronymBuild = undefined;
  }

  /** Gathers the vocabulary of papers until `deadline`; makes the speller once every paper is read. */
  spellerStep(deadline: number): void {
    if (this.#spellerInstance) return;
    const build = (this.#vocabularyBuild ??= { vocabulary: new Map<string, number>(), next: 0 });
    const { vocabulary } = build;
    const { entries } = this.#corpus;
    while (build.next < entries.length) {
      const doc = build.next++;
      const entry = entries[doc];
      if (entry && this.#corpus.isLive(doc)) {
        for (const word of spellingWords(entry.paper)) vocabulary.set(word, (vocabulary.get(word) ?? 0) + 1);
      }
      if (performance.now() >= deadline) return;
    }
    this.#spellerInstance = new Speller(vocabulary);
    this.#vocabulary = vocabulary;
    this.#vocabularyBuild = undefined;
  }
}
