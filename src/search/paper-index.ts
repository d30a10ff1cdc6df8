/**
 * The paper search: a lunr index over titles (boosted) and abstracts, queried only through structured terms.
 *
 * Ranking, on top of lunr's BM25 score:
 * 1. papers containing more of the distinct query words come first (all of them before most of them …);
 * 2. within that, lunr's score, plus a bonus when consecutive query words also sit next to each other in the
 *    paper (stop words skipped), so "remote sensing" prefers papers saying "remote sensing";
 * 3. ties go to more upvotes, then the more recent date, then the title.
 * Quoted phrases and exclusions are then enforced on the text.
 */
import './lunr-patch.ts';
import lunr from 'lunr';
import type { Paper } from '../papers/paper.ts';
import {
  applyToLunrQuery,
  containsSequence,
  isStopWord,
  parseQuery,
  stem,
  type ParsedQuery,
} from './query.ts';
import { analyzeText, makeSnippet, SNIPPET_CHARS, type AnalyzedText } from './snippet.ts';
import type { PaperSearch, SearchHit, SearchOptions, SearchPage } from './types.ts';

export const DEFAULT_LIMIT = 5;
export const MAX_LIMIT = 50;
/** Suggestions per unknown query word, and in all. */
const MAX_SUGGESTIONS_PER_WORD = 3;
const MAX_SUGGESTIONS = 9;

/** Knobs of the ranking, exposed for the evaluation script; the defaults are what the bot uses. */
export interface RankingOptions {
  /** lunr field boost of the title over the abstract. */
  titleBoost: number;
  /** Order first by how many distinct query words a paper contains. */
  coordinationTiers: boolean;
  /** Score bonus per pair of consecutive query words found adjacent in the paper, relative to the best lunr score. */
  proximityBonus: number;
}

export const DEFAULT_RANKING: RankingOptions = {
  titleBoost: 3,
  coordinationTiers: true,
  proximityBonus: 0.2,
};

interface IndexedPaper {
  paper: Paper;
  /** Words and stems (stop words included) of the title and the abstract, for phrases and snippets. */
  title: AnalyzedText;
  abstract: AnalyzedText;
  /** Stems of the non-stop words of the title and of the abstract, as lunr indexes them. */
  titleContent: string[];
  abstractContent: string[];
  /** Every (non-stop) stem the paper contains. */
  stems: Set<string>;
  /** "a b" for every two non-stop stems next to each other in the title or the abstract. */
  bigrams: Set<string>;
}

interface Ranked {
  entry: IndexedPaper;
  score: number;
  matched: number;
}

/** Stems of the non-stop words of an analyzed text, in order: what lunr indexes. */
function contentStems(text: AnalyzedText): string[] {
  const out: string[] = [];
  text.tokens.forEach((token, i) => {
    const stemmed = text.stems[i];
    if (stemmed !== undefined && !isStopWord(token.word)) out.push(stemmed);
  });
  return out;
}

/** Damerau–Levenshtein (optimal string alignment) distance, or `max + 1` as soon as it must exceed `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const cols = b.length + 1;
  let prevPrev = new Int32Array(cols);
  let prev = new Int32Array(cols);
  let current = new Int32Array(cols);
  for (let j = 0; j < cols; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j < cols; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min((prev[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        value = Math.min(value, (prevPrev[j - 2] ?? 0) + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    const recycled = prevPrev;
    prevPrev = prev;
    prev = current;
    current = recycled;
  }
  return prev[cols - 1] ?? max + 1;
}

function compareTieBreak(a: IndexedPaper, b: IndexedPaper): number {
  const upvotes = (b.paper.upvotes ?? 0) - (a.paper.upvotes ?? 0);
  if (upvotes !== 0) return upvotes;
  const dateA = a.paper.date ?? '';
  const dateB = b.paper.date ?? '';
  if (dateA !== dateB) return dateA < dateB ? 1 : -1;
  return a.paper.title.localeCompare(b.paper.title);
}

class LunrPaperSearch implements PaperSearch {
  readonly #byId = new Map<string, IndexedPaper>();
  readonly #index: lunr.Index;
  readonly #ranking: RankingOptions;
  /** Folded surface words → number of papers using them, for suggestions. */
  readonly #vocabulary = new Map<string, number>();
  /** The same words grouped by length, so suggestions only compare words of about the right length. */
  readonly #vocabularyByLength = new Map<number, Array<{ word: string; df: number }>>();
  readonly #indexedStems = new Set<string>();

  constructor(papers: readonly Paper[], ranking: RankingOptions) {
    this.#ranking = ranking;
    for (const paper of papers) {
      if (this.#byId.has(paper.id)) continue;
      const title = analyzeText(paper.title);
      const abstract = analyzeText(paper.abstract);
      const titleContent = contentStems(title);
      const abstractContent = contentStems(abstract);
      const entry: IndexedPaper = {
        paper,
        title,
        abstract,
        titleContent,
        abstractContent,
        stems: new Set([...titleContent, ...abstractContent]),
        bigrams: new Set([...bigramsOf(titleContent), ...bigramsOf(abstractContent)]),
      };
      this.#byId.set(paper.id, entry);
      for (const s of entry.stems) this.#indexedStems.add(s);
      for (const word of new Set([...title.tokens, ...abstract.tokens].map((token) => token.word))) {
        if (isStopWord(word) || !/\p{L}/u.test(word)) continue;
        this.#vocabulary.set(word, (this.#vocabulary.get(word) ?? 0) + 1);
      }
    }

    for (const [word, df] of this.#vocabulary) {
      const bucket = this.#vocabularyByLength.get(word.length) ?? [];
      bucket.push({ word, df });
      this.#vocabularyByLength.set(word.length, bucket);
    }

    const entries = [...this.#byId.values()];
    this.#index = lunr(function build() {
      // Documents are handed over already folded, stop-word filtered and stemmed (see query.ts), so lunr's own
      // pipeline is off: index and queries agree by construction.
      this.pipeline.reset();
      this.searchPipeline.reset();
      this.ref('id');
      this.field('title', { boost: ranking.titleBoost });
      this.field('abstract');
      for (const entry of entries) {
        this.add({
          id: entry.paper.id,
          title: entry.titleContent.join(' '),
          abstract: entry.abstractContent.join(' '),
        });
      }
    });
  }

  get size(): number {
    return this.#byId.size;
  }

  get(id: string): Paper | undefined {
    return this.#byId.get(id)?.paper;
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

    const ranked = this.#rank(parsed).filter((item) => options.match !== 'all' || item.matched >= parsed.terms.length);
    page.total = ranked.length;
    if (ranked.length === 0) {
      page.suggestions = this.#suggest(parsed);
      const unmetPhrase = parsed.phrases.find((phrase) => !this.#anyContains(phrase.stems));
      if (unmetPhrase && page.suggestions.length === 0) {
        const phraseNotice = `No paper has the exact phrase "${unmetPhrase.text}"; try it without quotes.`;
        page.notice = page.notice ? `${page.notice} ${phraseNotice}` : phraseNotice;
      }
      return page;
    }

    const snippetQuery = {
      stems: new Set(parsed.terms.map((term) => term.stem)),
      phrases: parsed.phrases.map((phrase) => phrase.stems),
    };
    page.hits = ranked.slice(offset, offset + limit).map(
      (item): SearchHit => ({
        paper: item.entry.paper,
        score: item.score,
        snippet: makeSnippet(item.entry.paper.abstract, snippetQuery, SNIPPET_CHARS, item.entry.abstract),
      }),
    );
    return page;
  }

  /** Every matching paper, best first. */
  #rank(parsed: ParsedQuery): Ranked[] {
    const results = this.#index.query((q) => applyToLunrQuery(q, parsed));
    const termStems = parsed.terms.map((term) => term.stem);
    const pairs = bigramsOf(termStems);
    const bestScore = results.reduce((max, result) => Math.max(max, result.score), 0) || 1;
    const ranked: Ranked[] = [];
    for (const result of results) {
      const entry = this.#byId.get(result.ref);
      if (!entry) continue;
      if (!this.#passesTextFilters(entry, parsed)) continue;
      const matched = termStems.filter((s) => entry.stems.has(s)).length;
      const adjacent = countAdjacentPairs(entry.bigrams, pairs);
      ranked.push({ entry, matched, score: result.score + this.#ranking.proximityBonus * bestScore * adjacent });
    }
    const tiers = this.#ranking.coordinationTiers;
    return ranked.sort(
      (a, b) => (tiers ? b.matched - a.matched : 0) || b.score - a.score || compareTieBreak(a.entry, b.entry),
    );
  }

  #passesTextFilters(entry: IndexedPaper, parsed: ParsedQuery): boolean {
    for (const term of parsed.excludedTerms) {
      if (entry.stems.has(term.stem)) return false;
    }
    for (const phrase of parsed.phrases) {
      if (!containsSequence(entry.title.stems, phrase.stems) && !containsSequence(entry.abstract.stems, phrase.stems)) {
        return false;
      }
    }
    for (const phrase of parsed.excludedPhrases) {
      if (containsSequence(entry.title.stems, phrase.stems) || containsSequence(entry.abstract.stems, phrase.stems)) {
        return false;
      }
    }
    return true;
  }

  #anyContains(phraseStems: readonly string[]): boolean {
    for (const entry of this.#byId.values()) {
      if (containsSequence(entry.title.stems, phraseStems) || containsSequence(entry.abstract.stems, phraseStems)) {
        return true;
      }
    }
    return false;
  }

  /** Indexed words close (by edit distance) to each query word the index does not know. */
  #suggest(parsed: ParsedQuery): string[] {
    const out: string[] = [];
    for (const term of parsed.terms) {
      // Known words need no correction; one- and two-letter words are too short to guess from.
      if (this.#indexedStems.has(term.stem) || term.word.length < 3) continue;
      const maxDistance = term.word.length <= 4 ? 1 : 2;
      const candidates: Array<{ word: string; distance: number; df: number }> = [];
      for (let length = term.word.length - maxDistance; length <= term.word.length + maxDistance; length++) {
        for (const { word, df } of this.#vocabularyByLength.get(length) ?? []) {
          if (word === term.word) continue;
          const distance = editDistance(term.word, word, maxDistance);
          if (distance <= maxDistance) candidates.push({ word, distance, df });
        }
      }
      candidates.sort((a, b) => a.distance - b.distance || b.df - a.df || a.word.localeCompare(b.word));
      const seenStems = new Set<string>();
      let taken = 0;
      for (const candidate of candidates) {
        if (taken >= MAX_SUGGESTIONS_PER_WORD) break;
        const candidateStem = stem(candidate.word);
        if (seenStems.has(candidateStem)) continue;
        seenStems.add(candidateStem);
        if (!out.includes(candidate.word)) out.push(candidate.word);
        taken++;
      }
    }
    return out.slice(0, MAX_SUGGESTIONS);
  }
}

function bigramsOf(stems: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < stems.length; i++) out.push(`${stems[i]} ${stems[i + 1]}`);
  return out;
}

/** How many of the query's consecutive word pairs also sit next to each other in the paper. */
function countAdjacentPairs(bigrams: ReadonlySet<string>, pairs: readonly string[]): number {
  let count = 0;
  for (const pair of pairs) if (bigrams.has(pair)) count++;
  return count;
}

function clampInt(value: number | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.trunc(value)));
}

/** Builds the search over `papers` (duplicate ids keep the first). */
export function createPaperSearch(papers: Paper[], ranking: Partial<RankingOptions> = {}): PaperSearch {
  return new LunrPaperSearch(papers, { ...DEFAULT_RANKING, ...ranking });
}
