/**
 * A time `/paper subscribe` could not read as an option, left among the topic's words: `at 09:00 Europe/Berlin`
 * (no `tz`), `at 9am every morning` (not at the end), `sparse attention 9pm` (no `at`), `sparse attention tomorrow`
 * (a word for when, not a time). Subscribing to those words
 * would post at the default time instead, so the grammar refuses them with what to write. Pure.
 */
import { canonicalTimeZone } from '../digests/time-zones.ts';
import { parseTime } from '../digests/wall-time.ts';
import type { Word } from './command-words.ts';
import { echo } from './invalid-command.ts';
import { zoneHint } from './zone-hint.ts';

/** What to write instead, or a word meant as a zone that names none (the grammar explains zones). */
export type StrayTime = { problem: string } | { unknownZone: string };

/** A time written as one word (`09:00`, `9am`) or two (`9 am`) at `words[i]`: its `HH:MM` and how many words it took. */
function timeAt(words: readonly Word[], i: number): { time: string; words: number } | null {
  const word = words[i];
  if (word === undefined || word.quoted || !/\d/.test(word.text)) return null;
  const one = parseTime(word.text);
  if (one !== null) return { time: one, words: 1 };
  const meridiem = words[i + 1];
  if (meridiem === undefined || meridiem.quoted || !/^[ap]\.?m\.?$/i.test(meridiem.text)) return null;
  const two = parseTime(`${word.text} ${meridiem.text}`);
  return two === null ? null : { time: two, words: 2 };
}

const isAt = (word: Word | undefined): boolean => word !== undefined && !word.quoted && word.text.toLowerCase() === 'at';

/** The topic's words (the options at the end already taken) → the time left among them, or null. */
export function strayTime(words: readonly Word[]): StrayTime | null {
  const ending = timeAt(words, words.length - 1);
  if (ending?.words === 1 && !isAt(words[words.length - 2])) return { problem: `Put \`at\` before the time: \`at ${ending.time}\`.` };
  for (let i = 0; i < words.length - 1; i++) {
    if (!isAt(words[i])) continue;
    const time = timeAt(words, i + 1);
    if (time === null) continue;
    const after = words.slice(i + 1 + time.words);
    const word = after[0];
    if (after.length === 1 && word !== undefined && !word.quoted) {
      const zone = canonicalTimeZone(word.text);
      // A word meant as a zone (`Europe/Pari`, `Paris`, `PST`, `UTC+2`) gets the zone answer; any other (`tomorrow`) is no zone.
      if (zone === null && (/[/+\d]/.test(word.text) || zoneHint(word.text) !== '')) return { unknownZone: word.text };
      if (zone === null) {
        return {
          problem: `I can't read "${echo(word.text)}" after \`at ${time.time}\`: only options go after the time (\`tz Europe/Berlin\`, \`daily\`, \`weekdays\`, \`every monday\`), and the first digest goes out at the next ${time.time}.`,
        };
      }
      return { problem: `Put \`tz\` before the timezone: \`at ${time.time} tz ${zone}\`.` };
    }
    return { problem: `\`at ${time.time}\` is read from the end: put the topic first and the options after it.` };
  }
  return dayTimeWord(words);
}

/** Words for when, not what: `tomorrow`, `tonight`, `this morning` at the end of a topic. */
const WHEN_WORDS = new Set(['tomorrow', 'tonight', 'today', 'now', 'morning', 'mornings', 'evening', 'evenings', 'afternoon', 'afternoons']);

/**
 * `subscribe sparse attention tomorrow`: a word saying when, left at the end of the topic (unquoted), would make a
 * digest no paper matches. A digest goes out at a time of day, so the answer is about `at HH:MM`.
 */
function dayTimeWord(words: readonly Word[]): StrayTime | null {
  const last = words[words.length - 1];
  if (last === undefined || last.quoted || words.length < 2) return null;
  const word = last.text.toLowerCase();
  // `every morning` is a cadence's answer (stray-cadence.ts).
  const before = words[words.length - 2]?.text.toLowerCase();
  if (!WHEN_WORDS.has(word) || before === 'every' || before === 'each') return null;
  const example = /^(?:tonight|evenings?)$/.test(word) ? '18:00' : /^afternoons?$/.test(word) ? '14:00' : '08:00';
  return {
    problem:
      `A digest goes out at a time of day, not "${echo(last.text)}": end with the time, \`at ${example}\` (the first digest goes out at the next ${example}). ` +
      `To keep "${echo(last.text)}" in the topic, put the topic in double quotes.`,
  };
}
