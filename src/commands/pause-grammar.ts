/**
 * `/paper pause <topic|#id> [for N days|until DATE]` and `/paper resume <topic|#id>`. Pure.
 *
 * The words name one of the channel's digests as `unsubscribe` names it (topic, `#id` or id); which one, if any, is
 * the service's to find. `words` keeps the text as typed, for the answer when they name none (it says how to search for
 * them). A trailing `for N days|weeks` / `for a day|week` / `until …` (unquoted) is read off as `until`: the service
 * reads it as the pause's end (digests/pause-end.ts) and refuses one it cannot keep, saying which ends work, rather
 * than pausing for ever.
 */
import { isKeyword, joinTokens, type Word } from './command-words.ts';
import { isSubcommand } from './subcommand-word.ts';

interface PauseWords {
  /** The text after `pause` / `resume`, as typed. */
  words: string;
  /** The same words as a `/paper` search (the subcommand moved to the end), for the answer when they name no digest. */
  searchInstead: string | null;
}

export type PauseCommand =
  | ({ kind: 'pause'; target: string; until: string | null } & PauseWords)
  | ({ kind: 'resume'; target: string } & PauseWords);

const AMOUNT = /^([-+\u2212]?\d{1,4}|a|an|one)$/i;
const UNIT = /^(hours?|days?|weeks?|months?)$/i;

/** The unquoted `for N days` / `until …` at the end, and the words before it; null when there is none. */
function trailingEnd(tokens: readonly Word[]): { before: Word[]; until: string } | null {
  const plain = (token: Word | undefined): token is Word => token !== undefined && !token.quoted;
  const forAt = tokens.length - 3;
  const [f, amount, unit] = tokens.slice(forAt);
  if (forAt >= 0 && isKeyword(f, 'for') && plain(amount) && plain(unit) && AMOUNT.test(amount.text) && UNIT.test(unit.text)) {
    return { before: tokens.slice(0, forAt), until: `for ${amount.text} ${unit.text}` };
  }
  const untilAt = tokens.findIndex((token) => isKeyword(token, 'until') || isKeyword(token, 'till'));
  if (untilAt >= 0 && untilAt < tokens.length - 1 && tokens.slice(untilAt).every(plain)) {
    return { before: tokens.slice(0, untilAt), until: tokens.slice(untilAt).map((t) => t.text).join(' ') };
  }
  return null;
}

/**
 * `pause detection` → `detection pause`: a search ignores word order. A first word that is itself a subcommand is quoted
 * (`"top" models pause`), so the suggestion is always a search. A digest's id (`#1`) has none.
 */
function asSearch(subcommand: string, typed: string): string | null {
  // `#1` (or `1`) names a digest by its id: a search for "#1 resume" was never meant.
  if (typed === '' || /^#?\d+$/.test(typed.trim())) return null;
  const [first = '', ...others] = typed.split(' ');
  return [isSubcommand(first) ? `"${first}"` : first, ...others, subcommand].join(' ');
}

export function parsePause(subcommand: 'pause' | 'resume', tokens: readonly Word[], typed: string): PauseCommand {
  // Only empty quotes (`pause ""`) name nothing, as `pause` alone: not a digest called "" nor a search for it.
  const nothing = tokens.every((token) => token.text.trim() === '');
  const words = nothing ? { words: '', searchInstead: null } : { words: typed, searchInstead: asSearch(subcommand, typed) };
  if (subcommand === 'resume') return { kind: 'resume', target: joinTokens(tokens), ...words };
  const end = trailingEnd(tokens);
  return end
    ? { kind: 'pause', target: joinTokens(end.before), until: end.until, ...words }
    : { kind: 'pause', target: joinTokens(tokens), until: null, ...words };
}
