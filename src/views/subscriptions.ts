import type { KnownBlock, SectionBlock } from '@slack/types';
import { BlockId, blockId } from './action-ids.ts';
import { LIMITS } from './limits.ts';
import type { AnswerSurface, Message } from './message.ts';
import { cleanText, escapeMrkdwn, mrkdwnText, truncate } from './mrkdwn.ts';
import { topicCode, topicMrkdwn } from './digest.ts';
import { unfurlStatusBlock } from './unfurl-setting.ts';
import { followsListBlock, type FollowView } from './follows.ts';
import { errorMessage } from './error.ts';
import { ratingsText } from './rating-count.ts';

/** Most subscriptions listed one section each; the rest are summarized as "…and N more". */
export const LIST_MAX_SECTIONS = 45;
/** Topic length in a list line (each line must stay small so many fit in one message). */
const LIST_TOPIC_MAX = 120;
/** Our own formatted strings (schedules, times) are short; cut anyway in case they are not. */
const SHORT_MAX = 120;
const REASON_MAX = 200;
/** JSON size the builders aim under; Slack's ceiling is about 13k (`LIMITS.messageJson`). */
const MESSAGE_BUDGET = 12_000;
const FALLBACK_MAX = 3000;

/** Topics named in "Its digests: …". */
const TOPICS_NAMED = 20;

const n = (value: number): string => value.toLocaleString('en-US');
const papers = (count: number): string => (count === 1 ? '1 paper' : `${n(count)} papers`);
const idText = (id: number): string => (Number.isSafeInteger(id) ? String(id) : '?');

const section = (id: string, text: string): SectionBlock => ({ type: 'section', block_id: id, text: { type: 'mrkdwn', text } });
const context = (id: string, text: string): KnownBlock => ({ type: 'context', block_id: id, elements: [{ type: 'mrkdwn', text }] });

/** Example titles named in one line, and how long each may be. */
const EXAMPLES_NAMED = 3;
const EXAMPLE_TITLE_MAX = 80;

const LIST_HINT = "`/paper list` shows this channel's digests \u00B7 `/paper unsubscribe &lt;topic&gt;` stops one";

// ---- Subscribe ----

export interface SubscribedInput {
  topic: string;
  /** A new subscription (false: the channel already followed the topic). */
  created: boolean;
  /** For an existing subscription: whether the schedule was changed. */
  changed: boolean;
  /** "every day at 09:00 UTC" */
  scheduleText: string;
  /** "Tue Mar 3, 09:00 UTC"; while paused, the first digest after a timed pause, or null when not known. */
  nextRunText: string | null;
  /** Why nothing goes out for now (it is paused), or absent/null when it runs. */
  pause?: DigestPause | null;
  /** Papers matching the topic right now, the subscription's example papers left out (a digest never sends them). */
  matchingNow: number;
  /** The subscription has example papers (left out of `matchingNow`): the answer says "besides the example papers". */
  besidesExamples?: boolean;
  subscriptionId: number;
  /** Example papers (issue 16): the titles this call added, how many the subscription has now, and whether it has no words. */
  examples?: { added: readonly string[]; total: number; wordless: boolean };
  /** Where the answer is shown: a paused digest's line names the App Home's Resume only where there is one (absent: not named). */
  surface?: AnswerSurface;
}

/** A digest that sends nothing for now: why (a Slack error code or `paused_by_user`), and until when for a timed pause. */
export interface DigestPause {
  reason: string;
  /** A person's timed pause: when it ends, "Thu Dec 24, 2026, 00:00 Europe/Berlin". */
  untilText?: string | null;
  /** The whole workspace is paused (uninstalled, token revoked), not this digest alone. */
  workspace?: boolean;
}

/** "All digests of this workspace are paused: … Reinstalling the app resumes them." (App Home, subscribe answers). */
export function workspacePausedText(reason: string): string {
  return `all digests of this workspace are paused: ${pausedReasonText(reason)}. Reinstalling the app resumes them.`;
}

/**
 * "⏸ Still paused: paused until … (`/paper resume #12` resumes it now). First digest after the pause: …": a paused
 * digest's line in an answer that would otherwise say when the next one goes out. `next`: the first digest after a
 * timed pause, or null when not known (no end, or the workspace or channel is paused).
 */
export function stillPausedText(pause: DigestPause, subscriptionId: number, next: string | null, options: { still: boolean; what?: 'digest' | 'list'; surface?: AnswerSurface }): string {
  const head = options.still ? '\u23F8 Still paused' : '\u23F8 Paused';
  if (pause.workspace) return `${head}: ${workspacePausedText(pause.reason)}`;
  const why = pausedReasonText(pause.reason, subscriptionId, pause.untilText, options.surface);
  const when = next === null ? '' : mrkdwnText(next, SHORT_MAX);
  return `${head}: ${why}. ${when ? `First ${options.what ?? 'digest'} after the pause: ${when}.` : `No ${options.what ?? 'digest'} goes out until it resumes.`}`;
}

/** Example titles as one escaped line: “A”, “B” and 2 more. */
export function exampleTitlesMrkdwn(titles: readonly string[], named = EXAMPLES_NAMED): string {
  const shown = titles.slice(0, named).map((title) => `\u201c${mrkdwnText(title, EXAMPLE_TITLE_MAX) || 'untitled'}\u201d`);
  const more = titles.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? ` and ${n(more)} more` : ''}`;
}

function examplesLine(examples: NonNullable<SubscribedInput['examples']>): string {
  const count = examples.added.length;
  const all = examples.total === count ? '' : ` (${n(examples.total)} in all)`;
  if (count === 0) return `It already had these example papers${all}.`;
  return `${count === 1 ? 'Example paper' : `${n(count)} example papers`} added${all}: ${exampleTitlesMrkdwn(examples.added)}.`;
}

/** The reply to `/paper subscribe`: what was set up (or updated), when the next digest goes out, and whether papers match. */
export function subscribedMessage(input: SubscribedInput): Message {
  const topic = topicMrkdwn(input.topic);
  const schedule = mrkdwnText(input.scheduleText, SHORT_MAX) || 'on schedule';
  const next = mrkdwnText(input.nextRunText ?? '', SHORT_MAX) || 'soon';
  const id = `(subscription #${idText(input.subscriptionId)})`;
  const pause = input.pause ?? null;
  let main: string;
  if (pause) {
    // Paused: no "Next digest" a reader would take for the digest being back on.
    if (input.created) main = `\u2705 Subscribed this channel to *${topic}*: ${schedule}. ${id}`;
    else if (input.changed) main = `This channel already follows *${topic}*. New schedule saved: ${schedule}. ${id}`;
    else main = `This channel already follows *${topic}* (${schedule}). ${id}`;
    main += `\n${stillPausedText(pause, input.subscriptionId, input.nextRunText, { still: !input.created, surface: input.surface })}`;
  } else if (input.created) main = `\u2705 Subscribed this channel to *${topic}*: ${schedule}. Next digest: ${next}. ${id}`;
  else if (input.changed) main = `This channel already follows *${topic}*. Updated: ${schedule}; next digest ${next}. ${id}`;
  else main = `This channel already follows *${topic}* (${schedule}). Next digest: ${next}. ${id}`;

  const examples = input.examples;
  const matching = examples?.wordless
    ? `${examplesLine(examples)}\nEach digest brings new papers like these.`
    : `${examples ? `${examplesLine(examples)}\n` : ''}${matchingLine(input, topic)}`;

  return {
    text: truncate(`${main}\n${matching}`, FALLBACK_MAX),
    blocks: [section(BlockId.subscribed, `${main}\n${matching}`), context(BlockId.subscribedHint, LIST_HINT)],
  };
}

function matchingLine(input: SubscribedInput, topic: string): string {
  const besides = input.besidesExamples ? 'besides the example papers' : '';
  return input.matchingNow > 0
      ? `${input.matchingNow === 1 ? '1 paper matches' : `${n(input.matchingNow)} papers match`} *${topic}* today${besides ? `, ${besides}` : ''}.`
      : `:warning: No paper matches *${topic}* today${besides ? ` ${besides}` : ''}. I'll keep looking, and the digest will post when papers do. Try \`/paper ${topicCode(input.topic)}\` to check the wording.`;
}

// ---- List ----

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

/**
 * A Slack error code behind a pause, in words. Unknown codes are shown as they are (escaped). `subscriptionId`: named
 * in how to resume a digest a person paused (in `/paper list`); `surface`: whether the App Home's Resume button is
 * there to name too (absent: it is not).
 */
export function pausedReasonText(reason: string, subscriptionId?: number, untilText?: string | null, surface?: AnswerSurface): string {
  const until = untilText ? mrkdwnText(untilText, SHORT_MAX) : '';
  const resume = subscriptionId === undefined ? '`/paper resume` in its channel' : `\`/paper resume #${idText(subscriptionId)}\``;
  // Where the app has a Home tab its Resume button says it; elsewhere, the command does.
  const thenResume = surface?.homeTab ? 'Resume in the App Home' : resume;
  switch (reason.trim()) {
    case 'not_in_channel':
      return "I'm not in this channel: `/invite @paper`";
    case 'channel_not_found':
      return "I can't see this channel (private? `/invite @paper`)";
    case 'is_archived':
      return 'the channel is archived';
    case 'workspace_inactive':
    case 'token_revoked':
    case 'invalid_auth':
    case 'account_inactive':
    case 'app_uninstalled':
    case 'tokens_revoked':
    case 'not_authed':
      return 'the app was uninstalled or its token revoked';
    case 'missing_scope':
      return 'the app is missing a permission it needs (reinstall it)';
    case 'token_unreadable':
      return "the app's stored access can no longer be read (an admin installs the app again)";
    case 'team_disabled':
      return 'the workspace was disabled';
    case 'paused_by_user':
      if (until) {
        return subscriptionId === undefined
          ? `paused until ${until} (Resume, or \`/paper resume\` in its channel, resumes it now)`
          : `paused until ${until} (\`/paper resume #${idText(subscriptionId)}\` resumes it now)`;
      }
      if (subscriptionId === undefined) return 'paused by someone (Resume, or `/paper resume` in its channel)';
      return surface?.homeTab ? `paused by someone (${resume} or Resume in the App Home)` : `paused by someone (${resume} resumes it)`;
    case 'channel_deleted':
      return 'the channel was deleted';
    case 'restricted_action':
    case 'restricted_action_read_only_channel':
    case 'restricted_action_thread_only_channel':
    case 'restricted_action_non_threadable_channel':
      return `only some people may post here (a channel or workspace setting): let the app post, then ${thenResume}`;
    case 'ekm_access_denied':
      return `an administrator suspended posting here: ${thenResume} once that is lifted`;
    default:
      return mrkdwnText(reason, REASON_MAX) || 'unknown reason';
  }
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
    what = 'skipped (bot was down)';
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
  const shaped = shapedByText(item.examples, item.ratings, `\`/paper reset #${idText(item.id)}\` forgets them`);
  if (shaped) lines.push(shaped);
  if (item.pausedReason !== null && item.pausedReason.trim() !== '') lines.push(`\u23F8 Paused: ${pausedReasonText(item.pausedReason, item.id, item.pausedUntilText, surface)}`);
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
  const follows = followsListBlock(input.follows ?? [], input.followsCarrier ?? null);
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
  return `${what} ${effect} \u00B7 \`/paper reset ratings\` forgets them`;
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

// ---- Reset ----

export interface ResetDoneInput {
  /** The subscription's name (its topic, or "papers like …"). */
  name: string;
  subscriptionId: number;
  examplesCleared: number;
  /** A feed without words keeps its examples. */
  examplesKept: number;
  ratingsCleared: number;
}

/** What a reset forgot, in plain words (the App Home notice; escaped where shown). */
export function resetNoticeText(input: ResetDoneInput): string {
  const forgot: string[] = [];
  if (input.examplesCleared > 0) forgot.push(input.examplesCleared === 1 ? '1 example paper' : `${n(input.examplesCleared)} example papers`);
  if (input.ratingsCleared > 0) forgot.push(ratingsText(input.ratingsCleared));
  const what = forgot.length > 0 ? `forgot ${forgot.join(' and ')}` : 'nothing to forget: no example papers or ratings shaped it';
  const kept =
    input.examplesKept > 0
      ? ` Its ${input.examplesKept === 1 ? 'example paper stays' : `${n(input.examplesKept)} example papers stay`}: they are what this feed follows (unsubscribe to stop it).`
      : forgot.length > 0
        ? ' Its digests follow the topic alone again.'
        : '';
  return `Reset "${input.name}": ${what}.${kept}`;
}

/**
 * The reply to `/paper reset <topic>`: what was forgotten, the example papers by title with the `/paper subscribe …
 * like …` that adds them back (`forgotten.restore`), and that ratings can't be brought back.
 */
export function resetDoneMessage(input: ResetDoneInput, forgotten?: { titles: readonly string[]; restore: string | null }): Message {
  const lines = [mrkdwnText(resetNoticeText(input), FALLBACK_MAX)];
  const titles = forgotten?.titles ?? [];
  if (titles.length > 0) {
    const restore = forgotten?.restore ? ` To add ${titles.length === 1 ? 'it' : 'them'} back: \`${escapeMrkdwn(cleanText(forgotten.restore)).replace(/`/g, '\u02CB')}\`` : '';
    lines.push(`Forgotten example paper${titles.length === 1 ? '' : 's'}: ${exampleTitlesMrkdwn(titles, titles.length)}.${restore}`);
  }
  if (input.ratingsCleared > 0) lines.push(`The ${ratingsText(input.ratingsCleared)} can't be brought back.`);
  const text = truncate(lines.join('\n'), FALLBACK_MAX);
  return { text, blocks: [section(BlockId.resetDone, `\u21BA ${text}`)] };
}

/** The reply to `/paper reset ratings`: how many of the channel's ratings given outside digests were forgotten. */
export function channelRatingsResetMessage(cleared: number): Message {
  const text =
    cleared > 0
      ? `Forgot ${ratingsText(cleared)} given in this channel outside digests (${UNTAGGED_SOURCES}). ` +
        "Its digests no longer learn from them, and papers they rated may be offered again unless the channel already got them. Ratings clicked on a digest stay: `/paper reset &lt;topic&gt;` forgets a subscription's."
      : "This channel has no ratings given outside digests: nothing to forget. Ratings clicked on a digest belong to its subscription: `/paper reset &lt;topic&gt;` forgets those, `/paper list` shows how many each has.";
  return { text, blocks: [section(BlockId.resetDone, `\u21BA ${text}`)] };
}

/** `/paper subscribe` to a new topic in a channel that has as many digests as it may. */
export function channelFullMessage(count: number): Message {
  return errorMessage(`This channel already has ${count} digests, the most it can have. Unsubscribe from one first (\`/paper list\` shows them).`);
}

// ---- Unsubscribe ----

/**
 * The reply to `/paper unsubscribe` (or the Unsubscribe button) once a digest is stopped. `topList`: it was a top list
 * (its topic, null for all papers), named as `/paper list` names one.
 */
export function unsubscribedMessage(topic: string, id: number, again: string, topList?: { topic: string | null }): Message {
  const command = escapeMrkdwn(cleanText(again)).replace(/`/g, '\u02CB');
  const what =
    topList === undefined
      ? `*${topicMrkdwn(topic)}*`
      : `the \uD83D\uDD25 top list${topList.topic === null ? '' : ` for *${topicMrkdwn(topList.topic)}*`}`;
  const text =
    `Unsubscribed this channel from ${what} (#${idText(id)}). Papers it already got won't be sent again if you subscribe later.\n` +
    `To start it again as it was: \`${command}\``;
  return { text, blocks: [section(BlockId.unsubscribed, text)] };
}

/** `/paper unsubscribe <target>` when the channel has no such digest: says which digests it does have. */
export function notSubscribedMessage(target: string, digests: ReadonlyArray<{ id: number; name: string }>): Message {
  const id = /^#?(\d{1,10})$/.exec(target.trim())?.[1];
  const line = id === undefined ? `This channel has no digest for *${topicMrkdwn(target)}*.` : `This channel has no digest #${id}.`;
  const rest = digests.length > 0 ? `Its digests: ${digestNames(digests)}` : 'It has none: `/paper subscribe &lt;topic&gt;` starts one.';
  const text = `${line}\n${rest}`;
  return { text, blocks: [section(BlockId.notSubscribed, text)] };
}

/** `/paper digest` alone in a channel with several digests: which one to preview. */
export function whichDigestMessage(digests: ReadonlyArray<{ id: number; name: string }>): Message {
  const text = `Which digest? This channel has ${digestNames(digests)}. \`/paper digest #id\` (or its topic) previews one; \`/paper digest &lt;any topic&gt;\` previews a topic it doesn't get yet.`;
  return { text, blocks: [section(BlockId.notSubscribed, text)] };
}

function digestNames(digests: ReadonlyArray<{ id: number; name: string }>): string {
  const named = digests.slice(0, TOPICS_NAMED).map((digest) => `#${idText(digest.id)} ${topicMrkdwn(digest.name, 100)}`);
  if (digests.length > TOPICS_NAMED) named.push(`and ${n(digests.length - TOPICS_NAMED)} more`);
  return named.join(', ');
}
