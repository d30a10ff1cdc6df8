/**
 * "What's hot" (issue 18): `/paper top [week|month] [topic]` (ephemeral) and a top-list subscription's post in the
 * channel. Pure: the list comes in already ranked (src/digests/top-papers.ts).
 */
import type { ActionsBlock, KnownBlock, SectionBlock } from '@slack/types';
import { format } from 'date-fns/format';
import { isValid } from 'date-fns/isValid';
import { parseISO } from 'date-fns/parseISO';
import type { Paper } from '../papers/paper.ts';
import { BlockId, blockId } from './action-ids.ts';
import { formatDigestDate, plainText, searchCode, topicCode, topicMrkdwn, unsubscribeButton } from './digest.ts';
import { LIMITS } from './limits.ts';
import type { AnswerSurface, Message } from './message.ts';
import { escapeMrkdwn, mrkdwnText, neutralizeFormatting, truncate } from './mrkdwn.ts';
import { formatAuthors, summaryMrkdwn, titleMrkdwn, titleText } from './paper-parts.ts';
import { paperActionsBlock } from './rating-buttons.ts';
import { stillPausedText, type DigestPause } from './pause-reasons.ts';
import { topTopicCode } from './top-words.ts';
import { topicIsWordsOnly } from './topic-match.ts';

/** What a top list view needs (src/digests/top-papers.ts `TopList` has this shape). */
export interface TopListView {
  period: 'week' | 'month';
  /** First and last listing day covered (UTC), `YYYY-MM-DD`. */
  from: string;
  to: string;
  topic: string | null;
  /** Best first. */
  papers: Paper[];
  /** Papers listed in the period at all (with upvotes). */
  listedInWindow: number;
  /** Of those, how many match the topic. */
  matching: number;
}

/** Papers one top list shows at most (it asks for no more: src/digests/top-papers.ts `TOP_LIST_SIZE`). */
export const TOP_VIEW_MAX = 10;
/**
 * How each paper is drawn, roomiest first: a list that does not fit Slack's size budget shortens the one-line summary,
 * then leaves it out, then moves the metadata line into the title's section (one block less per paper) before it
 * drops a paper. Each paper's row of buttons costs ~550-700 characters of the ~12k.
 */
interface Shape {
  summaryMax: number;
  metaInline: boolean;
}
const COMPACT: Shape = { summaryMax: 0, metaInline: true };
const SHAPES: readonly Shape[] = [{ summaryMax: 160, metaInline: false }, { summaryMax: 80, metaInline: false }, { summaryMax: 0, metaInline: false }, COMPACT];
const FALLBACK_MAX = 3000;
/** JSON size the builders aim under; Slack's ceiling is about 13k. */
const MESSAGE_BUDGET = 12_000;
const n = (value: number): string => value.toLocaleString('en-US');

/** `2026-12-01` → "Dec 1"; the year is added when the window spans two years. */
function shortDay(day: string, withYear: boolean): string {
  const parsed = parseISO(day);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !isValid(parsed)) return day;
  return format(parsed, withYear ? 'MMM d, yyyy' : 'MMM d');
}

/** "Nov 26 – Dec 2, 2026". */
export function windowText(from: string, to: string): string {
  const sameYear = from.slice(0, 4) === to.slice(0, 4);
  return `${shortDay(from, !sameYear)} \u2013 ${shortDay(to, true)}`;
}

const periodWord = (period: TopListView['period']): string => (period === 'week' ? 'this week' : 'this month');
const periodDays = (period: TopListView['period']): string => (period === 'week' ? '7' : '30');

function upvotesText(upvotes: number | null): string {
  const votes = upvotes ?? 0;
  return `\u25B2 ${n(votes)} ${votes === 1 ? 'upvote' : 'upvotes'}`;
}

/**
 * One ranked paper: "*1.* title link" (+ summary), "▲ 141 upvotes · listed Dec 1 · authors" and the row every paper a
 * channel is shown carries: [👍 More like this] [👎 Not for us] [Save] [Similar]. A vote here is the channel's, tagged
 * with no subscription (a top list ranks by upvotes and learns nothing itself; the channel's digests learn from it).
 */
function paperBlocks(paper: Paper, index: number, shape: Shape): KnownBlock[] {
  const summary = shape.summaryMax > 0 ? summaryMrkdwn(paper, shape.summaryMax) : '';
  const head = `*${index + 1}.* ${titleMrkdwn(paper)}`;
  const listed = paper.listedOn ?? paper.date;
  const parts = [upvotesText(paper.upvotes)];
  if (listed) parts.push(`listed ${shortDay(listed, false)}`);
  const authors = formatAuthors(paper);
  if (authors) parts.push(authors);
  const meta = neutralizeFormatting(escapeMrkdwn(parts.join(' \u00B7 ')));
  const lines = [head, summary, shape.metaInline ? meta : ''].filter((line) => line !== '');
  const section: SectionBlock = { type: 'section', block_id: blockId(BlockId.topPaper, index), text: { type: 'mrkdwn', text: lines.join('\n') } };
  const blocks: KnownBlock[] = [section];
  if (!shape.metaInline) blocks.push({ type: 'context', block_id: blockId(`${BlockId.topPaper}_meta`, index), elements: [{ type: 'mrkdwn', text: meta }] });
  const actions = paperActionsBlock(paper.id, blockId(`${BlockId.topPaper}_actions`, index));
  if (actions) blocks.push(actions);
  return blocks;
}

function headerText(prefix: string, topic: string | null, suffix = ''): string {
  const room = LIMITS.headerText - prefix.length - suffix.length - 3;
  const topicPart = topic ? ` \u00B7 ${plainText(topic, Math.max(10, room))}` : '';
  return truncate(`${prefix}${topicPart}${suffix}`, LIMITS.headerText);
}

function titles(papers: readonly Paper[]): string {
  return papers.map((paper, i) => `${i + 1}. ${titleText(paper, 120)}`).join('; ');
}

/** Why the list is empty, in words a user can act on. */
function emptyLine(list: TopListView): string {
  const days = windowText(list.from, list.to);
  const topic = list.topic ?? '';
  if (list.listedInWindow === 0) {
    // The month is as far back as `/paper top` looks: suggesting it again from the month would be a loop.
    const wider = list.period === 'week' ? `; \`/paper top month${topic ? ` ${topTopicCode(topic)}` : ''}\` looks further back` : '';
    return `No papers with upvotes were listed on Hugging Face ${periodWord(list.period)} (${days}) yet. New papers arrive every morning${wider}.`;
  }
  if (list.matching === 0) {
    const wider = list.period === 'week' ? `\`/paper top month ${topTopicCode(topic)}\` looks further back, ` : '';
    // A phrase, an exclusion or a filter is more than words: the papers don't "match" it.
    const verb = topicIsWordsOnly(topic) ? 'mention every word of' : 'match';
    return `None of the ${n(list.listedInWindow)} papers listed ${periodWord(list.period)} (${days}) ${verb} *${topicMrkdwn(topic)}*. ${wider}\`/paper ${searchCode(topic)}\` searches every paper.`;
  }
  return `Every paper on this list was already sent to this channel.`;
}

type Layout = (shown: readonly Paper[], shape: Shape) => Message;

/** The most papers (at least one) whose message fits Slack's limits, and that message, in the roomiest shape that fits. */
function fitted(papers: readonly Paper[], build: Layout): { message: Message; shown: number } {
  for (let count = Math.min(papers.length, TOP_VIEW_MAX); count >= 1; count -= 1) {
    for (const shape of SHAPES) {
      const message = build(papers.slice(0, count), shape);
      if (message.blocks.length <= LIMITS.blocksPerMessage && JSON.stringify(message.blocks).length <= MESSAGE_BUDGET) return { message, shown: count };
    }
  }
  const shown = Math.min(1, papers.length);
  return { message: build(papers.slice(0, shown), COMPACT), shown };
}

/** The ephemeral answer to `/paper top [week|month] [topic]`. */
export function topPapersMessage(list: TopListView): Message {
  return fitted(list.papers, (papers, shape) => topPapersLayout(list, papers, shape)).message;
}

function topPapersLayout(list: TopListView, papers: readonly Paper[], shape: Shape): Message {
  const header: KnownBlock = {
    type: 'header',
    block_id: BlockId.topHeader,
    text: { type: 'plain_text', text: headerText(`\uD83D\uDD25 Top papers ${periodWord(list.period)}`, list.topic), emoji: true },
  };
  const days = windowText(list.from, list.to);
  if (papers.length === 0) {
    const line = emptyLine(list);
    return { text: truncate(line, FALLBACK_MAX), blocks: [header, { type: 'section', block_id: BlockId.topEmpty, text: { type: 'mrkdwn', text: line } }] };
  }
  const scope = list.topic ? ` matching *${topicMrkdwn(list.topic)}*` : '';
  const intro = `The most upvoted papers${scope} listed on Hugging Face in the last ${periodDays(list.period)} days (${days}, UTC).`;
  const blocks: KnownBlock[] = [header, { type: 'context', block_id: BlockId.topWindow, elements: [{ type: 'mrkdwn', text: intro }] }];
  papers.forEach((paper, i) => blocks.push(...paperBlocks(paper, i, shape)));
  const topic = list.topic ? ` ${topTopicCode(list.topic)}` : '';
  const other = `\`/paper top ${list.period === 'week' ? 'month' : 'week'}${topic}\``;
  blocks.push({
    type: 'context',
    block_id: BlockId.topFooter,
    elements: [{ type: 'mrkdwn', text: `Upvotes as of the last Hugging Face read \u00B7 ${other} for the other period \u00B7 \`/paper subscribe top${topic} weekly\` posts it here every week` }],
  });
  const about = list.topic ? ` for ${mrkdwnText(list.topic, 100)}` : '';
  return { text: truncate(`Top papers ${periodWord(list.period)}${about}: ${titles(papers)}`, FALLBACK_MAX), blocks };
}

export interface TopDigestInput {
  list: TopListView;
  /** `YYYY-MM-DD`, the subscription's local date. */
  digestDate: string;
  subscriptionId: number;
}

/** The in-channel post of a top-list subscription: the week's most upvoted papers the channel has not had yet. */
export function topDigestMessage(input: TopDigestInput): Message {
  return fitted(input.list.papers, (papers, shape) => topDigestLayout(input, papers, shape)).message;
}

/** How many of `input.list.papers` `topDigestMessage(input)` shows (only those count as sent). */
export function topDigestShownCount(input: TopDigestInput): number {
  return fitted(input.list.papers, (papers, shape) => topDigestLayout(input, papers, shape)).shown;
}

function topDigestLayout(input: TopDigestInput, papers: readonly Paper[], shape: Shape): Message {
  const { list } = input;
  const date = formatDigestDate(input.digestDate);
  const header: KnownBlock = {
    type: 'header',
    block_id: BlockId.topHeader,
    text: { type: 'plain_text', text: headerText('\uD83D\uDD25 Top papers of the week', list.topic, date ? ` \u00B7 ${date}` : ''), emoji: true },
  };
  const scope = list.topic ? ` matching *${topicMrkdwn(list.topic)}*` : '';
  const intro = `The most upvoted papers${scope} listed on Hugging Face ${windowText(list.from, list.to)} (UTC) that this channel has not had yet.`;
  const blocks: KnownBlock[] = [header, { type: 'context', block_id: BlockId.topWindow, elements: [{ type: 'mrkdwn', text: intro }] }];
  papers.forEach((paper, i) => blocks.push(...paperBlocks(paper, i, shape)));
  const actions: ActionsBlock = {
    type: 'actions',
    block_id: BlockId.topActions,
    elements: [unsubscribeButton(list.topic ? `top ${list.topic}` : 'the top list', input.subscriptionId)],
  };
  blocks.push({ type: 'divider', block_id: BlockId.topDivider }, actions, {
    type: 'context',
    block_id: BlockId.topFooter,
    elements: [{ type: 'mrkdwn', text: 'Top list for this channel \u00B7 `/paper list` to see subscriptions \u00B7 `/paper top` any time' }],
  });
  const about = list.topic ? ` for ${mrkdwnText(list.topic, 100)}` : '';
  return { text: truncate(`Top papers of the week${about}: ${titles(papers)}`, FALLBACK_MAX), blocks };
}

export interface TopSubscribedInput {
  topic: string | null;
  created: boolean;
  changed: boolean;
  /** "weekly on Monday at 09:00 UTC" */
  scheduleText: string;
  /** "Mon Mar 2, 09:00 UTC"; while paused, the first list after a timed pause, or null when not known. */
  nextRunText: string | null;
  /** Why nothing goes out for now (it is paused), or absent/null when it runs. */
  pause?: DigestPause | null;
  /** Papers on this week's list right now (before what the channel already got). */
  onListNow: number;
  subscriptionId: number;
  /** Where the answer is shown: a paused list's line names the App Home's Resume only where there is one (absent: not named). */
  surface?: AnswerSurface;
}

/** The reply to `/paper subscribe top …`: what was set up, when the first list comes, and what it holds. */
export function topSubscribedMessage(input: TopSubscribedInput): Message {
  const what = input.topic ? `the top list for *${topicMrkdwn(input.topic)}*` : 'the top list';
  const schedule = mrkdwnText(input.scheduleText, 120) || 'on schedule';
  const next = mrkdwnText(input.nextRunText ?? '', 120) || 'soon';
  const id = `(subscription #${n(input.subscriptionId)})`;
  const pause = input.pause ?? null;
  let main: string;
  if (pause) {
    // Paused: no "next list" a reader would take for the list being back on.
    if (input.created) main = `\u2705 Subscribed this channel to ${what}: ${schedule}. ${id}`;
    else if (input.changed) main = `This channel already gets ${what}. New schedule saved: ${schedule}. ${id}`;
    else main = `This channel already gets ${what} (${schedule}). ${id}`;
    main += `\n${stillPausedText(pause, input.subscriptionId, input.nextRunText, { still: !input.created, what: 'list', surface: input.surface })}`;
  } else if (input.created) main = `\u2705 Subscribed this channel to ${what}: ${schedule}. First list: ${next}. ${id}`;
  else if (input.changed) main = `This channel already gets ${what}. Updated: ${schedule}; next list ${next}. ${id}`;
  else main = `This channel already gets ${what} (${schedule}). Next list: ${next}. ${id}`;
  const command = `/paper top week${input.topic ? ` ${topTopicCode(input.topic)}` : ''}`;
  const about =
    'Each post lists the most upvoted papers listed on Hugging Face in the 7 days before it, leaving out papers this channel already got.' +
    (input.onListNow > TOP_VIEW_MAX
      ? // A list holds at most 10: "110 papers are on this week's list" would not add up with the 10 it shows.
        ` ${n(input.onListNow)} papers were listed this week; the ${TOP_VIEW_MAX} most upvoted make the list: \`${command}\` shows it now.`
      : input.onListNow > 0
        ? ` ${input.onListNow === 1 ? '1 paper is' : `${n(input.onListNow)} papers are`} on this week's list: \`${command}\` shows it now.`
        : ` No paper is on this week's list yet: \`${command}\` shows it any time.`);
  const hint = "`/paper list` shows this channel's subscriptions \u00B7 `/paper unsubscribe " + (input.topic ? `top ${topicCode(input.topic)}` : 'top') + '` stops this one';
  return {
    text: truncate(`${main}\n${about}`, FALLBACK_MAX),
    blocks: [
      { type: 'section', block_id: BlockId.topSubscribed, text: { type: 'mrkdwn', text: `${main}\n${about}` } },
      { type: 'context', block_id: BlockId.topFooter, elements: [{ type: 'mrkdwn', text: hint }] },
    ],
  };
}

export interface TopPreviewInput {
  list: TopListView;
  /** "Thu 09:00 UTC" when the channel has this top list, else null. */
  nextRunText: string | null;
  paused?: boolean;
}

/**
 * `/paper digest top [topic]`: what the channel's next top-list post would hold, drawn as that post is (ranks, upvotes,
 * listing days), with when it goes out (or how to subscribe) and that nothing was recorded.
 */
export function topPreviewMessage(input: TopPreviewInput): Message {
  const { list } = input;
  const label = `top${list.topic ? ` ${topTopicCode(list.topic)}` : ''}`;
  const when = input.paused
    ? 'paused, so nothing goes out until it resumes (`/paper list` says why)'
    : input.nextRunText !== null && input.nextRunText.trim() !== ''
      ? `goes out ${mrkdwnText(input.nextRunText, 120)}`
      : `this channel does not get it yet; \`/paper subscribe ${label}\` posts it weekly`;
  const what = list.topic ? `the top list for *${topicMrkdwn(list.topic)}*` : 'the top list';
  const intro = `Preview of ${what}: ${when}.`;
  const footer = 'Preview only: nothing is recorded; each post lists the most upvoted papers of the 7 days before it that this channel has not had yet.';
  if (list.papers.length === 0) {
    const line = list.matching === 0 ? emptyLine(list) : 'Nothing new for it right now: every paper on this week\'s list was already sent to this channel.';
    return {
      text: truncate(`${intro}\n${line}`, FALLBACK_MAX),
      blocks: [
        { type: 'section', block_id: BlockId.previewIntro, text: { type: 'mrkdwn', text: intro } },
        { type: 'section', block_id: BlockId.topEmpty, text: { type: 'mrkdwn', text: line } },
        { type: 'context', block_id: BlockId.previewFooter, elements: [{ type: 'mrkdwn', text: footer }] },
      ],
    };
  }
  return fitted(list.papers, (papers, shape) => {
    const blocks: KnownBlock[] = [
      { type: 'section', block_id: BlockId.previewIntro, text: { type: 'mrkdwn', text: intro } },
      { type: 'context', block_id: BlockId.topWindow, elements: [{ type: 'mrkdwn', text: `Listed on Hugging Face ${windowText(list.from, list.to)} (UTC).` }] },
    ];
    papers.forEach((paper, i) => blocks.push(...paperBlocks(paper, i, shape)));
    blocks.push({ type: 'context', block_id: BlockId.previewFooter, elements: [{ type: 'mrkdwn', text: footer }] });
    const about = list.topic ? ` for ${mrkdwnText(list.topic, 100)}` : '';
    return { text: truncate(`Preview of the top list${about}: ${titles(papers)}`, FALLBACK_MAX), blocks };
  }).message;
}
