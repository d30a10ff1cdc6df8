/**
 * Plan, before anything else: words the index does not know. A query with each such word replaced by the nearest
 * indexed word (edit distance 1, 2 for words of 6+ letters, the more frequent on a tie) is tried first; when nothing
 * matches at all, the page suggests indexed words close to the typed ones.
 */
import { tokenize, type ParsedQuery } from '../query.ts';
import type { QueryTables } from '../tables/query-tables.ts';

/** Unknown query words corrected per query (each correction scans part of the vocabulary). */
const MAX_CORRECTIONS = 8;
/** Suggestions per unknown query word, and in all. */
const MAX_SUGGESTIONS_PER_WORD = 3;
const MAX_SUGGESTIONS = 9;

/**
 * The query with every word the index does not know (and that is no known acronym) replaced by its nearest
 * indexed word, or null when there is nothing to correct.
 */
export function correctQuery(parsed: ParsedQuery, knows: (stem: string) => boolean, tables: QueryTables): string | null {
  const fixes = new Map<string, string>();
  for (const term of parsed.terms) {
    if (fixes.size >= MAX_CORRECTIONS) break;
    if (knows(term.stem) || tables.acronyms.longForms(term.stem).length > 0) continue;
    const best = tables.speller.candidates(term.word, 1)[0];
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

/** Indexed words close (by edit distance) to each query word the index does not know. */
export function suggestWords(parsed: ParsedQuery, knows: (stem: string) => boolean, tables: QueryTables): string[] {
  const out: string[] = [];
  for (const term of parsed.terms) {
    if (knows(term.stem)) continue;
    for (const candidate of tables.speller.candidates(term.word, MAX_SUGGESTIONS_PER_WORD)) {
      if (!out.includes(candidate.word)) out.push(candidate.word);
    }
  }
  return out.slice(0, MAX_SUGGESTIONS);
}
