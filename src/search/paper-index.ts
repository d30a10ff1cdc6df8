/**
 * The paper search: a lunr index over titles (boosted) and abstracts, queried only through structured clauses, never
 * `index.search(text)`. A query goes through the pipeline (pipeline.ts, steps in README "The pipeline"): parse
 * (query.ts) → plan (plan/) → retrieve and score BM25 over both fields (retrieve/, score/) → re-rank stages
 * (rerank/) → page (page/). This module wires them into a PaperSearch: it holds the corpus and its tables, the
 * per-query scratch, the result cache and the warm-up state.
 *
 * Lunr builds the index; its posting lists and weights are kept packed (retrieve/packed-index.ts), which
 * `packedIndexOf` gives and `createPaperSearch` takes back (the index cache). `extendPaperSearch` serves a search's
 * papers plus added or changed ones from a second, small index (a segment, retrieve/segment.ts), its weights
 * rescaled so both compare as one index's would.
 */
// lunr #503 would lose indexed words (and throw on phantom ones) without this patch: import it before any index.
import './lunr-patch.ts';
import type { Paper } from '../papers/paper.ts';
import { rankFeed } from './learn/feed.ts';
import { hasPreferences } from './learn/profile.ts';
import { hitOf, snippetQueryOf } from './page/hits.ts';
import type { SnippetQuery } from './page/snippet.ts';
import { phraseNotice } from './page/phrase-notice.ts';
import { ResultCache } from './page/result-cache.ts';
import { prepareQuery, type Prepared, type SearchContext } from './pipeline.ts';
import { correctionNotice, requiredWordsNotice, suggestWords, unknownWordsNotice } from './plan/correct.ts';
import { filtersNotice, parseQuery } from './query.ts';
import { clampInt, DEFAULT_LIMIT, DEFAULT_RANKING, MAX_LIMIT, type RankingOptions } from './ranking-options.ts';
import { createParts, extendParts, type SearchParts } from './retrieve/build.ts';
import { Corpus } from './retrieve/corpus.ts';
import type { PackedIndex } from './retrieve/packed-index.ts';
import type { RunOptions } from './rerank/stage.ts';
import { ScoreAccumulator } from './score/accumulator.ts';
import type { Ranked } from './score/order.ts';
import { Collector } from './score/collect.ts';
import { similarPapers } from './similar.ts';
import { QueryTables } from './tables/query-tables.ts';
import type { LearnedNote, PaperSearch, SearchHit, SearchOptions, SearchPage, WarmUpOptions } from './types.ts';
import { warmUpQueries, warmUpSearch, type WarmUpTarget } from './warm-up.ts';

export { DEFAULT_BM25, DEFAULT_LIMIT, DEFAULT_RANKING, MAX_LIMIT, QUERY_BUDGET_MS, type Bm25Options, type RankingOptions } from './ranking-options.ts';
export { editDistance } from './tables/edit-distance.ts';

/**
 * Only the best `RANK_PREFIX` matches (at least the page asked for) are put in full order; the rest are only counted.
 */
const RANK_PREFIX = 1000;
/** From this many papers on, queries during a warm-up do not wait for its acronym table and spelling vocabulary. */
const DEFERRED_TABLES_MIN_PAPERS = 2000;

class LunrPaperSearch implements PaperSearch {
  readonly #corpus: Corpus;
  readonly #tables: QueryTables;
  readonly #ranking: RankingOptions;
  readonly #context: SearchContext;
  readonly #cache = new ResultCache();
  /** A warm-up is running (aborted or finished: false). */
  #warmingUp = false;
  /** `prime` is running its queries (they go on without tables not built yet, as during a warm-up). */
  #priming = false;
  /** `prime` ran its queries with both tables in place: the warm-up has no query code left to compile. */
  #primedFully = false;

  /**
   * Cheap given packed indexes: only maps and scratch buffers. What the packs do not hold (merged posting lists of
   * several segments, the spelling vocabulary and acronym table when not kept, snippets) is derived on first use.
   */
  constructor(parts: SearchParts, ranking: RankingOptions) {
    this.#ranking = ranking;
    this.#corpus = new Corpus(parts.corpus);
    this.#tables = new QueryTables(this.#corpus, ranking.acronyms, parts.tables, () => this.#tablesDeferred);
    const accumulator = new ScoreAccumulator(this.#corpus);
    this.#context = {
      corpus: this.#corpus,
      tables: this.#tables,
      ranking,
      accumulator,
      collector: new Collector(accumulator, this.#corpus.slots),
    };
  }

  static create(papers: readonly Paper[], ranking: RankingOptions, prebuilt?: PackedIndex): LunrPaperSearch {
    return new LunrPaperSearch(createParts(papers, ranking, prebuilt), ranking);
  }

  static extend(base: LunrPaperSearch, changed: readonly Paper[], removedIds: readonly string[], prebuilt?: PackedIndex): LunrPaperSearch {
    const parts = extendParts({ corpus: base.#corpus, tables: base.#tables.kept }, base.#ranking, changed, removedIds, prebuilt);
    return new LunrPaperSearch(parts, base.#ranking);
  }

  /**
   * Whether queries go on without the tables a running warm-up has not finished: on a large corpus, where building
   * them at once would hold a query for seconds. On a small one a query builds them (tens of ms).
   */
  get #tablesDeferred(): boolean {
    return (this.#warmingUp || this.#priming) && this.#corpus.liveCount > DEFERRED_TABLES_MIN_PAPERS;
  }

  /**
   * Precomputes what queries would otherwise derive on first use (warm-up.ts). While it runs over a large corpus,
   * queries go on without the acronym table and spelling vocabulary it has not finished (those answers are not cached).
   */
  async warmUp(options: WarmUpOptions = {}): Promise<void> {
    this.#warmingUp = true;
    try {
      await warmUpSearch(
        this.#warmUpTarget(),
        options,
      );
    } finally {
      this.#warmingUp = false;
    }
  }

  #warmUpTarget(): WarmUpTarget {
    const search = this;
    return {
      corpus: this.#corpus,
      tables: this.#tables,
      get primedFully(): boolean {
        return search.#primedFully;
      },
      runUnkept: (query) => this.#runUnkept(query),
    };
  }

  prime(): void {
    this.#priming = true;
    try {
      for (const query of warmUpQueries(this.#corpus)) this.#runUnkept(query);
      this.#primedFully = this.#tables.ready;
    } finally {
      this.#priming = false;
    }
  }

  /**
   * Answers a query without keeping the answer, to compile the query code: at 50k papers the first query after a
   * start takes ~90 ms, ~20 once compiled.
   */
  #runUnkept(query: string): void {
    const parsed = parseQuery(query);
    if (parsed.status === 'ok') prepareQuery(this.#context, parsed, { matchAll: false, need: DEFAULT_LIMIT });
  }

  get size(): number {
    return this.#corpus.liveCount;
  }

  /**
   * The packed index of a search that is one segment serving all its papers, with the corpus tables when asked
   * (built now if they are not yet): what the index cache keeps. Undefined for a search of several segments.
   */
  packed(withTables: boolean): PackedIndex | undefined {
    const segment = this.#corpus.direct;
    if (!segment) return undefined;
    const { tables: _kept, ...pack } = segment.pack;
    if (!withTables) return pack;
    return { ...pack, tables: this.#tables.finished() };
  }

  get(id: string): Paper | undefined {
    const doc = this.#corpus.byId.get(id);
    return doc === undefined ? undefined : this.#corpus.paper(doc);
  }

  search(query: string, options: SearchOptions = {}): SearchPage {
    const parsed = parseQuery(query);
    const offset = clampInt(options.offset, 0, Number.MAX_SAFE_INTEGER, 0);
    const limit = clampInt(options.limit, 1, MAX_LIMIT, DEFAULT_LIMIT);
    const page: SearchPage = {
      query: parsed.text,
      correctedQuery: null,
      total: 0,
      offset,
      hits: [],
      suggestions: [],
      notice: parsed.notice,
    };
    const preferences = hasPreferences(options.preferences) ? options.preferences : undefined;
    // No words but example papers (or likes): a feed of papers like them (learn/feed.ts).
    const feed = parsed.status === 'empty' && preferences !== undefined;
    if (parsed.status !== 'ok' && !feed) return page;

    const matchAll = options.match === 'all';
    const { exclude, recentFirst, within } = options;
    // A search excluding papers is one caller's (a channel's digest), and one within given papers (a top list's
    // week) too: ranked only as deep as asked, and not cached unless nothing is excluded and nothing restricted.
    // A channel's preferences make its ranking its own: never cached.
    const cacheable = (exclude === undefined || exclude.size === 0) && within === undefined && preferences === undefined;
    const run: RunOptions = {
      matchAll,
      need: exclude === undefined && within === undefined ? Math.max(RANK_PREFIX, offset + limit) : offset + limit,
      ...(exclude === undefined || exclude.size === 0 ? {} : { exclude }),
      ...(within === undefined ? {} : { within }),
      ...(recentFirst === undefined ? {} : { recentFirst }),
      ...(preferences === undefined ? {} : { preferences }),
      ...(options.unbounded === true ? { unbounded: true } : {}),
    };
    if (feed) {
      page.notice = null;
      const ranking = rankFeed(this.#context, preferences, run);
      page.total = ranking.total;
      page.hits = ranking.ranked.slice(offset, offset + limit).map((item) => this.#hit(item, ranking.note, { stems: new Set() }));
      return page;
    }
    const key = `${matchAll ? 'all' : 'any'}\u0000${recentFirst ?? ''}\u0000${parsed.text}`;
    let prepared: Prepared | undefined = cacheable ? this.#cache.get(key) : undefined;
    // Answered without the acronym table or the spelling vocabulary (still being built): kept out of the cache.
    const provisional = this.#tables.provisional;
    if (prepared && !prepared.complete && prepared.ranked.length < run.need) prepared = undefined;
    if (prepared) {
      this.#cache.delete(key);
    } else {
      prepared = prepareQuery(this.#context, parsed, run);
    }
    if (cacheable && !provisional && !prepared.partial) this.#cache.set(key, prepared);
    if (preferences !== undefined && preferences.neighbours !== true && prepared.ranked.length > 1) {
      // A search with a channel's taste keeps the words' best match first: the query stays the anchor (a title
      // search finds its paper first whatever the channel rated); the taste orders the rest.
      const { preferences: _taste, offset: _offset, limit: _limit, ...plain } = options;
      const first = this.search(query, { ...plain, limit: 1 }).hits[0];
      const doc = first === undefined ? undefined : this.#corpus.byId.get(first.paper.id);
      const at = doc === undefined ? -1 : prepared.ranked.findIndex((item) => item.doc === doc);
      const item = prepared.ranked[at];
      if (at > 0 && item) prepared = { ...prepared, ranked: [item, ...prepared.ranked.slice(0, at), ...prepared.ranked.slice(at + 1)] };
    }

    page.correctedQuery = prepared.correctedQuery;
    page.total = prepared.total;
    if (prepared.total === 0) {
      page.suggestions = suggestWords(parsed, (s) => this.#corpus.knows(s), this.#tables);
      // Words no paper has found nothing before any filter ran: "No papers match", not the filters' fault.
      const findable = (term: { stem: string }): boolean => this.#corpus.knows(term.stem) || this.#tables.acronyms.longForms(term.stem).length > 0;
      const wordsUnknown = parsed.terms.length > 0 && parsed.terms.every((term) => !findable(term));
      // A `+word` no paper has is why, whatever else was typed: named first.
      const notice =
        requiredWordsNotice(parsed, findable) ??
        (page.suggestions.length === 0 ? (phraseNotice(this.#corpus, parsed.phrases) ?? (wordsUnknown ? null : filtersNotice(parsed))) : null);
      if (notice) page.notice = page.notice ? `${page.notice} ${notice}` : notice;
      return page;
    }

    const missing = prepared.correctedQuery !== null && prepared.fixes.length > 0
      ? correctionNotice(prepared.fixes, prepared.unknownWords)
      : unknownWordsNotice(prepared.unknownWords);
    if (missing) page.notice = page.notice ? `${page.notice} ${missing}` : missing;
    const snippetQuery = snippetQueryOf(prepared.effective, prepared.concepts);
    const { note } = prepared;
    page.hits = prepared.ranked.slice(offset, offset + limit).map((item) => this.#hit(item, note, snippetQuery));
    return page;
  }

  /** A ranked paper as a hit, with what the learned stage says of it when the search was given preferences. */
  #hit(item: Ranked, note: ((doc: number) => LearnedNote | undefined) | undefined, snippetQuery: SnippetQuery): SearchHit {
    const hit = hitOf(this.#corpus, item, snippetQuery);
    const learned = note?.(item.doc);
    if (learned) hit.learned = learned;
    return hit;
  }

  similar(id: string, limit = DEFAULT_LIMIT): SearchHit[] {
    return similarPapers(this.#context, id, limit);
  }
}

/**
 * Builds the search over `papers` (duplicate ids keep the first). `index`: the packed index previously made for the
 * same papers and ranking (`packedIndexOf`, e.g. through the index cache), used instead of building one.
 */
export function createPaperSearch(papers: readonly Paper[], ranking: Partial<RankingOptions> = {}, index?: PackedIndex): PaperSearch {
  return LunrPaperSearch.create(papers, { ...DEFAULT_RANKING, ...ranking }, index);
}

/**
 * A search serving `base`'s papers with `changed` ones added or replacing theirs (same id) and `removedIds` gone,
 * indexing only `changed` (or using `index`, the packed index of `createPaperSearch(changed)`, e.g. built in a
 * worker). Scores are comparable across the two indexes (idf over the whole corpus), so results rank as a full
 * rebuild's would, up to lunr's field-length normalisation, which each index does over its own papers. `base` must
 * come from this module.
 */
export function extendPaperSearch(
  base: PaperSearch,
  changed: readonly Paper[],
  options: { removedIds?: readonly string[]; index?: PackedIndex } = {},
): PaperSearch {
  if (!(base instanceof LunrPaperSearch)) throw new Error('extendPaperSearch: the base search was not made by createPaperSearch');
  return LunrPaperSearch.extend(base, changed, options.removedIds ?? [], options.index);
}

/**
 * The packed index behind a search of one index (what `createPaperSearch` takes back, and the cache keeps), with its
 * corpus tables unless `tables` is false; undefined for a search extended with recent papers.
 */
export function packedIndexOf(search: PaperSearch, options: { tables?: boolean } = {}): PackedIndex | undefined {
  return search instanceof LunrPaperSearch ? search.packed(options.tables ?? true) : undefined;
}
