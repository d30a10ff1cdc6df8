/**
 * The Hugging Face listing's own page chrome above the papers ("Daily Papers", "Subscribe", …), with the listing date
 * and a `Captured:` time it may carry.
 */
import type { Line } from './listing-lines.ts';
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

export interface Chrome {
  /** The listing date under the chrome ("Dec 26"). */
  header: string | null;
  /** The `Captured: …` line's time. */
  capturedAt: Date | null;
  /** Some chrome line or a `Captured:` line was there (a bare listing date does not count). */
  seen: boolean;
}

/** Drops the leading page chrome (keeping the listing date and any capture time from it); un-glues "SubscribeTitle". */
export function stripChrome(lines: Line[]): { lines: Line[]; chrome: Chrome } {
  const chrome: Chrome = { header: null, capturedAt: null, seen: false };
  let start = 0;
  while (start < lines.length) {
    const entry = lines[start];
    if (!entry) break;
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

