/**
 * The `/paper` grammar: the text after `/paper` to a command. Pure; no I/O.
 *
 *   /paper                                   help (also whitespace only)
 *   /paper help [anything]                   help (words after `help` are ignored)
 *   /paper subscribe <topic> [at HH:MM] [tz Zone] [daily|weekdays|weekly]
 *   /paper subscribe top [topic] [at HH:MM] [tz Zone] [daily|weekdays|weekly]   a top list (weekly by default)
 *   /paper top [week|month] [topic]          the most upvoted papers listed in the period (default week)
 *   /paper subscribe [topic] like <arXiv id or link> … [options]   seeded with example papers (example-refs.ts)
 *   /paper reset <topic or id>               forget a subscription's examples and the ratings that shaped it
 *   /paper reset ratings                     forget the channel's ratings given outside digests
 *   /paper unsubscribe <topic or id>
 *   /paper list                              list this channel's subscriptions
 *   /paper digest <topic>                    a digest for the topic, now
 *   /paper unfurl [on|off]                   whether paper links unfold in this channel
 *   /paper saved [N]                         your saved papers (page N, from 1)
 *   /paper saved bibtex [N]                  their BibTeX (page N, from 1)
 *   /paper follow|unfollow <author>          a channel follows an author by name or @hf:username (follow-grammar.ts)
 *   /paper <anything else>                   search
 *
 * Choices:
 * - The first word, case-insensitively, is the subcommand when it is one of those above;
 *   otherwise the whole text (whitespace collapsed) is a search query.
 * - `saved` followed by anything but `bibtex` and/or a page number is a search ("saved model weights"), like `list`.
 * - `list` followed by words is a search for the whole text ("list of attention mechanisms"):
 *   `list` takes no arguments, so the words can only mean a query.
 * - subscribe options are read from the end, in any order: `at <time>` (also `at 9 am`),
 *   `tz <IANA zone>`, and one cadence word. What is left is the topic. `at`, `tz` and the cadence
 *   words are only options at the end; inside a topic they are words ("attention at scale").
 *   `at` is a time option only when the next word has a digit in it or is noon/midnight
 *   (`at 25:99` is an error, `... at scale` is topic). Wrap the topic in double quotes to keep
 *   a trailing keyword in it ("things to look at"). A time left in the topic is an error (stray-time.ts).
 * - Quotes (straight or curly) around a topic or target are stripped.
 * - A topic may hold search filters (`has:code`, `author:"Tri Dao"`); one whose value cannot be read
 *   (`since:yesterday`) makes subscribe and digest invalid, with the search's notice saying how to write it.
 * - `top` takes a period first (`week`/`weekly`, `month`/`monthly`, also `this week`, `last month`; default week; a
 *   count like `top 10` is an error, see top-period.ts), then an optional topic:
 *   `top sparse attention` is this week's top on that topic. A period we don't keep (`day`, `year`, `all`…) is
 *   an error, not a topic word; quote it to mean the word (`top "day" trading`). `subscribe top …` subscribes to a
 *   top list (it always covers the 7 days before each post, so a period word there is an error; `subscribe "top" …`
 *   is a topic digest on the word). A top list cannot also have example papers (`like …`).
 * - `like` followed by a paper id or link starts the example papers (after the options are read from the end);
 *   the topic before it may be empty (a feed of papers like those). Slack's `<url|label>` link markup is unwrapped.
 * - `reset` takes a topic or id like `unsubscribe`, or `ratings` (unquoted); `reset` alone is an error (it would
 *   otherwise be a search) that names both.
 * - Options are not resolved here: `time`, `timezone`, `cadence` are absent unless given, and
 *   the caller applies the defaults (see `resolveSchedule` in digests/schedule.ts).
 */
import { parseFollow, type FollowCommand } from './follow-grammar.ts';
import { isCadence, type Cadence } from '../digests/schedule.ts';
import { canonicalTimeZone, isValidTimeZone } from '../digests/time-zones.ts';
import { parseTime } from '../digests/wall-time.ts';
import { parseQuery } from '../search/query.ts';
import type { TopPeriod } from '../digests/top-papers.ts';
import { exampleFeedKey } from '../digests/subscription-examples.ts';
import { strayTime } from './stray-time.ts';
import { subcommandWord } from './subcommand-word.ts';
import { isCount, NO_COUNT, periodLeadIn, periodOf, UNKEPT_PERIODS } from './top-period.ts';
import { looksLikePaperRef, MAX_EXAMPLES, paperInTopic, parseExampleRefs, unwrapSlackLinks, type ExampleRefsResult } from './example-refs.ts';

export type PaperCommand =
  | { kind: 'search'; query: string }
  | { kind: 'help' }
  | SubscribeCommand
  | { kind: 'top'; period: TopPeriod; topic: string | null }
  | { kind: 'unsubscribe'; target: string }
  | { kind: 'reset'; target: string }
  | { kind: 'resetRatings' }
  | { kind: 'list' }
  | { kind: 'digest'; topic: string }
  | { kind: 'unfurl'; enabled: boolean | null }
  | { kind: 'saved'; format: 'list' | 'bibtex'; page: number }
  | FollowCommand
  | { kind: 'invalid'; message: string };

/** `topic` is '' only with `examples` (canonical arXiv ids, distinct, at most `MAX_EXAMPLES`). */
export interface SubscribeCommand {
  kind: 'subscribe';
  topic: string;
  examples?: string[];
  time?: string;
  timezone?: string;
  cadence?: Cadence;
  /** `subscribe top …`: a top list (issue 18) on `topic` ('' for all papers). */
  top?: true;
}

export type PaperCommandKind = PaperCommand['kind'];

export const MAX_TOPIC_LENGTH = 200;

export const USAGE = {
  subscribe: '/paper subscribe TOPIC [at HH:MM] [tz ZONE] [daily|weekdays|weekly]',
  unsubscribe: '/paper unsubscribe TOPIC',
  digest: '/paper digest TOPIC',
  unfurl: '/paper unfurl off|on',
  top: '/paper top [week|month] [TOPIC]',
  like: '/paper subscribe [TOPIC] like PAPER [PAPER …] [at HH:MM] [tz ZONE] [daily|weekdays|weekly]',
  reset: '/paper reset TOPIC|ratings',
} as const;

const EXAMPLE = {
  subscribe: '/paper subscribe sparse attention at 09:00 tz Europe/Berlin weekdays',
  unsubscribe: '/paper unsubscribe sparse attention',
  digest: '/paper digest sparse attention',
  unfurl: '/paper unfurl off',
  top: '/paper top week sparse attention',
  like: '/paper subscribe sparse attention like 2502.11089 https://huggingface.co/papers/2401.04088',
  reset: '/paper reset sparse attention',
} as const;

type Subcommand = keyof typeof USAGE;

function invalid(problem: string, subcommand: Subcommand): PaperCommand {
  return {
    kind: 'invalid',
    message: `${problem}\nUsage: \`${USAGE[subcommand]}\`, for example \`${EXAMPLE[subcommand]}\``,
  };
}

interface Token {
  text: string;
  /** Written in quotes: never a keyword. */
  quoted: boolean;
}

const OPEN_QUOTES = new Set(['"', '\u201c', '\u201d', '\u201e']);
const CLOSE_QUOTES = new Set(['"', '\u201c', '\u201d']);

/** Whitespace-separated words; a word starting with a double quote runs to the closing quote. */
function tokenize(text: string): Token[] | { unclosedQuote: true } {
  const tokens: Token[] = [];
  const chars = [...text];
  let i = 0;
  while (i < chars.length) {
    const ch = chars[i] ?? '';
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    if (OPEN_QUOTES.has(ch)) {
      let j = i + 1;
      while (j < chars.length && !CLOSE_QUOTES.has(chars[j] ?? '')) j += 1;
      if (j >= chars.length) return { unclosedQuote: true };
      tokens.push({ text: chars.slice(i + 1, j).join(''), quoted: true });
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < chars.length && !/\s/.test(chars[j] ?? '')) j += 1;
    tokens.push({ text: chars.slice(i, j).join(''), quoted: false });
    i = j;
  }
  return tokens;
}

const collapse = (text: string): string => text.trim().replace(/\s+/g, ' ');

/** The words as typed, minus quotes: `"sparse attention"` → `sparse attention`. */
function joinTokens(tokens: readonly Token[]): string {
  const text = collapse(tokens.map((t) => t.text).join(' '));
  // Single quotes only count around the whole thing, so apostrophes inside ("Bayes' rule") survive.
  const single = /^['\u2018\u2019](.*)['\u2018\u2019]$/s.exec(text);
  return single?.[1] !== undefined ? collapse(single[1]) : text;
}

const isKeyword = (token: Token | undefined, keyword: string): boolean => token !== undefined && !token.quoted && token.text.toLowerCase() === keyword;

function topicProblem(topic: string, subcommand: Subcommand): PaperCommand | null {
  const length = [...topic].length;
  if (length > MAX_TOPIC_LENGTH) {
    return invalid(
      `That topic is ${length} characters long; keep it to ${MAX_TOPIC_LENGTH} or fewer, a few keywords work best.`,
      subcommand,
    );
  }
  // A filter the search cannot read (`since:yesterday`) is refused now, not found to match nothing at 9 a.m.
  const parsed = parseQuery(topic);
  if (parsed.status === 'bad-filter' && parsed.notice !== null) return invalid(parsed.notice, subcommand);
  // Nothing to look for (only `-word`s, emoji, "the"): the search answers it with nothing, ever.
  const never = ['no-words', 'stop-words-only', 'exclusions-only'].includes(parsed.status) ? parsed.notice : null;
  if (never !== null) return invalid(`"${echo(topic)}" can never match a paper: ${never}`, subcommand);
  return null;
}

/** User input quoted back in a message: short, and without Slack's control characters. */
function echo(value: string): string {
  const clean = value.replace(/[<>&`]/g, '');
  return [...clean].length > 40 ? `${[...clean].slice(0, 40).join('')}…` : clean;
}

function unknownTimeZone(value: string): PaperCommand {
  if (isValidTimeZone(value)) {
    return invalid(
      `"${echo(value)}" is an abbreviation, and abbreviations don't say how daylight saving works. Use an IANA name like Europe/Berlin or America/New_York.`,
      'subscribe',
    );
  }
  return invalid(
    `I don't know the timezone "${echo(value)}". Use an IANA name like Europe/Berlin or America/New_York.`,
    'subscribe',
  );
}

function badTime(value: string): PaperCommand {
  return invalid(`${echo(value)} isn't a time. Use HH:MM, 24-hour, like 09:00 or 17:30.`, 'subscribe');
}

const duplicate = (what: string): PaperCommand => invalid(`You gave ${what} twice; give it once, after the topic.`, 'subscribe');

function examplesProblem(result: Exclude<ExampleRefsResult, { ok: true }>): PaperCommand {
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
        `That's ${result.count} example papers; a subscription takes at most ${MAX_EXAMPLES}. Pick the ones that say most about what you want.`,
        'like',
      );
    case 'none':
      return invalid('Name at least one paper after `like`.', 'like');
  }
}

function parseSubscribe(tokens: Token[]): PaperCommand {
  let time: string | undefined;
  let timezone: string | undefined;
  let cadence: Cadence | undefined;

  for (;;) {
    const last = tokens[tokens.length - 1];
    const beforeLast = tokens[tokens.length - 2];
    if (last === undefined) break;

    if (!last.quoted && isCadence(last.text.toLowerCase())) {
      if (cadence !== undefined) return duplicate('how often');
      cadence = last.text.toLowerCase() as Cadence;
      tokens.pop();
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
  const stray = strayTime(tokens);
  if (stray) return 'unknownZone' in stray ? unknownTimeZone(stray.unknownZone) : invalid(stray.problem, 'subscribe');

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
  if (topic === '' && examples === undefined && !top) {
    return invalid('Tell me a topic to follow: `/paper subscribe sparse attention`.', 'subscribe');
  }
  const problem = topicProblem(topic, 'subscribe');
  if (problem) return problem;

  const command: SubscribeCommand = { kind: 'subscribe', topic };
  if (examples !== undefined) command.examples = examples;
  if (top) command.top = true;
  if (time !== undefined) command.time = time;
  if (timezone !== undefined) command.timezone = timezone;
  if (cadence !== undefined) command.cadence = cadence;
  return command;
}

function parseTop(tokens: Token[]): PaperCommand {
  let period: TopPeriod = 'week';
  tokens.splice(0, periodLeadIn(tokens)); // `this week`, `last month`: the period
  const first = tokens[0];
  if (first && !first.quoted) {
    const given = periodOf(first.text);
    if (given !== null) {
      period = given;
      tokens.shift();
      const second = tokens[0];
      if (second && !second.quoted && (periodOf(second.text) !== null || UNKEPT_PERIODS.has(second.text.toLowerCase()))) {
        return invalid('Give one period: `week` or `month`.', 'top');
      }
    } else if (UNKEPT_PERIODS.has(first.text.toLowerCase())) {
      return invalid(
        `I keep top lists for the week or the month, not "${echo(first.text)}". To mean the word, quote it: \`/paper top "${echo(first.text)}"\`.`,
        'top',
      );
    }
  }
  if (isCount(tokens[0])) return invalid(NO_COUNT, 'top');
  const topic = joinTokens(tokens);
  if (topic === '') return { kind: 'top', period, topic: null };
  return topicProblem(topic, 'top') ?? { kind: 'top', period, topic };
}

/** `like <paper> …` naming a feed without words (unsubscribe, reset, digest) → its key; null for anything else. */
function feedKeyTarget(tokens: readonly Token[]): string | null {
  if (!isKeyword(tokens[0], 'like') || !looksLikePaperRef(tokens[1]?.text ?? '')) return null;
  const refs = parseExampleRefs(tokens.slice(1).map((token) => token.text));
  return refs.ok ? exampleFeedKey(refs.ids) : null;
}

/** Parses the text after `/paper` (see the grammar at the top of this file). */
export function parseCommand(text: string): PaperCommand {
  const trimmed = collapse(text.normalize('NFKC')); // fullwidth `ｓｕｂｓｃｒｉｂｅ … at ０９：００` reads as ASCII
  if (trimmed === '') return { kind: 'help' };
  const spaceAt = trimmed.indexOf(' ');
  const firstWord = subcommandWord(spaceAt === -1 ? trimmed : trimmed.slice(0, spaceAt));
  const rest = spaceAt === -1 ? '' : trimmed.slice(spaceAt + 1);

  switch (firstWord) {
    case 'help':
      return { kind: 'help' };
    case 'list':
      return rest === '' ? { kind: 'list' } : { kind: 'search', query: trimmed };
    case 'saved': {
      const match = /^(bibtex)?\s*(\d{1,6})?$/i.exec(rest);
      if (!match) return { kind: 'search', query: trimmed };
      const page = Number(match[2] ?? '1');
      return { kind: 'saved', format: match[1] ? 'bibtex' : 'list', page: Math.max(1, page) };
    }
    case 'unfurl': {
      const choice = rest.toLowerCase();
      if (choice === '') return { kind: 'unfurl', enabled: null };
      if (choice === 'on' || choice === 'off') return { kind: 'unfurl', enabled: choice === 'on' };
      return invalid(`\`unfurl\` takes \`on\` or \`off\`, not "${echo(rest)}".`, 'unfurl');
    }
    case 'follow':
    case 'unfollow':
      return parseFollow(firstWord, rest);
    case 'top': {
      const tokens = tokenize(rest);
      if (!Array.isArray(tokens)) return invalid('A quote is opened but never closed.', 'top');
      return parseTop(tokens);
    }
    case 'subscribe':
    case 'unsubscribe':
    case 'reset':
    case 'digest': {
      const tokens = tokenize(unwrapSlackLinks(rest));
      if (!Array.isArray(tokens)) {
        return invalid('A quote is opened but never closed.', firstWord);
      }
      if (firstWord === 'subscribe') return parseSubscribe(tokens);
      const value = feedKeyTarget(tokens) ?? joinTokens(tokens);
      if (firstWord === 'reset') {
        if (value === '') {
          return invalid(
            "Tell me what to reset: `/paper reset sparse attention` forgets that subscription's example papers and the ratings from its digests (`/paper list` shows them); `/paper reset ratings` forgets this channel's ratings given outside digests.",
            'reset',
          );
        }
        // `ratings` unquoted is the channel's untagged ratings; a subscription called "ratings" is `"ratings"` or `#id`.
        if (tokens.length === 1 && tokens[0]?.quoted === false && tokens[0].text.toLowerCase() === 'ratings') return { kind: 'resetRatings' };
        return { kind: 'reset', target: value };
      }
      if (firstWord === 'unsubscribe') {
        if (value === '') {
          return invalid(
            'Tell me which subscription to stop: `/paper unsubscribe sparse attention` (`/paper list` shows them).',
            'unsubscribe',
          );
        }
        return { kind: 'unsubscribe', target: value };
      }
      if (value === '') {
        return invalid('Tell me a topic for the digest: `/paper digest sparse attention`.', 'digest');
      }
      // A preview has no schedule: `digest sparse attention weekly` previews "sparse attention", as subscribe reads it.
      const asSubscribe = parseSubscribe([...tokens]);
      const topic = asSubscribe.kind === 'subscribe' && !asSubscribe.top && !asSubscribe.examples && asSubscribe.topic !== '' ? asSubscribe.topic : value;
      return topicProblem(topic, 'digest') ?? { kind: 'digest', topic };
    }
    default:
      return { kind: 'search', query: trimmed };
  }
}
