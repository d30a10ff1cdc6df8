/**
 * What a listing page holds besides papers: the listing's own chrome above them ("Daily Papers", "Subscribe", …), with
 * the listing date and a `Captured:` time it may carry, and, in a page saved whole, the site's navigation above it and
 * its footer below the last paper. None of it may become a paper or part of one.
 */
import { looksLikeAbstract, type Line } from './listing-lines.ts';
import { captureTimeOf } from './page-dates.ts';

/** Fixed page chrome of the Hugging Face listing (both layouts), only skipped before the first paper. */
const CHROME_LINES = new Set([
  'new',
  'Get trending papers in your email inbox!',
  'Get trending papers in your email inbox once a day!',
  'Subscribe',
  'Daily Papers',
  'byAK and the research community',
]);
/** A capture time recorded above the listing: "Captured: 2025-11-12T08:00:00Z" or "Captured: 2025-11-12". */
const CAPTURED_LINE = /^captured(?: at)?:\s*(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)$/i;
/** In the compact layout the first title is glued onto "Subscribe": "SubscribeThe NPU-ASLP…". */
const GLUED_SUBSCRIBE = /^Subscribe(?=[A-Z0-9"'(\[])/;

/**
 * The site's navigation and footer around a listing saved whole (huggingface.co/papers, 2024-2026), and the listing's
 * own links (periods, days). Only dropped above the first paper and below the last one.
 */
const SITE_LINES = new Set([
  "Hugging Face's logo", 'Hugging Face', 'Models', 'Datasets', 'Spaces', 'Buckets', 'Community', 'Posts', 'Docs', 'Enterprise',
  'Pricing', 'Log In', 'Sign Up', 'Papers', 'Collections', 'Search models, datasets, users...', 'Search any paper with AI',
  'Daily', 'Weekly', 'Monthly', 'Trending', 'Previous', 'Next', 'Submit paper', 'System theme', 'Company', 'TOS',
  'Privacy', 'About', 'Jobs', 'Careers', 'Website', 'Changelog', 'Blog', 'Learn', 'Tasks', 'Inference Endpoints',
  'HuggingChat', 'Forum', 'Discord', 'GitHub', 'Twitter', 'LinkedIn', 'Status', 'Terms of Service', 'Privacy Policy',
]);
/** "© 2025 Hugging Face", "© Hugging Face". */
const COPYRIGHT_LINE = /^(?:©|\(c\)|copyright)\s/i;
/** The listing's chrome is looked for this far down, past navigation the site added since these lists were made. */
const HEADER_SEARCH_LINES = 80;

function isSiteLine(entry: Line): boolean {
  return entry.kind === 'text' && (SITE_LINES.has(entry.text) || COPYRIGHT_LINE.test(entry.text));
}

function isListingChrome(entry: Line): boolean {
  return entry.kind === 'text' && ((CHROME_LINES.has(entry.text) && entry.text !== 'new') || GLUED_SUBSCRIBE.test(entry.text));
}

/**
 * Where the listing's own chrome starts when the site's navigation stands above it (any short lines, even ones
 * SITE_LINES does not know): 0 when nothing stands above it, or when no chrome comes before the first abstract.
 */
function listingChromeStart(lines: readonly Line[]): number {
  const limit = Math.min(lines.length, HEADER_SEARCH_LINES);
  for (let i = 0; i < limit; i += 1) {
    const entry = lines[i];
    if (!entry) break;
    if (isListingChrome(entry)) return i;
    if (entry.kind === 'authors' || entry.kind === 'separator' || (entry.kind === 'text' && looksLikeAbstract(entry.text))) break;
  }
  return 0;
}

export interface Chrome {
  /** The listing date under the chrome ("Dec 26"). */
  header: string | null;
  /** The `Captured: …` line's time. */
  capturedAt: Date | null;
  /** Some chrome line or a `Captured:` line was there (a bare listing date does not count). */
  seen: boolean;
}

/**
 * Drops the leading page chrome, the site's navigation included (keeping the listing date and any capture time from
 * it); un-glues "SubscribeTitle".
 */
export function stripChrome(lines: Line[]): { lines: Line[]; chrome: Chrome } {
  const chrome: Chrome = { header: null, capturedAt: null, seen: false };
  const navigationEnd = listingChromeStart(lines);
  let start = 0;
  while (start < lines.length) {
    const entry = lines[start];
    if (!entry) break;
    if (isSiteLine(entry)) {
      start += 1;
      continue;
    }
    if (entry.kind === 'text' && CHROME_LINES.has(entry.text)) {
      chrome.seen ||= entry.text !== 'new';
      start += 1;
      continue;
    }
    const captured = entry.kind === 'text' ? CAPTURED_LINE.exec(entry.text) : null;
    if (captured?.[1] !== undefined) {
      chrome.capturedAt = captureTimeOf(captured[1]) ?? chrome.capturedAt;
      chrome.seen = true;
      start += 1;
      continue;
    }
    // Navigation above the listing's chrome, whatever its words (a Captured: line among it was read above).
    if (start < navigationEnd) {
      start += 1;
      continue;
    }
    // A lone date before any paper is the listing date ("Dec 26"), as long as it is not the tail of a
    // metadata block cut off at the top of the page (which would start with "•" or "·").
    if (entry.kind === 'date' && entry.upvotes === null) {
      chrome.header ??= entry.dateText;
      start += 1;
      continue;
    }
    if (entry.kind === 'text' && GLUED_SUBSCRIBE.test(entry.text)) {
      const rest = entry.text.slice('Subscribe'.length).trim();
      return { lines: [{ ...entry, text: rest }, ...lines.slice(start + 1)], chrome: { ...chrome, seen: true } };
    }
    break;
  }
  return { lines: lines.slice(start), chrome };
}

/**
 * Drops the site's footer below the last paper: from the first footer line (SITE_LINES, a copyright) among the short
 * text lines that end the page, when at least two of them are footer lines. A cut-off last paper above it keeps its
 * lines; one footer word alone at the end is left (it may be the cut-off paper's).
 */
export function stripFooter(lines: Line[]): Line[] {
  let runStart = lines.length;
  while (runStart > 0) {
    const entry = lines[runStart - 1];
    if (entry?.kind !== 'text' || looksLikeAbstract(entry.text)) break;
    runStart -= 1;
  }
  const run = lines.slice(runStart);
  const first = run.findIndex(isSiteLine);
  if (first < 0 || run.slice(first).filter(isSiteLine).length < 2) return lines;
  return lines.slice(0, runStart + first);
}
