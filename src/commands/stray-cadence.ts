/**
 * A schedule `/paper subscribe` does not keep, left at the end of the topic: `monthly`, `every 2 weeks`,
 * `weekly on monday`, `every day`. Subscribing to those words would post a daily digest of a topic no paper matches,
 * so the grammar refuses them, saying which cadences there are. Pure; a quoted word is a topic word.
 */
import { isKeyword, joinTokens, type Word } from './command-words.ts';

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const UNKEPT = new Set(['monthly', 'biweekly', 'bi-weekly', 'fortnightly', 'hourly', 'yearly', 'annually', 'quarterly', 'bimonthly', 'semimonthly']);
const EVERY_DAY = new Set(['everyday', 'nightly']);
const KEPT = 'A digest goes out `daily`, on `weekdays` or `weekly` (on the weekday you subscribe): end with one of those.';

const weekdayOf = (word: string): string | null => {
  const bare = word.toLowerCase().replace(/s$/, '');
  return WEEKDAYS.includes(bare) ? bare : null;
};

const title = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/** A weekday may also end a topic ("black friday"): how to keep it one, the topic quoted when it can be shown as typed. */
function quoteHint(words: readonly Word[]): string {
  const top = isKeyword(words[0], 'top');
  const topic = joinTokens(top ? words.slice(1) : words);
  if (topic === '' || topic.length > 80 || /[<>&`"\u201c\u201d\u201e]/.test(topic)) return ' To follow those words, put them in double quotes.';
  return ` To follow those words, put them in double quotes: \`/paper subscribe ${top ? 'top ' : ''}"${topic}"\`.`;
}

function weekdayProblem(day: string, words: readonly Word[]): string {
  return `A weekly digest goes out on the weekday you subscribe, so I can't set it to ${title(day)}: \`weekly\` subscribed on a ${title(day)} goes out on ${title(day)}s; \`weekdays\` and \`daily\` go out more often.${quoteHint(words)}`;
}

/** The topic's words (the options at the end already taken) → what to write instead, or null. */
export function strayCadence(words: readonly Word[]): string | null {
  const last = words[words.length - 1];
  if (last === undefined || last.quoted) return null;
  const word = last.text.toLowerCase();
  const before = words[words.length - 2];
  const lead = before !== undefined && !before.quoted ? before.text.toLowerCase() : '';
  const day = weekdayOf(word);
  // `mondays`, `on monday`, `every friday`; a bare weekday too, as nothing else at the end of a topic reads that way.
  if (day !== null) return weekdayProblem(day, words);
  if (UNKEPT.has(word)) return `I don't post ${word}. ${KEPT}`;
  if (EVERY_DAY.has(word) || ((lead === 'every' || lead === 'each') && (word === 'day' || word === 'morning' || word === 'evening' || word === 'night'))) {
    return 'For every day, end with `daily`: `/paper subscribe sparse attention daily`.';
  }
  if ((lead === 'every' || lead === 'each') && word === 'weekday') return 'For Monday to Friday, end with `weekdays`: `/paper subscribe sparse attention weekdays`.';
  if ((lead === 'every' || lead === 'each') && (word === 'week' || word === 'month' || word === 'year' || word === 'hour')) {
    return word === 'week' ? 'For once a week, end with `weekly` (it goes out on the weekday you subscribe).' : `I don't post every ${word}. ${KEPT}`;
  }
  // `every 2 weeks`, `every other week`.
  const third = words[words.length - 3];
  if (third !== undefined && !third.quoted && third.text.toLowerCase() === 'every' && /^(?:days?|weeks?|months?)$/.test(word)) {
    return `I don't post every ${before?.text ?? ''} ${word}. ${KEPT}`;
  }
  return null;
}
