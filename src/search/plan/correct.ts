/**
 * Plan, before anything else: words the index does not know. A query with such words replaced by indexed words
 * (see correctQuery) is tried first; a word left unknown is named on the page; when nothing matches at all, the page
 * suggests indexed words close to the typed ones.
 */
import { tokenize, words, type ParsedQuery, type QueryTerm } from '../query.ts';
import type { QueryTables } from '../tables/query-tables.ts';

/** Unknown query words corrected per query (each correction scans part of the vocabulary). */
const MAX_CORRECTIONS = 8;
/** Suggestions per unknown query word, and in all. */
const MAX_SUGGESTIONS_PER_WORD = 3;
const MAX_SUGGESTIONS = 9;

/**
 * Edits a correction may make when other words of the query find papers: none up to 4 letters, 1 from 5, 2 from 9
 * (stricter than the fallback's when nothing else matches: "things" is not read as "brings" next to a known "list").
 */
export function confidentEditsFor(word: string): number {
  if (word.length <= 4) return 0;
  return word.length <= 8 ? 1 : 2;
}

/** Papers that must use a word for a correction to it next to matching words ("well supported", not a one-off). */
export const MIN_CORRECTION_SUPPORT = 2;

/** What correcting a query gives: the corrected text (null: nothing to correct) and the typed words left unknown. */
export interface Correction {
  text: string | null;
  /** Typed words the index does not know that were not corrected (so they find nothing). */
  unknown: string[];
  /** Each corrected word as typed and the indexed word used instead. */
  fixes: Array<{ typed: string; used: string }>;
}

/**
 * The query with the words the index does not know (and that are no known acronym) replaced by an indexed word.
 * When none of the query's words is known, each is read as its nearest indexed word (edit distance 1, 2 for words of
 * 6+ letters, the more frequent on a tie): that or nothing. When some are known, the query already finds papers, so
 * an unknown word is corrected only when the edit is small for its length (`confidentEditsFor`) and the word is used
 * by at least MIN_CORRECTION_SUPPORT papers; otherwise it stays, finds nothing, and the page says so.
 */
export function correctQuery(parsed: ParsedQuery, knows: (stem: string) => boolean, tables: QueryTables): Correction {
  const isKnown = (stem: string): boolean => knows(stem) || tables.acronyms.longForms(stem).length > 0;
  const unknownTerms = parsed.terms.filter((term) => !isKnown(term.stem));
  if (unknownTerms.length === 0) return { text: null, unknown: [], fixes: [] };
  const othersMatch = unknownTerms.length < parsed.terms.length;
  const fixes = new Map<string, string>();
  for (const term of unknownTerms) {
    if (fixes.size >= MAX_CORRECTIONS) break;
    const candidates = tables.speller.candidates(term.word, MAX_SUGGESTIONS_PER_WORD);
    const best = othersMatch
      ? candidates.find((c) => c.distance <= confidentEditsFor(term.word) && c.df >= MIN_CORRECTION_SUPPORT)
      : candidates[0];
    if (best) fixes.set(term.word, best.word);
  }
  const unknown = [...new Set(unknownTerms.map((term) => term.word).filter((word) => !fixes.has(word)))];
  if (fixes.size === 0) return { text: null, unknown, fixes: [] };
  let out = '';
  let last = 0;
  for (const token of tokenize(parsed.text)) {
    const fix = fixes.get(token.word);
    if (fix === undefined) continue;
    // A filter's value (`author:Dao`) is no search word: it stays as typed.
    if (parsed.filters.some((filter) => token.start >= filter.start && token.start < filter.end)) continue;
    out += parsed.text.slice(last, token.start) + fix;
    last = token.end;
  }
  return { text: out + parsed.text.slice(last), unknown, fixes: [...fixes].map(([typed, used]) => ({ typed, used })) };
}

/** A quote opened and never closed (`"unclosed quote attention`): the parser reads it as closed at the end. */
export function hasUnclosedQuote(text: string): boolean {
  return (text.match(/["\u201c\u201d\u201e]/g) ?? []).length % 2 === 1;
}

/**
 * Indexed words close (by edit distance) to each query word the index does not know. Not for the words of a quote
 * left open: it ran on to the end, so its words were not meant as a phrase, and guessing at them answers a slip of
 * the quote with other words (its phrase notice says to try it without quotes).
 */
export function suggestWords(parsed: ParsedQuery, knows: (stem: string) => boolean, tables: QueryTables): string[] {
  const out: string[] = [];
  const open = hasUnclosedQuote(parsed.text) ? new Set(parsed.phrases[parsed.phrases.length - 1]?.words) : new Set<string>();
  for (const term of parsed.terms) {
    if (knows(term.stem) || open.has(term.word)) continue;
    for (const candidate of tables.speller.candidates(term.word, MAX_SUGGESTIONS_PER_WORD)) {
      if (!out.includes(candidate.word)) out.push(candidate.word);
    }
  }
  return out.slice(0, MAX_SUGGESTIONS);
}

/**
 * What the page says when a corrected query found the papers: each word read as another, and the typed words that
 * found nothing ("Showing results for "far" instead of "bar"; no paper has the word "foo".").
 */
export function correctionNotice(fixes: readonly { typed: string; used: string }[], unknown: readonly string[]): string {
  const read = fixes.map((fix) => `"${fix.used}" instead of "${fix.typed}"`);
  const readText = read.length <= 1 ? read.join('') : `${read.slice(0, -1).join(', ')} and ${read[read.length - 1] ?? ''}`;
  const quoted = unknown.map((word) => `"${word}"`).join(', ');
  const missing = unknown.length === 0 ? '' : `; no paper has the word${unknown.length === 1 ? '' : 's'} ${quoted}`;
  return `Showing results for ${readText}${missing}.`;
}

/** What the page says about typed words that found nothing while the others found papers (null: none). */
export function unknownWordsNotice(words: readonly string[]): string | null {
  if (words.length === 0) return null;
  const quoted = words.map((word) => `"${word}"`).join(', ');
  return words.length === 1
    ? `No paper has the word ${quoted}; showing results for the other words.`
    : `No paper has the words ${quoted}; showing results for the other words.`;
}

/**
 * Why a query with `+word`s found nothing, when some `+word` is in no paper: the words, and the `+` that requires them
 * (`findable`: whether a term could match a paper at all). Null when every required word is somewhere.
 */
export function requiredWordsNotice(parsed: ParsedQuery, findable: (term: QueryTerm) => boolean): string | null {
  // The words typed with a `+` (a quoted word is required too, but its answer is the phrase's).
  const plus = new Set([...parsed.text.matchAll(/(?:^|\s)\+([^\s"\u201c\u201d\u201e]+)/g)].flatMap((match) => words(match[1] ?? '')));
  const missing = parsed.terms.filter((term) => term.required && plus.has(term.word) && !findable(term)).map((term) => term.word);
  if (missing.length === 0) return null;
  const quoted = missing.map((word) => `"${word}"`).join(', ');
  const typed = missing.map((word) => `+${word}`).join(' ');
  return missing.length === 1
    ? `No paper has the word ${quoted}, which \`${typed}\` requires: without the \`+\`, the other words are searched.`
    : `No paper has the words ${quoted}, which \`${typed}\` require: without the \`+\`, the other words are searched.`;
}
