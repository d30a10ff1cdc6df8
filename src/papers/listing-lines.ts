/**
 * A listing page's lines told apart by shape, never by their words (abstracts mention "authors", digits and dates):
 * a title or abstract (text), an author count, the "·" separator, a date with optional upvotes; and the page's layout.
 */

/**
 * compact: no blank lines, a title line then its abstract line (000_*.txt).
 * spaced: title, blank, abstract, blank, optional metadata block (001-003_*.txt).
 * empty: nothing that looks like a paper.
 */
export type ListingLayout = 'compact' | 'spaced' | 'empty';

/** Titles are short; anything this long is an abstract (real titles stay under 200, abstracts over 500). */
export const MAX_TITLE_LENGTH = 300;

const AUTHORS_LINE = /^•\s*(\d{1,4})\s+authors?$/;
const SEPARATOR_LINE = /^·$/;
/** "Jul 24, 2024", "Mar 20", optionally followed by an upvote count: "Feb 7, 2024 2", "Sep 22 2". */
const DATE_LINE = /^([A-Z][a-z]{2} \d{1,2}(?:, \d{4})?)(?: (\d{1,7}))?$/;

/**
 * A full stop followed by another sentence. Only a full stop: titles do use "?" and "!" mid-way
 * ("How Does Attention Work in Vision Transformers? A Visual Analytics Attempt").
 */
const SENTENCE_BREAK = /[^.]\.["')\]]?\s+["'(\[]?[A-Z0-9]/;
/** Ends a sentence with a single full stop (not an ellipsis, as in "… RNNs or ...."). */
const FULL_STOP_END = /[^.]\.["')\]]?$/;
/** Any sentence end: an abstract cut off mid-sentence lacks one. */
export const SENTENCE_END = /[.!?]["')\]]?$/;

/** Control characters other than tab / line ends, and the replacement character left by bad UTF-8. */
const JUNK_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/g;

export type Line =
  | { kind: 'text'; line: number; text: string; afterBlank: boolean }
  | { kind: 'authors'; line: number; text: string; count: number }
  | { kind: 'separator'; line: number; text: string }
  | { kind: 'date'; line: number; text: string; dateText: string; upvotes: number | null }
  | { kind: 'unknown-meta'; line: number; text: string };

export type MetaLine = Exclude<Line, { kind: 'text' }>;

export type TextLine = Extract<Line, { kind: 'text' }>;

/**
 * Shape check telling an abstract from a title: long, or several sentences (a full stop followed by more
 * text, ending on a full stop). Titles are short and at most end on a period.
 */
export function looksLikeAbstract(text: string): boolean {
  if (text.length >= MAX_TITLE_LENGTH) return true;
  return FULL_STOP_END.test(text) && SENTENCE_BREAK.test(text);
}
export function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const junk = text.match(JUNK_CHARS)?.length ?? 0;
  return junk > 0 && junk >= text.length * 0.01;
}

function classify(raw: string, line: number, afterBlank: boolean): Line | null {
  const text = raw.replace(JUNK_CHARS, '').replace(/\s+/g, ' ').trim();
  if (text === '') return null;
  const authors = AUTHORS_LINE.exec(text);
  if (authors) return { kind: 'authors', line, text, count: Number(authors[1]) };
  if (SEPARATOR_LINE.test(text)) return { kind: 'separator', line, text };
  const date = DATE_LINE.exec(text);
  if (date) {
    const upvotes = date[2] === undefined ? null : Number(date[2]);
    return { kind: 'date', line, text, dateText: date[1] ?? text, upvotes };
  }
  if (text.startsWith('•')) return { kind: 'unknown-meta', line, text };
  return { kind: 'text', line, text, afterBlank };
}

/** Non-blank lines, classified by shape; `afterBlank` says a blank line came right before. */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let previousBlank = true;
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const entry = classify(raw, index + 1, previousBlank);
    previousBlank = entry === null;
    if (entry) lines.push(entry);
  });
  return lines;
}
export function detectLayout(lines: Line[]): ListingLayout {
  let adjacent = 0;
  let separated = 0;
  for (let i = 1; i < lines.length; i += 1) {
    const previous = lines[i - 1];
    const current = lines[i];
    if (previous?.kind !== 'text' || current?.kind !== 'text') continue;
    if (current.afterBlank) separated += 1;
    else adjacent += 1;
  }
  if (!lines.some((entry) => entry.kind === 'text')) return 'empty';
  return adjacent > separated ? 'compact' : 'spaced';
}

