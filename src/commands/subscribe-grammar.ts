/**
 * `/paper subscribe <topic> [like <paper> …] [at HH:MM] [tz Zone] [daily|weekdays|weekly|every <weekday>]`
 * (also `subscribe top …`): the words after `subscribe` to the command. Pure. `/paper digest` reads its topic the same way.
 *
 * Choices:
 * - Options are read from the end, in any order: `at <time>` (also `at 9 am`), `tz <IANA zone>`, and how often:
 *   a cadence word, `every day` / `everyday` (daily), `every weekday` / `on weekdays` / `monday to friday` / `mon-fri`
 *   (weekdays; another range of days is refused, day-range.ts), `every week` (weekly), or a day for a
 *   weekly digest: `every monday`, `weekly on monday`, `on monday` (`each`, `mondays`, any case; `mon` after `every`
 *   or `weekly on`). The same cadence said twice (`every day daily`) is one. What is left is the topic. `at`, `tz`
 *   and the cadence words are only options at the end; inside a topic they are words ("attention at scale"). `at`
 *   is a time option only when the next word has a digit in it or is noon/midnight (`at 25:99` is an error,
 *   `... at scale` is topic). Wrap the topic in double quotes to keep a
 *   trailing keyword in it ("things to look at"). A time left in the topic is an error (stray-time.ts), and so is a
 *   schedule it does not keep at the end of the topic (`monthly`, `every 2 weeks`, a bare weekday: stray-cadence.ts).
 * - `like` followed by a paper id or link starts the example papers (after the options are read from the end);
 *   the topic before it may be empty (a feed of papers like those). A paper link as the topic is an error, and so is
 *   a `like` naming no paper at the topic's start or end (`subscribe agents like`: quoted, the words are a topic).
 *   More than `MAX_EXAMPLES` different papers are refused whole.
 * - `subscribe top …` subscribes to a top list (it always covers the 7 days before each post, so a period word there
 *   is an error; `subscribe "top" …` is a topic digest on the word). A top list cannot also have example papers.
 * - Options are not resolved here: `time`, `timezone`, `cadence` are absent unless given, and
 *   the caller applies the defaults (see `resolveSchedule` in digests/schedule.ts).
 */
import { isCadence, type Cadence } from '../digests/schedule.ts';
import { canonicalTimeZone, isValidTimeZone } from '../digests/time-zones.ts';
import { parseTime } from '../digests/wall-time.ts';
import { isKeyword, joinTokens, type Word } from './command-words.ts';
import { looksLikePaperRef, MAX_EXAMPLES, paperInTopic, parseExampleRefs, type ExampleRefsResult } from './example-refs.ts';
import { echo, invalid, type InvalidCommand } from './invalid-command.ts';
import { dayRange } from './day-range.ts';
import { strayCadence } from './stray-cadence.ts';
import { anyWeekday, fullWeekday, weekdayWord } from './weekday-words.ts';
import { zoneHint } from './zone-hint.ts';
import { strayTime } from './stray-time.ts';
import { topicProblem } from './topic-check.ts';
import { isCount, NO_COUNT, periodLeadIn, periodOf, UNKEPT_PERIODS } from './top-period.ts';

/** `topic` is '' only with `examples` (canonical arXiv ids, distinct, at most `MAX_EXAMPLES`). */
export interface SubscribeCommand {
  kind: 'subscribe';
  topic: string;
  examples?: string[];
  time?: string;
  timezone?: string;
  cadence?: Cadence;
  /** `every monday`, `weekly on monday`: the day a weekly digest goes out (0 = Sunday … 6 = Saturday); cadence `weekly`. */
  weekday?: number;
  /** `subscribe top …`: a top list (issue 18) on `topic` ('' for all papers). */
  top?: true;
}

function unknownTimeZone(value: string): InvalidCommand {
  if (isValidTimeZone(value)) {
    return invalid(
      `"${echo(value)}" is an abbreviation, and abbreviations don't say how daylight saving works. Use an IANA name like Europe/Berlin or America/New_York.${zoneHint(value)}`,
      'subscribe',
    );
  }
  return invalid(
    `I don't know the timezone "${echo(value)}".${zoneHint(value) || ' Use an IANA name like Europe/Berlin or America/New_York.'}`,
    'subscribe',
  );
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

function badTime(value: string): InvalidCommand {
  // A bare hour (`at 9`) is not read as a time: it could mean either half of the day.
  const hour = /^\d{1,2}$/.test(value) ? Number(value) : null;
  if (hour === 12) return invalid('`at 12` could be noon or midnight: write `at 12:00` or `at 00:00` (or `at noon` / `at midnight`).', 'subscribe');
  if (hour !== null && hour >= 1 && hour <= 11) {
    return invalid(`\`at ${value}\` could be morning or evening: write \`at ${pad2(hour)}:00\` or \`at ${hour + 12}:00\` (or \`at ${hour}am\` / \`at ${hour}pm\`).`, 'subscribe');
  }
  if (hour !== null && hour <= 23) return invalid(`\`at ${value}\` is an hour: write \`at ${pad2(hour)}:00\`.`, 'subscribe');
  return invalid(`${echo(value)} isn't a time. Use HH:MM, 24-hour, like 09:00 or 17:30.`, 'subscribe');
}

const duplicate = (what: string): InvalidCommand => invalid(`You gave ${what} twice; give it once, after the topic.`, 'subscribe');

const title = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);
const isEvery = (word: Word | undefined): boolean => isKeyword(word, 'every') || isKeyword(word, 'each');

/**
 * `every day` / `each day` / `everyday` → daily, `every weekday` / `every weekdays` / `on weekdays` → weekdays,
 * `every week` → weekly, at the end of `words`.
 */
function oftenPhrase(words: readonly Word[]): { cadence: Cadence; words: number } | null {
  const last = words[words.length - 1];
  if (last === undefined || last.quoted) return null;
  const word = last.text.toLowerCase();
  if (word === 'everyday') return { cadence: 'daily', words: 1 };
  const before = words[words.length - 2];
  if (word === 'weekdays' && (isEvery(before) || isKeyword(before, 'on'))) return { cadence: 'weekdays', words: 2 };
  if (!isEvery(before)) return null;
  const cadence = word === 'day' ? 'daily' : word === 'weekday' ? 'weekdays' : word === 'week' ? 'weekly' : null;
  return cadence === null ? null : { cadence, words: 2 };
}

/**
 * A day for a weekly digest at the end of `words`: `every monday` (`each`, `mondays`, `mon`), `weekly on monday`
 * (`mon` too), `on monday` / `on mondays` (the full name only: `on sat` may end a topic).
 */
function dayPhrase(words: readonly Word[]): { weekday: number; words: number } | null {
  const last = words[words.length - 1];
  const before = words[words.length - 2];
  if (last === undefined || last.quoted) return null;
  const any = anyWeekday(last.text);
  if (any === null) return null;
  if (isEvery(before)) return { weekday: any, words: 2 };
  if (!isKeyword(before, 'on')) return null;
  if (isKeyword(words[words.length - 3], 'weekly')) return { weekday: any, words: 3 };
  const full = fullWeekday(last.text);
  return full === null ? null : { weekday: full, words: 2 };
}

function examplesProblem(result: Exclude<ExampleRefsResult, { ok: true }>): InvalidCommand {
  switch (result.problem) {
    case 'not_a_paper':
      return invalid(
        `"${echo(result.word)}" isn't an arXiv id or a paper link. Use an id like 2502.11089 or a link to arxiv.org, huggingface.co/papers or alphaxiv.org.`,
        'like',
      );
    case 'topic_after_papers':
      return invalid(`"${echo(result.word)}" isn't a paper. Put the topic before \`like\` and only papers after it.`, 'like');
    case 'too_many':
      return invalid(
        `That's ${result.count} example papers; a subscription takes at most ${MAX_EXAMPLES}, so none of them was used and nothing was saved. ` +
          `Leave out ${result.count - MAX_EXAMPLES === 1 ? 'one' : result.count - MAX_EXAMPLES} (keep the ones that say most about what you want) and send it again.`,
        'like',
      );
    case 'none':
      return invalid('Name at least one paper after `like`.', 'like');
  }
}

/**
 * `like` that names no paper: the first or the last word of the topic (`subscribe agents like`, `subscribe like
 * attention is all you need`), or before a quoted title (`subscribe agents like "Attention Is All You Need"`). The
 * papers were forgotten or named by title, so it is answered with how to subscribe by example, and how to keep the
 * words as a topic (quoted whole). `like` between words ("papers like attention") is a word.
 */
function likeWithoutPapers(tokens: readonly Word[], top: boolean): InvalidCommand | null {
  const first = isKeyword(tokens[0], 'like');
  const last = isKeyword(tokens[tokens.length - 1], 'like');
  const end = tokens[tokens.length - 1];
  const titleAt = isKeyword(tokens[tokens.length - 2], 'like') && end?.quoted === true && end.text.trim() !== '' ? tokens.length - 2 : -1;
  if (!first && !last && titleAt === -1) return null;
  const words = joinTokens(tokens);
  // The command to paste, whole (echo would cut a long topic) when a code span can hold it.
  // Words holding quotes can't be quoted whole: no advice then.
  const quoted = /["<>`]/.test(words) ? null : `\`/paper subscribe ${top ? 'top ' : ''}"${words}"\``;
  const asTopic =
    words.toLowerCase() === 'like' || words.includes('"') ? '' : quoted === null ? ' To follow those words as a topic, put the whole topic in double quotes.' : ` To follow those words as a topic, quote them: ${quoted}.`;
  if (top) return invalid(`A top list ranks the week by upvotes; it can't take example papers after \`like\`.${asTopic}`, 'subscribe');
  const pasteable = (text: string): boolean => text !== '' && !/[<>`]/.test(text);
  const title = titleAt === -1 ? '' : joinTokens(tokens.slice(titleAt + 1));
  const topic = titleAt === 0 || first ? '' : joinTokens(tokens.slice(0, titleAt === -1 ? -1 : titleAt));
  const before = pasteable(topic) ? `${topic} ` : '';
  const example = `\`/paper subscribe ${before}like 2502.11089\``;
  if (titleAt !== -1) {
    const find = pasteable(title) ? `\`/paper ${title}\` finds it and its id` : '`/paper <title words>` finds a paper and its id';
    return invalid(`After \`like\` go the example papers by arXiv id or link, not by title (${find}): ${example}.${asTopic}`, 'like');
  }
  if (first && !last) {
    return invalid(`After \`like\` go the example papers, by arXiv id or link (\`/paper <title words>\` finds a paper and its id): ${example}.${asTopic}`, 'like');
  }
  return invalid(`Put the example papers after \`like\`, by arXiv id or link: ${example}.${asTopic}`, 'like');
}

/**
 * The words after `subscribe` (Slack links already unwrapped) → the command; `tokens` is consumed. `subcommand`: who
 * reads them (`digest` reads its topic this way); a schedule left in the topic is refused with its usage, marked
 * `scheduleWords`.
 */
export function parseSubscribe(tokens: Word[], subcommand: 'subscribe' | 'digest' = 'subscribe'): SubscribeCommand | InvalidCommand {
  let time: string | undefined;
  let timezone: string | undefined;
  let cadence: Cadence | undefined;
  let weekday: number | undefined;
  /** The same cadence twice (`every day daily`) is one; false for two that differ. */
  const setCadence = (value: Cadence): boolean => {
    if (cadence !== undefined && cadence !== value) return false;
    cadence = value;
    return true;
  };

  for (;;) {
    const last = tokens[tokens.length - 1];
    const beforeLast = tokens[tokens.length - 2];
    if (last === undefined) break;

    // `every day`, `every weekday`, `on weekdays`, `every week`, `everyday` (before a lone `weekdays`, so no `on` is left).
    const often = oftenPhrase(tokens);
    if (often !== null) {
      if (!setCadence(often.cadence)) return duplicate('how often');
      tokens.splice(-often.words);
      continue;
    }
    if (!last.quoted && isCadence(last.text.toLowerCase())) {
      if (!setCadence(last.text.toLowerCase() as Cadence)) return duplicate('how often');
      tokens.pop();
      continue;
    }
    // `monday to friday`, `mon-fri`: weekdays; another range of days (`mon-wed`, `sat-sun`) is none we keep.
    const range = dayRange(tokens);
    if (range !== null) {
      if ('refused' in range) return { ...invalid(range.refused, subcommand), scheduleWords: true };
      if (!setCadence(range.cadence)) return duplicate('how often');
      tokens.splice(-range.words);
      continue;
    }
    // `every monday`, `weekly on mondays`, `on monday`, `every mon`: weekly, on that day (checked against a cadence below).
    const day = dayPhrase(tokens);
    if (day !== null) {
      if (weekday !== undefined && weekday !== day.weekday) return duplicate('the day');
      weekday = day.weekday;
      tokens.splice(-day.words);
      continue;
    }
    if (isKeyword(last, 'at')) {
      return invalid('`at` needs a time after it, like `at 09:00`.', 'subscribe');
    }
    if (isKeyword(last, 'tz')) {
      return invalid('`tz` needs a timezone after it, like `tz Europe/Berlin`.', 'subscribe');
    }
    // `at 9 am`: a separate am/pm word.
    if (!last.quoted && /^[ap]\.?m\.?$/i.test(last.text) && isKeyword(tokens[tokens.length - 3], 'at') && beforeLast) {
      if (time !== undefined) return duplicate('the time');
      const value = `${beforeLast.text} ${last.text}`;
      const parsed = parseTime(value);
      if (parsed === null) return badTime(value);
      time = parsed;
      tokens.splice(-3);
      continue;
    }
    // `at <something with a digit>` is meant as a time; `at scale` is part of the topic.
    if (isKeyword(beforeLast, 'at') && !last.quoted && /\d|^noon$|^midnight$/i.test(last.text)) {
      if (time !== undefined) return duplicate('the time');
      const parsed = parseTime(last.text);
      if (parsed === null) return badTime(last.text);
      time = parsed;
      tokens.splice(-2);
      continue;
    }
    if (isKeyword(beforeLast, 'tz')) {
      if (timezone !== undefined) return duplicate('the timezone');
      const zone = canonicalTimeZone(last.text);
      if (zone === null) return unknownTimeZone(last.text);
      timezone = zone;
      tokens.splice(-2);
      continue;
    }
    break;
  }

  // `<topic> like <paper> …`: the first `like` followed by something meant as a paper starts the examples.
  let examples: string[] | undefined;
  const likeAt = tokens.findIndex((token, i) => isKeyword(token, 'like') && looksLikePaperRef(tokens[i + 1]?.text ?? ''));
  if (likeAt !== -1) {
    const refs = parseExampleRefs(tokens.slice(likeAt + 1).map((token) => token.text));
    if (!refs.ok) return examplesProblem(refs);
    examples = refs.ids;
    tokens.splice(likeAt);
  }

  // A paper pasted as the topic (`subscribe <https://arxiv.org/abs/…|link>`) would be a digest on its URL's words.
  const pasted = paperInTopic(tokens.filter((token) => !token.quoted).map((token) => token.text));
  if (pasted !== null) return invalid(`${pasted} is a paper, not a topic word: for papers like it, \`/paper subscribe like ${pasted}\` (words before \`like\` narrow it).`, 'like');
  // Options before the topic ("subscribe at 09:00 sparse attention") would silently become topic words.
  const first = tokens[0];
  const second = tokens[1];
  if (
    second !== undefined &&
    tokens.length > 2 &&
    ((isKeyword(first, 'at') && parseTime(second.text) !== null) ||
      (isKeyword(first, 'tz') && canonicalTimeZone(second.text) !== null))
  ) {
    return invalid('Put the topic first and the options after it.', 'subscribe');
  }
  if (weekday !== undefined && cadence !== undefined && cadence !== 'weekly') {
    const day = title(weekdayWord(weekday));
    return invalid(
      `\`${cadence}\` goes out ${cadence === 'daily' ? 'every day' : 'Monday to Friday'}, not only on ${day}s: for one digest a week on ${day}, end with \`every ${weekdayWord(weekday)}\` alone.`,
      'subscribe',
    );
  }
  const stray = strayTime(tokens);
  if (stray) return 'unknownZone' in stray ? unknownTimeZone(stray.unknownZone) : invalid(stray.problem, 'subscribe');
  const cadenceProblem = strayCadence(tokens, subcommand);
  if (cadenceProblem !== null) return { ...invalid(cadenceProblem, subcommand), scheduleWords: true };

  const top = isKeyword(tokens[0], 'top');
  if (top) {
    tokens.shift();
    if (isCount(tokens[0])) return invalid(NO_COUNT, 'subscribe');
    const period = tokens[periodLeadIn(tokens)];
    if (period && !period.quoted && (periodOf(period.text) !== null || UNKEPT_PERIODS.has(period.text.toLowerCase()))) {
      return invalid(
        'A top list always covers the 7 days before each post; say how often at the end: `/paper subscribe top sparse attention weekly`.',
        'subscribe',
      );
    }
  }
  const topic = joinTokens(tokens);
  if (top && examples !== undefined) {
    return invalid('A top list ranks the week by upvotes; it cannot also be seeded with example papers. Drop `top` or the `like …` part.', 'subscribe');
  }
  if (examples === undefined) {
    const problem = likeWithoutPapers(tokens, top);
    if (problem !== null) return problem;
  }
  if (topic === '' && examples === undefined && !top) {
    // `digest weekly`: only schedule words, which a preview has no use for (a digest stored as "weekly" is still named by them).
    if (subcommand === 'digest') {
      return {
        ...invalid(
          'A preview needs a topic or a digest\'s #id: `/paper digest sparse attention` or `/paper digest #1`. How often (`daily`, `weekly`, `at 08:00`) goes with subscribe: `/paper subscribe sparse attention weekly`.',
          'digest',
        ),
        scheduleWords: true,
      };
    }
    return invalid('Tell me a topic to follow: `/paper subscribe sparse attention`.', 'subscribe');
  }
  const problem = topicProblem(topic, 'subscribe', top);
  if (problem) return problem;

  const command: SubscribeCommand = { kind: 'subscribe', topic };
  if (examples !== undefined) command.examples = examples;
  if (top) command.top = true;
  if (time !== undefined) command.time = time;
  if (timezone !== undefined) command.timezone = timezone;
  if (weekday !== undefined) {
    command.cadence = 'weekly';
    command.weekday = weekday;
  } else if (cadence !== undefined) command.cadence = cadence;
  return command;
}
