/**
 * `/paper subscirbe sparse attention`: a first word one slip away from a subcommand (or another name for one,
 * `/paper subscriptions`), read as the subcommand it was meant to be. Pure; whether papers have the word (then it is
 * a search after all) is the caller's question.
 */
import { editDistance } from '../search/tables/edit-distance.ts';
import { echo } from './invalid-command.ts';

export interface SubcommandTypo {
  /** The first word as typed. */
  typed: string;
  /** The subcommand it is closest to. */
  subcommand: string;
  /** The words after it, as typed. */
  rest: string;
}

/** Subcommands and the words after them they take (a slip of `list` followed by words is a search, as `list …` is). */
const TAKES: Record<string, (rest: string) => boolean> = {
  subscribe: () => true,
  unsubscribe: () => true,
  pause: () => true,
  resume: () => true,
  reset: () => true,
  digest: () => true,
  follow: () => true,
  unfollow: () => true,
  similar: (rest) => rest !== '',
  help: () => true,
  list: (rest) => rest === '',
  saved: (rest) => /^(?:bibtex)?\s*(?:page\s+)?\d*$/i.test(rest),
  unfurl: (rest) => /^(?:on|off)?$/i.test(rest),
};

/** Slips allowed: one edit (a swap of two letters counts as one) for short names, two from 8 letters on. */
const allowedEdits = (name: string): number => (name.length >= 8 ? 2 : 1);

/** One letter changed in a short name is often another word (`held`, `lost`): only swaps, a letter more or fewer. */
function oneLetterChanged(word: string, name: string): boolean {
  if (word.length !== name.length || name.length >= 8) return false;
  let differ = 0;
  for (let i = 0; i < word.length; i++) if (word[i] !== name[i]) differ += 1;
  return differ === 1;
}

/**
 * The name the word is one slip from (the closest when several are), or null: the word is a name itself, shorter than
 * 4 letters, or close to none. Also serves the CLI's commands (`serach` → `search`).
 */
export function closestName(typed: string, names: readonly string[], takes: (name: string) => boolean = () => true): string | null {
  const word = typed.toLowerCase().replace(/[:,.;!?]+$/, '');
  if (!/^[a-z]{4,}$/.test(word) || names.includes(word)) return null;
  let best: { name: string; edits: number } | null = null;
  for (const name of names) {
    const edits = editDistance(word, name, allowedEdits(name));
    if (edits > allowedEdits(name) || oneLetterChanged(word, name) || !takes(name)) continue;
    if (best === null || edits < best.edits) best = { name, edits };
  }
  return best?.name ?? null;
}

/**
 * Other names people give a subcommand (`/paper subscriptions` for the list, `unsub` for unsubscribe), read as it when
 * it takes the words after them (`digests` alone is the list; with a topic, one slip from `digest`).
 */
const OTHER_NAMES: ReadonlyMap<string, string> = new Map([
  ['subscriptions', 'list'],
  ['subscription', 'list'],
  ['subs', 'list'],
  ['digests', 'list'],
  ['bookmarks', 'saved'],
  ['bookmarked', 'saved'],
  ['unsub', 'unsubscribe'],
]);

/** The subcommand the text's first word is a slip of, or null (a subcommand itself, quoted, too short, or nothing close). */
export function subcommandTypo(text: string): SubcommandTypo | null {
  const match = /^(\S+)(?:\s+(.*))?$/s.exec(text.trim());
  const typed = match?.[1];
  if (typed === undefined) return null;
  const rest = match?.[2]?.trim() ?? '';
  const other = OTHER_NAMES.get(typed.toLowerCase());
  if (other !== undefined && TAKES[other]?.(rest) === true) return { typed, subcommand: other, rest };
  const subcommand = closestName(typed, Object.keys(TAKES), (name) => TAKES[name]?.(rest) === true);
  return subcommand === null ? null : { typed, subcommand, rest };
}

/** The answer: what was typed is not a command, and the command it was meant to be, ready to copy. */
export function subcommandTypoMessage(typo: SubcommandTypo): string {
  // The words after it whole (echo would cut them at 40 characters): the command is there to be pasted. Slack
  // mentions (`<!here>`, `<@U123>`) are left out: no subcommand takes one (a link keeps its URL).
  const rest = typo.rest
    .replace(/<[!@#][^<>]*>/g, ' ')
    .replace(/<([^<>|]*)(?:\|[^<>]*)?>/g, '$1')
    .replace(/[<>&`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const meant = ['/paper', typo.subcommand, rest].filter((part) => part !== '').join(' ');
  const help = typo.subcommand === 'help' ? '' : ' `/paper help` lists the commands.';
  return `"${echo(typo.typed)}" is not a command. Did you mean \`${meant}\`?${help}`;
}
