/**
 * Followed authors (issue 18): the replies to `/paper follow` and `/paper unfollow`, the follows line of `/paper list`
 * and of the Home tab. Pure; every name and username is escaped (a name is whatever someone typed).
 */
import type { KnownBlock, SectionBlock } from '@slack/types';
import { BlockId } from './action-ids.ts';
import { LIMITS } from './limits.ts';
import type { Message } from './message.ts';
import { composedMrkdwn, mrkdwnText, truncate } from './mrkdwn.ts';
import { topicMrkdwn } from './digest.ts';

const NAME_MAX = 100;
const USER_MAX = 96;
/** Names listed in one line before "…and N more" (a line stays far under Slack's 3,000 characters). */
const NAMES_LISTED = 30;
const ACCOUNTS_LISTED = 5;
const FALLBACK_MAX = 3000;
/** The Home tab's follows section (Slack's section text limit is 3,000). */
const HOME_FOLLOWS_MAX = 2900;

export interface FollowView {
  name: string;
  hfUser: string | null;
}

const section = (id: string, text: string): SectionBlock => ({ type: 'section', block_id: id, text: { type: 'mrkdwn', text } });
const context = (id: string, text: string): KnownBlock => ({ type: 'context', block_id: id, elements: [{ type: 'mrkdwn', text }] });

/** `@hf:tridao`, escaped. */
export function accountMrkdwn(hfUser: string): string {
  return `@hf:${mrkdwnText(hfUser, USER_MAX)}`;
}

/** "*Tri Dao* (@hf:tridao)": the name bold, the account when the follow is by account. */
export function followMrkdwn(follow: FollowView): string {
  const name = mrkdwnText(follow.name, NAME_MAX) || (follow.hfUser === null ? 'this author' : accountMrkdwn(follow.hfUser));
  return follow.hfUser === null || name === accountMrkdwn(follow.hfUser) ? `*${name}*` : `*${name}* (${accountMrkdwn(follow.hfUser)})`;
}

/**
 * "*A*, *B*, …and N more": as many names (at most `NAMES_LISTED`) as fit in `max` characters, never cut inside one;
 * the first is always named. Fifty names of 100 characters would pass Slack's 3,000-character text limit.
 */
function namesLine(follows: readonly FollowView[], max: number): string {
  const more = (hidden: number): string => `\u2026and ${hidden} more`;
  let line = '';
  let shown = 0;
  for (const follow of follows.slice(0, NAMES_LISTED)) {
    const next = shown === 0 ? followMrkdwn(follow) : `${line}, ${followMrkdwn(follow)}`;
    const hidden = follows.length - shown - 1;
    if (shown > 0 && (hidden > 0 ? `${next}, ${more(hidden)}` : next).length > max) break;
    line = next;
    shown += 1;
  }
  const hidden = follows.length - shown;
  return hidden > 0 ? `${line}, ${more(hidden)}` : line;
}

/** How a typed name was resolved against the claimed Hugging Face accounts of the corpus. */
export type FollowResolution =
  | { kind: 'direct' }
  | { kind: 'account'; papers: number }
  | { kind: 'several'; accounts: ReadonlyArray<{ hfUser: string; papers: number }> }
  | { kind: 'name' };

export interface FollowedInput {
  follow: FollowView;
  created: boolean;
  resolution: FollowResolution;
  /** Whether the corpus holds any paper by them yet. */
  knownPapers: boolean;
  /** The digest the follow section rides on (the channel's oldest active one), or null when the channel has none. */
  carrier: { topic: string; nextRunText: string | null; paused?: boolean } | null;
  /** Whether the channel has top lists (they carry no follow section): without a carrier, the reply says so. */
  hasTopLists?: boolean;
}

/** Why followed papers don't go out yet: the channel has no digest, or only top lists, which carry none. */
function noCarrierText(hasTopLists: boolean): string {
  return hasTopLists
    ? 'This channel has only top lists, and they carry no followed authors\u2019 papers: those ride on a topic digest, started with `/paper subscribe &lt;topic&gt;`.'
    : 'This channel has no digest yet, and followed authors\u2019 papers ride on one: start it with `/paper subscribe &lt;topic&gt;`.';
}

/** The reply to `/paper follow`: whom, how they are matched, and when their papers arrive (or why they cannot yet). */
export function followedMessage(input: FollowedInput): Message {
  const who = followMrkdwn(input.follow);
  const main = input.created
    ? `\u2705 This channel now follows ${who}: their new papers go in a *From people you follow* section of its digest.`
    : `This channel already follows ${who}: nothing changed.`;
  const notes: string[] = [];
  const { resolution } = input;
  if (resolution.kind === 'account' && input.follow.hfUser !== null) {
    notes.push(
      `Hugging Face links this name to the account ${accountMrkdwn(input.follow.hfUser)} (${resolution.papers === 1 ? '1 claimed paper' : `${resolution.papers} claimed papers`}): papers it claims count under any spelling, and a namesake's papers claimed by another account don't.`,
    );
  } else if (resolution.kind === 'several') {
    // Inside a code span Slack formats nothing: the account as typed (escaped), so a copied `_name_` still works.
    const accounts = resolution.accounts.slice(0, ACCOUNTS_LISTED).map((a) => composedMrkdwn(`\`/paper follow @hf:${a.hfUser.replace(/`/g, '').slice(0, USER_MAX)}\``, USER_MAX * 6 + 40));
    notes.push(`Several Hugging Face accounts claim papers under this name, so the name is followed (every author written this way). To follow one person: ${accounts.join(' or ')}.`);
  }
  if (!input.knownPapers) {
    notes.push(`No paper by ${who} yet; you'll hear when one appears.`);
  }
  if (input.carrier === null) {
    notes.push(noCarrierText(input.hasTopLists ?? false));
  } else {
    const next = input.carrier.nextRunText ? ` (next: ${mrkdwnText(input.carrier.nextRunText, 120)})` : '';
    // Paused with no end: no next digest to name, and none goes out until someone resumes it.
    const held = input.carrier.paused === true && !input.carrier.nextRunText;
    const topic = topicMrkdwn(input.carrier.topic, 120);
    notes.push(
      held
        ? `They come with the *${topic}* digest, at most half of it, and it is paused: nothing goes out until it resumes (\`/paper list\` shows it).`
        : `They come with the *${topic}* digest${next}, at most half of it; any over that wait for the next one.`,
    );
  }
  const blocks: KnownBlock[] = [section(BlockId.followed, main), context(BlockId.followNote, notes.join('\n'))];
  return { text: truncate(`${main}\n${notes.join('\n')}`, FALLBACK_MAX), blocks };
}

/** The reply to `/paper unfollow` once a follow is stopped. */
export function unfollowedMessage(follow: FollowView): Message {
  const text = `This channel no longer follows ${followMrkdwn(follow)}. Papers it already got won't be sent again.`;
  return { text, blocks: [section(BlockId.unfollowed, text)] };
}

/** `/paper unfollow` for someone the channel does not follow: says whom it does follow. */
export function notFollowingMessage(typed: string, follows: readonly FollowView[]): Message {
  const line = `This channel doesn't follow *${mrkdwnText(typed, NAME_MAX) || 'that author'}*.`;
  const frame = (names: string): string => `${line}\nIt follows ${names}.`;
  const rest = follows.length > 0 ? `It follows ${namesLine(follows, LIMITS.sectionText - frame('').length)}.` : 'It follows nobody yet: `/paper follow "Tri Dao"` starts.';
  const text = `${line}\n${rest}`;
  return { text, blocks: [section(BlockId.notFollowing, text)] };
}

/**
 * The follows line of `/paper list` (null when the channel follows nobody). `carrier`: the name of the digest whose
 * posts carry the follow section (the oldest active one that is not a top list), null when there is none.
 */
export function followsListBlock(follows: readonly FollowView[], carrier: string | null, hasTopLists = false): KnownBlock | null {
  if (follows.length === 0) return null;
  const where =
    carrier !== null
      ? `Their new papers come with the *${topicMrkdwn(carrier, 120)}* digest.`
      : hasTopLists
        ? 'They need a topic digest to ride on (a top list carries none): `/paper subscribe &lt;topic&gt;`.'
        : 'They need a digest to ride on: `/paper subscribe &lt;topic&gt;`.';
  const frame = (names: string): string => `:bust_in_silhouette: Following ${names}. ${where} \`/paper unfollow "name"\` stops one.`;
  return context(BlockId.followsList, frame(namesLine(follows, LIMITS.sectionText - frame('').length)));
}

/** The Home tab's line of whom the user's channels follow (null when none). */
export function homeFollowsBlock(follows: ReadonlyArray<FollowView & { channelMention: string }>): KnownBlock | null {
  if (follows.length === 0) return null;
  const byChannel = new Map<string, FollowView[]>();
  for (const follow of follows) byChannel.set(follow.channelMention, [...(byChannel.get(follow.channelMention) ?? []), follow]);
  const channels = [...byChannel].slice(0, 10);
  const heading = '*Authors your channels follow*';
  const tail = byChannel.size > 10 ? [`\u2026and ${byChannel.size - 10} more channels`] : [];
  // Each channel gets a line: the shortest each later one can be (its first name) is kept free for it.
  const shortest = channels.map(([channel, list]) => `${channel}: ${namesLine(list, 0)}`.length + 1);
  let room = HOME_FOLLOWS_MAX - heading.length - tail.reduce((sum, line) => sum + line.length + 1, 0);
  const lines = channels.map(([channel, list], i) => {
    const later = shortest.slice(i + 1).reduce((sum, size) => sum + size, 0);
    const line = `${channel}: ${namesLine(list, room - later - channel.length - 3)}`;
    room -= line.length + 1;
    return line;
  });
  return section(BlockId.homeFollows, truncate([heading, ...lines, ...tail].join('\n'), HOME_FOLLOWS_MAX));
}
