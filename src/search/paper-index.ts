/**
 * The paper search: a lunr index over titles (boosted) and abstracts, queried only through structured clauses.
 * Queries are parsed safely (query.ts) into words, phrases and exclusions; each distinct word becomes a *concept*
 * (the typed word and the other ways of writing it), and every concept becomes `term` clauses of one lunr query
 * (never `index.search(text)`), so lunr retrieves the papers and gives the base score (its per-field BM25, the
 * title field boosted). Layers on top of lunr's score:
 *
 * How a query is answered (each step measured in scripts/eval-search.ts, see README "How search ranks"):
 * 1. Typo fallback: a word the index does not know is replaced by the nearest indexed word (edit distance 1, 2 for
 *    words of 6+ letters, the more frequent on a tie) and the page says which query it shows (`correctedQuery`).
 * 2. Acronyms, both ways, mined from the corpus ("key-value (KV) cache") plus a short standard list: "KV" also
 *    queries "key value", "speech recognition" also queries "ASR" (acronyms.ts). A multi-word long form counts
 *    only where its words sit next to each other, checked on the paper's stems after lunr retrieved it.
 * 3. AND before OR: papers containing every typed concept come first, then the rest; each part by lunr's score
 *    plus a bonus for each pair of consecutive query words that also sit next to each other in the paper
 *    ("remote sensing" prefers papers saying "remote sensing"). `match: 'all'` is exactly the first part.
 * 4. Pseudo-relevance feedback: the distinctive words of the best few papers are asked of lunr in a second query
 *    with small boosts, whose scores are added to the papers already found: it reorders papers within a part (a
 *    "streaming speech recognition" query learns "CTC" from its top hits) and never adds papers, so results are
 *    always papers containing at least one typed concept.
 * 5. Ties go to more upvotes, then the more recent date, then the title.
 * Quoted phrases, +required words and exclusions are enforced on the text.
 *
 * Lunr builds the index; its posting lists and weights are kept packed (packed-index.ts), which `packedIndexOf` gives
 * and `createPaperSearch` takes back (the index cache). `extendPaperSearch` serves a search's papers plus added or
 * changed ones from a second, small index (a segment, segment.ts), its weights rescaled so both compare as one
 * index's would.
 */
// lunr #503 would lose indexed words (and throw on phantom ones) without this patch: import it before any index.
import './lunr-patch.ts';
import type { Paper } from '../papers/paper.ts';
import { AcronymTable, AcronymTableBuilder } from './acronyms.ts';
import { containsSequence, indexTerms, isStopWord, parseQuery, stem, tokenize, words, type ParsedQuery, type QueryPhrase } from './query.ts';
import { analyzeText, makeSnippet, SNIPPET_CHARS, type AnalyzedText, type SnippetQuery } from './snippet.ts';
import { Speller } from './spelling.ts';
import { analyseWords, packIndex, type AnalysedPaper, type PackedIndex } from './packed-index.ts';
import { buildLunrIndex, EMPTY_POSTINGS, FIELDS, lunrIdf, Segment, type FieldName, type Postings } from './segment.ts';
import { unionSize } from './sorted-union.ts';
import type { PaperSearch, SearchHit, SearchOptions, SearchPage, Snippet, WarmUpOptions } from './types.ts';

export { editDistance } from './spelling.ts';

export const DEFAULT_LIMIT = 5;
export const MAX_LIMIT = 50;
/** Suggestions per unknown query word, and in all. */
const MAX_SUGGESTIONS_PER_WORD = 3;
const MAX_SUGGESTIONS = 9;
/** Bounds on query cost: long forms per acronym, words per reverse-acronym lookup. */
const MAX_EXPANSIONS_PER_TERM = 3;
const MAX_LONG_FORM_WORDS = 6;
/** "Similar papers": distinctive words taken from the paper. */
const SIMILAR_TERMS = 20;
/** Unknown query words corrected per query (each correction scans part of the vocabulary). */
const MAX_CORRECTIONS = 8;
/**
 * Bounds on per-query work at scale. Only the best `RANK_PREFIX` matches (at least the page asked for) are put in
 * full order; the rest are only counted. The adjacency bonus and feedback reorder the best `RERANK_CANDIDATES`
 * matches by lunr score (every match on a small corpus). A layer that would end after `QUERY_BUDGET_MS` is dropped
 * whole (only on a cold index at scale: warmed up, queries at 50k papers take tens of ms); such rankings are not cached.
 */
const RANK_PREFIX = 1000;
const RERANK_CANDIDATES = 500;
export const QUERY_BUDGET_MS = 80;
/** Recent results kept per search instance (a new index is a new instance, so a swap empties it). */
const RESULT_CACHE_SIZE = 256;
/**
 * warmUp: default work per slice before yielding to the event loop; posting lists are read ahead for every stem in
 * at least WARM_MIN_DF field postings (feedback reaches for many of them; reading one on first use costs up to a few
 * ms at 50k papers, and all of them together take about as much memory as a tenth of the lunr index).
 */
const WARM_SLICE_MS = 5;
const WARM_MIN_DF = 2;
/** Posting lists of stems in at least this share of papers are read before the rest of the warm-up. */
const WARM_EARLY_SHARE = 0.01;
/** The warm-up queries use words in about this share of papers. */
const WARM_QUERY_SHARE = 0.1;
/** From this many papers on, queries during a warm-up do not wait for its acronym table and spelling vocabulary. */
const DEFERRED_TABLES_MIN_PAPERS = 2000;
/** What queries use while a running warm-up is still building the real ones: no expansions, no corrections. */
const NO_ACRONYMS = new AcronymTable().seal();
const NO_SPELLER = new Speller(new Map());
/** Orders (tier, score) in one number for selecting thresholds; exact order is then settled by the comparator. */
const TIER_SPAN = 2 ** 24;
/** Tier added for a recent paper (`recentFirst`): above every AND-before-OR tier (at most 32 concepts). */
const RECENT_TIER = 64;

/** lunr's BM25 parameters (one b for both fields: lunr has one) and the title field's boost. */
export interface Bm25Options {
  k1: number;
  b: number;
  /** lunr field boost of the title: a title occurrence weighs this many abstract ones. */
  titleWeight: number;
}

export const DEFAULT_BM25: Bm25Options = { k1: 1.2, b: 0.75, titleWeight: 3 };

/** Knobs of the ranking, exposed for the evaluation script's ablations; the defaults are what the bot uses. */
export interface RankingOptions {
  /** Field weight and BM25 parameters of the lunr index. */
  bm25: Bm25Options;
  /**
   * AND before OR. `all`: papers containing every typed concept first, then the rest, each part by score;
   * `count`: by how many of the typed concepts a paper contains (all, then all but one …); `none`: by score only.
   */
  coordination: 'all' | 'count' | 'none';
  /** Bonus per pair of consecutive query words adjacent in the paper, in units of their mean idf. */
  proximityBonus: number;
  /** Expand acronyms and long forms both ways. */
  acronyms: boolean;
  /** Clause boost of an acronym expansion (a typed word has 1); a multi-word long form shares it among its words. */
  expansionBoost: number;
  /** Pseudo-relevance feedback: how many top papers, how many words, their boost relative to a typed word. */
  feedbackDocs: number;
  feedbackTerms: number;
  feedbackWeight: number;
  /** Correct words the index does not know. */
  typoCorrection: boolean;
}

export const DEFAULT_RANKING: RankingOptions = {
  bm25: DEFAULT_BM25,
  coordination: 'all',
  proximityBonus: 2,
  acronyms: true,
  expansionBoost: 1,
  feedbackDocs: 3,
  feedbackTerms: 10,
  feedbackWeight: 0.3,
  typoCorrection: true,
};

/**
 * A run of stems a query looks for in papers (a phrase, a long form, a pair of query words), with its term numbers
 * in each segment looked up once per query rather than once per paper.
 */
class StemSequence {
  readonly stems: readonly string[];
  readonly #terms = new Map<Segment, number[] | null>();
  /** Per paper number, 1 where the paper has every one of the stems (made by the search on first use). */
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
interface PhraseCheck {
  all: StemSequence;
  content: StemSequence;
}

function phraseCheck(phrase: { words: readonly string[]; stems: readonly string[] }): PhraseCheck {
  return { all: new StemSequence(phrase.stems), content: new StemSequence(phrase.words.filter((word) => !isStopWord(word)).map(stem)) };
}

/**
 * A paper and what queries read of its text, each part analysed on first use and kept (only papers a query actually
 * looks at are analysed: snippets of shown hits, phrase checks, adjacency of the best candidates, feedback papers).
 */
class IndexedPaper {
  readonly paper: Paper;
  /** The segment holding this paper's words (as term numbers) and its number there: read instead of analysing text. */
  source: { segment: Segment; local: number } | undefined;
  #title: AnalyzedText | undefined;
  #abstract: AnalyzedText | undefined;
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

  /** Words and stems (stop words included) of the title and the abstract, for phrases and snippets. */
  get title(): AnalyzedText {
    return (this.#title ??= analyzeText(this.paper.title));
  }

  get abstract(): AnalyzedText {
    return (this.#abstract ??= analyzeText(this.paper.abstract));
  }

  /** Stems of the non-stop words of the title and of the abstract, in order: what lunr indexes. */
  get titleContent(): string[] {
    return (this.#titleContent ??= this.#stored('title', false) ?? (this.#title ? contentStems(this.#title) : indexTerms(this.paper.title)));
  }

  get abstractContent(): string[] {
    return (this.#abstractContent ??=
      this.#stored('abstract', false) ?? (this.#abstract ? contentStems(this.#abstract) : indexTerms(this.paper.abstract)));
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
    return this.#title?.stems ?? (this.#titleStems ??= this.#stored('title', true) ?? words(this.paper.title).map(stem));
  }

  get abstractStems(): readonly string[] {
    return this.#abstract?.stems ?? (this.#abstractStems ??= this.#stored('abstract', true) ?? words(this.paper.abstract).map(stem));
  }
}

/** One typed word and the other ways of writing it. */
interface QueryConcept {
  /** The typed stem. */
  stem: string;
  /** Ways of writing it (the typed stem first), each a sequence of stems that must appear adjacent. */
  alternatives: Array<readonly string[]>;
  /** Stem sequences (stop words included) of its multi-word alternatives, to mark as phrases. */
  highlightPhrases: string[][];
}

interface Ranked {
  doc: number;
  score: number;
  /** How many of the typed concepts the paper contains. */
  matched: number;
  /** Its tier (recent first, AND before OR): higher tiers rank first whatever the score. */
  tier: number;
}

/** Whether a sorted list holds a value (binary search). */
function sortedHas(list: Int32Array, value: number): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = list[mid] ?? 0;
    if (at === value) return true;
    if (at < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** How deep to rank, and what the caller's options change in the ranking. */
interface RunOptions {
  matchAll: boolean;
  need: number;
  exclude?: ReadonlySet<string>;
  recentFirst?: string;
}

/** A query's ranking, kept for paging: the best matches in order, and how many there are. */
interface Prepared {
  effective: ParsedQuery;
  correctedQuery: string | null;
  concepts: QueryConcept[];
  /** The first matches in full order (all of them when `complete`). */
  ranked: Ranked[];
  total: number;
  complete: boolean;
  /** A layer was skipped because the time budget ran out (a cold index): such a ranking is not cached. */
  partial: boolean;
}

/** Stems of the non-stop words of an analyzed text, in order: what is indexed. */
function contentStems(text: AnalyzedText): string[] {
  const out: string[] = [];
  text.tokens.forEach((token, i) => {
    const stemmed = text.stems[i];
    if (stemmed !== undefined && !isStopWord(token.word)) out.push(stemmed);
  });
  return out;
}

function counts(stems: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of stems) out.set(s, (out.get(s) ?? 0) + 1);
  return out;
}

function compareTieBreak(a: Paper, b: Paper): number {
  const upvotes = (b.upvotes ?? 0) - (a.upvotes ?? 0);
  if (upvotes !== 0) return upvotes;
  const dateA = a.date ?? '';
  const dateB = b.date ?? '';
  if (dateA !== dateB) return dateA < dateB ? 1 : -1;
  return a.title.localeCompare(b.title);
}

/** The k-th smallest of `values` (0-based), partly reordering them: Hoare's selection, linear time expected. */
function selectKth(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1] ?? 0;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] ?? 0) < pivot) i++;
      while ((values[j] ?? 0) > pivot) j--;
      if (i <= j) {
        const swap = values[i] ?? 0;
        values[i] = values[j] ?? 0;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k] ?? 0;
  }
  return values[k] ?? 0;
}

/** A YYYY-MM-DD day as the number YYYYMMDD (ordered as the days are); 0 for none or anything else. */
function dayNumber(day: string | null): number {
  if (day === null || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return 0;
  return Number(day.slice(0, 4)) * 10_000 + Number(day.slice(5, 7)) * 100 + Number(day.slice(8, 10));
}

function popcount(mask: number): number {
  let v = mask >>> 0;
  let count = 0;
  while (v !== 0) {
    v &= v - 1;
    count++;
  }
  return count;
}

function clampInt(value: number | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.trunc(value)));
}

function isContentStem(s: string): boolean {
  return s.length >= 2 && /\p{L}/u.test(s);
}

/** What a search is made of: its papers (superseded ones included, marked dead) and the lunr segments over them. */
interface SearchParts {
  entries: IndexedPaper[];
  /** 1 for each paper served (null: all of them). A paper re-indexed in a later segment is dead in the earlier one. */
  live: Uint8Array | null;
  /** id → paper number of the served version. */
  byId: Map<string, number>;
  segments: Segment[];
  /** Acronym definitions mined so far (unsealed) and the spelling vocabulary, when carried over from a base search. */
  acronymBuilder?: AcronymTableBuilder;
  vocabulary?: Map<string, number>;
}

/**
 * Indexes papers: lunr builds the index of their non-stop stems, which is packed with every word's stem (stop words
 * marked); the lunr index itself is not kept.
 */
function indexPapers(papers: readonly Paper[], bm25: Bm25Options): PackedIndex {
  const analysed: AnalysedPaper[] = papers.map((paper) => ({ id: paper.id, title: analyseWords(paper.title), abstract: analyseWords(paper.abstract) }));
  const content = (field: readonly { stem: string; stopWord: boolean }[]): string[] => field.flatMap((word) => (word.stopWord ? [] : [word.stem]));
  const index = buildLunrIndex(
    analysed.map((paper) => ({ id: paper.id, title: content(paper.title), abstract: content(paper.abstract) })),
    bm25,
  );
  return packIndex(index, analysed);
}

/** A segment over `pack` serving the papers `docs` maps to entries; those entries then read their words from it. */
function attachSegment(pack: PackedIndex, docs: ReadonlyMap<string, number>, entries: readonly IndexedPaper[]): Segment {
  const segment = new Segment(pack, docs);
  segment.papers.forEach((doc, local) => {
    const entry = doc >= 0 ? entries[doc] : undefined;
    if (entry) entry.source = { segment, local };
  });
  return segment;
}

/** Folded surface words of a paper, as the spelling vocabulary counts them. */
function spellingWords(paper: Paper): Set<string> {
  const out = new Set<string>();
  for (const word of [...words(paper.title), ...words(paper.abstract)]) {
    if (!isStopWord(word) && /\p{L}/u.test(word)) out.add(word);
  }
  return out;
}

class LunrPaperSearch implements PaperSearch {
  readonly #entries: IndexedPaper[];
  readonly #live: Uint8Array | null;
  readonly #liveCount: number;
  readonly #byId: Map<string, number>;
  readonly #segments: Segment[];
  /** One segment serving every paper it indexed: its posting lists are the search's, as they are. */
  readonly #direct: Segment | null;
  /** stem → number of papers containing it (idf of feedback and "similar" terms), read from lunr on first use. */
  readonly #df = new Map<string, number>();
  #acronymTable: AcronymTable | undefined;
  #spellerInstance: Speller | undefined;
  /** Partial builds of the two (warmUp advances them a slice at a time; first use finishes them). */
  #acronymBuild: { builder: AcronymTableBuilder; next: number } | undefined;
  #vocabularyBuild: { vocabulary: Map<string, number>; next: number } | undefined;
  /** The finished ones, kept so a search extended from this one starts from them. */
  #acronymBuilder: AcronymTableBuilder | undefined;
  #vocabulary: Map<string, number> | undefined;
  readonly #ranking: RankingOptions;
  /** Per field, stem → its posting list over all segments (idf rescaled to the whole corpus), made on first use. */
  readonly #postings = new Map<FieldName, Map<string, Postings>>(FIELDS.map((field) => [field, new Map()]));
  /** Scratch buffers of one query, one slot per paper (reset after use, so no per-query O(papers) allocation). */
  readonly #scores: Float64Array;
  readonly #extra: Float64Array;
  readonly #masks: Uint32Array;
  readonly #seen: Uint8Array;
  readonly #touched: Int32Array;
  /** A query's matches (paper numbers) and, per paper, its tier and concept count; ranking keys and a copy. */
  readonly #candidates: Int32Array;
  readonly #tiers: Uint8Array;
  readonly #matched: Uint8Array;
  readonly #keys: Float64Array;
  readonly #keysCopy: Float64Array;
  /** Recent rankings, by match mode and query text, least recently used first. */
  readonly #cache = new Map<string, Prepared>();
  #days: Int32Array | undefined;
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
    this.#entries = parts.entries;
    this.#live = parts.live;
    this.#byId = parts.byId;
    this.#liveCount = parts.byId.size;
    this.#segments = parts.segments;
    const only = parts.segments.length === 1 ? parts.segments[0] : undefined;
    // One segment serving every paper of the search, and only those: its lists are the search's as they are.
    this.#direct = only && parts.live === null && only.complete && only.documentCount === parts.byId.size ? only : null;
    if (parts.acronymBuilder) {
      this.#acronymBuilder = parts.acronymBuilder;
      this.#acronymTable = parts.acronymBuilder.finish();
    }
    if (parts.vocabulary) {
      this.#vocabulary = parts.vocabulary;
      this.#spellerInstance = new Speller(parts.vocabulary);
    }
    const n = this.#entries.length;
    this.#scores = new Float64Array(n);
    this.#extra = new Float64Array(n);
    this.#masks = new Uint32Array(n);
    this.#seen = new Uint8Array(n);
    this.#touched = new Int32Array(n);
    this.#candidates = new Int32Array(n);
    this.#tiers = new Uint8Array(n);
    this.#matched = new Uint8Array(n);
    this.#keys = new Float64Array(n);
    this.#keysCopy = new Float64Array(n);
  }

  /**
   * A search over `papers` (duplicate ids keep the first), on `prebuilt` (a packed index of them, e.g. from the
   * cache) or on an index built here. With `prebuilt`, papers are numbered in its order, so its posting lists serve
   * as they are; its corpus tables are used when it holds exactly the papers served.
   */
  static create(papers: readonly Paper[], ranking: RankingOptions, prebuilt?: PackedIndex): LunrPaperSearch {
    const unique = new Map<string, Paper>();
    for (const paper of papers) if (!unique.has(paper.id)) unique.set(paper.id, paper);
    const ordered: Paper[] = [];
    for (const ref of prebuilt?.refs ?? []) {
      const paper = unique.get(ref);
      if (paper === undefined) continue;
      ordered.push(paper);
      unique.delete(ref);
    }
    ordered.push(...unique.values());
    const entries = ordered.map((paper) => new IndexedPaper(paper));
    const byId = new Map(ordered.map((paper, doc) => [paper.id, doc]));
    const pack = prebuilt ?? indexPapers(ordered, ranking.bm25);
    const segment = attachSegment(pack, byId, entries);
    // The kept tables describe exactly the pack's papers: used only when those are the papers served.
    const tables = segment.complete && byId.size === pack.refs.length ? pack.tables : undefined;
    return new LunrPaperSearch(
      {
        entries,
        live: null,
        byId,
        segments: [segment],
        ...(tables && ranking.acronyms ? { acronymBuilder: AcronymTableBuilder.fromDefinitions(tables.acronyms) } : {}),
        ...(tables ? { vocabulary: tables.vocabulary } : {}),
      },
      ranking,
    );
  }

  /**
   * `base` plus a segment of `changed` papers (new ones, and new versions of base papers, which replace theirs),
   * without `removedIds`. Only the new segment is indexed (or `prebuilt`, the packed index of `changed`); the base's
   * segments, analysed papers, posting lists, acronym definitions and spelling vocabulary are shared or carried over.
   */
  static extend(
    base: LunrPaperSearch,
    changed: readonly Paper[],
    removedIds: readonly string[],
    prebuilt?: PackedIndex,
  ): LunrPaperSearch {
    const entries = [...base.#entries];
    const live = new Uint8Array(entries.length + changed.length);
    if (base.#live) live.set(base.#live);
    else live.fill(1, 0, entries.length);
    const byId = new Map(base.#byId);
    const vocabulary = base.#vocabulary ? new Map(base.#vocabulary) : undefined;
    const retire = (id: string): void => {
      const old = byId.get(id);
      if (old === undefined) return;
      live[old] = 0;
      byId.delete(id);
      const paper = base.#entries[old]?.paper;
      if (vocabulary && paper) {
        for (const word of spellingWords(paper)) vocabulary.set(word, (vocabulary.get(word) ?? 1) - 1);
      }
    };
    for (const id of removedIds) retire(id);
    const segmentDocs = new Map<string, number>();
    const added: IndexedPaper[] = [];
    for (const paper of changed) {
      if (segmentDocs.has(paper.id)) continue;
      retire(paper.id);
      const doc = entries.length;
      segmentDocs.set(paper.id, doc);
      byId.set(paper.id, doc);
      const entry = new IndexedPaper(paper);
      entries.push(entry);
      added.push(entry);
      live[doc] = 1;
    }
    const ranking = base.#ranking;
    const pack = prebuilt ?? indexPapers(added.map((entry) => entry.paper), ranking.bm25);
    const segment = attachSegment(pack, segmentDocs, entries);
    let acronymBuilder: AcronymTableBuilder | undefined;
    if (base.#acronymBuilder && ranking.acronyms) {
      acronymBuilder = base.#acronymBuilder.fork();
      for (const entry of added) acronymBuilder.addText(`${entry.paper.title}. ${entry.paper.abstract}`);
    }
    if (vocabulary) {
      for (const entry of added) {
        for (const word of spellingWords(entry.paper)) vocabulary.set(word, (vocabulary.get(word) ?? 0) + 1);
      }
      for (const [word, count] of vocabulary) if (count <= 0) vocabulary.delete(word);
    }
    return new LunrPaperSearch(
      {
        entries,
        live: live.slice(0, entries.length),
        byId,
        segments: [...base.#segments, segment],
        ...(acronymBuilder ? { acronymBuilder } : {}),
        ...(vocabulary ? { vocabulary } : {}),
      },
      ranking,
    );
  }

  /** Each paper's date as a number (YYYYMMDD; 0 when undated), made on first use (`recentFirst` compares these). */
  #dayNumbers(): Int32Array {
    return (this.#days ??= Int32Array.from(this.#entries, (entry) => dayNumber(entry.paper.date)));
  }

  /** Whether a paper number is a served paper (not a version replaced by a later segment). */
  #isLive(doc: number): boolean {
    return this.#live === null || this.#live[doc] === 1;
  }

  /**
   * The acronym table, mined from the corpus on first use (or by warmUp, a slice at a time). While a warm-up is
   * building it, queries go on without it rather than wait (seconds at 50k papers): see `#provisional`.
   */
  get #acronyms(): AcronymTable {
    if (!this.#acronymTable && !this.#tablesDeferred) this.#acronymStep(Number.POSITIVE_INFINITY);
    return this.#acronymTable ?? NO_ACRONYMS;
  }

  /**
   * Whether queries go on without the tables a running warm-up has not finished: on a large corpus, where building
   * them at once would hold a query for seconds. On a small one a query builds them (tens of ms).
   */
  get #tablesDeferred(): boolean {
    return (this.#warmingUp || this.#priming) && this.#liveCount > DEFERRED_TABLES_MIN_PAPERS;
  }

  /** Whether a query now runs without a table the warm-up is still building (its results are not cached). */
  get #provisional(): boolean {
    return this.#tablesDeferred && (!this.#acronymTable || !this.#spellerInstance);
  }

  /**
   * Mines definitions from papers until `deadline` (performance.now()); seals the table once every paper is mined.
   * Papers in order, then the standard abbreviations (AcronymTableBuilder): the same table as buildAcronymTable.
   */
  #acronymStep(deadline: number): void {
    if (this.#acronymTable) return;
    if (!this.#ranking.acronyms) {
      this.#acronymTable = new AcronymTable();
      return;
    }
    const build = (this.#acronymBuild ??= { builder: new AcronymTableBuilder(), next: 0 });
    while (build.next < this.#entries.length) {
      const doc = build.next++;
      const entry = this.#entries[doc];
      if (entry && this.#isLive(doc)) build.builder.addText(`${entry.paper.title}. ${entry.paper.abstract}`);
      if (performance.now() >= deadline) return;
    }
    this.#acronymTable = build.builder.finish();
    this.#acronymBuilder = build.builder;
    this.#acronymBuild = undefined;
  }

  /** The spelling vocabulary (folded surface words → papers using them), gathered on first use (or by warmUp). */
  get #speller(): Speller {
    if (!this.#spellerInstance && !this.#tablesDeferred) this.#spellerStep(Number.POSITIVE_INFINITY);
    return this.#spellerInstance ?? NO_SPELLER;
  }

  /** Gathers the vocabulary of papers until `deadline`; makes the speller once every paper is read. */
  #spellerStep(deadline: number): void {
    if (this.#spellerInstance) return;
    const build = (this.#vocabularyBuild ??= { vocabulary: new Map<string, number>(), next: 0 });
    const { vocabulary } = build;
    while (build.next < this.#entries.length) {
      const doc = build.next++;
      const entry = this.#entries[doc];
      if (entry && this.#isLive(doc)) {
        for (const word of spellingWords(entry.paper)) vocabulary.set(word, (vocabulary.get(word) ?? 0) + 1);
      }
      if (performance.now() >= deadline) return;
    }
    this.#spellerInstance = new Speller(vocabulary);
    this.#vocabulary = vocabulary;
    this.#vocabularyBuild = undefined;
  }

  /**
   * Precomputes what queries would otherwise derive on first use (with several segments, df of every stem and the
   * merged posting lists of the stems several papers share; the acronym table and spelling vocabulary unless they
   * came with the index; the stems of papers no segment keeps words of), in slices of about
   * `sliceMs` of work with the event loop let run between them. The same builders as on first use, so results do
   * not change; while it runs over a large corpus, queries go on without the acronym table and spelling vocabulary it
   * has not finished (and those answers are not cached). Stops early (resolving) when `signal` aborts.
   */
  async warmUp(options: WarmUpOptions = {}): Promise<void> {
    this.#warmingUp = true;
    try {
      await this.#warmUp(options);
    } finally {
      this.#warmingUp = false;
    }
  }

  async #warmUp(options: WarmUpOptions): Promise<void> {
    const sliceMs = Math.max(1, options.sliceMs ?? WARM_SLICE_MS);
    const { signal } = options;
    const slice = async (): Promise<boolean> => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (options.busy?.() && !signal?.aborted) await new Promise<void>((resolve) => setTimeout(resolve, 1));
      return !(signal?.aborted ?? false);
    };
    let deadline = performance.now() + sliceMs;
    /** Runs `work` on each item, letting the event loop run whenever a slice is used up; false once aborted. */
    const sliced = async <T>(items: Iterable<T>, work: (item: T) => void): Promise<boolean> => {
      for (const item of items) {
        work(item);
        if (performance.now() >= deadline) {
          if (!(await slice())) return false;
          deadline = performance.now() + sliceMs;
        }
      }
      return true;
    };
    if (signal?.aborted) return;
    // One segment serving all its papers reads df and posting lists straight from its packed arrays: nothing to merge.
    const merged = this.#direct === null;
    // Document frequencies first: the feedback of every query asks for hundreds of them. Then the longest posting
    // lists (the costliest to merge on first use), so the first queries after a restart are quick.
    for (const segment of merged ? this.#segments : []) {
      if (!(await sliced(segment.stems(), (s) => this.#dfOf(s)))) return;
    }
    if (merged && !(await this.#readPostings(sliced, Math.max(WARM_MIN_DF, Math.ceil(this.#liveCount * WARM_EARLY_SHARE))))) return;
    while (!this.#acronymTable) {
      this.#acronymStep(performance.now() + sliceMs);
      if (!(await slice())) return;
    }
    while (!this.#spellerInstance) {
      this.#spellerStep(performance.now() + sliceMs);
      if (!(await slice())) return;
    }
    // The queries of `prime` again, now that the tables exist (expansion and correction compiled too). Each is one
    // block of work, between requests like the slices.
    for (const query of this.#primedFully ? [] : this.#warmUpQueries()) {
      if (!(await slice())) return;
      this.#runUnkept(query);
    }
    deadline = performance.now() + sliceMs;
    // Papers whose words no segment keeps (none, normally) are analysed ahead of phrase queries.
    const analysed = await sliced(this.#entries, (entry) => {
      if (entry.source) return;
      void entry.titleContent;
      void entry.abstractContent;
      void entry.titleStems;
      void entry.abstractStems;
    });
    if (!analysed) return;
    if (merged && !(await this.#readPostings(sliced, WARM_MIN_DF))) return;
  }

  prime(): void {
    this.#priming = true;
    try {
      for (const query of this.#warmUpQueries()) this.#runUnkept(query);
      this.#primedFully = this.#acronymTable !== undefined && this.#spellerInstance !== undefined;
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
    if (parsed.status === 'ok') this.#prepare(parsed, { matchAll: false, need: DEFAULT_LIMIT });
  }

  /**
   * Queries through every layer (AND/OR, adjacency, feedback, a phrase, an acronym), from the two content stems whose
   * share of papers is nearest WARM_QUERY_SHARE: enough matches to compile the loops, few enough to stay quick (a
   * phrase of the two most common words takes ~170 ms at 50k papers, a block a request would wait behind).
   */
  #warmUpQueries(): string[] {
    const target = Math.max(1, this.#liveCount * WARM_QUERY_SHARE);
    let first = '';
    let second = '';
    let firstGap = Number.POSITIVE_INFINITY;
    let secondGap = Number.POSITIVE_INFINITY;
    for (const s of this.#segments[0]?.stems() ?? []) {
      if (!isContentStem(s)) continue;
      const gap = Math.abs(this.#dfOf(s) - target);
      if (gap < firstGap) {
        [second, secondGap] = [first, firstGap];
        [first, firstGap] = [s, gap];
      } else if (gap < secondGap) {
        [second, secondGap] = [s, gap];
      }
    }
    if (!first || !second) return [];
    return [`${first} ${second}`, `"${first} ${second}"`, `llm ${first}`];
  }

  /** Reads the posting lists of every stem with at least `minDf` field postings, through `sliced`. */
  async #readPostings(sliced: <T>(items: Iterable<T>, work: (item: T) => void) => Promise<boolean>, minDf: number): Promise<boolean> {
    for (const segment of this.#segments) {
      const read = await sliced(segment.stems(), (s) => {
        if (!segment.hasAtLeast(s, minDf)) return;
        this.#postingsOf('title', s);
        this.#postingsOf('abstract', s);
      });
      if (!read) return false;
    }
    return true;
  }

  /** Whether any segment indexed a stem. */
  #indexed(s: string): boolean {
    return this.#segments.some((segment) => segment.has(s));
  }

  /** Whether the index knows a stem. */
  #knows(s: string): boolean {
    return this.#dfOf(s) > 0;
  }

  /** Number of papers containing a stem (in either field). */
  #dfOf(s: string): number {
    if (this.#direct) return this.#direct.documentsContaining(s);
    const cached = this.#df.get(s);
    if (cached !== undefined) return cached;
    const df = this.#indexed(s) ? unionSize(this.#postingsOf('title', s).docs, this.#postingsOf('abstract', s).docs) : 0;
    this.#df.set(s, df);
    return df;
  }

  /**
   * Whether a paper has every stem of a sequence: from one pass over their posting lists per query (a few list
   * walks instead of binary searches for each of tens of thousands of papers).
   */
  #hasAll(doc: number, sequence: StemSequence): boolean {
    if (!sequence.papersWithAll) {
      const stems = [...new Set(sequence.stems)];
      // counts[doc] = how many of the stems so far the paper has, counted once per stem whatever the field.
      const counts = new Uint16Array(this.#entries.length);
      stems.forEach((s, i) => {
        for (const field of FIELDS) {
          const { docs } = this.#postingsOf(field, s);
          for (let k = 0; k < docs.length; k++) {
            const at = docs[k] ?? 0;
            if (counts[at] === i) counts[at] = i + 1;
          }
        }
      });
      for (let d = 0; d < counts.length; d++) counts[d] = counts[d] === stems.length ? 1 : 0;
      sequence.papersWithAll = counts;
    }
    return sequence.papersWithAll[doc] === 1;
  }

  /** Whether a paper contains a stem (in either field). */
  #has(doc: number, s: string): boolean {
    return sortedHas(this.#postingsOf('title', s).docs, doc) || sortedHas(this.#postingsOf('abstract', s).docs, doc);
  }

  /**
   * One field's posting list of a stem, papers in ascending order, each with lunr's BM25 weight of the stem in it.
   * One complete segment: its list as it is. Several: the served papers' entries of each segment, the weights rescaled
   * from the idf that segment's build used to the idf over all served papers (lunr's formula), so scores from a base
   * and a recent segment compare as if one index held them all.
   */
  #postingsOf(field: FieldName, s: string): Postings {
    if (this.#direct) return this.#direct.postings(field, s);
    const cached = this.#postings.get(field)?.get(s);
    if (cached) return cached;
    const perField = FIELDS.map((f) => this.#segments.map((segment) => this.#liveOnly(segment.postings(f, s))));
    const documentsWithTerm = perField.reduce((sum, lists) => sum + lists.reduce((n, list) => n + list.docs.length, 0), 0);
    const idf = lunrIdf(documentsWithTerm, this.#liveCount);
    FIELDS.forEach((f, i) => {
      const lists = perField[i] ?? [];
      const scales = lists.map((_, k) => {
        const local = this.#segments[k]?.idf(s) ?? 0;
        return local > 0 ? idf / local : 0;
      });
      const nonEmpty = lists.flatMap((list, k) => (list.docs.length > 0 ? [k] : []));
      const only = nonEmpty.length === 1 ? nonEmpty[0] : undefined;
      if (only !== undefined) {
        // One segment holds the stem (the usual case): its list, shared, with the new scale.
        const list = lists[only] ?? EMPTY_POSTINGS;
        this.#postings.get(f)?.set(s, { docs: list.docs, weights: list.weights, scale: list.scale * (scales[only] ?? 0) });
        return;
      }
      const length = lists.reduce((n, list) => n + list.docs.length, 0);
      const merged: Postings = { docs: new Int32Array(length), weights: new Float64Array(length), scale: 1 };
      let at = 0;
      lists.forEach((list, k) => {
        const scale = list.scale * (scales[k] ?? 0);
        merged.docs.set(list.docs, at);
        for (let j = 0; j < list.weights.length; j++) merged.weights[at + j] = (list.weights[j] ?? 0) * scale;
        at += list.docs.length;
      });
      this.#postings.get(f)?.set(s, merged);
    });
    return this.#postings.get(field)?.get(s) ?? EMPTY_POSTINGS;
  }

  /** A segment's posting list without the papers a later segment replaced. */
  #liveOnly(list: Postings): Postings {
    const live = this.#live;
    if (live === null) return list;
    let kept = 0;
    for (let i = 0; i < list.docs.length; i++) if (live[list.docs[i] ?? 0] === 1) kept++;
    if (kept === list.docs.length) return list;
    const out: Postings = { docs: new Int32Array(kept), weights: new Float64Array(kept), scale: list.scale };
    let at = 0;
    for (let i = 0; i < list.docs.length; i++) {
      const doc = list.docs[i] ?? 0;
      if (live[doc] !== 1) continue;
      out.docs[at] = doc;
      out.weights[at++] = list.weights[i] ?? 0;
    }
    return out;
  }

  get size(): number {
    return this.#liveCount;
  }

  /**
   * The packed index of a search that is one segment serving all its papers, with the corpus tables when asked
   * (built now if they are not yet): what the index cache keeps. Undefined for a search of several segments.
   */
  packed(withTables: boolean): PackedIndex | undefined {
    const segment = this.#direct;
    if (!segment) return undefined;
    const { tables: _kept, ...pack } = segment.pack;
    if (!withTables) return pack;
    this.#acronymStep(Number.POSITIVE_INFINITY);
    this.#spellerStep(Number.POSITIVE_INFINITY);
    return { ...pack, tables: { acronyms: this.#acronymBuilder?.definitions() ?? [], vocabulary: this.#vocabulary ?? new Map() } };
  }

  get(id: string): Paper | undefined {
    const doc = this.#byId.get(id);
    return doc === undefined ? undefined : this.#entries[doc]?.paper;
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
    if (parsed.status !== 'ok') return page;

    const matchAll = options.match === 'all';
    const { exclude, recentFirst } = options;
    // A search excluding papers is one caller's (a channel's digest): ranked only as deep as asked, and not cached
    // unless nothing is excluded.
    const cacheable = exclude === undefined || exclude.size === 0;
    const run: RunOptions = {
      matchAll,
      need: exclude === undefined ? Math.max(RANK_PREFIX, offset + limit) : offset + limit,
      ...(cacheable ? {} : { exclude }),
      ...(recentFirst === undefined ? {} : { recentFirst }),
    };
    const key = `${matchAll ? 'all' : 'any'}\u0000${recentFirst ?? ''}\u0000${parsed.text}`;
    let prepared = cacheable ? this.#cache.get(key) : undefined;
    // Answered without the acronym table or the spelling vocabulary (still being built): kept out of the cache.
    const provisional = this.#provisional;
    if (prepared && !prepared.complete && prepared.ranked.length < run.need) prepared = undefined;
    if (prepared) {
      this.#cache.delete(key);
    } else {
      prepared = this.#prepare(parsed, run);
    }
    if (cacheable && !provisional && !prepared.partial) {
      this.#cache.set(key, prepared);
      if (this.#cache.size > RESULT_CACHE_SIZE) {
        const oldest = this.#cache.keys().next().value;
        if (oldest !== undefined) this.#cache.delete(oldest);
      }
    }

    page.correctedQuery = prepared.correctedQuery;
    page.total = prepared.total;
    if (prepared.total === 0) {
      page.suggestions = this.#suggest(parsed);
      const phraseNotice = page.suggestions.length === 0 ? this.#phraseNotice(parsed.phrases) : null;
      if (phraseNotice) page.notice = page.notice ? `${page.notice} ${phraseNotice}` : phraseNotice;
      return page;
    }

    const snippetQuery = this.#snippetQuery(prepared.effective, prepared.concepts);
    page.hits = prepared.ranked.slice(offset, offset + limit).map((item) => this.#hit(item, snippetQuery));
    return page;
  }

  /** The ranking of a query (typo fallback included), its first `need` matches in full order. */
  #prepare(parsed: ParsedQuery, run: RunOptions): Prepared {
    // A word the index does not know: try the corrected query first, the query as typed if that finds nothing.
    const corrected = this.#ranking.typoCorrection ? this.#correct(parsed) : null;
    // The budget starts once the one-time tables (acronyms, spelling; normally ready from warmUp) exist.
    void this.#acronyms;
    const deadline = performance.now() + QUERY_BUDGET_MS;
    const correctedParsed = corrected === null ? null : parseQuery(corrected);
    if (correctedParsed?.status === 'ok') {
      const result = this.#run(correctedParsed, run, deadline);
      if (result.total > 0) return { ...result, effective: correctedParsed, correctedQuery: correctedParsed.text };
    }
    return { ...this.#run(parsed, run, deadline), effective: parsed, correctedQuery: null };
  }

  similar(id: string, limit = DEFAULT_LIMIT): SearchHit[] {
    const doc = this.#byId.get(id);
    if (doc === undefined) return [];
    const count = clampInt(limit, 1, MAX_LIMIT, DEFAULT_LIMIT);
    const terms = this.#distinctiveTerms(doc, SIMILAR_TERMS);
    if (terms.length === 0) return [];
    // Asked of the abstracts only: with lunr's title boost one shared rare title word (a name) outweighs the topic.
    const boosts = new Map(terms.map((term) => [term.stem, term.weight]));
    const touched = this.#accumulate(boosts, this.#scores, ['abstract']);
    const ranked: Ranked[] = [];
    for (let i = 0; i < touched; i++) {
      const other = this.#touched[i] ?? 0;
      if (other !== doc) ranked.push({ doc: other, score: this.#scores[other] ?? 0, matched: 0, tier: 0 });
    }
    this.#reset(touched);
    const top = this.#best(ranked, count, (item) => item.score);
    // Mark the shared words that matter most, not all twenty.
    const snippetQuery: SnippetQuery = { stems: new Set(terms.slice(0, 8).map((term) => term.stem)) };
    return top.map((item) => this.#hit(item, snippetQuery));
  }

  /** A hit whose snippet is made when first read (digests page through many hits and read none). */
  #hit(item: Ranked, snippetQuery: SnippetQuery): SearchHit {
    const entry = this.#entries[item.doc];
    if (!entry) throw new Error(`no paper at ${item.doc}`);
    let snippet: Snippet | undefined;
    const hit = { paper: entry.paper, score: item.score } as SearchHit;
    Object.defineProperty(hit, 'snippet', {
      enumerable: true,
      configurable: true,
      get: (): Snippet => (snippet ??= makeSnippet(entry.paper.abstract, snippetQuery, SNIPPET_CHARS, entry.abstract)),
      set: (value: Snippet): void => {
        snippet = value;
      },
    });
    return hit;
  }

  /** The best `count` items by (key, then the tie-break), in order; a full sort only of those at the top. */
  #best(items: Ranked[], count: number, key: (item: Ranked) => number): Ranked[] {
    const compare = (a: Ranked, b: Ranked): number => key(b) - key(a) || this.#tieBreak(a, b);
    return this.#top(items, count, key).sort(compare).slice(0, count);
  }

  /**
   * Adds Σ boost × lunr's BM25 weight of each stem (over `fields`, default both) into `into`, per paper: lunr's own
   * score of that query times its query vector's length (lunr divides by that length, which would make a score depend
   * on how many words were asked). Papers touched the first time are listed in #touched; returns how many.
   * `bits`: OR-ed into each touched paper's mask per stem (which typed concepts it contains).
   */
  #accumulate(
    boosts: ReadonlyMap<string, number>,
    into: Float64Array,
    fields: readonly FieldName[] = FIELDS,
    bits?: ReadonlyMap<string, number>,
  ): number {
    let touched = 0;
    for (const [s, boost] of boosts) {
      if (!(boost > 0) || !this.#knows(s)) continue;
      const bit = bits?.get(s) ?? 0;
      for (const field of fields) {
        const { docs, weights, scale } = this.#postingsOf(field, s);
        const factor = boost * scale;
        for (let i = 0; i < docs.length; i++) {
          const doc = docs[i] ?? 0;
          if (this.#seen[doc] === 0) {
            this.#seen[doc] = 1;
            this.#touched[touched++] = doc;
          }
          into[doc] = (into[doc] ?? 0) + factor * (weights[i] ?? 0);
          if (bit !== 0) this.#masks[doc] = ((this.#masks[doc] ?? 0) | bit) >>> 0;
        }
      }
    }
    return touched;
  }

  /**
   * Adds Σ boost × lunr's BM25 weight of each stem into `into`, for the papers this query already touched only;
   * false when `deadline` passed before every stem was added (what was added is cleared with the query's scratch).
   */
  #accumulateTouched(boosts: ReadonlyMap<string, number>, into: Float64Array, deadline: number): boolean {
    for (const [s, boost] of boosts) {
      if (performance.now() >= deadline) return false;
      if (!(boost > 0) || !this.#knows(s)) continue;
      for (const field of FIELDS) {
        const { docs, weights, scale } = this.#postingsOf(field, s);
        const factor = boost * scale;
        for (let i = 0; i < docs.length; i++) {
          const doc = docs[i] ?? 0;
          if (this.#seen[doc] === 1) into[doc] = (into[doc] ?? 0) + factor * (weights[i] ?? 0);
        }
      }
    }
    return true;
  }

  /** Clears the scratch buffers of the papers a query touched. */
  #reset(touched: number): void {
    for (let i = 0; i < touched; i++) {
      const doc = this.#touched[i] ?? 0;
      this.#scores[doc] = 0;
      this.#extra[doc] = 0;
      this.#masks[doc] = 0;
      this.#seen[doc] = 0;
    }
  }

  #tieBreak(a: Ranked, b: Ranked): number {
    const paperA = this.#entries[a.doc]?.paper;
    const paperB = this.#entries[b.doc]?.paper;
    return paperA && paperB ? compareTieBreak(paperA, paperB) : a.doc - b.doc;
  }

  /** BM25's idf for a stem the index knows (always > 0). */
  #idf(stem: string): number {
    const df = this.#dfOf(stem);
    return Math.log(1 + (this.#liveCount - df + 0.5) / (df + 0.5));
  }

  /**
   * Every matching paper counted, the first `need` in full order, with the concepts they were scored on. Cost: one
   * pass over the posting lists of the query's stems (and of the feedback stems), then work on the best few only.
   */
  #run(parsed: ParsedQuery, run: RunOptions, deadline: number): Omit<Prepared, 'effective' | 'correctedQuery'> {
    const { matchAll, need, exclude, recentFirst } = run;
    const concepts = this.#concepts(parsed);
    const ranking = this.#ranking;

    const boosts = new Map<string, number>();
    const add = (s: string, boost: number): void => {
      boosts.set(s, (boosts.get(s) ?? 0) + boost);
    };
    /** stem → the concepts (bits) it alone stands for. */
    const bits = new Map<string, number>();
    const multiWord: Array<{ bit: number; alternatives: StemSequence[] }> = [];
    concepts.forEach((concept, c) => {
      const bit = (1 << c) >>> 0;
      add(concept.stem, 1);
      for (const alternative of concept.alternatives.slice(1)) {
        for (const s of alternative) add(s, ranking.expansionBoost / alternative.length);
      }
      const long = concept.alternatives.filter((alternative) => alternative.length > 1);
      if (long.length > 0) multiWord.push({ bit, alternatives: long.map((alternative) => new StemSequence(alternative)) });
      for (const alternative of concept.alternatives) {
        const only = alternative.length === 1 ? alternative[0] : undefined;
        if (only !== undefined) bits.set(only, ((bits.get(only) ?? 0) | bit) >>> 0);
      }
    });
    const full = concepts.length;
    const phrases = { wanted: parsed.phrases.map(phraseCheck), unwanted: parsed.excludedPhrases.map(phraseCheck) };
    const hasFilters =
      parsed.terms.some((term) => term.required) ||
      parsed.excludedTerms.length > 0 ||
      parsed.phrases.length > 0 ||
      parsed.excludedPhrases.length > 0;

    const pairs: Array<{ a: string; b: string; sequence: StemSequence; bonus: number }> = [];
    for (let i = 0; i + 1 < concepts.length; i++) {
      const a = concepts[i];
      const b = concepts[i + 1];
      if (!a || !b) continue;
      const sequence = new StemSequence([a.stem, b.stem]);
      pairs.push({ a: a.stem, b: b.stem, sequence, bonus: (ranking.proximityBonus * (this.#idf(a.stem) + this.#idf(b.stem))) / 2 });
    }

    const tierOf = this.#tierOf(full, recentFirst);
    // Papers to skip, as paper numbers (a channel's sent papers: looked up once, not per match).
    const excluded = new Set<number>();
    for (const id of exclude ?? []) {
      const doc = this.#byId.get(id);
      if (doc !== undefined) excluded.add(doc);
    }
    const touched = this.#accumulate(boosts, this.#scores, FIELDS, bits);
    try {
      // This loop visits every paper containing any query stem (tens of thousands at 50k): locals, cheap tests first,
      // and matches kept as paper numbers (an object each only for the few ranked in full).
      const touchedDocs = this.#touched;
      const masks = this.#masks;
      const scores = this.#scores;
      const entries = this.#entries;
      const candidates = this.#candidates;
      const matchedOf = this.#matched;
      const tiers = this.#tiers;
      const longForms = multiWord.length > 0;
      const excluding = excluded.size > 0;
      let total = 0;
      for (let i = 0; i < touched; i++) {
        const doc = touchedDocs[i] ?? 0;
        let mask = masks[doc] ?? 0;
        if (longForms) mask = this.#withLongForms(doc, mask, multiWord);
        const matched = popcount(mask);
        // Found only through a word of a long form that is not there as a whole.
        if (matched === 0 || (matchAll && matched < full)) continue;
        if (excluding && excluded.has(doc)) continue;
        if (hasFilters) {
          const entry = entries[doc];
          if (!entry || !this.#passesTextFilters(doc, entry, parsed, phrases)) continue;
        }
        candidates[total++] = doc;
        matchedOf[doc] = matched;
        tiers[doc] = tierOf(doc, matched);
      }
      if (total === 0) return { concepts, ranked: [], total, complete: true, partial: false };

      const tierKey = (item: Ranked): number => item.tier * TIER_SPAN + item.score;
      // The layers that only reorder (adjacency, feedback) work on the best matches by lunr score; the others keep
      // their lunr score, below these (a bonus only raises a score).
      const pool = this.#bestCandidates(total, RERANK_CANDIDATES);
      // Each layer applies whole or not at all: one that runs out of time is dropped (the ranking is then partial).
      let partial = false;
      if (pairs.length > 0) {
        const bonuses = this.#adjacencyBonuses(pool, pairs, deadline);
        if (bonuses) pool.forEach((item, i) => (item.score += bonuses[i] ?? 0));
        else partial = true;
      }
      const wantsFeedback = ranking.feedbackTerms > 0 && ranking.feedbackDocs > 0 && total > 1;
      if (wantsFeedback && performance.now() < deadline) {
        const top = this.#best([...this.#top(pool, ranking.feedbackDocs, tierKey)], ranking.feedbackDocs, tierKey);
        const feedback = this.#feedbackTerms(top, new Set(boosts.keys()));
        if (this.#accumulateTouched(feedback, this.#extra, deadline)) {
          for (const item of pool) item.score += this.#extra[item.doc] ?? 0;
        } else {
          partial = true;
        }
      } else if (wantsFeedback) {
        partial = true;
      }
      for (const item of pool) scores[item.doc] = item.score;
      const ranked = this.#best(this.#bestCandidates(total, need), need, tierKey);
      return { concepts, ranked, total, complete: ranked.length === total, partial };
    } finally {
      this.#reset(touched);
    }
  }

  /**
   * The `count` best of the query's `total` matches (#candidates) by tier, then score (ties at the edge included),
   * unordered, as ranked items.
   */
  #bestCandidates(total: number, count: number): Ranked[] {
    const candidates = this.#candidates;
    const scores = this.#scores;
    const tiers = this.#tiers;
    let threshold = Number.NEGATIVE_INFINITY;
    if (total > count) {
      const keys = this.#keys;
      for (let i = 0; i < total; i++) {
        const doc = candidates[i] ?? 0;
        keys[i] = (tiers[doc] ?? 0) * TIER_SPAN + (scores[doc] ?? 0);
      }
      const copy = this.#keysCopy.subarray(0, total);
      copy.set(keys.subarray(0, total));
      threshold = selectKth(copy, total - count);
    }
    const out: Ranked[] = [];
    for (let i = 0; i < total; i++) {
      const doc = candidates[i] ?? 0;
      if (total > count && (this.#keys[i] ?? 0) < threshold) continue;
      out.push({ doc, score: scores[doc] ?? 0, matched: this.#matched[doc] ?? 0, tier: tiers[doc] ?? 0 });
    }
    return out;
  }

  /** Per pool item, its bonus for query word pairs adjacent in the paper; null when `deadline` passed first. */
  #adjacencyBonuses(
    pool: readonly Ranked[],
    pairs: ReadonlyArray<{ a: string; b: string; sequence: StemSequence; bonus: number }>,
    deadline: number,
  ): Float64Array | null {
    const bonuses = new Float64Array(pool.length);
    for (let i = 0; i < pool.length; i++) {
      if (i % 32 === 0 && performance.now() >= deadline) return null;
      const item = pool[i];
      const entry = item ? this.#entries[item.doc] : undefined;
      if (!item || !entry) continue;
      for (const pair of pairs) {
        if (this.#has(item.doc, pair.a) && this.#has(item.doc, pair.b) && entry.hasContentSequence(pair.sequence)) {
          bonuses[i] = (bonuses[i] ?? 0) + pair.bonus;
        }
      }
    }
    return bonuses;
  }

  /** `mask` plus the bits of the concepts whose multi-word long form the paper contains as a whole. */
  #withLongForms(doc: number, mask: number, multiWord: ReadonlyArray<{ bit: number; alternatives: readonly StemSequence[] }>): number {
    const entry = this.#entries[doc];
    if (!entry) return mask;
    let out = mask;
    for (const { bit, alternatives } of multiWord) {
      if ((out & bit) !== 0) continue;
      const found = alternatives.some(
        (alternative) =>
          this.#hasAll(doc, alternative) && entry.hasContentSequence(alternative),
      );
      if (found) out = (out | bit) >>> 0;
    }
    return out;
  }

  /** The items with the `count` highest keys (ties at the edge included), unordered. */
  #top(items: Ranked[], count: number, key: (item: Ranked) => number): Ranked[] {
    if (items.length <= count) return items;
    const keys = new Float64Array(items.length);
    for (let i = 0; i < items.length; i++) keys[i] = key(items[i] as Ranked);
    const threshold = selectKth(keys.slice(), items.length - count);
    return items.filter((_, i) => (keys[i] ?? 0) >= threshold);
  }

  /** Tier of a match: recent papers first when asked, then AND before OR. `full`: the query's concept count. */
  #tierOf(full: number, recentFirst: string | undefined): (doc: number, matched: number) => number {
    const { coordination } = this.#ranking;
    const coordinated = (matched: number): number =>
      coordination === 'count' ? matched : coordination === 'all' && matched >= full ? 1 : 0;
    if (recentFirst === undefined) return (_doc, matched) => coordinated(matched);
    const since = dayNumber(recentFirst);
    const days = this.#dayNumbers();
    return (doc, matched) => ((days[doc] ?? 0) >= since ? RECENT_TIER : 0) + coordinated(matched);
  }

  /** One concept per typed word, with its acronym expansions (both ways) as alternatives. */
  #concepts(parsed: ParsedQuery): QueryConcept[] {
    const concepts: QueryConcept[] = parsed.terms.map((term) => ({
      stem: term.stem,
      alternatives: [[term.stem]],
      highlightPhrases: [],
    }));
    if (!this.#ranking.acronyms) return concepts;
    for (const concept of concepts) {
      // "kv" → "key value": a typed acronym also matches its long forms.
      for (const form of this.#acronyms.longForms(concept.stem).slice(0, MAX_EXPANSIONS_PER_TERM)) {
        concept.alternatives.push(form.stems);
        concept.highlightPhrases.push(...form.spellings);
      }
    }
    // "speech recognition" → "asr": a run of typed words spelling a long form also matches its acronym.
    for (let start = 0; start < concepts.length; start++) {
      for (let end = start + 2; end <= Math.min(concepts.length, start + MAX_LONG_FORM_WORDS); end++) {
        const run = concepts.slice(start, end);
        const keys = this.#acronyms.acronymsFor(run.map((concept) => concept.stem)).slice(0, MAX_EXPANSIONS_PER_TERM);
        for (const key of keys) {
          for (const concept of run) {
            if (!concept.alternatives.some((alt) => alt.length === 1 && alt[0] === key)) concept.alternatives.push([key]);
          }
        }
      }
    }
    return concepts;
  }

  /** The most distinctive words of the top papers (Rocchio-style), as stem → low boost. */
  #feedbackTerms(top: readonly Ranked[], typed: ReadonlySet<string>): Map<string, number> {
    const { feedbackTerms, feedbackWeight, bm25 } = this.#ranking;
    const out = new Map<string, number>();
    const best = top[0]?.score ?? 0;
    if (best <= 0) return out;
    const weights = new Map<string, { weight: number; docs: number }>();
    for (const item of top) {
      const entry = this.#entries[item.doc];
      if (!entry) continue;
      const share = item.score / best;
      const length = Math.max(1, entry.titleContent.length + entry.abstractContent.length);
      for (const s of entry.stems) {
        if (typed.has(s) || !isContentStem(s)) continue;
        const tf = bm25.titleWeight * (entry.titleCounts.get(s) ?? 0) + (entry.abstractCounts.get(s) ?? 0);
        const weight = weights.get(s) ?? { weight: 0, docs: 0 };
        weight.weight += (share * tf) / length;
        weight.docs += 1;
        weights.set(s, weight);
      }
    }
    const scored: Array<{ stem: string; weight: number }> = [];
    for (const [s, entry] of weights) {
      // A word of one feedback paper only is that paper's quirk, not the topic's.
      if (entry.docs < 2) continue;
      scored.push({ stem: s, weight: entry.weight * this.#idf(s) });
    }
    scored.sort((a, b) => b.weight - a.weight || a.stem.localeCompare(b.stem));
    const chosen = scored.slice(0, feedbackTerms);
    const max = chosen[0]?.weight ?? 0;
    if (max <= 0) return out;
    for (const term of chosen) out.set(term.stem, (feedbackWeight * term.weight) / max);
    return out;
  }

  /** A paper's most distinctive words: tf (title weighted) × idf, over words other papers share. */
  #distinctiveTerms(doc: number, count: number): Array<{ stem: string; weight: number }> {
    const entry = this.#entries[doc];
    if (!entry) return [];
    const { titleWeight } = this.#ranking.bm25;
    const maxDf = Math.max(2, Math.floor(this.#liveCount * 0.5));
    const scored: Array<{ stem: string; weight: number }> = [];
    for (const s of entry.stems) {
      const df = this.#dfOf(s);
      if (!isContentStem(s) || df < 2 || df > maxDf) continue;
      const tf = titleWeight * (entry.titleCounts.get(s) ?? 0) + (entry.abstractCounts.get(s) ?? 0);
      scored.push({ stem: s, weight: (1 + Math.log(tf)) * this.#idf(s) });
    }
    scored.sort((a, b) => b.weight - a.weight || a.stem.localeCompare(b.stem));
    const chosen = scored.slice(0, count);
    const max = chosen[0]?.weight ?? 0;
    return max > 0 ? chosen.map((term) => ({ stem: term.stem, weight: term.weight / max })) : [];
  }

  /**
   * The query with every word the index does not know (and that is no known acronym) replaced by its nearest
   * indexed word, or null when there is nothing to correct.
   */
  #correct(parsed: ParsedQuery): string | null {
    const fixes = new Map<string, string>();
    for (const term of parsed.terms) {
      if (fixes.size >= MAX_CORRECTIONS) break;
      if (this.#knows(term.stem) || this.#acronyms.longForms(term.stem).length > 0) continue;
      const best = this.#speller.candidates(term.word, 1)[0];
      if (best) fixes.set(term.word, best.word);
    }
    if (fixes.size === 0) return null;
    let out = '';
    let last = 0;
    for (const token of tokenize(parsed.text)) {
      const fix = fixes.get(token.word);
      if (fix === undefined) continue;
      out += parsed.text.slice(last, token.start) + fix;
      last = token.end;
    }
    return out + parsed.text.slice(last);
  }

  #snippetQuery(parsed: ParsedQuery, concepts: readonly QueryConcept[]): SnippetQuery {
    const stems = new Set<string>();
    const phrases: string[][] = parsed.phrases.map((phrase) => phrase.stems);
    for (const concept of concepts) {
      for (const alternative of concept.alternatives) {
        const only = alternative.length === 1 ? alternative[0] : undefined;
        if (only !== undefined) stems.add(only);
      }
      phrases.push(...concept.highlightPhrases);
    }
    return { stems, phrases };
  }

  /**
   * Whether a paper may contain a phrase, from the posting lists alone: it must contain the stem of each of the
   * phrase's non-stop words (a cheap test before analysing the paper's text).
   */
  #mayContainPhrase(doc: number, entry: IndexedPaper, phrase: PhraseCheck): boolean {
    const { content } = phrase;
    if (!this.#hasAll(doc, content)) return false;
    // Its non-stop words must also follow each other among the paper's indexed stems: a cheap test on the packed
    // words before the check with stop words.
    return content.stems.length < 2 || entry.hasContentSequence(content);
  }

  /** Whether a paper holds a phrase: the cheap tests, then the words with stop words. */
  #holdsPhrase(doc: number, entry: IndexedPaper, phrase: PhraseCheck): boolean {
    return this.#mayContainPhrase(doc, entry, phrase) && entry.hasPhrase(phrase.all);
  }

  #passesTextFilters(doc: number, entry: IndexedPaper, parsed: ParsedQuery, phrases: { wanted: PhraseCheck[]; unwanted: PhraseCheck[] }): boolean {
    for (const term of parsed.terms) {
      if (term.required && !this.#has(doc, term.stem)) return false;
    }
    for (const term of parsed.excludedTerms) {
      if (this.#has(doc, term.stem)) return false;
    }
    for (const phrase of phrases.wanted) if (!this.#holdsPhrase(doc, entry, phrase)) return false;
    for (const phrase of phrases.unwanted) if (this.#holdsPhrase(doc, entry, phrase)) return false;
    return true;
  }

  /**
   * Why quoted phrases found nothing: the first that no paper has, or (when looking would take longer than the
   * query budget: many phrases of common words at scale) that the phrases together match nothing.
   */
  #phraseNotice(phrases: readonly QueryPhrase[]): string | null {
    const deadline = performance.now() + QUERY_BUDGET_MS;
    for (const phrase of phrases) {
      const found = this.#anyContains(phrase, deadline);
      if (found === false) return `No paper has the exact phrase "${phrase.text}"; try it without quotes.`;
      if (found === undefined) return 'No paper has all of these exact phrases; try fewer, or without quotes.';
    }
    return null;
  }

  /** Whether any paper has the phrase; undefined when `deadline` passed before that was known. */
  #anyContains(phrase: QueryPhrase, deadline: number): boolean | undefined {
    // Only papers with every indexed word of the phrase, in order, can contain it (cheap tests before the text).
    const indexed = phrase.stems.filter((s) => this.#knows(s));
    const rarest = [...indexed].sort((a, b) => this.#dfOf(a) - this.#dfOf(b))[0];
    const check = phraseCheck(phrase);
    if (rarest === undefined) {
      for (let doc = 0; doc < this.#entries.length; doc++) {
        if (doc % 256 === 0 && performance.now() >= deadline) return undefined;
        if (this.#isLive(doc) && this.#entries[doc]?.hasPhrase(check.all)) return true;
      }
      return false;
    }
    // The papers with its rarest word, from both (sorted) lists at once, each paper once.
    const title = this.#postingsOf('title', rarest).docs;
    const abstract = this.#postingsOf('abstract', rarest).docs;
    let i = 0;
    let j = 0;
    for (let visited = 0; i < title.length || j < abstract.length; visited++) {
      const a = i < title.length ? (title[i] ?? 0) : Number.MAX_SAFE_INTEGER;
      const b = j < abstract.length ? (abstract[j] ?? 0) : Number.MAX_SAFE_INTEGER;
      const doc = Math.min(a, b);
      if (a === doc) i++;
      if (b === doc) j++;
      if (visited % 256 === 0 && performance.now() >= deadline) return undefined;
      const entry = this.#entries[doc];
      if (entry && this.#holdsPhrase(doc, entry, check)) return true;
    }
    return false;
  }


  /** Indexed words close (by edit distance) to each query word the index does not know. */
  #suggest(parsed: ParsedQuery): string[] {
    const out: string[] = [];
    for (const term of parsed.terms) {
      if (this.#knows(term.stem)) continue;
      for (const candidate of this.#speller.candidates(term.word, MAX_SUGGESTIONS_PER_WORD)) {
        if (!out.includes(candidate.word)) out.push(candidate.word);
      }
    }
    return out.slice(0, MAX_SUGGESTIONS);
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
