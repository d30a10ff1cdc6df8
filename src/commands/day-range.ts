/**
 * A range of days at the end of `/paper subscribe` (or `/paper digest`): `monday to friday`, `mon-fri`, `monday through
 * friday`, `from mon to fri`, `every monday–friday`. Monday to Friday is the `weekdays` cadence, every day of the week
 * `daily`; any other range is none the schedule keeps (it is one day a week, weekdays or every day), so the grammar
 * refuses it, as it refuses a weekend. Pure; a quoted word is a topic word.
 */
import { isKeyword, type Word } from './command-words.ts';
import { anyWeekday, weekdayWord } from './weekday-words.ts';

const DASHES = /^(.+?)[-\u2013\u2014](.+)$/;
const JOINERS = new Set(['to', 'through', 'thru', 'till', 'until', '-', '\u2013', '\u2014']);
/** Words that may come before a range and belong to it. */
const LEADS = ['every', 'each', 'on', 'from'];

export type DayRange =
  | { cadence: 'weekdays' | 'daily'; words: number }
  | { refused: string; words: number };

const title = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/** Told when a weekend is asked for: the schedule has no weekend cadence (one day a week, weekdays, or daily). */
export const WEEKEND_ANSWER =
  "I don't have a weekend digest: a digest goes out `daily`, on `weekdays` (Monday to Friday), or on one day a week. For the weekend, end with `every saturday` or `every sunday`.";

/** The range of days that ends `words`, if any: the cadence it means, or why it is refused. */
export function dayRange(words: readonly Word[]): DayRange | null {
  const n = words.length;
  const last = words[n - 1];
  if (last === undefined || last.quoted) return null;
  let from: number | null = null;
  let to: number | null = null;
  let used = 0;
  const dashed = DASHES.exec(last.text);
  if (dashed) {
    from = anyWeekday(dashed[1] ?? '');
    to = anyWeekday(dashed[2] ?? '');
    used = 1;
  }
  if (from === null || to === null) {
    const joiner = words[n - 2];
    const first = words[n - 3];
    if (joiner === undefined || first === undefined || joiner.quoted || first.quoted || !JOINERS.has(joiner.text.toLowerCase())) return null;
    from = anyWeekday(first.text);
    to = anyWeekday(last.text);
    used = 3;
  }
  if (from === null || to === null || from === to) return null;
  if (LEADS.some((lead) => isKeyword(words[n - used - 1], lead))) used += 1;
  if (from === 1 && to === 5) return { cadence: 'weekdays', words: used };
  if ((to + 1) % 7 === from) return { cadence: 'daily', words: used };
  if (from === 6 && to === 0) return { refused: WEEKEND_ANSWER, words: used };
  const range = `${title(weekdayWord(from))} to ${title(weekdayWord(to))}`;
  return {
    refused: `A digest goes out every day (\`daily\`), Monday to Friday (\`weekdays\`) or on one day a week (\`every ${weekdayWord(from)}\`), not ${range}: end with one of those.`,
    words: used,
  };
}
