/**
 * A schedule `/paper subscribe` does not keep, left at the end of the topic: `monthly`, `every 2 weeks`,
 * `every morning`, `every weekend` / `weekends`, a weekday without `every` or `on` (`black friday`, `sparse attention mondays`). Subscribing to
 * those words would post a daily digest of a topic no paper matches (or, for a weekday, might be meant as a topic), so
 * the grammar refuses them, saying which cadences there are. Pure; a quoted word is a topic word. The schedules it
 * does keep (`every monday`, `every day`, …) were already read off the end (subscribe-grammar.ts).
 */
import { isKeyword, joinTokens, type Word } from './command-words.ts';
import { WEEKEND_ANSWER } from './day-range.ts';
import { fullWeekday, weekdayWord } from './weekday-words.ts';

const UNKEPT = new Set(['monthly', 'biweekly', 'bi-weekly', 'fortnightly', 'hourly', 'yearly', 'annually', 'quarterly', 'bimonthly', 'semimonthly']);
const KEPT =
  'A digest goes out `daily`, on `weekdays`, or once a week: `weekly` (on the weekday you subscribe) or `every monday` (any day you name). End with one of those.';

const title = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/** A weekday may also end a topic ("black friday"): how to keep it one, the topic quoted when it can be shown as typed. */
function quoteHint(words: readonly Word[], subcommand: 'subscribe' | 'digest'): string {
  const top = isKeyword(words[0], 'top');
  const topic = joinTokens(top ? words.slice(1) : words);
  const what = subcommand === 'subscribe' ? 'follow' : 'preview';
  if (topic === '' || topic.length > 80 || /[<>&`"\u201c\u201d\u201e]/.test(topic)) return ` To ${what} those words as a topic, put them in double quotes.`;
  return ` To ${what} those words as a topic, put them in double quotes: \`/paper ${subcommand} ${top ? 'top ' : ''}"${topic}"\`.`;
}

function weekdayProblem(day: number, lead: string, words: readonly Word[], subcommand: 'subscribe' | 'digest'): string {
  const name = weekdayWord(day);
  // `monday and thursday`, `monday, thursday`: more than one day.
  if (lead === 'and' || lead.endsWith(',') || fullWeekday(lead.replace(/,$/, '')) !== null) {
    return `A weekly digest goes out on one day a week: end with \`every ${name}\` (or \`weekdays\`, Monday to Friday, or \`daily\`).`;
  }
  return `Did you mean a digest on ${title(name)}s? Then end with \`every ${name}\` (or \`weekly on ${name}\`).${quoteHint(words, subcommand)}`;
}

/**
 * The topic's words (the options at the end already taken) → what to write instead, or null. `subcommand`: the command
 * the hint to quote the words names (`/paper digest` reads its topic as subscribe does).
 */
export function strayCadence(words: readonly Word[], subcommand: 'subscribe' | 'digest' = 'subscribe'): string | null {
  const last = words[words.length - 1];
  if (last === undefined || last.quoted) return null;
  const word = last.text.toLowerCase();
  const before = words[words.length - 2];
  const lead = before !== undefined && !before.quoted ? before.text.toLowerCase() : '';
  // `every weekend`, `on weekends`, `weekends`: no such cadence (one day a week, weekdays or daily); bare, maybe a topic word.
  if (/^week-?ends?$/.test(word)) {
    const said = ['every', 'each', 'on', 'at', 'the', 'over'].includes(lead);
    return `${WEEKEND_ANSWER}${said ? '' : quoteHint(words, subcommand)}`;
  }
  const day = fullWeekday(word);
  // `mondays`, `black friday`: nothing else at the end of a topic reads that way, but it could be either.
  if (day !== null) return weekdayProblem(day, lead, words, subcommand);
  if (UNKEPT.has(word)) return `I don't post ${word}. ${KEPT}`;
  if (word === 'nightly' || ((lead === 'every' || lead === 'each') && (word === 'morning' || word === 'evening' || word === 'night'))) {
    return 'For every day, end with `daily` and give the time: `/paper subscribe sparse attention daily at 08:00`.';
  }
  if ((lead === 'every' || lead === 'each') && (word === 'month' || word === 'year' || word === 'hour')) return `I don't post every ${word}. ${KEPT}`;
  // `every 2 weeks`, `every other week`.
  const third = words[words.length - 3];
  if (third !== undefined && !third.quoted && third.text.toLowerCase() === 'every' && /^(?:days?|weeks?|months?)$/.test(word)) {
    return `I don't post every ${before?.text ?? ''} ${word}. ${KEPT}`;
  }
  return null;
}
