import type { ActionsBlock, Button, KnownBlock, SectionBlock } from '@slack/types';
import { ActionId, BlockId, blockId, CallbackId, type HomeButtonValue, type HomeChannelButtonValue, type SavedButtonValue } from './action-ids.ts';
import { plainText, topicMrkdwn } from './digest.ts';
import { LIMITS } from './limits.ts';
import { mrkdwnText, neutralizeFormatting } from './mrkdwn.ts';
import { savedMetaMrkdwn, savedPageCount, savedTitleMrkdwn, type SavedPaperItem } from './saved-papers.ts';
import { pausedLine, pausedReasonText } from './pause-reasons.ts';
import { shapedByText, UNTAGGED_SOURCES } from './subscription-list.ts';
import { homeFollowsBlock } from './follows.ts';
import { confirmedButton } from './confirm-button.ts';
import { ratingsText } from './rating-count.ts';

/**
 * The App Home tab: a short how-to, then the digests of the user's channels (one section and one row of
 * buttons each: Pause or Resume, Unsubscribe with a confirm dialog), `HOME_PAGE_SIZE` per page with
 * Previous/Next. Whatever the number of subscriptions, the view stays far below Slack's 100 blocks.
 */

/** Subscriptions per page: 2 blocks each, so a page is at most ~50 blocks (Slack allows 100 on a Home tab). */
export const HOME_PAGE_SIZE = 20;
/** Saved papers per page: 2 blocks each, so digests (~48) + channels' ratings (≤ 6) + saved (~24) stay under Slack's 100. */
export const HOME_SAVED_PAGE_SIZE = 10;
/** Channels whose ratings outside digests get their own line and Reset; the rest are counted in one line. */
export const HOME_CHANNEL_RATINGS_MAX = 5;
const TOPIC_MAX = 120;
const SHORT_MAX = 120;
const NOTICE_MAX = 500;
const CONFIRM_TEXT_MAX = 300;
/** This view is the Home tab: a pause reason may name its Resume button. */
const ON_HOME_TAB = { homeTab: true } as const;

export interface HomeItem {
  id: number;
  channelId: string;
  topic: string;
  /** "every day at 09:00 UTC" */
  scheduleText: string;
  /** "Tue Mar 3, 09:00 UTC"; while paused, the first digest after a person's timed pause, or null. */
  nextRunText: string | null;
  pausedReason: string | null;
  /** A person's timed pause: when it ends, "Thu Dec 24, 2026, 00:00 Europe/Berlin". */
  pausedUntilText?: string | null;
  lastDigest: { atText: string; status: string } | null;
  /** Titles of its example papers (issue 16), in the order added. */
  examples?: readonly string[];
  /** How many 👍/👎 from its digests shape it. */
  ratings?: number;
  /** A feed without words keeps its examples on reset. */
  wordless?: boolean;
}

export interface HomeViewInput {
  items: readonly HomeItem[];
  /** 0-based; clamped to the pages there are. */
  page: number;
  /**
   * Which subscriptions the user sees: `membership` = those in channels the user is a member of, plus those the
   * user created; `created` = only those the user created (Slack did not tell us the user's channels).
   */
  basis: 'membership' | 'created';
  /** Why the whole workspace is paused (uninstalled, token revoked), or null. */
  workspacePausedReason: string | null;
  /** The outcome of the button just clicked, as plain words (escaped here). */
  notice?: string | null;
  /** Whom the channels shown follow (issue 18), by channel; absent or empty: no line. */
  follows?: ReadonlyArray<{ channelId: string; name: string; hfUser: string | null }>;
  /**
   * How many 👍/👎 were given outside digests in the channels shown (issue 16), by channel; channels with none may be
   * left out. Each gets a line with Reset, up to `HOME_CHANNEL_RATINGS_MAX`.
   */
  channelRatings?: ReadonlyArray<{ channelId: string; count: number }>;
  /** The user's saved papers: this page of them, newest first (absent: the section is not shown). */
  saved?: { items: readonly SavedPaperItem[]; total: number; page: number; pageSize: number };
}

export interface HomeView {
  type: 'home';
  callback_id: string;
  blocks: KnownBlock[];
  /** The pages shown (`homePagesOf` reads it back from a click): a button of one list keeps the other list's page. */
  private_metadata?: string;
}

/** Which page of each list a Home tab shows (0-based). */
export interface HomePages {
  digests: number;
  saved: number;
}

/** The pages a published Home tab showed, from its private_metadata (Slack sends it with every click); first pages when unreadable. */
export function homePagesOf(metadata: string | undefined): HomePages {
  const page = (value: unknown): number => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0);
  try {
    const parsed: unknown = JSON.parse(metadata ?? '');
    if (typeof parsed !== 'object' || parsed === null) return { digests: 0, saved: 0 };
    const { p, s } = parsed as Record<string, unknown>;
    return { digests: page(p), saved: page(s) };
  } catch {
    return { digests: 0, saved: 0 };
  }
}

const n = (value: number): string => value.toLocaleString('en-US');
const section = (id: string, text: string): SectionBlock => ({ type: 'section', block_id: id, text: { type: 'mrkdwn', text } });
const context = (id: string, text: string): KnownBlock => ({ type: 'context', block_id: id, elements: [{ type: 'mrkdwn', text }] });

export function homePageCount(total: number): number {
  return Math.max(1, Math.ceil(total / HOME_PAGE_SIZE));
}

export function homeButtonValue(id: number, page: number): string {
  return JSON.stringify({ id, p: page } satisfies HomeButtonValue);
}

/** `<#C123>` for a real channel id (Slack renders the name), the escaped text otherwise. */
function channelMention(channelId: string): string {
  return /^[CG][A-Z0-9]{2,30}$/.test(channelId) ? `<#${channelId}>` : mrkdwnText(channelId, 40) || 'a channel';
}

const HOW_TO = [
  '*How to use it*',
  '\u2022 `/paper sparse attention` finds papers (only you see the results; *Share* posts one to the channel).',
  '\u2022 In a channel, `/paper subscribe <topic> [at 09:00] [tz Europe/Berlin] [weekdays|weekly|every monday]` posts the best new papers on that topic there on a schedule. A paper never reaches a channel twice.',
  '\u2022 `/paper list` shows a channel\u2019s digests; `/paper help` shows everything else.',
  '\u2022 Private channel? Invite me first: `/invite @paper`.',
]
  .join('\n')
  .replace(/</g, '&lt;')
  .replace(/>/g, '&gt;');

function lastDigestText(last: NonNullable<HomeItem['lastDigest']>): string {
  const status = last.status.trim();
  let what: string;
  if (status === 'posted') what = 'posted';
  else if (status === 'nothing_new') what = 'nothing new';
  else if (status === 'skipped') what = 'skipped (too late to send)';
  else if (status.startsWith('failed')) {
    const detail = status.slice('failed'.length).replace(/^\s*:\s*/, '');
    what = detail ? `failed (${mrkdwnText(detail, 200)})` : 'failed';
  } else what = mrkdwnText(status, 200) || 'unknown';
  const at = mrkdwnText(last.atText, SHORT_MAX);
  return at ? `Last digest: ${at} \u2014 ${what}` : `Last digest: ${what}`;
}

function itemText(item: HomeItem): string {
  const schedule = mrkdwnText(item.scheduleText, SHORT_MAX);
  const title = `*${topicMrkdwn(item.topic, TOPIC_MAX)}* in ${channelMention(item.channelId)}${schedule ? ` \u2014 ${schedule}` : ''}`;
  const status: string[] = [];
  const next = item.nextRunText !== null ? mrkdwnText(item.nextRunText, SHORT_MAX) : '';
  if (next) status.push(`Next: ${next}`);
  status.push(item.lastDigest ? lastDigestText(item.lastDigest) : 'No digest yet');
  const lines = [title, status.join(' \u00B7 ')];
  const shaped = shapedByText(item.examples, item.ratings, null);
  if (shaped) lines.push(shaped);
  if (item.pausedReason !== null && item.pausedReason.trim() !== '') lines.push(pausedLine('\u23F8 Paused', pausedReasonText(item.pausedReason, undefined, item.pausedUntilText, ON_HOME_TAB)));
  return lines.join('\n');
}

/** Reset, when examples or ratings shaped the subscription: forgets them after a confirm dialog. */
function resetButton(item: HomeItem, value: string): Button | null {
  const examples = item.wordless ? 0 : (item.examples?.length ?? 0);
  const ratings = item.ratings ?? 0;
  if (examples === 0 && ratings === 0) return null;
  const what = [examples > 0 ? `its ${examples === 1 ? 'example paper' : `${examples} example papers`}` : '', ratings > 0 ? `the ${ratingsText(ratings)} from its digests` : '']
    .filter(Boolean)
    .join(' and ');
  const ask = (topic: string): string => `Forget ${what} for ${topic}? Its digests go back to ${item.wordless ? 'its example papers' : 'the topic'} alone.`;
  return confirmedButton({
    actionId: ActionId.homeReset,
    label: 'Reset',
    value,
    title: 'Reset what it learned?',
    question: ask(plainText(item.topic, Math.max(20, CONFIRM_TEXT_MAX - ask('').length)) || 'this topic').slice(0, CONFIRM_TEXT_MAX),
    confirm: 'Reset',
    deny: 'Keep it',
  });
}

function itemButtons(item: HomeItem, page: number): ActionsBlock {
  const value = homeButtonValue(item.id, page);
  const toggle: Button =
    item.pausedReason === null
      ? { type: 'button', action_id: ActionId.homePause, text: { type: 'plain_text', text: 'Pause' }, value }
      : { type: 'button', action_id: ActionId.homeResume, text: { type: 'plain_text', text: 'Resume' }, style: 'primary', value };
  // Slack: a confirm dialog's text is at most 300 characters.
  const ask = (topic: string): string =>
    `Stop the digest for ${topic}? The channel stops getting it. Papers it already got won't be sent again if someone subscribes later.`;
  const unsubscribe = confirmedButton({
    actionId: ActionId.homeUnsubscribe,
    label: 'Unsubscribe',
    value,
    title: 'Unsubscribe?',
    question: ask(plainText(item.topic, CONFIRM_TEXT_MAX - ask('').length) || 'this topic'),
    confirm: 'Unsubscribe',
    deny: 'Keep it',
    danger: true,
  });
  const reset = resetButton(item, value);
  return { type: 'actions', block_id: blockId(BlockId.homeSubscriptionActions, item.id), elements: reset ? [toggle, reset, unsubscribe] : [toggle, unsubscribe] };
}

export function homeChannelButtonValue(channelId: string, page: number): string {
  return JSON.stringify({ c: channelId, p: page } satisfies HomeChannelButtonValue);
}

/**
 * "<#C1>: 7 ratings given outside digests (…) shape its digests" with Reset (after a confirm dialog), per channel
 * with any, up to `HOME_CHANNEL_RATINGS_MAX`; the others in one line pointing to `/paper reset ratings`.
 */
function channelRatingsBlocks(channels: NonNullable<HomeViewInput['channelRatings']>, page: number): KnownBlock[] {
  const rated = channels.filter((c) => Number.isSafeInteger(c.count) && c.count > 0);
  const blocks: KnownBlock[] = [];
  rated.slice(0, HOME_CHANNEL_RATINGS_MAX).forEach((channel, i) => {
    const count = ratingsText(channel.count);
    const block: SectionBlock = section(
      blockId(BlockId.homeChannelRatings, i),
      `${channelMention(channel.channelId)}: ${count} given outside digests (${UNTAGGED_SOURCES}) ${channel.count === 1 ? 'shapes' : 'shape'} every search and digest there.`,
    );
    const value = homeChannelButtonValue(channel.channelId, page);
    if (value.length <= LIMITS.buttonValue) {
      block.accessory = confirmedButton({
        actionId: ActionId.homeResetChannelRatings,
        label: 'Reset',
        value,
        title: 'Forget these ratings?',
        question: `Forget the ${count} given in this channel outside digests? Ratings clicked on a digest stay (each digest's Reset forgets those).`,
        confirm: 'Reset',
        deny: 'Keep them',
      });
    }
    blocks.push(block);
  });
  const hidden = rated.length - HOME_CHANNEL_RATINGS_MAX;
  if (hidden > 0) {
    blocks.push(context(BlockId.homeChannelRatingsMore, `\u2026and ${n(hidden)} more ${hidden === 1 ? 'channel' : 'channels'} with ratings given outside digests: \`/paper reset ratings\` there forgets them.`));
  }
  return blocks;
}

function pager(page: number, pages: number): ActionsBlock | null {
  if (pages <= 1) return null;
  const elements: Button[] = [];
  if (page > 0) {
    elements.push({ type: 'button', action_id: ActionId.homePagePrev, text: { type: 'plain_text', text: '\u25C0 Previous' }, value: homeButtonValue(0, page - 1) });
  }
  if (page < pages - 1) {
    elements.push({ type: 'button', action_id: ActionId.homePageNext, text: { type: 'plain_text', text: 'Next \u25B6' }, value: homeButtonValue(0, page + 1) });
  }
  return { type: 'actions', block_id: BlockId.homePager, elements };
}

/** Remove asks first, naming the paper: a slip of the mouse would take it off the list for good. */
function removeSavedButton(title: string, value: string): Button {
  const ask = (name: string): string => `Remove ${name} from your saved papers? Save it again from a search to get it back.`;
  return confirmedButton({
    actionId: ActionId.homeSavedRemove,
    label: 'Remove',
    value,
    title: 'Remove from saved papers?',
    // Plain text, but the title's own markers are shown as look-alikes here too, as everywhere else a paper is named.
    question: ask(neutralizeFormatting(plainText(title, CONFIRM_TEXT_MAX - ask('').length)) || 'this paper'),
    confirm: 'Remove',
    deny: 'Keep it',
    danger: true,
  });
}

export function savedButtonValue(paperId: string, page: number): string {
  return JSON.stringify({ s: paperId, p: page } satisfies SavedButtonValue);
}

/** "Your saved papers": each with Mark read (while unread) and Remove, Previous/Next between pages. */
function savedBlocks(saved: NonNullable<HomeViewInput['saved']>): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: 'divider', block_id: BlockId.homeSavedDivider }];
  if (saved.total === 0) {
    blocks.push(section(BlockId.homeSavedEmpty, '*Saved papers*\nNothing saved yet. Press *Save* under any paper (a search result, a digest, a top list, a paper link) to keep it here.'));
    return blocks;
  }
  const pages = savedPageCount(saved.total, saved.pageSize);
  const pageText = pages > 1 ? ` \u00B7 page ${n(saved.page + 1)} of ${n(pages)}` : '';
  blocks.push(section(BlockId.homeSavedHeader, `*${saved.total === 1 ? '1 saved paper' : `${n(saved.total)} saved papers`}*, newest first${pageText}`));
  saved.items.forEach((item, i) => {
    const position = saved.page * saved.pageSize + i;
    const value = savedButtonValue(item.paperId, saved.page);
    if (value.length > LIMITS.buttonValue) return;
    const buttons: Button[] = [];
    if (item.readAt === null) buttons.push({ type: 'button', action_id: ActionId.homeSavedRead, text: { type: 'plain_text', text: 'Mark read' }, value });
    buttons.push(removeSavedButton(item.title, value));
    blocks.push(section(blockId(BlockId.homeSaved, position), `${savedTitleMrkdwn(item)}\n${savedMetaMrkdwn(item)}`));
    blocks.push({ type: 'actions', block_id: blockId(BlockId.homeSavedActions, position), elements: buttons });
  });
  if (pages > 1) {
    const elements: Button[] = [];
    if (saved.page > 0) {
      elements.push({ type: 'button', action_id: ActionId.homeSavedPrev, text: { type: 'plain_text', text: '\u25C0 Previous' }, value: savedButtonValue('', saved.page - 1) });
    }
    if (saved.page < pages - 1) {
      elements.push({ type: 'button', action_id: ActionId.homeSavedNext, text: { type: 'plain_text', text: 'Next \u25B6' }, value: savedButtonValue('', saved.page + 1) });
    }
    blocks.push({ type: 'actions', block_id: BlockId.homeSavedPager, elements });
  }
  return blocks;
}

/** The Home tab for one user. Pure: the caller gathers the items (see src/digests/home-service.ts). */
export function homeView(input: HomeViewInput): HomeView {
  const total = input.items.length;
  const pages = homePageCount(total);
  const page = Math.min(Math.max(0, Math.floor(Number.isFinite(input.page) ? input.page : 0)), pages - 1);
  const blocks: KnownBlock[] = [
    { type: 'header', block_id: BlockId.homeHeader, text: { type: 'plain_text', text: '\uD83D\uDCDA Paper digests', emoji: true } },
    section(BlockId.homeHowTo, HOW_TO),
  ];
  if (input.workspacePausedReason) {
    blocks.push(
      section(
        BlockId.homeWorkspacePaused,
        `:warning: All digests of this workspace are paused: ${pausedReasonText(input.workspacePausedReason)}. Reinstalling the app resumes them.`,
      ),
    );
  }
  const notice = input.notice ? mrkdwnText(input.notice, NOTICE_MAX) : '';
  if (notice) blocks.push(context(BlockId.homeNotice, `\u2714\uFE0F ${notice}`));
  blocks.push({ type: 'divider', block_id: BlockId.homeDivider });

  if (total === 0) {
    blocks.push(
      section(
        BlockId.homeEmpty,
        input.basis === 'membership'
          ? 'No digests in your channels yet. In a channel, type `/paper subscribe &lt;topic&gt;` to start one.'
          : 'You have not started any digest yet. In a channel, type `/paper subscribe &lt;topic&gt;` to start one.',
      ),
    );
  } else {
    const heading = total === 1 ? '1 digest' : `${n(total)} digests`;
    const where = input.basis === 'membership' ? 'in your channels' : 'you started';
    const pageText = pages > 1 ? ` \u00B7 page ${n(page + 1)} of ${n(pages)}` : '';
    blocks.push(section(BlockId.homeListHeader, `*${heading} ${where}*${pageText}`));
    for (const item of input.items.slice(page * HOME_PAGE_SIZE, (page + 1) * HOME_PAGE_SIZE)) {
      blocks.push(section(blockId(BlockId.homeSubscription, item.id), itemText(item)), itemButtons(item, page));
    }
    const nav = pager(page, pages);
    if (nav) blocks.push(nav);
    blocks.push(...channelRatingsBlocks(input.channelRatings ?? [], page));
  }
  blocks.push(
    context(
      BlockId.homeFooter,
      input.basis === 'membership'
        ? 'Showing the digests of channels you are a member of, and the ones you started. Pausing or unsubscribing here affects the whole channel.'
        : 'Slack did not share your channel list, so only the digests you started are shown. Pausing or unsubscribing here affects the whole channel.',
    ),
  );
  const follows = homeFollowsBlock((input.follows ?? []).map((f) => ({ ...f, channelMention: channelMention(f.channelId) })));
  if (follows) blocks.push(follows);
  if (input.saved) blocks.push(...savedBlocks(input.saved));
  // Belt and braces: never publish more than Slack accepts (cannot happen with the page size above).
  return {
    type: 'home',
    callback_id: CallbackId.home,
    blocks: blocks.slice(0, LIMITS.blocksPerView),
    private_metadata: JSON.stringify({ p: page, s: input.saved?.page ?? 0 }),
  };
}

/**
 * The Home tab when its digests cannot be read (the database unreachable): a tab that says so, rather than a blank
 * or stale one. `afterClick`: a button was just clicked, and what it asked for may not have happened.
 */
export function homeUnavailableView(afterClick: boolean): HomeView {
  const what = afterClick
    ? 'Something went wrong on my side, so your digests cannot be shown right now and what you clicked may not have worked. Please try again in a moment.'
    : 'Something went wrong on my side, so your digests cannot be shown right now. Please open this tab again in a moment.';
  return {
    type: 'home',
    callback_id: CallbackId.home,
    blocks: [
      { type: 'header', block_id: BlockId.homeHeader, text: { type: 'plain_text', text: '\uD83D\uDCDA Paper digests', emoji: true } },
      section(BlockId.homeHowTo, HOW_TO),
      context(BlockId.homeNotice, `:warning: ${what}`),
    ],
  };
}
