/**
 * Plan, the filters of a query (issue 18): `author:"Tri Dao"` / `author:Dao`, `has:code`, `since:2025-06` /
 * `since:2025-06-15`, `upvotes:>20` (`>=`, `<`, `<=`; a plain `upvotes:20` means 20 or more). A filter is what a
 * paper must be, on top of the words; `-` before one turns it round (`-has:code`: papers without code,
 * `-since:2025-06`: papers from before June 2025), and like `-word` it is an exclusion: it never makes a query on
 * its own.
 *
 * Choices:
 * - Only these four keys are filters (any case: `Author:Dao`); `foo:bar` or `title:x` stay plain words.
 * - A filter key with a value that cannot be read (`since:yesterday`, `upvotes:>abc`, `has:nothing`, `author:`) is
 *   never searched as words nor ignored: the query is answered with a notice saying how to write it, and nothing
 *   else, so a typo in a filter never widens a digest.
 * - Several filters all apply (`author:Dao author:Gu` is a paper by both); several `since:` keep the latest.
 * - A paper without a date never passes `since:`, one without upvotes never passes `upvotes:` (and so passes
 *   their negations); only papers whose source names their authors (the HF API) can pass `author:`.
 */
import { authorNameWords } from '../../papers/author-names.ts';

export type UpvotesOp = '>' | '>=' | '<' | '<=';

export type FilterRule =
  | { kind: 'author'; /** The name's words (authorNameWords). */ words: string[] }
  | { kind: 'has-code' }
  | { kind: 'since'; /** YYYYMMDD. */ day: number }
  | { kind: 'upvotes'; op: UpvotesOp; value: number };

export interface QueryFilter {
  /** The filter as typed, sign included (`-has:code`). */
  text: string;
  /** [start, end) in the query text (corrections leave it as typed). */
  start: number;
  end: number;
  negated: boolean;
  rule: FilterRule;
}

export const FILTER_KEYS = ['author', 'has', 'since', 'upvotes'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export function isFilterKey(key: string): key is FilterKey {
  return (FILTER_KEYS as readonly string[]).includes(key);
}

/** A filter read from its key and value, or the notice saying how to write it. */
export type FilterReading = { rule: FilterRule } | { problem: string };

/**
 * A typed value quoted back in a notice's code span, as typed (`upvotes:>abc`): short, one line, a backtick a
 * look-alike so it cannot end the span. Every view escapes `&`, `<`, `>` (Slack's control characters).
 */
/** `value` as typed, safe inside a code span (no backtick, one line) and at most 40 characters. */
export function echo(value: string): string {
  const clean = value.replace(/`/g, '\u02CB').replace(/\s+/g, ' ').trim();
  return [...clean].length > 40 ? `${[...clean].slice(0, 40).join('')}…` : clean;
}

export const FILTER_HELP = {
  author: 'write a name, e.g. `author:"Tri Dao"` or `author:Dao`.',
  has: '`has:code` finds papers with a code repository.',
  since: 'write a month or a day, e.g. `since:2025-06` or `since:2025-06-15`.',
  upvotes: 'write a number, e.g. `upvotes:>20`, `upvotes:>=20`, `upvotes:<5`, or `upvotes:20` (20 or more).',
} as const;

const DAY_RE = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;
const UPVOTES_RE = /^(>=|<=|>|<|≥|≤)?(\d{1,9})$/;

/** YYYYMMDD for a real `YYYY-MM` (its first day) or `YYYY-MM-DD`, null otherwise. */
export function dayOf(value: string): number | null {
  const match = DAY_RE.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = match[3] === undefined ? 1 : Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return year * 10_000 + month * 100 + day;
}

export function readFilter(key: FilterKey, value: string): FilterReading {
  const shown = `\`${key}:${echo(value)}\``;
  switch (key) {
    case 'author': {
      const words = authorNameWords(value);
      if (words.length === 0) return { problem: `${shown} has no name in it: ${FILTER_HELP.author}` };
      return { rule: { kind: 'author', words } };
    }
    case 'has':
      if (value.toLowerCase() === 'code') return { rule: { kind: 'has-code' } };
      return { problem: `${shown} is not a filter I know: ${FILTER_HELP.has}` };
    case 'since': {
      const day = dayOf(value);
      if (day === null) return { problem: `${shown} is not a date: ${FILTER_HELP.since}` };
      return { rule: { kind: 'since', day } };
    }
    case 'upvotes': {
      const match = UPVOTES_RE.exec(value.replace(/\s+/g, ''));
      if (!match) return { problem: `${shown} is not a number of upvotes: ${FILTER_HELP.upvotes}` };
      const typed = match[1] ?? '>=';
      const op: UpvotesOp = typed === '≥' ? '>=' : typed === '≤' ? '<=' : (typed as UpvotesOp);
      return { rule: { kind: 'upvotes', op, value: Number(match[2]) } };
    }
  }
}
