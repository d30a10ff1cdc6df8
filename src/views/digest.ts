import { format } from 'date-fns/format';
import { isValid } from 'date-fns/isValid';
import { parseISO } from 'date-fns/parseISO';
import type { ActionsBlock, Button, KnownBlock, SectionBlock } from '@slack/types';
import type { SearchHit } from '../search/types.ts';
import { ActionId, BlockId, blockId, type UnsubscribeValue } from './action-ids.ts';
import { quoteFirstWord, startsSubcommand, startsSubscribeOption } from './subcommand-words.ts';
import { LIMITS } from './limits.ts';
import type { Message } from './message.ts';
import { cleanText, collapseWhitespace, escapeMrkdwn, mrkdwnText, snippetToMrkdwn, truncate } from './mrkdwn.ts';
import { reasonMrkdwn, type DigestReason } from './digest-reason.ts';
import { paperContextBlock, summaryMrkdwn, titleMrkdwn, titleText } from './paper-parts.ts';
import { paperActionsBlock } from './rating-buttons.ts';
import { confirmedButton } from './confirm-button.ts';
import { topicMatchText } from './topic-match.ts';

/**
 * Most papers one digest shows. The digest job should ask for this many (`composeDigest(…, size)`): the
 * builder shows them all unless Slack's size budget forces fewer (see `digestShownCount`).
 */
export const DIGEST_MAX_PAPERS = 15;
/** Longest one-line snippet under a title (mrkdwn, after escaping). */
const SNIPPET_MAX = 200;
/** How much of a topic is echoed in mrkdwn. */
export const TOPIC_MAX = 200;
/** JSON size the builders aim under; Slack's ceiling is about 13k (`LIMITS.messageJson`). */
const MESSAGE_BUDGET = 12_000;
/** Fallback `text` stays well under Slack's 4,000. */
const FALLBACK_MAX = 3000;
/** Titles listed in a fallback text. */
const FALLBACK_TITLE_MAX = 150;

const n = (value: number): string => value.toLocaleString('en-US');
const papers = (count: number): string => (count === 1 ? '1 paper' : `${n(count)} papers`);

// ---- Topic text, shared with subscriptions.ts ----

/** A topic as escaped one-line mrkdwn (for use inside `*…*`); "this topic" when nothing is left. */
export function topicMrkdwn(topic: string, max = TOPIC_MAX): string {
  return mrkdwnText(topic, max) || 'this topic';
}

/**
 * Untrusted text for a plain_text object (header, dialog title): cleaned, one line, cut to `max`. Slack does not
 * parse plain_text, but `<` and `>` still become look-alikes (‹ ›) so no `<!channel>`-shaped string is ever sent.
 */
export function plainText(raw: string, max: number): string {
  const text = collapseWhitespace(cleanText(raw.length > max * 4 + 64 ? raw.slice(0, max * 4 + 64) : raw))
    .replace(/</g, '\u2039')
    .replace(/>/g, '\u203A');
  return truncate(text, max);
}

/** A topic inside a code span (`/paper subscribe <topic>`): escaped, backticks replaced, `*` kept (code is literal). */
export function topicCode(topic: string, max = TOPIC_MAX): string {
  const bound = max * 4 + 64;
  const text = escapeMrkdwn(collapseWhitespace(cleanText(topic.length > bound ? topic.slice(0, bound) : topic)));
  return truncate(text.replace(/`/g, '\u02CB'), max) || 'topic';
}

/** A topic to search, in a code span after `/paper `: a first word that runs a subcommand (`top`, `list`…) quoted. */
export function searchCode(topic: string, max = TOPIC_MAX): string {
  return quoteFirstWord(topicCode(topic, max), startsSubcommand);
}

/** A topic in a code span after `/paper subscribe `: a first `top` or `like` quoted (else a top list or examples). */
export function subscribeCode(topic: string, max = TOPIC_MAX): string {
  return quoteFirstWord(topicCode(topic, max), startsSubscribeOption);
}

/** `2025-11-24` → "Mon, Nov 24"; null for a missing or impossible date. The date is already local: no zone maths. */
export function formatDigestDate(date: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const parsed = parseISO(date);
  return isValid(parsed) ? format(parsed, 'EEE, MMM d') : null;
}

// ---- Papers ----

/** The one-line body under a title: the paper's one-line summary, else the search snippet, else the abstract's start. */
function snippetLine(hit: SearchHit): string {
  return (
    summaryMrkdwn(hit.paper, SNIPPET_MAX) ||
    snippetToMrkdwn(hit.snippet, { maxLength: SNIPPET_MAX }) ||
    mrkdwnText(hit.paper.abstract, SNIPPET_MAX, { wordBoundary: true })
  );
}

/**
 * One paper in a digest or its preview: a section (bold title link, one-line snippet), the metadata line (authors ·
 * date · ▲ upvotes) and its buttons ([👍 More like this] [👎 Not for us] [Save] [Similar]; the votes carry
 * `subscriptionId` when the message belongs to a subscription). Block ids are `<prefix>:<index>`,
 * `<prefix>_meta:<index>` and `<prefix>_actions:<index>`.
 */
export function digestPaperBlocks(
  hit: SearchHit,
  index: number,
  prefix: string = BlockId.digestPaper,
  subscriptionId: number | null = null,
  reason?: DigestReason,
): KnownBlock[] {
  const title = titleMrkdwn(hit.paper);
  const body = snippetLine(hit);
  const section: SectionBlock = {
    type: 'section',
    block_id: blockId(prefix, index),
    text: { type: 'mrkdwn', text: body ? `${title}\n${body}` : title },
  };
  const blocks: KnownBlock[] = [section];
  const context = paperContextBlock(hit.paper, blockId(`${prefix}_meta`, index), reason ? reasonMrkdwn(reason) : undefined);
  if (context) blocks.push(context);
  const actions = paperActionsBlock(hit.paper.id, blockId(`${prefix}_actions`, index), subscriptionId);
  if (actions) blocks.push(actions);
  return blocks;
}

/** "…and 3 more papers": a search for the topic finds them; a feed without words has no words to search for. */
function moreBlock(id: string, hidden: number, topic: string, wordless: boolean): KnownBlock {
  const more = `\u2026and ${n(hidden)} more ${hidden === 1 ? 'paper' : 'papers'}`;
  return {
    type: 'context',
    block_id: id,
    elements: [
      {
        type: 'mrkdwn',
        text: wordless ? `${more} like these: they were not sent, so a later digest can bring them.` : `${more}: \`/paper ${searchCode(topic)}\` finds them.`,
      },
    ],
  };
}

function fits(message: Message): boolean {
  return message.blocks.length <= LIMITS.blocksPerMessage && JSON.stringify(message.blocks).length <= MESSAGE_BUDGET;
}

/** How many papers a digest (or preview) shows: of its follow section and of its topic. */
export interface DigestShown {
  followed: number;
  topic: number;
}

/**
 * The largest number of papers (at most `max` in all, at least 1 when there are any) for which `build` fits Slack's
 * block and size limits, with the message it builds. A follow section (issue 18) comes before the topic's papers, so
 * the topic's are dropped first.
 */
function fitSections(
  followed: readonly SearchHit[],
  hits: readonly SearchHit[],
  max: number,
  subscriptionId: number | null,
  build: (followed: KnownBlock[][], topic: KnownBlock[][]) => Message,
  reasons?: ReadonlyMap<string, DigestReason>,
): { message: Message; shown: DigestShown } {
  const ours = followed.slice(0, max).map((hit, i) => digestPaperBlocks(hit, i, BlockId.digestFollowed, subscriptionId));
  const theirs = hits
    .slice(0, max - ours.length)
    .map((hit, i) => digestPaperBlocks(hit, i, BlockId.digestPaper, subscriptionId, reasons?.get(hit.paper.id)));
  const split = (count: number): DigestShown => ({ followed: Math.min(ours.length, count), topic: Math.max(0, count - ours.length) });
  for (let count = ours.length + theirs.length; count > 1; count -= 1) {
    const shown = split(count);
    const message = build(ours.slice(0, shown.followed), theirs.slice(0, shown.topic));
    if (fits(message)) return { message, shown };
  }
  const shown = split(Math.min(1, ours.length + theirs.length));
  return { message: build(ours.slice(0, shown.followed), theirs.slice(0, shown.topic)), shown };
}

const FOLLOWED_HEADING = '*From people you follow*';

/**
 * The follow section: its heading, its papers, and how many wait for the next digest (those Slack's limits left out,
 * plus `waiting`, those over the section's share of the digest).
 */
function followedBlocks(followed: readonly SearchHit[], shown: readonly KnownBlock[][], moreId: string, waiting = 0): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: 'section', block_id: BlockId.digestFollowedHeader, text: { type: 'mrkdwn', text: FOLLOWED_HEADING } }];
  for (const paper of shown) blocks.push(...paper);
  const hidden = followed.length - shown.length + Math.max(0, Math.floor(waiting));
  if (hidden > 0) {
    blocks.push({
      type: 'context',
      block_id: moreId,
      elements: [{ type: 'mrkdwn', text: `\u2026and ${n(hidden)} more ${hidden === 1 ? 'paper' : 'papers'} by people you follow: they come with the next digest.` }],
    });
  }
  return blocks;
}

/** "T1; T2; …and 3 more", escaped, for fallback texts. */
function titleList(hits: readonly SearchHit[], shown: number): string {
  const titles = hits.slice(0, shown).map((hit) => titleText(hit.paper, FALLBACK_TITLE_MAX));
  if (hits.length > shown) titles.push(`\u2026and ${n(hits.length - shown)} more`);
  return titles.join('; ');
}

// ---- The in-channel digest ----

export interface DigestInput {
  topic: string;
  /** `YYYY-MM-DD`, the subscription's local date. */
  digestDate: string;
  hits: SearchHit[];
  subscriptionId: number;
  /** Papers by the authors the channel follows (issue 18): a "From people you follow" section before the topic's. */
  followed?: SearchHit[];
  /** More papers by followed authors than the section's share of the digest: they wait for the next one (said so). */
  followedWaiting?: number;
  /** Paper id → why one of `hits` is in the digest (said on its metadata line). */
  reasons?: ReadonlyMap<string, DigestReason>;
  /** A feed without words (issue 16): `topic` is its name ("papers like “…”"), not words a search could take. */
  wordless?: boolean;
}

/** The Unsubscribe button's value: JSON `UnsubscribeValue`. */
export function unsubscribeValue(subscriptionId: number): string {
  return JSON.stringify({ id: subscriptionId } satisfies UnsubscribeValue);
}

/** The subscription id an Unsubscribe button's value names, null for a value the app did not send. */
export function parseUnsubscribeValue(value: string | undefined): number | null {
  try {
    const parsed: unknown = JSON.parse(value ?? '');
    const id = (parsed as { id?: unknown } | null)?.id;
    return typeof id === 'number' && Number.isInteger(id) && id > 0 ? id : null;
  } catch {
    return null;
  }
}

/** The Unsubscribe button under a digest (top lists too), with its confirm dialog. */
export function unsubscribeButton(topic: string, subscriptionId: number): Button {
  const question = (t: string): string => `Stop the digest for ${t}?`;
  const room = 100 - question('').length;
  return confirmedButton({
    actionId: ActionId.unsubscribe,
    label: 'Unsubscribe',
    value: unsubscribeValue(subscriptionId),
    title: question(plainText(topic, room) || 'this topic'),
    question: "This channel stops getting new papers on this topic. Papers it already got won't be sent again if you subscribe later.",
    confirm: 'Unsubscribe',
    deny: 'Keep it',
    danger: true,
  });
}

function digestHeader(topic: string, digestDate: string): string {
  const date = formatDigestDate(digestDate);
  const suffix = date ? ` \u00B7 ${date}` : '';
  const prefix = '\uD83D\uDCDA ';
  return `${prefix}${plainText(topic, LIMITS.headerText - prefix.length - suffix.length) || 'Paper digest'}${suffix}`;
}

function digestLayout(input: DigestInput): { message: Message; shown: DigestShown } {
  const { topic, hits } = input;
  const topicText = topicMrkdwn(topic);
  const header: KnownBlock = { type: 'header', block_id: BlockId.digestHeader, text: { type: 'plain_text', text: digestHeader(topic, input.digestDate), emoji: true } };
  const actions: ActionsBlock = { type: 'actions', block_id: BlockId.digestActions, elements: [unsubscribeButton(topic, input.subscriptionId)] };
  const tail: KnownBlock[] = [
    { type: 'divider', block_id: BlockId.digestDivider },
    actions,
    {
      type: 'context',
      block_id: BlockId.digestFooter,
      elements: [{ type: 'mrkdwn', text: 'Digest for this channel \u00B7 `/paper list` to see subscriptions' }],
    },
  ];

  const followed = input.followed ?? [];
  if (hits.length === 0 && followed.length === 0) {
    return {
      shown: { followed: 0, topic: 0 },
      message: {
        text: `Paper digest for ${topicText}: no new papers.`,
        blocks: [header, { type: 'section', block_id: BlockId.digestEmpty, text: { type: 'mrkdwn', text: `Nothing new for *${topicText}* today.` } }, ...tail],
      },
    };
  }

  return fitSections(followed, hits, DIGEST_MAX_PAPERS, input.subscriptionId, (ours, shown) => {
    const blocks: KnownBlock[] = [header];
    if (followed.length > 0) {
      blocks.push(...followedBlocks(followed, ours, BlockId.digestFollowedMore, input.followedWaiting));
      const heading = hits.length > 0 ? `*New on ${topicText}*` : `Nothing new for *${topicText}* today.`;
      blocks.push({ type: 'section', block_id: BlockId.digestTopicHeader, text: { type: 'mrkdwn', text: heading } });
    }
    for (const paper of shown) blocks.push(...paper);
    if (hits.length > shown.length) blocks.push(moreBlock(BlockId.digestMore, hits.length - shown.length, topic, input.wordless === true));
    blocks.push(...tail);
    const topicPart =
      hits.length === 0 ? 'Nothing new on the topic today.' : `${hits.length === 1 ? '1 new paper' : `${n(hits.length)} new papers`} \u2014 ${titleList(hits, shown.length)}`;
    const followedPart = followed.length > 0 ? `From people you follow: ${titleList(followed, ours.length)}. ` : '';
    const text = `Paper digest for ${topicText}: ${followedPart}${topicPart}`;
    return { text: truncate(text, FALLBACK_MAX), blocks };
  }, input.reasons);
}

/**
 * The in-channel digest: a header ("📚 topic · Tue, Nov 24"), each paper (title link, one-line snippet, metadata),
 * then an Unsubscribe button (with a confirm dialog) and a footer. Shows at most `DIGEST_MAX_PAPERS`, fewer when
 * Slack's limits demand it, and says how many more there were.
 */
export function digestMessage(input: DigestInput): Message {
  return digestLayout(input).message;
}

/** How many of `input.hits` `digestMessage(input)` shows (the rest are summarized as "…and N more"). */
export function digestShownCount(input: DigestInput): number {
  return digestLayout(input).shown.topic;
}

/** How many of `input.followed` and of `input.hits` `digestMessage(input)` shows: only those count as sent. */
export function digestShown(input: DigestInput): DigestShown {
  return digestLayout(input).shown;
}

// ---- The ephemeral preview ----

export interface DigestPreviewInput {
  topic: string;
  hits: SearchHit[];
  /** "Tue Mar 3, 09:00 Europe/Berlin", or null when the channel has no subscription to the topic. */
  nextRunText: string | null;
  /** Papers by followed authors this digest would carry (issue 18). */
  followed?: SearchHit[];
  /** More papers by followed authors than the digest's follow section takes: they wait for a later digest. */
  followedWaiting?: number;
  /** The channel's subscription to the topic, if any: its id goes into the 👍/👎 buttons. */
  subscriptionId?: number | null;
  /** Paper id → why one of `hits` would be in the digest. */
  reasons?: ReadonlyMap<string, DigestReason>;
  /** A feed without words: `topic` is its name, not words a search could take. */
  wordless?: boolean;
  /** The channel's subscription to the topic is paused (`nextRunText` is then null): nothing goes out until it resumes. */
  paused?: boolean;
  /** How many papers match the topic at all, sent or not: 0 says the topic matches nothing, not that all was sent. */
  matching?: number;
  /** Asked outside any channel (the CLI): what a new subscription would get first, with no channel's history. */
  noChannel?: boolean;
}

const PAUSED_CLAUSE = 'paused, so nothing goes out until it resumes (`/paper list` says why)';

/** "goes out Tue Mar 3, 09:00 Europe/Berlin", that the subscription is paused, or the not-subscribed hint. */
function scheduleClause(topic: string, nextRunText: string | null, paused: boolean): string {
  if (paused) return PAUSED_CLAUSE;
  if (nextRunText !== null && nextRunText.trim() !== '') return `goes out ${mrkdwnText(nextRunText, 200)}`;
  return `this channel does not get it yet; \`/paper subscribe ${subscribeCode(topic)}\` to get it daily`;
}

/** The preview outside a channel (the CLI): no channel, so no schedule, history or follows to speak of. */
function newSubscriptionPreview(input: DigestPreviewInput): Message {
  const { topic, hits } = input;
  const topicText = topicMrkdwn(topic);
  if (hits.length === 0) {
    const line = `${topicMatchText(0, topic, topicText)} right now: a new subscription would get nothing yet.`;
    return { text: truncate(line, FALLBACK_MAX), blocks: [{ type: 'section', block_id: BlockId.previewEmpty, text: { type: 'mrkdwn', text: line } }] };
  }
  const intro = `What a new subscription to *${topicText}* would get first (\`/paper subscribe ${subscribeCode(topic)}\` in a Slack channel):`;
  return fitSections([], hits, DIGEST_MAX_PAPERS, null, (_ours, shown) => {
    const blocks: KnownBlock[] = [{ type: 'section', block_id: BlockId.previewIntro, text: { type: 'mrkdwn', text: intro } }];
    for (const paper of shown) blocks.push(...paper);
    if (hits.length > shown.length) blocks.push(moreBlock(BlockId.previewMore, hits.length - shown.length, topic, false));
    const text = `What a new subscription to ${topicText} would get first: ${papers(hits.length)} \u2014 ${titleList(hits, shown.length)}`;
    return { text: truncate(text, FALLBACK_MAX), blocks };
  }).message;
}

const PREVIEW_FOOTER = 'Preview only: nothing is recorded, these papers can still appear in the real digest.';

/**
 * The ephemeral preview of a topic's next digest: when it goes out (or how to subscribe), the same paper
 * rendering as the digest (no Unsubscribe), and a footer saying nothing was recorded.
 */
export function digestPreviewMessage(input: DigestPreviewInput): Message {
  const { topic, hits } = input;
  const topicText = topicMrkdwn(topic);
  const paused = input.paused === true;
  const clause = scheduleClause(topic, input.nextRunText, paused);

  const followed = input.followed ?? [];
  if (input.noChannel === true) return newSubscriptionPreview(input);
  if (hits.length === 0 && followed.length === 0) {
    const line =
      input.matching === 0 && input.wordless !== true
        ? `${topicMatchText(0, topic, topicText)} yet. Try \`/paper ${searchCode(topic)}\` to check the wording.`
        : `Nothing new for *${topicText}* right now: every matching paper has already been sent to this channel or rated here.`;
    const subscribed = input.nextRunText !== null && input.nextRunText.trim() !== '';
    const next = paused ? `Its digest is ${clause}.` : subscribed ? `Next digest ${clause}.` : `${clause.charAt(0).toUpperCase()}${clause.slice(1)}.`;
    return {
      text: truncate(`${line}\n${next}`, FALLBACK_MAX),
      blocks: [
        { type: 'section', block_id: BlockId.previewEmpty, text: { type: 'mrkdwn', text: line } },
        { type: 'context', block_id: BlockId.previewFooter, elements: [{ type: 'mrkdwn', text: next }] },
      ],
    };
  }

  const intro = `Preview of the next digest for *${topicText}*: ${clause}.`;
  return fitSections(followed, hits, DIGEST_MAX_PAPERS, input.subscriptionId ?? null, (ours, shown) => {
    const blocks: KnownBlock[] = [{ type: 'section', block_id: BlockId.previewIntro, text: { type: 'mrkdwn', text: intro } }];
    if (followed.length > 0) {
      blocks.push(...followedBlocks(followed, ours, BlockId.previewFollowedMore, input.followedWaiting));
      const heading = hits.length > 0 ? `*New on ${topicText}*` : `Nothing new for *${topicText}* right now.`;
      blocks.push({ type: 'section', block_id: BlockId.digestTopicHeader, text: { type: 'mrkdwn', text: heading } });
    }
    for (const paper of shown) blocks.push(...paper);
    if (hits.length > shown.length) blocks.push(moreBlock(BlockId.previewMore, hits.length - shown.length, topic, input.wordless === true));
    blocks.push({ type: 'context', block_id: BlockId.previewFooter, elements: [{ type: 'mrkdwn', text: PREVIEW_FOOTER }] });
    const followedPart = followed.length > 0 ? `From people you follow: ${titleList(followed, ours.length)}. ` : '';
    const topicPart = hits.length === 0 ? 'Nothing new on the topic right now.' : `${papers(hits.length)} \u2014 ${titleList(hits, shown.length)}`;
    const text = `Preview of the next digest for ${topicText}: ${followedPart}${topicPart}`;
    return { text: truncate(text, FALLBACK_MAX), blocks };
  }, input.reasons).message;
}
