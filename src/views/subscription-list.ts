/** The reply to `/paper list`: the channel's digests, the ratings given outside them, whom it follows, paper links. Pure. */
import type { KnownBlock } from '@slack/types';
import { BlockId, blockId } from './action-ids.ts';
import { LIMITS } from './limits.ts';
import type { AnswerSurface, Message } from './message.ts';
import { mrkdwnText, truncate } from './mrkdwn.ts';
import { topicMrkdwn } from './digest.ts';
import { unfurlStatusBlock } from './unfurl-setting.ts';
import { followsListBlock, type FollowView } from './follows.ts';
import { ratingsText } from './rating-count.ts';
import { pausedLine, pausedReasonText } from './pause-reasons.ts';
import { context, exampleTitlesMrkdwn, FALLBACK_MAX, idText, n, REASON_MAX, section, SHORT_MAX } from './subscription-parts.ts';

/** Most subscriptions listed one section each; the rest are summarized as "…and N more". */
export const LIST_MAX_SECTIONS = 45;
/** Topic length in a list line (each line must stay small so many fit in one message). */
const LIST_TOPIC_MAX = 120;
/** JSON size the builders aim under; Slack's ceiling is about 13k (`LIMITS.messageJson`). */
const MESSAGE_BUDGET = 12_000;

const papers = (count: number): string => (count === 1 ? '1 paper' : `${n(count)} papers`);

export interface SubscriptionListItem {
  id: number;
  topic: string;
  /** "every weekday at 09:00 Europe/Berlin" */
  scheduleText: string;
  /** "Tue Mar 3, 09:00 Europe/Berlin", or null (e.g. while paused). */
  nextRunText: string | null;
  /** Why deliveries stopped (a Slack error code such as `not_in_channel`), or null when active. */
  pausedReason: string | null;
  /** A person's timed pause: when it ends, "Thu Dec 24, 2026, 00:00 Europe/Berlin". */
  pausedUntilText?: string | null;
  lastDigest: {
    /** Already formatted, e.g. "Mon Mar 2, 09:00 UTC". */
    atText: string;
    /** 'posted' | 'nothing_new' | 'skipped' | 'failed: …' */
    status: string;
    /** Papers in that digest, when known ("5 papers posted"). */
    paperCount?: number | null;
  } | null;
  /** Titles of its example papers, in the order added (issue 16). */
  examples?: readonly string[];
  /** How many 👍/👎 from its digests shape it. */
  ratings?: number;
}

/** "Like: “A”, “B” · shaped by 3 ratings · `/paper reset #12` forgets them", or '' when nothing shaped it. */
export function shapedByText(examples: readonly string[] | undefined, ratings: number | undefined, resetHint: string | null): string {
  const parts: string[] = [];
  if (examples && examples.length > 0) parts.push(`Like: ${exampleTitlesMrkdwn(examples)}`);
  if (ratings !== undefined && ratings > 0) parts.push(`shaped by ${ratingsText(ratings)}`);
  if (parts.length > 0 && resetHint) parts.push(resetHint);
  return parts.join(' \u00B7 ');
}

function lastDigestText(last: NonNullable<SubscriptionListItem['lastDigest']>): string {
  const status = last.status.trim();
  let what: string;
  if (status === 'posted') {
    const count = last.paperCount;
    what = count !== undefined && count !== null && Number.isSafeInteger(count) && count >= 0 ? `${papers(count)} posted` : 'posted';
  } else if (status === 'nothing_new') {
    what = 'nothing new';
  } else if (status === 'skipped') {
    what = 'skipped (too late to send)';
  } else if (status.startsWith('failed')) {
    const detail = status.slice('failed'.length).replace(/^\s*:\s*/, '');
    what = detail ? `failed (${mrkdwnText(detail, REASON_MAX)})` : 'failed';
  } else {
    what = mrkdwnText(status, REASON_MAX) || 'unknown';
  }
  const at = mrkdwnText(last.atText, SHORT_MAX);
  return at ? `Last digest: ${at} \u2014 ${what}` : `Last digest: ${what}`;
}

/** One subscription as list-section mrkdwn. */
function itemText(item: SubscriptionListItem, surface: AnswerSurface | undefined): string {
  const schedule = mrkdwnText(item.scheduleText, SHORT_MAX);
  const title = `*#${idText(item.id)} ${topicMrkdwn(item.topic, LIST_TOPIC_MAX)}*${schedule ? ` \u2014 ${schedule}` : ''}`;
  const status: string[] = [];
  const next = item.nextRunText === null ? '' : mrkdwnText(item.nextRunText, SHORT_MAX);
  if (next) status.push(`Next: ${next}`);
  status.push(item.lastDigest ? lastDigestText(item.lastDigest) : 'No digest yet');
  const lines = [title, status.join(' \u00B7 ')];
  const one = (item.examples?.length ?? 0) + (item.ratings ?? 0) === 1;
  const shaped = shapedByText(item.examples, item.ratings, `\`/paper reset #${idText(item.id)}\` forgets ${one ? 'it' : 'them'}`);
  if (shaped) lines.push(shaped);
  if (item.pausedReason !== null && item.pausedReason.trim() !== '') lines.push(pausedLine('\u23F8 Paused', pausedReasonText(item.pausedReason, item.id, item.pausedUntilText, surface)));
  return lines.join('\n');
}

/** A fallback-text line: "#12 sparse attention (every weekday at 09:00 Europe/Berlin)". */
function itemSummary(item: SubscriptionListItem): string {
  const paused = item.pausedReason !== null && item.pausedReason.trim() !== '' ? ', paused' : '';
  return `#${idText(item.id)} ${topicMrkdwn(item.topic, 80)} (${mrkdwnText(item.scheduleText, SHORT_MAX)}${paused})`;
}

export interface SubscriptionListInput {
  items: SubscriptionListItem[];
  /** Whether paper links unfold in the channel; the line is left out when not given. */
  unfurlLinks?: boolean;
  /** 👍/👎 given outside digests (search results, shared papers): they shape every search and digest of the channel. */
  untaggedRatings?: number;
  /** Whom the channel follows (issue 18); the line is left out when nobody. */
  follows?: readonly FollowView[];
  /** The digest the follows ride on (its name), null or absent when the channel has none that can carry them. */
  followsCarrier?: string | null;
  /** Where the list is shown: a paused digest's line names the App Home's Resume only where there is one (absent: not named). */
  surface?: AnswerSurface;
}

/**
 * The reply to `/paper list`: one section per digest (schedule, next run, last digest, pause reason), up to
 * `LIST_MAX_SECTIONS` and Slack's size budget; the rest are counted in "…and N more".
 */
export function subscriptionListMessage(input: SubscriptionListInput): Message {
  // No digest can carry the follows while the channel has subscriptions: they are all top lists.
  const follows = followsListBlock(input.follows ?? [], input.followsCarrier ?? null, input.items.length > 0);
  const untagged = input.untaggedRatings ?? 0;
  const after: KnownBlock[] = [];
  if (untagged > 0) after.push(context(BlockId.subscriptionsRatings, untaggedRatingsText(untagged, input.items.length > 0)));
  if (follows) after.push(follows);
  if (input.unfurlLinks !== undefined) after.push(unfurlStatusBlock(input.unfurlLinks));
  const message = digestListMessage(input.items, { size: follows ? JSON.stringify(follows).length + 1 : 0, blocks: after.length }, input.surface);
  return { text: message.text, blocks: [...message.blocks, ...after] };
}

/** Where a rating outside digests comes from, in words. */
export const UNTAGGED_SOURCES = 'search results, shared papers, link cards, top lists, stopped digests';

/** `/paper list`'s line about the channel's ratings given outside digests, with how to forget them. */
export function untaggedRatingsText(count: number, hasDigests: boolean): string {
  const what = `${ratingsText(count)} given outside digests (${UNTAGGED_SOURCES})`;
  const verb = count === 1 ? 'shapes' : 'shape';
  const effect = hasDigests ? `${verb} every search and digest of this channel` : `${verb} this channel's searches (and its digests, once it has some)`;
  return `${what} ${effect} \u00B7 \`/paper reset ratings\` forgets ${count === 1 ? 'it' : 'them'}`;
}

/** `after`: what the lines below the list take (the follows line's characters; the ratings, follows and unfurl blocks). */
function digestListMessage(items: readonly SubscriptionListItem[], after: { size: number; blocks: number }, surface: AnswerSurface | undefined): Message {
  if (items.length === 0) {
    const text = 'This channel has no paper digests yet. Start one with `/paper subscribe sparse attention`.';
    return { text, blocks: [section(BlockId.subscriptionsEmpty, text)] };
  }

  const heading = items.length === 1 ? '1 digest in this channel' : `${n(items.length)} digests in this channel`;
  const head = section(BlockId.subscriptionsHeader, `*${heading}*`);
  const footer = context(BlockId.subscriptionsFooter, "`/paper unsubscribe &lt;topic|id&gt;` stops one \u00B7 `/paper subscribe &lt;topic&gt;` adds or changes one");
  // Room for the "…and N more" line, whatever N is.
  const moreReserve = JSON.stringify(context(BlockId.subscriptionsMore, `\u2026and ${n(items.length)} more`)).length + 1;
  // The unfurl line (issue 17) may follow: reserve its room too.
  // So may the follows line (issue 18): its room too.
  let size =
    JSON.stringify([head, footer, unfurlStatusBlock(false), context(BlockId.subscriptionsRatings, untaggedRatingsText(Number.MAX_SAFE_INTEGER, true))]).length +
    moreReserve +
    after.size;
  // Slack refuses a reply of more than 50 blocks: the header, "…and N more", the footer and the lines below come first.
  const maxSections = Math.min(LIST_MAX_SECTIONS, LIMITS.blocksPerMessage - 3 - after.blocks);

  const shown: KnownBlock[] = [];
  for (const [i, item] of items.entries()) {
    if (shown.length >= maxSections) break;
    const block = section(blockId(BlockId.subscription, i, idText(item.id)), itemText(item, surface));
    const cost = JSON.stringify(block).length + 1;
    if (size + cost > MESSAGE_BUDGET && shown.length > 0) break;
    shown.push(block);
    size += cost;
  }

  const hidden = items.length - shown.length;
  const blocks: KnownBlock[] = [head, ...shown];
  if (hidden > 0) blocks.push(context(BlockId.subscriptionsMore, `\u2026and ${n(hidden)} more`));
  blocks.push(footer);

  const summary = items.slice(0, shown.length).map(itemSummary);
  if (hidden > 0) summary.push(`\u2026and ${n(hidden)} more`);
  return { text: truncate(`${heading}: ${summary.join('; ')}`, FALLBACK_MAX), blocks };
}
