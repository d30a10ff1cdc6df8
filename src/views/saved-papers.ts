import type { KnownBlock } from '@slack/types';
import { BlockId, blockId } from './action-ids.ts';
import type { BibtexPaper } from './bibtex.ts';
import type { AnswerSurface, Message } from './message.ts';
import { link, mrkdwnText } from './mrkdwn.ts';
import { formatAuthors, formatPaperDate, LINK_URL_MAX, TITLE_MAX } from './paper-parts.ts';

/** The answer to Save, `/paper saved` and `/paper saved bibtex`. Pure; the service gathers the papers. */

/** A saved paper as the views see it (the store's record, minus who saved it). */
export interface SavedPaperItem extends BibtexPaper {
  paperId: string;
  savedAt: Date;
  readAt: Date | null;
  /** Set when the paper was withdrawn since it was saved: still listed, marked so. */
  withdrawnAt?: string | null;
}

/** Saved papers per page of `/paper saved` (one block each: far under 50). */
export const SAVED_PAGE_SIZE = 10;

const n = (value: number): string => value.toLocaleString('en-US');
const saved = (count: number): string => (count === 1 ? '1 saved paper' : `${n(count)} saved papers`);

/** A page number past the last one (`/paper saved 3` with 2 pages): says how many there are and the command for the last. */
function noSuchPage(page: number, pages: number, command: string): string {
  return pages === 1
    ? `There is no page ${n(page)}: there is only one, \`${command}\`.`
    : `There is no page ${n(page)}: there are ${n(pages)}, the last is \`${command} ${n(pages)}\`.`;
}

/** " · page 2 of 3" in a header, only for a page that exists (never "page 3 of 2"). */
const pageOf = (page: number, pages: number, separator: string): string => (pages > 1 && page <= pages ? `${separator}page ${n(page)} of ${n(pages)}` : '');

/** `*<url|Title>*`, escaped. */
export function savedTitleMrkdwn(item: SavedPaperItem): string {
  return `*${link(item.url, item.title || 'Untitled paper', { maxLabel: TITLE_MAX, maxUrl: LINK_URL_MAX }) || 'Untitled paper'}*`;
}

/** "A, B et al. · Feb 7, 2024 · saved Mar 3, 2026 · read", escaped. */
export function savedMetaMrkdwn(item: SavedPaperItem): string {
  const parts = [
    formatAuthors({ authors: [...item.authors], authorCount: null }),
    formatPaperDate(item.date),
    item.arxivId ? `arXiv:${item.arxivId}` : null,
    `saved ${formatPaperDate(item.savedAt.toISOString().slice(0, 10)) ?? 'recently'}`,
    item.readAt ? '\u2714 read' : 'unread',
    item.withdrawnAt ? '\u26A0 withdrawn' : null,
  ].filter((part): part is string => part !== null);
  return mrkdwnText(parts.join(' \u00B7 '), 600);
}

/** `withdrawn_kept`: Save on a paper withdrawn since the person saved it (their saved row stays, marked withdrawn). */
export type SaveOutcome = 'saved' | 'already_saved' | 'withdrawn_kept';

/** "Saved <title> for later" (or "already saved", or withdrawn but kept), with where to find the list (the Home tab too where there is one). */
export function saveOutcomeMessage(outcome: SaveOutcome, title: string, options: AnswerSurface): Message {
  const name = mrkdwnText(title, 200) || 'this paper';
  const [line, text] =
    outcome === 'saved'
      ? [`:bookmark: Saved *${name}* for later.`, `Saved ${name} for later.`]
      : outcome === 'already_saved'
        ? [`:bookmark: *${name}* is already saved: nothing changed.`, `${name} is already saved.`]
        : [`:bookmark: *${name}* ${WITHDRAWN_KEPT}`, `${name} ${WITHDRAWN_KEPT}`];
  const where = options.homeTab ? '`/paper saved` (or the app\u2019s Home tab)' : '`/paper saved`';
  const hint = `Your saved papers: ${where}, BibTeX with \`/paper saved bibtex\`.`;
  return {
    text,
    blocks: [
      { type: 'section', block_id: BlockId.savedNotice, text: { type: 'mrkdwn', text: line } },
      { type: 'context', block_id: BlockId.savedFooter, elements: [{ type: 'mrkdwn', text: hint }] },
    ],
  };
}

const WITHDRAWN_KEPT = 'was withdrawn since you saved it: it stays in your saved papers, marked withdrawn.';

export interface SavedListInput {
  items: readonly SavedPaperItem[];
  total: number;
  /** 0-based page shown. */
  page: number;
  pageSize: number;
  /** Where the list is shown: Mark read and Remove are named only where the app's Home tab has them (absent: not named). */
  surface?: AnswerSurface;
}

export function savedPageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / Math.max(1, pageSize)));
}

/** `/paper saved [page]`: one section per paper, newest first, and how to reach the other pages. */
export function savedListMessage(input: SavedListInput): Message {
  if (input.total === 0) {
    const text = 'You have no saved papers. Press *Save* under any paper (a search result, a digest, a top list, a paper link) to keep one here.';
    return { text: 'You have no saved papers.', blocks: [{ type: 'section', block_id: BlockId.savedEmpty, text: { type: 'mrkdwn', text } }] };
  }
  const pages = savedPageCount(input.total, input.pageSize);
  const page = input.page + 1;
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      block_id: BlockId.savedHeader,
      text: { type: 'mrkdwn', text: `*Your ${saved(input.total)}*, newest first${pageOf(page, pages, ' \u00B7 ')}` },
    },
  ];
  if (input.items.length === 0) {
    blocks.push({ type: 'section', block_id: BlockId.savedEmpty, text: { type: 'mrkdwn', text: noSuchPage(page, pages, '/paper saved') } });
  }
  input.items.forEach((item, i) => {
    blocks.push({
      type: 'section',
      block_id: blockId(BlockId.savedPaper, input.page * input.pageSize + i),
      text: { type: 'mrkdwn', text: `${savedTitleMrkdwn(item)}\n${savedMetaMrkdwn(item)}` },
    });
  });
  const next = page < pages ? `\`/paper saved ${page + 1}\` shows the next page. ` : '';
  const buttons = input.surface?.homeTab ? '; Mark read and Remove are on the app\u2019s Home tab' : '';
  blocks.push({
    type: 'context',
    block_id: BlockId.savedFooter,
    elements: [{ type: 'mrkdwn', text: `${next}\`/paper saved bibtex\` gives their BibTeX${buttons}.` }],
  });
  const of = pageOf(page, pages, '');
  return { text: `Your ${saved(input.total)}${of ? ` (${of})` : ''}`, blocks };
}

export interface SavedBibtexInput {
  /** This page's code blocks (from `bibtexCodeBlocks`), already escaped. */
  codeBlocks: readonly string[];
  /** 0-based page shown. */
  page: number;
  pages: number;
  total: number;
}

/** `/paper saved bibtex [page]`: the page's code blocks, one section each, and how to get the next page. */
export function savedBibtexMessage(input: SavedBibtexInput): Message {
  if (input.total === 0) return savedListMessage({ items: [], total: 0, page: 0, pageSize: 1 });
  const page = input.page + 1;
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      block_id: BlockId.savedHeader,
      text: { type: 'mrkdwn', text: `*BibTeX for your ${saved(input.total)}*${pageOf(page, input.pages, ' \u00B7 ')}` },
    },
  ];
  if (input.codeBlocks.length === 0) {
    blocks.push({ type: 'section', block_id: BlockId.savedEmpty, text: { type: 'mrkdwn', text: noSuchPage(page, input.pages, '/paper saved bibtex') } });
  }
  input.codeBlocks.forEach((code, i) => {
    blocks.push({ type: 'section', block_id: blockId(BlockId.savedBibtex, input.page, i), text: { type: 'mrkdwn', text: code } });
  });
  if (page < input.pages) {
    blocks.push({ type: 'context', block_id: BlockId.savedFooter, elements: [{ type: 'mrkdwn', text: `\`/paper saved bibtex ${page + 1}\` shows the next page.` }] });
  }
  const of = pageOf(page, input.pages, '');
  return { text: `BibTeX for your ${saved(input.total)}${of ? ` (${of})` : ''}`, blocks };
}
