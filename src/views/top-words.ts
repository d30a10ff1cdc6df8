/**
 * The words `/paper top` and `/paper subscribe top` read as a period or a count rather than a topic word
 * (src/commands/top-period.ts parses with them), and a top list's topic written so those commands read it back as
 * the topic: `/paper top month "week"`, not `/paper top month week`, which asks for two periods. Pure.
 */
import { topicCode } from './digest.ts';

export const PERIOD_WORDS: Readonly<Record<string, 'week' | 'month'>> = { week: 'week', weekly: 'week', month: 'month', monthly: 'month' };
/** Periods someone may ask for that top lists don't keep: an error, never a topic word. */
export const UNKEPT_PERIODS: ReadonlySet<string> = new Set(['day', 'today', 'daily', 'yesterday', 'year', 'yearly', 'all', 'alltime', 'all-time', 'ever']);
/** `this week`, `last month`, `past week`: the word before a period word. */
export const PERIOD_LEAD_IN = /^(?:this|last|past)$/i;
/** `top 10`: a count where a topic goes. */
export const COUNT = /^\d{1,3}$/;

/** Whether a topic's first words would be read as a period or a count after `top` (or `top week`). */
function readAsPeriod(topic: string): boolean {
  const [first = '', second = ''] = topic.trim().split(/\s+/);
  const word = first.toLowerCase();
  if (Object.hasOwn(PERIOD_WORDS, word) || UNKEPT_PERIODS.has(word) || COUNT.test(word)) return true;
  return PERIOD_LEAD_IN.test(word) && Object.hasOwn(PERIOD_WORDS, second.toLowerCase());
}

/** A top list's topic inside a code span after `/paper top [week|month]` or `/paper subscribe top`: see the file comment. */
export function topTopicCode(topic: string): string {
  const code = topicCode(topic);
  if (!readAsPeriod(topic) || code.includes('"')) return code;
  const [first = '', ...rest] = code.split(' ');
  return [`"${first}"`, ...rest].join(' ');
}
