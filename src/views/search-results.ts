import type { Button, KnownBlock, SectionBlock } from '@slack/types';
import type { SearchHit, SearchPage } from '../search/types.ts';
import { ActionId, BlockId, blockId, type ShowMoreValue } from './action-ids.ts';
import { LIMITS } from './limits.ts';
import type { Message } from './message.ts';
import { composedMrkdwn, mrkdwnText, snippetToMrkdwn, truncate } from './mrkdwn.ts';
import { paperContextBlock, summaryMrkdwn, titleMrkdwn, titleText } from './paper-parts.ts';
import { ratingButtons } from './rating-buttons.ts';
import { saveButton } from './save-button.ts';
import { similarButton } from './similar-button.ts';
import { ratingsText } from './rating-count.ts';

// The other builders live beside this one; re-exported so `search-results.ts` offers the whole set.
export { sharedPaperMessage } from './shared-paper.ts';
export { helpMessage } from './help.ts';
export { errorMessage } from './error.ts';

export interface SearchResultsOptions {
  /** Most hits to show; the page may hold more (they are left for "Show more"). */
  pageSize: number;
  /** How many ratings (👍/👎 given, as `/paper list` counts them) ordered the results (issue 16); 0 or absent: the plain search, no line. */
  learnedFrom?: number;
}

/** Longest snippet (mrkdwn, after escaping) under a title. */
const SNIPPET_MAX = 700;
/** Abstract excerpt used when a hit has no snippet text. */
const FALLBACK_EXCERPT_MAX = 300;
/** How much of the query is echoed back. */
const QUERY_SHOWN_MAX = 200;
const SUGGESTIONS_SHOWN = 5;
/** JSON size the builder aims under; Slack's ceiling is about 13k (`LIMITS.messageJson`). */
const MESSAGE_BUDGET = 12_000;
/** Fallback `text` stays well under Slack's 4,000. */
const FALLBACK_MAX = 3000;

const n = (value: number): string => value.toLocaleString('en-US');
const papers = (count: number): string => (count === 1 ? '1 paper' : `${n(count)} papers`);

/**
 * The "Show more" button's value: JSON `ShowMoreValue`. The query is cut (at a whole character) when the
 * JSON would pass Slack's 2,000-char value limit.
 */
export function showMoreValue(query: string, offset: number): string {
  const whole: ShowMoreValue = { q: query, o: offset };
  const json = JSON.stringify(whole);
  if (json.length <= LIMITS.buttonValue) return json;
  let size = JSON.stringify({ q: '', o: offset } satisfies ShowMoreValue).length;
  let q = '';
  for (const ch of query) {
    const cost = JSON.stringify(ch).length - 2;
    if (size + cost > LIMITS.buttonValue) break;
    q += ch;
    size += cost;
  }
  return JSON.stringify({ q, o: offset } satisfies ShowMoreValue);
}

function shareButton(paperId: string): Button {
  return { type: 'button', action_id: ActionId.share, text: { type: 'plain_text', text: 'Share', emoji: true }, value: paperId };
}

function showMoreButton(query: string, offset: number): Button {
  return {
    type: 'button',
    action_id: ActionId.showMore,
    text: { type: 'plain_text', text: 'Show more', emoji: true },
    value: showMoreValue(query, offset),
  };
}

/** One hit: a section (bold title link, the paper's one-line summary or else the snippet), its metadata line, and Share / Similar / Save / 👍 / 👎 buttons. */
export function hitBlocks(hit: SearchHit, index: number): KnownBlock[] {
  const { paper } = hit;
  const body =
    summaryMrkdwn(paper) ||
    snippetToMrkdwn(hit.snippet, { maxLength: SNIPPET_MAX }) ||
    mrkdwnText(paper.abstract, FALLBACK_EXCERPT_MAX, { wordBoundary: true });
  const section: SectionBlock = {
    type: 'section',
    block_id: blockId(BlockId.result, index),
    text: { type: 'mrkdwn', text: body ? `${titleMrkdwn(paper)}\n${body}` : titleMrkdwn(paper) },
  };
  const context = paperContextBlock(paper, blockId(BlockId.resultMeta, index));
  const blocks: KnownBlock[] = context ? [section, context] : [section];
  const similar = similarButton(paper.id);
  const save = saveButton(paper.id);
  if (similar && save) blocks.push({ type: 'actions', block_id: blockId(BlockId.resultActions, index), elements: [shareButton(paper.id), similar, save, ...ratingButtons(paper.id)] });
  return blocks;
}

/**
 * "23 papers for "q"": the query that found them (the corrected one after a typo; the notice says which words were
 * read as which). Escaped mrkdwn (also fine as fallback text).
 */
function summaryLine(page: SearchPage, total: number): string {
  const searched = page.correctedQuery !== null && page.correctedQuery.trim() !== '' ? page.correctedQuery : page.query;
  return `${papers(total)} for ${quotedQuery(mrkdwnText(searched, QUERY_SHOWN_MAX))}`;
}

/** The query in quotes, or as typed when it holds quotes of its own (`"linear attention" -vision`, curly ones too; not `""linear…"`). */
function quotedQuery(query: string): string {
  // A quote left open was searched as closed at the end: shown so (`"unclosed quote attention"`).
  const quotes = (query.match(/["\u201c\u201d\u201e]/g) ?? []).length;
  if (quotes % 2 === 1) return `${query}"`;
  return quotes > 0 ? query : `"${query}"`;
}

/** Why the order is the channel's own: "Ranked with this channel's 12 ratings …". */
export function learnedLine(ratings: number): string {
  return `Ranked with this channel's ${ratingsText(ratings)}: papers like the ones it liked rise, papers like the ones it marked "not for us" sink.`;
}

function rangeLine(start: number, end: number, total: number): string {
  return start === end ? `Showing ${n(start)} of ${n(total)}` : `Showing ${n(start)}\u2013${n(end)} of ${n(total)}`;
}

/** The message for the first `hitBlockList.length` hits. Block ids carry the offset: Slack wants fresh ids when
 * "Show more" replaces the message. */
function resultsMessage(page: SearchPage, hitBlockList: readonly KnownBlock[][], learnedFrom: number): Message {
  const total = Math.max(page.total, page.offset + page.hits.length);
  const shown = page.hits.slice(0, hitBlockList.length);
  const start = page.offset + 1;
  const end = page.offset + shown.length;
  const summary = summaryLine(page, total);
  const notice = page.notice !== null ? composedMrkdwn(page.notice, 500) : '';

  const blocks: KnownBlock[] = [{ type: 'section', block_id: blockId(BlockId.searchSummary, page.offset), text: { type: 'mrkdwn', text: summary } }];
  if (notice) {
    blocks.push({ type: 'context', block_id: blockId(BlockId.searchNotice, page.offset), elements: [{ type: 'mrkdwn', text: `:information_source: ${notice}` }] });
  }
  const learned = learnedFrom > 0 ? learnedLine(learnedFrom) : '';
  if (learned) blocks.push({ type: 'context', block_id: blockId(BlockId.searchLearned, page.offset), elements: [{ type: 'mrkdwn', text: `:thumbsup: ${learned}` }] });
  for (const hit of hitBlockList) blocks.push(...hit);
  const range = rangeLine(start, end, total);
  if (end < total) {
    blocks.push({
      type: 'section',
      block_id: blockId(BlockId.searchMore, end),
      text: { type: 'mrkdwn', text: range },
      accessory: showMoreButton(page.query, end),
    });
  } else {
    blocks.push({ type: 'context', block_id: blockId(BlockId.searchFooter, end), elements: [{ type: 'mrkdwn', text: range }] });
  }

  const lines = [summary, ...(notice ? [notice] : []), ...(learned ? [learned] : []), ...shown.map((hit, i) => `${n(page.offset + i + 1)}. ${titleText(hit.paper)}`)];
  lines.push(end < total ? `${range}. Use "Show more" for the next page.` : `${range}.`);
  return { text: truncate(lines.join('\n'), FALLBACK_MAX), blocks };
}

function fits(message: Message): boolean {
  return message.blocks.length <= LIMITS.blocksPerMessage && JSON.stringify(message.blocks).length <= MESSAGE_BUDGET;
}

function noResultsMessage(page: SearchPage): Message {
  const query = mrkdwnText(page.query, QUERY_SHOWN_MAX);
  const lines: string[] = [];
  let explained = false;
  if (page.total > 0 && page.offset > 0) {
    lines.push(`No more papers for ${quotedQuery(query)}: all ${papers(page.total)} have been shown.`);
  } else if (page.notice !== null && page.notice.trim() !== '') {
    lines.push(composedMrkdwn(page.notice, 1000));
    explained = true;
  } else if (query === '') {
    lines.push('What should I look for? Add some words after the command, e.g. `/paper sparse attention`.');
  } else {
    lines.push(`No papers match ${quotedQuery(query)}.`);
  }
  const suggestions = page.suggestions
    .map((s) => mrkdwnText(s, 60))
    .filter((s) => s !== '')
    .slice(0, SUGGESTIONS_SHOWN);
  if (suggestions.length > 0) lines.push(`Did you mean: ${suggestions.join(', ')}?`);
  const section: KnownBlock = { type: 'section', block_id: BlockId.searchEmpty, text: { type: 'mrkdwn', text: lines.join('\n') } };
  // A notice about the query already says what to type instead (`🚀🚀`: "Type some words…"): no second line saying it again.
  if (explained) return { text: truncate(lines.join('\n'), FALLBACK_MAX), blocks: [section] };
  const hint = 'Try different or fewer words, or `/paper help` for the search syntax.';
  return {
    text: truncate([...lines, hint].join('\n'), FALLBACK_MAX),
    blocks: [section, { type: 'context', block_id: BlockId.searchHint, elements: [{ type: 'mrkdwn', text: hint }] }],
  };
}

/**
 * One page of search results as an ephemeral reply: a summary line, each hit (title link, snippet, metadata,
 * Share), and a footer with "Show more" while results remain. Shows at most `pageSize` hits, fewer if that is
 * what it takes to stay inside Slack's block and size limits (the Show more offset follows what was shown).
 */
export function searchResultsMessage(page: SearchPage, options: SearchResultsOptions): Message {
  if (page.hits.length === 0) return noResultsMessage(page);
  const pageSize = Math.max(1, Math.floor(options.pageSize) || 1);
  // summary + notice + learned line + footer + three blocks per hit must fit in 50.
  const byBlocks = Math.floor((LIMITS.blocksPerMessage - 4) / 3);
  const learnedFrom = Math.max(0, Math.floor(options.learnedFrom ?? 0));
  const hits = page.hits.slice(0, Math.min(pageSize, byBlocks)).map((hit, i) => hitBlocks(hit, page.offset + i));
  for (let count = hits.length; count > 1; count -= 1) {
    const message = resultsMessage(page, hits.slice(0, count), learnedFrom);
    if (fits(message)) return message;
  }
  return resultsMessage(page, hits.slice(0, 1), learnedFrom);
}
