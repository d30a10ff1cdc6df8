/**
 * The paper search. Queries are parsed safely (query.ts) into words, phrases and exclusions; each distinct word
 * becomes a *concept*, scored with BM25F over the title (weighted up) and the abstract (scoring.ts).
 *
 * How a query is answered (each step measured in scripts/eval-search.ts, see README "How search ranks"):
 * 1. Typo fallback: a word the index does not know is replaced by the nearest indexed word (edit distance 1, 2 for
 *    words of 6+ letters, the more frequent on a tie) and the page says which query it shows (`correctedQuery`).
 * 2. Acronyms, both ways, mined from the corpus ("key-value (KV) cache") plus a short standard list: "KV" also
 *    matches "key value", "speech recognition" also matches "ASR" (acronyms.ts).
 * 3. AND before OR: papers containing every typed concept come first, then the rest; each part by the BM25F score
 *    plus a bonus for each pair of consecutive query words that also sit next to each other in the paper
 *    ("remote sensing" prefers papers saying "remote sensing"). `match: 'all'` is exactly the first part.
 * 4. Pseudo-relevance feedback: the distinctive words of the best few papers are added with a small weight,
 *    which reorders papers within a part (a "streaming speech recognition" query learns "CTC" from its top hits).
 *    It never adds papers: results are always papers containing at least one typed concept.
 * 5. Ties go to more upvotes, then the more recent date, then the title.
 * Quoted phrases, +required words and exclusions are enforced on the text.
 */
// The index is our own (scoring.ts), but lunr's stemmer and stop list define the words (query.ts), and any lunr
// index built in this process (baselines) must be safe from lunr #503.
import './lunr-patch.ts';
import type { Paper } from '../papers/paper.ts';
import { AcronymTable, buildAcronymTable } from './acronyms.ts';
import { containsSequence, isStopWord, parseQuery, tokenize, type ParsedQuery } from './query.ts';
import { CorpusIndex, DEFAULT_BM25, type Bm25Options, type Concept } from './scoring.ts';
import { analyzeText, makeSnippet, SNIPPET_CHARS, type AnalyzedText, type SnippetQuery } from './snippet.ts';
import { Speller } from './spelling.ts';
import type { PaperSearch, SearchHit, SearchOptions, SearchPage } from './types.ts';

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

/** Knobs of the ranking, exposed for the evaluation script's ablations; the defaults are what the bot uses. */
export interface RankingOptions {
  /** Field weights and BM25 parameters. */
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
  /** Pseudo-relevance feedback: how many top papers, how many words, their weight relative to a typed word. */
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
  feedbackDocs: 3,
  feedbackTerms: 10,
  feedbackWeight: 0.15,
  typoCorrection: true,
};

interface IndexedPaper {
  paper: Paper;
  /** Words and stems (stop words included) of the title and the abstract, for phrases and snippets. */
  title: AnalyzedText;
  abstract: AnalyzedText;
  /** Every (non-stop) stem the paper contains. */
  stems: Set<string>;
  /** "a b" for every two non-stop stems next to each other in the title or the abstract. */
  bigrams: Set<string>;
}

/** A typed word as a concept, with how to mark it in a snippet. */
interface QueryConcept extends Concept {
  /** The typed stem. */
  stem: string;
  /** Stem sequences (stop words included) of its multi-word alternatives, to mark as phrases. */
  highlightPhrases: string[][];
}

interface Ranked {
  doc: number;
  score: number;
  /** How many of the typed concepts the paper contains. */
  matched: number;
}

/** Stems of the non-stop words of an analyzed text, in order: what is scored. */
function contentStems(text: AnalyzedText): string[] {
  const out: string[] = [];
  text.tokens.forEach((token, i) => {
    const stemmed = text.stems[i];
    if (stemmed !== undefined && !isStopWord(token.word)) out.push(stemmed);
  });
  return out;
}

function bigramsOf(stems: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < stems.length; i++) out.push(`${stems[i]} ${stems[i + 1]}`);
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

function clampInt(value: number | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.trunc(value)));
}

/** A word worth using as a feedback / "similar" term: has a letter, is not a lone letter. */
function isContentStem(s: string): boolean {
  return s.length >= 2 && /\p{L}/u.test(s);
}

class ConceptPaperSearch implements PaperSearch {
  readonly #entries: IndexedPaper[] = [];
  readonly #byId = new Map<string, number>();
  readonly #corpus: CorpusIndex;
  readonly #acronyms: AcronymTable;
  readonly #speller: Speller;
  readonly #ranking: RankingOptions;

  constructor(papers: readonly Paper[], ranking: RankingOptions) {
    this.#ranking = ranking;
    const fields: Array<{ title: string[]; abstract: string[] }> = [];
    /** Folded surface words → number of papers using them, for spelling. */
    const vocabulary = new Map<string, number>();
    for (const paper of papers) {
      if (this.#byId.has(paper.id)) continue;
      const title = analyzeText(paper.title);
      const abstract = analyzeText(paper.abstract);
      const titleContent = contentStems(title);
      const abstractContent = contentStems(abstract);
      this.#byId.set(paper.id, this.#entries.length);
      this.#entries.push({
        paper,
        title,
        abstract,
        stems: new Set([...titleContent, ...abstractContent]),
        bigrams: new Set([...bigramsOf(titleContent), ...bigramsOf(abstractContent)]),
      });
      fields.push({ title: titleContent, abstract: abstractContent });
      for (const word of new Set([...title.tokens, ...abstract.tokens].map((token) => token.word))) {
        if (isStopWord(word) || !/\p{L}/u.test(word)) continue;
        vocabulary.set(word, (vocabulary.get(word) ?? 0) + 1);
      }
    }
    this.#corpus = new CorpusIndex(fields);
    this.#speller = new Speller(vocabulary);
    this.#acronyms = ranking.acronyms
      ? buildAcronymTable(this.#entries.map((entry) => `${entry.paper.title}. ${entry.paper.abstract}`))
      : new AcronymTable();
  }

  get size(): number {
    return this.#entries.length;
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
    // A word the index does not know: try the corrected query first, the query as typed if that finds nothing.
    const corrected = this.#ranking.typoCorrection ? this.#correct(parsed) : null;
    const correctedParsed = corrected === null ? null : parseQuery(corrected);
    const correctedResult = correctedParsed?.status === 'ok' ? this.#run(correctedParsed, matchAll) : null;
    let effective = parsed;
    let result: { ranked: Ranked[]; concepts: QueryConcept[] };
    if (correctedParsed && correctedResult && correctedResult.ranked.length > 0) {
      effective = correctedParsed;
      result = correctedResult;
      page.correctedQuery = correctedParsed.text;
    } else {
      result = this.#run(parsed, matchAll);
    }

    page.total = result.ranked.length;
    if (result.ranked.length === 0) {
      page.suggestions = this.#suggest(parsed);
      const unmetPhrase = parsed.phrases.find((phrase) => !this.#anyContains(phrase.stems));
      if (unmetPhrase && page.suggestions.length === 0) {
        const phraseNotice = `No paper has the exact phrase "${unmetPhrase.text}"; try it without quotes.`;
        page.notice = page.notice ? `${page.notice} ${phraseNotice}` : phraseNotice;
      }
      return page;
    }

    const snippetQuery = this.#snippetQuery(effective, result.concepts);
    page.hits = result.ranked.slice(offset, offset + limit).map((item) => this.#hit(item, snippetQuery));
    return page;
  }

  similar(id: string, limit = DEFAULT_LIMIT): SearchHit[] {
    const doc = this.#byId.get(id);
    if (doc === undefined) return [];
    const count = clampInt(limit, 1, MAX_LIMIT, DEFAULT_LIMIT);
    const terms = this.#distinctiveTerms(doc, SIMILAR_TERMS);
    if (terms.length === 0) return [];
    const concepts: Concept[] = terms.map((term) => ({ label: term.stem, alternatives: [[term.stem]], weight: term.weight }));
    const scores = new Map<number, number>();
    for (const concept of concepts) {
      const matches = this.#corpus.match(concept);
      const idf = this.#corpus.idf(matches.size);
      for (const [other, occurrences] of matches) {
        if (other === doc) continue;
        scores.set(other, (scores.get(other) ?? 0) + concept.weight * this.#corpus.score(other, occurrences, idf, this.#ranking.bm25));
      }
    }
    const ranked: Ranked[] = [...scores].map(([other, score]) => ({ doc: other, score, matched: 0 }));
    ranked.sort((a, b) => b.score - a.score || this.#tieBreak(a, b));
    // Mark the shared words that matter most, not all twenty.
    const snippetQuery: SnippetQuery = { stems: new Set(terms.slice(0, 8).map((term) => term.stem)) };
    return ranked.slice(0, count).map((item) => this.#hit(item, snippetQuery));
  }

  #hit(item: Ranked, snippetQuery: SnippetQuery): SearchHit {
    const entry = this.#entries[item.doc];
    if (!entry) throw new Error(`no paper at ${item.doc}`);
    return {
      paper: entry.paper,
      score: item.score,
      snippet: makeSnippet(entry.paper.abstract, snippetQuery, SNIPPET_CHARS, entry.abstract),
    };
  }

  #tieBreak(a: Ranked, b: Ranked): number {
    const paperA = this.#entries[a.doc]?.paper;
    const paperB = this.#entries[b.doc]?.paper;
    return paperA && paperB ? compareTieBreak(paperA, paperB) : a.doc - b.doc;
  }

  /** Every matching paper, best first, with the concepts it was scored on. */
  #run(parsed: ParsedQuery, matchAll: boolean): { ranked: Ranked[]; concepts: QueryConcept[] } {
    const concepts = this.#concepts(parsed);
    const matches = concepts.map((concept) => this.#corpus.match(concept));
    const idfs = matches.map((m) => this.#corpus.idf(m.size));

    const candidates = new Set<number>();
    for (const m of matches) for (const doc of m.keys()) candidates.add(doc);

    const ranking = this.#ranking;
    const pairs: Array<{ bigram: string; bonus: number }> = [];
    for (let i = 0; i + 1 < concepts.length; i++) {
      const a = concepts[i];
      const b = concepts[i + 1];
      if (!a || !b) continue;
      pairs.push({ bigram: `${a.stem} ${b.stem}`, bonus: (ranking.proximityBonus * ((idfs[i] ?? 0) + (idfs[i + 1] ?? 0))) / 2 });
    }

    const ranked: Ranked[] = [];
    for (const doc of candidates) {
      const entry = this.#entries[doc];
      if (!entry || !this.#passesTextFilters(entry, parsed)) continue;
      let score = 0;
      let matched = 0;
      concepts.forEach((concept, i) => {
        const occurrences = matches[i]?.get(doc);
        if (!occurrences) return;
        matched++;
        score += concept.weight * this.#corpus.score(doc, occurrences, idfs[i] ?? 0, ranking.bm25);
      });
      if (matchAll && matched < concepts.length) continue;
      for (const pair of pairs) if (entry.bigrams.has(pair.bigram)) score += pair.bonus;
      ranked.push({ doc, score, matched });
    }
    this.#sort(ranked, concepts.length);

    if (ranking.feedbackTerms > 0 && ranking.feedbackDocs > 0 && ranked.length > 1) {
      const typed = new Set(concepts.flatMap((concept) => concept.alternatives.flat()));
      for (const concept of this.#feedbackConcepts(ranked.slice(0, ranking.feedbackDocs), typed)) {
        const m = this.#corpus.match(concept);
        const idf = this.#corpus.idf(m.size);
        for (const item of ranked) {
          const occurrences = m.get(item.doc);
          if (occurrences) item.score += concept.weight * this.#corpus.score(item.doc, occurrences, idf, ranking.bm25);
        }
      }
      this.#sort(ranked, concepts.length);
    }
    return { ranked, concepts };
  }

  /** Best first: AND-before-OR tier, then score, then upvotes, date, title. `full`: the query's concept count. */
  #sort(ranked: Ranked[], full: number): void {
    const { coordination } = this.#ranking;
    const tier = (item: Ranked): number => (coordination === 'count' ? item.matched : coordination === 'all' && item.matched >= full ? 1 : 0);
    ranked.sort((a, b) => tier(b) - tier(a) || b.score - a.score || this.#tieBreak(a, b));
  }

  /** One concept per typed word, with its acronym expansions (both ways) as alternatives. */
  #concepts(parsed: ParsedQuery): QueryConcept[] {
    const concepts: QueryConcept[] = parsed.terms.map((term) => ({
      label: term.word,
      stem: term.stem,
      alternatives: [[term.stem]],
      highlightPhrases: [],
      weight: 1,
    }));
    if (!this.#ranking.acronyms) return concepts;
    for (const concept of concepts) {
      // "kv" → "key value": a typed acronym also matches its long forms.
      for (const form of this.#acronyms.longForms(concept.stem).slice(0, MAX_EXPANSIONS_PER_TERM)) {
        concept.alternatives = [...concept.alternatives, form.stems];
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
            if (!concept.alternatives.some((alt) => alt.length === 1 && alt[0] === key)) {
              concept.alternatives = [...concept.alternatives, [key]];
            }
          }
        }
      }
    }
    return concepts;
  }

  /** The most distinctive words of the top papers (Rocchio-style), as low-weight concepts. */
  #feedbackConcepts(top: readonly Ranked[], typed: ReadonlySet<string>): Concept[] {
    const { feedbackTerms, feedbackWeight, bm25 } = this.#ranking;
    const best = top[0]?.score ?? 0;
    if (best <= 0) return [];
    const weights = new Map<string, { weight: number; docs: number }>();
    for (const item of top) {
      const share = item.score / best;
      const counts = this.#corpus.termCounts(item.doc);
      const length = Math.max(1, counts.length);
      const stems = new Set([...counts.title.keys(), ...counts.abstract.keys()]);
      for (const s of stems) {
        if (typed.has(s) || !isContentStem(s)) continue;
        const tf = bm25.titleWeight * (counts.title.get(s) ?? 0) + (counts.abstract.get(s) ?? 0);
        const entry = weights.get(s) ?? { weight: 0, docs: 0 };
        entry.weight += (share * tf) / length;
        entry.docs += 1;
        weights.set(s, entry);
      }
    }
    const scored: Array<{ stem: string; weight: number }> = [];
    for (const [s, entry] of weights) {
      // A word of one feedback paper only is that paper's quirk, not the topic's.
      if (entry.docs < 2) continue;
      scored.push({ stem: s, weight: entry.weight * this.#corpus.idf(this.#corpus.df(s)) });
    }
    scored.sort((a, b) => b.weight - a.weight || a.stem.localeCompare(b.stem));
    const chosen = scored.slice(0, feedbackTerms);
    const max = chosen[0]?.weight ?? 0;
    if (max <= 0) return [];
    return chosen.map((term) => ({ label: term.stem, alternatives: [[term.stem]], weight: (feedbackWeight * term.weight) / max }));
  }

  /** A paper's most distinctive words: tf (title weighted) × idf, over words other papers share. */
  #distinctiveTerms(doc: number, count: number): Array<{ stem: string; weight: number }> {
    const counts = this.#corpus.termCounts(doc);
    const { titleWeight } = this.#ranking.bm25;
    const maxDf = Math.max(2, Math.floor(this.#corpus.size * 0.5));
    const scored: Array<{ stem: string; weight: number }> = [];
    for (const s of new Set([...counts.title.keys(), ...counts.abstract.keys()])) {
      const df = this.#corpus.df(s);
      if (!isContentStem(s) || df < 2 || df > maxDf) continue;
      const tf = titleWeight * (counts.title.get(s) ?? 0) + (counts.abstract.get(s) ?? 0);
      scored.push({ stem: s, weight: (1 + Math.log(tf)) * this.#corpus.idf(df) });
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
      if (this.#corpus.has(term.stem) || this.#acronyms.longForms(term.stem).length > 0) continue;
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

  #passesTextFilters(entry: IndexedPaper, parsed: ParsedQuery): boolean {
    for (const term of parsed.terms) {
      if (term.required && !entry.stems.has(term.stem)) return false;
    }
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
    return this.#entries.some(
      (entry) => containsSequence(entry.title.stems, phraseStems) || containsSequence(entry.abstract.stems, phraseStems),
    );
  }

  /** Indexed words close (by edit distance) to each query word the index does not know. */
  #suggest(parsed: ParsedQuery): string[] {
    const out: string[] = [];
    for (const term of parsed.terms) {
      if (this.#corpus.has(term.stem)) continue;
      for (const candidate of this.#speller.candidates(term.word, MAX_SUGGESTIONS_PER_WORD)) {
        if (!out.includes(candidate.word)) out.push(candidate.word);
      }
    }
    return out.slice(0, MAX_SUGGESTIONS);
  }
}

/** Builds the search over `papers` (duplicate ids keep the first). */
export function createPaperSearch(papers: readonly Paper[], ranking: Partial<RankingOptions> = {}): PaperSearch {
  return new ConceptPaperSearch(papers, { ...DEFAULT_RANKING, ...ranking });
}
