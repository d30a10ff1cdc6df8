/**
 * The `/paper` grammar: the text after `/paper` to a command. Pure; no I/O.
 *
 *   /paper                                   help (also whitespace only)
 *   /paper help [anything]                   help (words after `help` are ignored)
 *   /paper subscribe <topic> [at HH:MM] [tz Zone] [daily|weekdays|weekly|every <weekday>]
 *   /paper subscribe top [topic] [at HH:MM] [tz Zone] [daily|weekdays|weekly|every <weekday>]   a top list (weekly by default)
 *   /paper top [week|month] [topic]          the most upvoted papers listed in the period (default week)
 *   /paper subscribe [topic] like <arXiv id or link> … [options]   seeded with example papers (example-refs.ts)
 *   /paper reset <topic or id>               forget a subscription's examples and the ratings that shaped it
 *   /paper reset ratings                     forget the channel's ratings given outside digests
 *   /paper unsubscribe <topic or id>
 *   /paper pause <topic or id> | resume <topic or id>   stop and restart a digest (pause-grammar.ts)
 *   /paper list                              list this channel's subscriptions
 *   /paper digest [topic or id]              a preview of the next digest (alone: the channel's only one)
 *   /paper unfurl [on|off]                   whether paper links unfold in this channel
 *   /paper saved [[page] N]                  your saved papers (page N, from 1)
 *   /paper saved bibtex [[page] N]           their BibTeX (page N, from 1)
 *   /paper follow|unfollow <author>          a channel follows an author by name or @hf:username (follow-grammar.ts)
 *   /paper <arXiv id|link> …                 those papers (up to 3; paper-ref-grammar.ts)
 *   /paper similar <arXiv id|link>           papers like it
 *   /paper <anything else>                   search
 *
 * Choices:
 * - The first word, case-insensitively, is the subcommand when it is one of those above (punctuation after it is
 *   dropped, subcommand-word.ts); otherwise the whole text (whitespace collapsed) is a search query.
 * - `saved` followed by anything but `bibtex` and/or a page number is a search ("saved model weights"), like `list`;
 *   only those words in a form it does not take (`saved -1`, `saved bibtex bibtex`, `saved 2 bibtex`) is an error.
 * - `list` followed by words is a search for the whole text ("list of attention mechanisms"):
 *   `list` takes no arguments, so the words can only mean a query.
 * - Quotes (straight or curly) around a whole topic or target are stripped; around some of its words they make a
 *   phrase and stay (`"linear attention" -vision`; `top` keeps a phrase even alone): command-words.ts `joinTokens`.
 * - A topic holding a Slack mention (`<!here>`, `<@U123>`, `<#C123|x>`) is refused (topic-check.ts, slack-mentions.ts).
 * - A topic may hold search filters (`has:code`, `author:"Tri Dao"`); one whose value cannot be read
 *   (`since:yesterday`) makes subscribe and digest invalid, with the search's notice saying how to write it
 *   (topic-check.ts).
 * - subscribe options, `like` and `subscribe top`: subscribe-grammar.ts. `top`'s period: top-grammar.ts.
 *   Slack's `<url|label>` link markup is unwrapped before subscribe, unsubscribe, reset and digest read their words.
 * - `reset` takes a topic or id like `unsubscribe`, or `ratings` (unquoted); `reset` alone is an error (it would
 *   otherwise be a search) that names both.
 */
import { parseFollow, type FollowCommand } from './follow-grammar.ts';
import { parsePause, type PauseCommand } from './pause-grammar.ts';
import { parsePaperRefs, type PaperRefCommand } from './paper-ref-grammar.ts';
import { exampleFeedKey } from '../digests/subscription-examples.ts';
import { collapse, isKeyword, joinTokens, tokenize, type Word } from './command-words.ts';
import { looksLikePaperRef, parseExampleRefs, unwrapSlackLinks } from './example-refs.ts';
import { echo, invalid, type InvalidCommand } from './invalid-command.ts';
import { parseSubscribe, type SubscribeCommand } from './subscribe-grammar.ts';
import { subcommandWord } from './subcommand-word.ts';
import { topicProblem } from './topic-check.ts';
import { parseTop, type TopCommand } from './top-grammar.ts';

export { MAX_TOPIC_LENGTH } from './topic-check.ts';
export { USAGE } from './invalid-command.ts';
export type { SubscribeCommand };

export type PaperCommand =
  | { kind: 'search'; query: string }
  | { kind: 'help' }
  | SubscribeCommand
  | TopCommand
  | { kind: 'unsubscribe'; target: string }
  | PauseCommand
  | { kind: 'reset'; target: string }
  | { kind: 'resetRatings' }
  | { kind: 'list' }
  /** `scheduleProblem`: the topic ends in a schedule subscribe refuses; answered unless it names one of the channel's digests. */
  | {
      kind: 'digest';
      topic: string;
      scheduleProblem?: string;
      /** The words as typed, when schedule words were read off them: a stored digest named so is previewed first. */
      typed?: string;
    }
  | { kind: 'unfurl'; enabled: boolean | null }
  | { kind: 'saved'; format: 'list' | 'bibtex'; page: number }
  | FollowCommand
  | PaperRefCommand
  | InvalidCommand;

export type PaperCommandKind = PaperCommand['kind'];

/** `like <paper> …` naming a feed without words (unsubscribe, reset, digest) → its key; null for anything else. */
function feedKeyTarget(tokens: readonly Word[]): string | null {
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
      const match = /^(bibtex)?\s*(?:page\s+(?=\d))?(\d{1,6})?$/i.exec(rest);
      if (!match) {
        // Only the words `saved` takes, in a form it does not (`saved -1`, `saved bibtex bibtex`): a slip, not a search.
        const words = rest.split(' ');
        const takes = words.every((word) => /^(?:bibtex|page|[-+\u2212]?\d+(?:\.\d+)?)$/i.test(word));
        if (takes && words.some((word) => word.toLowerCase() !== 'page')) {
          return invalid(`\`saved\` takes \`bibtex\` and a page number from 1, not "${echo(rest)}".`, 'saved');
        }
        return { kind: 'search', query: trimmed };
      }
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
    case 'pause':
    case 'resume': {
      const tokens = tokenize(unwrapSlackLinks(rest));
      if (!Array.isArray(tokens)) return invalid('A quote is opened but never closed.', firstWord);
      return parsePause(firstWord, tokens, rest);
    }
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
      // Alone, the channel's own digests decide (subscription-service.ts preview).
      if (value === '') return { kind: 'digest', topic: '' };
      // A preview has no schedule: `digest sparse attention weekly` previews "sparse attention", as subscribe reads it.
      const asSubscribe = parseSubscribe([...tokens], 'digest');
      const topic = asSubscribe.kind === 'subscribe' && !asSubscribe.top && !asSubscribe.examples && asSubscribe.topic !== '' ? asSubscribe.topic : value;
      // `digest black friday`: refused as subscribe refuses it, unless the words name one of the channel's digests.
      const scheduleProblem = asSubscribe.kind === 'invalid' && asSubscribe.scheduleWords ? { scheduleProblem: asSubscribe.message } : {};
      // A digest stored with such words in its topic (`x every mon`, made before they were read as a day) is still
      // named by them: the service looks for the words as typed first.
      const typed = topic !== value ? { typed: value } : {};
      return topicProblem(topic, 'digest') ?? { kind: 'digest', topic, ...scheduleProblem, ...typed };
    }
    default:
      return parsePaperRefs(trimmed) ?? { kind: 'search', query: trimmed };
  }
}
