import { format } from 'date-fns/format';
import { isValid } from 'date-fns/isValid';
import { parseISO } from 'date-fns/parseISO';
import type { ContextBlock } from '@slack/types';
import type { Paper } from '../papers/paper.ts';
import { cleanText, collapseWhitespace, escapeMrkdwn, link, mrkdwnText, neutralizeFormatting, truncate } from './mrkdwn.ts';

/** Pieces every view that shows a paper shares: the bold title link and the `authors · date · ▲ votes` line. */

/** A title longer than this (after escaping) is cut with `…`. */
export const TITLE_MAX = 250;
/** A paper URL longer than this is not linked: it would eat the message's size budget. */
export const LINK_URL_MAX = 800;
const AUTHOR_NAME_MAX = 60;
const AUTHORS_SHOWN = 3;

/** `*<url|Title>*`, escaped, cut to `TITLE_MAX`; the bare bold title when the URL is unusable. */
export function titleMrkdwn(paper: Paper): string {
  const title = collapseWhitespace(cleanText(paper.title)) || 'Untitled paper';
  return `*${link(paper.url, title, { maxLabel: TITLE_MAX, maxUrl: LINK_URL_MAX })}*`;
}

/** The title as plain text for fallbacks and summaries (escaped: fallbacks are parsed as mrkdwn too). */
export function titleText(paper: Paper, max = 150): string {
  return mrkdwnText(paper.title, max) || 'Untitled paper';
}

/** "A, B, C et al.", "A and B"… or "6 authors" when only a count is known; null when nothing is known. */
export function formatAuthors(paper: Pick<Paper, 'authors' | 'authorCount'>): string | null {
  const names = paper.authors.map((name) => collapseWhitespace(cleanText(name))).filter((name) => name !== '');
  if (names.length > 0) {
    const shown = names.slice(0, AUTHORS_SHOWN).map((name) => truncate(name, AUTHOR_NAME_MAX));
    return names.length > AUTHORS_SHOWN ? `${shown.join(', ')} et al.` : shown.join(', ');
  }
  const count = paper.authorCount;
  if (count !== null && Number.isInteger(count) && count > 0) return count === 1 ? '1 author' : `${count} authors`;
  return null;
}

/** `2024-02-07` → "Feb 7, 2024"; null for a missing or impossible date. */
export function formatPaperDate(date: string | null): string | null {
  if (date === null || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const parsed = parseISO(date);
  return isValid(parsed) ? format(parsed, 'MMM d, yyyy') : null;
}

export function formatUpvotes(upvotes: number | null): string | null {
  if (upvotes === null || !Number.isFinite(upvotes) || upvotes < 0) return null;
  return `\u25B2 ${Math.floor(upvotes).toLocaleString('en-US')}`;
}

/** The metadata line, plain (unescaped) parts joined with ` · `; null when nothing is known. */
export function paperMetaText(paper: Paper): string | null {
  const parts = [formatAuthors(paper), formatPaperDate(paper.date), formatUpvotes(paper.upvotes)].filter(
    (part): part is string => part !== null,
  );
  return parts.length > 0 ? parts.join(' \u00B7 ') : null;
}

/** Longest one-line summary (mrkdwn, after escaping). */
export const SUMMARY_MAX = 300;

/** Hugging Face's one-sentence summary as escaped mrkdwn, or '' when the paper has none. */
export function summaryMrkdwn(paper: Paper, max = SUMMARY_MAX): string {
  const summary = paper.aiSummary;
  return summary ? mrkdwnText(summary, max, { wordBoundary: true }) : '';
}

/** `owner/repo` for a GitHub URL, else the host and path; plain text (escaped by `link`). */
function repoLabel(url: string): string {
  try {
    const parsed = new URL(url);
    const path = parsed.pathname.replace(/\/+$/, '').replace(/^\/+/, '');
    if (/^(www\.)?github\.com$/i.test(parsed.hostname) && path !== '') return path;
    return `${parsed.hostname}${path === '' ? '' : `/${path}`}`;
  } catch {
    return 'code';
  }
}

const LINK_LABEL_MAX = 60;

/** `Code: <repo|owner/repo> ★ 1,234 · <page|Project page>`; null when the paper has neither link. */
export function paperLinksMrkdwn(paper: Paper): string | null {
  const parts: string[] = [];
  if (paper.githubRepo) {
    const stars = paper.githubStars;
    const starText = stars !== undefined && stars !== null && Number.isFinite(stars) && stars >= 0 ? ` \u2605 ${Math.floor(stars).toLocaleString('en-US')}` : '';
    parts.push(`Code: ${link(paper.githubRepo, repoLabel(paper.githubRepo), { maxLabel: LINK_LABEL_MAX, maxUrl: LINK_URL_MAX })}${starText}`);
  }
  if (paper.projectPage) parts.push(link(paper.projectPage, 'Project page', { maxUrl: LINK_URL_MAX }));
  return parts.length > 0 ? parts.join(' \u00B7 ') : null;
}

/**
 * The metadata line (and the code / project links) as a context block, or null when there is nothing to say.
 * `lead`: mrkdwn said first, already escaped (a digest item's reason for being there).
 */
export function paperContextBlock(paper: Paper, blockId: string, lead?: string): ContextBlock | null {
  const meta = paperMetaText(paper);
  const links = paperLinksMrkdwn(paper);
  const elements: ContextBlock['elements'] = [];
  if (lead) elements.push({ type: 'mrkdwn', text: lead });
  if (meta !== null) elements.push({ type: 'mrkdwn', text: neutralizeFormatting(escapeMrkdwn(meta)) });
  if (links !== null) elements.push({ type: 'mrkdwn', text: links });
  if (elements.length === 0) return null;
  return { type: 'context', block_id: blockId, elements };
}
