/** The words of `/paper top` (and `subscribe top`) that name a period or a count rather than a topic. Pure. */
import type { TopPeriod } from '../digests/top-papers.ts';
import type { Word } from './command-words.ts';
import { COUNT, PERIOD_LEAD_IN, PERIOD_WORDS, UNKEPT_PERIODS } from '../views/top-words.ts';

// The words themselves live with the views, which quote a topic starting with one in the commands they suggest.
export { UNKEPT_PERIODS };

export function periodOf(word: string): TopPeriod | null {
  // Own keys only: `top constructor` is a topic, not Object.prototype's constructor taken for a period.
  const key = word.toLowerCase();
  return Object.hasOwn(PERIOD_WORDS, key) ? (PERIOD_WORDS[key] ?? null) : null;
}

/** `this week`, `last month`, `past week`: how many words come before the period word (1), else 0. */
export function periodLeadIn(words: readonly Word[]): number {
  const [lead, period] = words;
  if (lead === undefined || period === undefined || lead.quoted || period.quoted) return 0;
  return PERIOD_LEAD_IN.test(lead.text) && periodOf(period.text) !== null ? 1 : 0;
}

/** `top 10`, `top 5 papers`: a count where a topic goes (as a topic, it would keep papers with that number in them). */
export function isCount(word: Word | undefined): boolean {
  return word !== undefined && !word.quoted && COUNT.test(word.text);
}

export const NO_COUNT = 'A top list always holds the 10 most upvoted papers; it takes no count.';
