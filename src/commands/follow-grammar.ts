/**
 * `/paper follow <author>` and `/paper unfollow <author>` (issue 18): the words after the subcommand to whom they
 * name. Pure.
 *
 *   /paper follow "Tri Dao"        an author by name (quotes optional; matched as author-names.ts says)
 *   /paper follow @hf:tridao       a Hugging Face account: the papers it claimed, under any spelling
 *   /paper unfollow "Tri Dao"      stops it (also `@hf:tridao`)
 *
 * Refused with a friendly answer: nothing after the subcommand, an unclosed quote, a Slack mention or special
 * (`<!channel>`, `<@U123>`: Slack sends those for @channel and @someone, never an author), more than
 * `MAX_AUTHOR_NAME` characters, a name without a letter or digit, a malformed username, several names at once,
 * a schedule after the name (`Tri Dao at 09:00`), a place after it (`Yann LeCun at Meta`; quoted, it is the name) or a bare `@username` (`follow`). `author:` before the name (the search filter's spelling) is dropped.
 */
import type { FollowTarget } from '../digests/follow-service.ts';
import { authorKey, HF_USERNAME } from '../papers/author-names.ts';
import { echo } from './invalid-command.ts';

/** Longer than any real author name; the store keeps at most 200. */
export const MAX_AUTHOR_NAME = 100;

export type { FollowTarget };

export type FollowCommand = { kind: 'follow'; target: FollowTarget } | { kind: 'unfollow'; target: FollowTarget };

const USAGE = {
  follow: '`/paper follow "AUTHOR NAME"` or `/paper follow @hf:USERNAME`, for example `/paper follow "Tri Dao"`',
  unfollow: '`/paper unfollow "AUTHOR NAME"` or `/paper unfollow @hf:USERNAME` (`/paper list` shows whom this channel follows)',
} as const;

function invalid(problem: string, kind: FollowCommand['kind']): { kind: 'invalid'; message: string } {
  return { kind: 'invalid', message: `${problem}\nUsage: ${USAGE[kind]}` };
}

const QUOTED = /^["\u201c\u201d\u201e'\u2018\u2019](.*)["\u201c\u201d'\u2018\u2019]$/s;
const QUOTE_CHARS = /["\u201c\u201d\u201e]/;
const QUOTE_CHARS_ALL = /["\u201c\u201d\u201e]/g;
/** `"Tri Dao" at 9:00`: a quoted name with more words after the closing quote. */
const QUOTED_THEN_MORE = /^["\u201c\u201d\u201e]([^"\u201c\u201d]*)["\u201c\u201d]\s*(\S.*)$/s;
/** Words someone may add to give a follow a schedule of its own. */
const SCHEDULE_WORDS = /(?:^|\s)(?:at|tz|daily|weekdays|weekly)(?:\s|$)/i;
/** `Tri Dao at 09:00`, `Tri Dao weekly`, `Tri Dao tz Europe/Berlin`: a schedule after an unquoted name (its start). */
const TRAILING_SCHEDULE = /\s(?:at\s+(?:\S*\d|noon|midnight)|tz\s+\S|(?:daily|weekdays|weekly)(?:\s|$)|every\s+\S)/i;

/** `Yann LeCun at Meta`: `at` and words after an unquoted name (a time there is a schedule, answered first). */
const AT_PLACE = /\sat\s+\S/i;

/**
 * Names of several authors ("Tri Dao and Albert Gu", "Tri Dao; Albert Gu", "Tri Dao, Albert Gu"): followed as one,
 * they would be a made-up name. One comma is "Last, First" ("Manning, Christopher D.", "van der Berg, Jan Willem")
 * unless both sides are capitalized full names.
 */
function severalNames(text: string): boolean {
  if (/;|\sand\s/i.test(text)) return true;
  const parts = text.split(',').map((part) => part.trim().split(/\s+/).filter((word) => word !== ''));
  if (parts.length > 2) return true;
  return parts.length === 2 && parts.every((words) => words.length >= 2 && words.every((word) => /^\p{Lu}/u.test(word)));
}

/** The text after `follow` / `unfollow` (whitespace already collapsed) → the command, or why not. */
export function parseFollow(kind: FollowCommand['kind'], rest: string): FollowCommand | { kind: 'invalid'; message: string } {
  // `author:"Tri Dao"`, as the search filter is written, names the author too.
  let text = rest.trim().replace(/^author:/i, '');
  // Refused for follow only: a channel that followed such a name before can still unfollow it as it was typed.
  const quotes = (text.match(QUOTE_CHARS_ALL) ?? []).length;
  if (kind === 'follow' && (quotes > 2 || severalNames(text))) {
    return invalid('Follow one author at a time: `/paper follow "Tri Dao"`, then `/paper follow "Albert Gu"`.', kind);
  }
  // `follow list`, `follow help`: someone asking, not an author called "list" (quoted, it is one).
  const asking = /^(list|help)$/i.exec(text);
  if (kind === 'follow' && asking) {
    const word = (asking[1] ?? '').toLowerCase();
    return invalid(
      `\`/paper ${word}\` ${word === 'list' ? 'shows whom this channel follows (and its digests)' : 'shows every command'}. For an author called "${word}", quote the name: \`/paper follow "${word}"\`.`,
      kind,
    );
  }
  const quoted = QUOTED.exec(text);
  if (quoted?.[1] !== undefined) text = quoted[1].trim();
  else if (QUOTED_THEN_MORE.test(text)) {
    // The quote is closed: what goes wrong is the words after it (`"Tri Dao" at 9:00`), which no follow takes.
    const [, name = '', more = ''] = QUOTED_THEN_MORE.exec(text) ?? [];
    const schedule = SCHEDULE_WORDS.test(more) ? " Followed authors' papers come with this channel's digest, on its schedule." : '';
    return invalid(
      `Only the author's name goes after \`${kind}\`, so \`${echo(more.trim())}\` can't be part of it: \`/paper ${kind} "${echo(name.trim()) || 'Tri Dao'}"\`.${schedule}`,
      kind,
    );
  } else if (QUOTE_CHARS.test(text)) return invalid('A quote is opened but never closed.', kind);

  // Unquoted, a schedule after the name would become part of it (an author called "Tri Dao at 09:00").
  const schedule = kind === 'follow' && quoted?.[1] === undefined ? TRAILING_SCHEDULE.exec(text) : null;
  if (schedule !== null) {
    const name = text.slice(0, schedule.index).trim();
    const more = text.slice(schedule.index).trim();
    return invalid(
      `Only the author's name goes after \`follow\`, so \`${echo(more)}\` can't be part of it: \`/paper follow "${echo(name) || 'Tri Dao'}"\`. Followed authors' papers come with this channel's digest, on its schedule.`,
      kind,
    );
  }
  // `Yann LeCun at Meta`: where they work is no part of the name papers print (an author called "… at Meta" has none).
  const where = kind === 'follow' && quoted?.[1] === undefined ? AT_PLACE.exec(text) : null;
  if (where !== null) {
    const name = text.slice(0, where.index).trim();
    return invalid(`Only the author's name goes after \`follow\`, so \`${echo(text.slice(where.index).trim())}\` can't be part of it: \`/paper follow "${echo(name)}"\`.`, kind);
  }
  if (text === '') {
    return invalid(kind === 'follow' ? "Tell me whose new papers this channel should get." : 'Tell me whom this channel should stop following.', kind);
  }
  if (/[<>]/.test(text)) {
    return invalid("That looks like a Slack mention (@channel, @someone) or a link. Type the author's name as it is written on their papers.", kind);
  }
  const length = [...text].length;
  if (length > MAX_AUTHOR_NAME) return invalid(`That name is ${length} characters long; an author's name is at most ${MAX_AUTHOR_NAME}.`, kind);

  const account = /^@?hf:(.*)$/i.exec(text);
  if (account) {
    const hfUser = (account[1] ?? '').trim();
    if (!HF_USERNAME.test(hfUser)) {
      return invalid('A Hugging Face username is letters, digits, `-`, `_` and `.`, like `@hf:tridao`.', kind);
    }
    return { kind, target: { kind: 'account', hfUser } };
  }
  // `@tridao` is how Slack names people: as a name it would never match a paper (refused for follow only, so a
  // channel that followed one before can still unfollow it).
  if (kind === 'follow' && text.startsWith('@')) {
    const username = text.slice(1);
    const shown = text.replace(/`/g, "'").replace(/&/g, '&amp;');
    const hint = HF_USERNAME.test(username) ? `For their Hugging Face account: \`/paper follow @hf:${username}\`; for` : 'For';
    return invalid(`\`${shown}\` is not an author's name. ${hint} an author, type the name as it is written on their papers, like \`/paper follow "Tri Dao"\`.`, kind);
  }
  if (authorKey(text) === '') return invalid("That name has no letters or digits I can match against papers' authors.", kind);
  return { kind, target: { kind: 'name', name: text } };
}
