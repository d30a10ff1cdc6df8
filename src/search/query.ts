/**
 * Free text → a safe, structured query.
 *
 * Nothing a user types ever reaches a query-string parser (lunr's `index.search` throws on `title:`, `~`, `^`, a
 * lone `-` … and treats `*` as "everything"). Text is cut into plain words here, the same way documents are, and
 * the search looks those words up by stem (paper-index.ts).
 *
 * On purpose the syntax understands:
 * - `"quoted phrase"`: all its words must be present, and contiguous in the title or the abstract;
 * - `-word` / `-"a phrase"`: leave out papers containing it;
 * - `+word`: the word must be present;
 * - `author:`, `has:`, `since:`, `upvotes:` filters (plan/filters.ts), `-` turning one round.
 * Everything else (`title:`, `~2`, `^10`, `*`, backslashes, emoji) is treated as punctuation between words.
 */
import lunr from 'lunr';
import { echo, isFilterKey, readFilter, type QueryFilter } from './plan/filters.ts';

/** Longest query text considered; the rest is ignored (with a notice). */
export const MAX_QUERY_CHARS = 512;
/** Most distinct search words used; later words are ignored (with a notice). */
export const MAX_QUERY_TERMS = 32;

/** A word of a text with where it sits in the original string. */
export interface TextToken {
  /** Lower-cased, accent-folded word. */
  word: string;
  /** [start, end) offsets in the original text. */
  start: number;
  end: number;
}

const WORD_RE = /[\p{L}\p{N}\p{M}]+/gu;
const NON_ASCII_RE = /[^\u0000-\u007f]/u;

function foldWord(raw: string): string {
  if (!NON_ASCII_RE.test(raw)) return raw.toLowerCase();
  return raw.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** Words of a text (letters and digits; everything else separates), with offsets into the original. */
export function tokenize(text: string): TextToken[] {
  const tokens: TextToken[] = [];
  for (const match of text.matchAll(WORD_RE)) {
    const word = foldWord(match[0]);
    if (!word) continue;
    const start = match.index;
    tokens.push({ word, start, end: start + match[0].length });
  }
  return tokens;
}

/** An ASCII text's words once lower-cased (what WORD_RE and foldWord give on ASCII, much faster). */
const ASCII_WORD_RE = /[a-z0-9]+/g;

/** Just the folded words of a text. */
export function words(text: string): string[] {
  if (!NON_ASCII_RE.test(text)) return text.toLowerCase().match(ASCII_WORD_RE) ?? [];
  const out: string[] = [];
  for (const match of text.matchAll(WORD_RE)) {
    const word = foldWord(match[0]);
    if (word) out.push(word);
  }
  return out;
}

export interface WordAnalysis {
  stem: string;
  stopWord: boolean;
}

const analysisCache = new Map<string, WordAnalysis>();
const ANALYSIS_CACHE_LIMIT = 100_000;

/** A folded word's stem and whether it is a stop word (remembered for the most recent words). */
export function analyzeWord(word: string): WordAnalysis {
  const cached = analysisCache.get(word);
  if (cached !== undefined) return cached;
  const token = new lunr.Token(word, {});
  const analysis: WordAnalysis = {
    // lunr's filter returns the token unless it is a stop word.
    stopWord: lunr.stopWordFilter(token) === undefined,
    stem: lunr.stemmer(new lunr.Token(word, {})).toString(),
  };
  if (analysisCache.size >= ANALYSIS_CACHE_LIMIT) analysisCache.clear();
  analysisCache.set(word, analysis);
  return analysis;
}

/** lunr's (Porter) stem of an already folded word, so query and index agree on what a word is. */
export function stem(word: string): string {
  return analyzeWord(word).stem;
}

/** lunr's English stop word list ("the", "of", "in" …). */
export function isStopWord(word: string): boolean {
  return analyzeWord(word).stopWord;
}

/** The index-side view of a text: stems of its non-stop words, in order. */
export function indexTerms(text: string): string[] {
  const out: string[] = [];
  for (const word of words(text)) {
    const analysis = analyzeWord(word);
    if (!analysis.stopWord) out.push(analysis.stem);
  }
  return out;
}

export interface QueryTerm {
  /** The folded word as typed. */
  word: string;
  /** What it is looked up as in the index. */
  stem: string;
  /** `+word`, or a word of a quoted phrase: papers without it are not results. */
  required: boolean;
}

export interface QueryPhrase {
  /** The phrase as typed (between the quotes). */
  text: string;
  /** Its folded words, stop words included. */
  words: string[];
  /** Their stems, compared with a paper's stem sequence for contiguity. */
  stems: string[];
}

export type QueryStatus = 'ok' | 'empty' | 'no-words' | 'stop-words-only' | 'exclusions-only' | 'bad-filter';

export interface ParsedQuery {
  /** The trimmed input. */
  text: string;
  status: QueryStatus;
  /** Words to look for, distinct by stem, at most MAX_QUERY_TERMS. */
  terms: QueryTerm[];
  /** Phrases that must appear contiguously in the title or the abstract. */
  phrases: QueryPhrase[];
  /** `-word`: papers containing it are left out. */
  excludedTerms: QueryTerm[];
  /** `-"a phrase"` (or `-two-words`): papers containing it contiguously are left out. */
  excludedPhrases: QueryPhrase[];
  /** `author:`, `has:`, `since:`, `upvotes:` filters, in the order typed (a query of only filters is valid). */
  filters: QueryFilter[];
  /** What a user should hear about the query, null when all is well. */
  notice: string | null;
}

export const NOTICES = {
  empty: 'Type some words to search for, e.g. `sparse attention`.',
  noWords: 'There are no words to search for in that query. Type some words, e.g. `sparse attention`.',
  stopWordsOnly:
    'Those words are too common to search on their own (like "the" or "of"). Add a more specific word, e.g. `sparse attention`.',
  exclusionsOnly: 'Only exclusions were given (`-word`). Add at least one word to search for, e.g. `attention -vision`.',
  filterExclusionsOnly:
    'Only exclusions were given (`-word`, `-has:code`). Add a word or a filter to search for, e.g. `attention -has:code` or `author:Dao -has:code`.',
  tooLong: `The query was cut to its first ${MAX_QUERY_CHARS} characters.`,
  tooManyTerms: `Only the first ${MAX_QUERY_TERMS} words of the query were used.`,
} as const;

/**
 * The filters a query of only negated filters (`-has:code -author:Dao`) takes out, each as a positive query
 * (`has:code`, `author:Dao`); null for any other query. Such a query searches nothing on its own, but it can narrow
 * a list that already exists (a top list): the list minus the papers any of these select.
 */
export function excludedFilterQueries(query: string): string[] | null {
  const parsed = parseQuery(query);
  if (parsed.status !== 'exclusions-only' || parsed.excludedTerms.length > 0 || parsed.excludedPhrases.length > 0) return null;
  if (parsed.filters.length === 0 || parsed.filters.some((filter) => !filter.negated)) return null;
  return parsed.filters.map((filter) => filter.text.replace(/^[-\u2212]/, ''));
}

/**
 * Why a query with filters found nothing; null without filters. A single filter is named as typed ("No paper passes
 * `has:code`; try without it"), several are "those filters". `author:` and `has:code` are explained when given: they
 * can only see papers whose source names authors or a code repository (the seed pages name neither).
 */
export function filtersNotice(parsed: Pick<ParsedQuery, 'filters'>): string | null {
  const { filters } = parsed;
  const [only] = filters;
  if (only === undefined) return null;
  const single = filters.length === 1;
  const author = filters.some((filter) => filter.rule.kind === 'author');
  const notes: string[] = [];
  if (author) notes.push('`author:` knows only papers whose source names their authors');
  if (filters.some((filter) => filter.rule.kind === 'has-code' && !filter.negated)) notes.push('`has:code` knows only papers whose source names their code repository');
  const which = single ? `\`${echo(only.text)}\`` : 'those filters';
  const tryInstead = single ? (author ? 'try another spelling, or leave it out' : 'try without it') : author ? 'try fewer filters or another spelling' : 'try fewer filters';
  return notes.length === 0 ? `No paper passes ${which}; ${tryInstead}.` : `No paper passes ${which}. ${notes.join('. ')}; ${tryInstead}.`;
}

// One query chunk: an optional sign, then a filter (a filter key, `:`, a quoted or bare value, perhaps empty), a
// "quoted phrase" (straight or curly quotes, closing quote optional) or a run of non-space characters. Any other
// `key:` is a run of characters like before filters existed (`title:foo` is the words "title foo").
const CHUNK_RE = /([+\-\u2212]?)(?:(author|has|since|upvotes):(?:"([^"]*)"?|\u201c([^\u201d]*)\u201d?|(\S*))|"([^"]*)"?|\u201c([^\u201d]*)\u201d?|(\S+))/giu;

function makePhrase(text: string, phraseWords: string[]): QueryPhrase {
  return { text, words: phraseWords, stems: phraseWords.map(stem) };
}

/** Parses any string; never throws. */
export function parseQuery(input: unknown): ParsedQuery {
  const text = typeof input === 'string' ? input.trim() : '';
  const notices: string[] = [];
  const parsed: ParsedQuery = {
    text,
    status: 'ok',
    terms: [],
    phrases: [],
    excludedTerms: [],
    excludedPhrases: [],
    filters: [],
    notice: null,
  };
  if (!text) {
    parsed.status = 'empty';
    parsed.notice = NOTICES.empty;
    return parsed;
  }

  let working = text;
  if (working.length > MAX_QUERY_CHARS) {
    working = working.slice(0, MAX_QUERY_CHARS);
    notices.push(NOTICES.tooLong);
  }

  const seenPositive = new Map<string, QueryTerm>();
  const seenExcluded = new Set<string>();
  const seenPhrases = new Set<string>();
  let sawStopWord = false;
  let truncatedTerms = false;

  const addPositive = (word: string, required: boolean): void => {
    if (isStopWord(word)) {
      sawStopWord = true;
      return;
    }
    const stemmed = stem(word);
    const existing = seenPositive.get(stemmed);
    if (existing) {
      existing.required ||= required;
      return;
    }
    if (seenPositive.size >= MAX_QUERY_TERMS) {
      truncatedTerms = true;
      return;
    }
    const term: QueryTerm = { word, stem: stemmed, required };
    seenPositive.set(stemmed, term);
    parsed.terms.push(term);
  };

  const filterProblems: string[] = [];
  for (const match of working.matchAll(CHUNK_RE)) {
    const sign = match[1] ?? '';
    const key = match[2]?.toLowerCase();
    if (key !== undefined && isFilterKey(key)) {
      const value = match[3] ?? match[4] ?? match[5] ?? '';
      const reading = readFilter(key, value.trim());
      if ('problem' in reading) {
        filterProblems.push(reading.problem);
      } else {
        const negated = sign === '-' || sign === '\u2212';
        const start = match.index;
        parsed.filters.push({ text: match[0], start, end: start + match[0].length, negated, rule: reading.rule });
      }
      continue;
    }
    const quoted = match[6] ?? match[7];
    const bare = match[8];
    const isPhrase = quoted !== undefined;
    const chunkWords = words(isPhrase ? quoted : (bare ?? ''));
    if (chunkWords.length === 0) continue;
    const negative = sign === '-' || sign === '\u2212';

    if (negative) {
      if (chunkWords.length === 1) {
        const word = chunkWords[0] ?? '';
        const stemmed = stem(word);
        if (!seenExcluded.has(stemmed) && parsed.excludedTerms.length < MAX_QUERY_TERMS) {
          seenExcluded.add(stemmed);
          parsed.excludedTerms.push({ word, stem: stemmed, required: false });
        }
      } else if (parsed.excludedPhrases.length < MAX_QUERY_TERMS) {
        parsed.excludedPhrases.push(makePhrase(isPhrase ? (quoted ?? '') : (bare ?? ''), chunkWords));
      }
      continue;
    }

    if (isPhrase && chunkWords.length > 1) {
      const phrase = makePhrase(quoted ?? '', chunkWords);
      const key = phrase.stems.join(' ');
      const hasContent = chunkWords.some((word) => !isStopWord(word));
      if (hasContent && !seenPhrases.has(key) && parsed.phrases.length < MAX_QUERY_TERMS) {
        seenPhrases.add(key);
        parsed.phrases.push(phrase);
      }
      for (const word of chunkWords) addPositive(word, true);
      continue;
    }

    const required = sign === '+' || isPhrase;
    for (const word of chunkWords) addPositive(word, required);
  }

  if (truncatedTerms) notices.push(NOTICES.tooManyTerms);

  const positiveFilter = parsed.filters.some((filter) => !filter.negated);
  if (filterProblems.length > 0) {
    // A filter that cannot be read is never dropped nor searched as words: it would widen what was asked for.
    parsed.status = 'bad-filter';
    notices.unshift(...filterProblems);
  } else if (parsed.terms.length === 0 && positiveFilter) {
    // Only filters (and perhaps exclusions): the papers they select, newest first.
    parsed.phrases = [];
  } else if (parsed.terms.length === 0) {
    // Nothing to look for: never fall back to "everything".
    parsed.phrases = [];
    if (sawStopWord) {
      // Words were typed, but only ones too common to search for ("the", "+must -not").
      parsed.status = 'stop-words-only';
      notices.unshift(NOTICES.stopWordsOnly);
    } else if (parsed.filters.length > 0) {
      parsed.status = 'exclusions-only';
      notices.unshift(NOTICES.filterExclusionsOnly);
    } else if (parsed.excludedTerms.length > 0 || parsed.excludedPhrases.length > 0) {
      parsed.status = 'exclusions-only';
      notices.unshift(NOTICES.exclusionsOnly);
    } else {
      parsed.status = 'no-words';
      notices.unshift(NOTICES.noWords);
    }
  }

  parsed.notice = notices.length > 0 ? notices.join(' ') : null;
  return parsed;
}

/** Whether `phrase` (stems) occurs contiguously in `sequence` (stems of a text, stop words included). */
export function containsSequence(sequence: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0) return false;
  const first = phrase[0];
  outer: for (let i = 0; i + phrase.length <= sequence.length; i++) {
    if (sequence[i] !== first) continue;
    for (let j = 1; j < phrase.length; j++) {
      if (sequence[i + j] !== phrase[j]) continue outer;
    }
    return true;
  }
  return false;
}
