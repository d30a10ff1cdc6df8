import { format } from 'date-fns/format';
import { isValid } from 'date-fns/isValid';
import { parse } from 'date-fns/parse';

/** "Jul 24, 2024" or "Mar 20": a three-letter month, a day, and optionally a comma and a four-digit year. */
const LISTING_DATE = /^([A-Za-z]{3}) (\d{1,2})(?:, (\d{4}))?$/;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** How far back to look for a year-less date. Eight years always reach a Feb 29 (even across 2100). */
const MAX_YEARS_BACK = 8;

/** The anchor's calendar day, `YYYY-MM-DD`, taken in UTC so the result does not depend on the host's zone. */
function anchorDay(anchor: Date): string | null {
  if (!isValid(anchor)) return null;
  return anchor.toISOString().slice(0, 10);
}

function parseWithYear(month: string, day: string, year: number): string | null {
  // date-fns validates the day against the month (and leap years): "Feb 30, 2024" is an Invalid Date.
  const parsed = parse(`${month} ${day}, ${year}`, 'MMM d, yyyy', new Date(2000, 0, 1));
  return isValid(parsed) ? format(parsed, 'yyyy-MM-dd') : null;
}

/** A listing date's parts, or null when the text is not one or names a day no year has ("Feb 30"). */
export interface ListingDateParts {
  month: string;
  day: string;
  year: number | null;
  /** Month and day as one sortable number (Jan 1 → 101, Dec 31 → 1231). */
  dayOfYear: number;
}

export function listingDateParts(text: string): ListingDateParts | null {
  if (typeof text !== 'string') return null;
  const match = LISTING_DATE.exec(text.trim());
  if (!match) return null;
  const [, month = '', day = '', year] = match;
  // 2000 is a leap year: a year-less "Feb 29" exists.
  if (parseWithYear(month, day, year === undefined ? 2000 : Number(year)) === null) return null;
  const monthIndex = MONTHS.indexOf(month.toLowerCase());
  return { month, day, year: year === undefined ? null : Number(year), dayOfYear: (monthIndex + 1) * 100 + Number(day) };
}

/** True when the text carries an explicit year ("Jul 24, 2024"), false for "Mar 20" or anything unparseable. */
export function hasExplicitYear(text: string): boolean {
  const match = LISTING_DATE.exec(text.trim());
  return match !== null && match[3] !== undefined;
}

/**
 * A listing-page date as `YYYY-MM-DD`, or null when the text is not such a date.
 *
 * `anchor` is the latest day the page can speak of: its capture day, or what the page itself tells (see
 * page-dates.ts). Never the clock at load time: that made year-less dates drift a year every new year.
 * - "Jul 24, 2024" → "2024-07-24" (an explicit year is taken as written).
 * - "Mar 20" (no year: the page meant the current year at capture time) → the latest Mar 20 that is not
 *   after the anchor's calendar day (UTC). With anchor 2026-11-23: "Mar 20" → 2026-03-20,
 *   "Dec 26" → 2025-12-26, "Nov 23" → 2026-11-23.
 * - "Feb 29" without a year → the latest leap-year Feb 29 not after the anchor.
 * - Impossible dates ("Feb 30, 2024", "Feb 29, 2025") and other shapes ("July 4", "Jul 4, 24") → null.
 */
export function parseListingDate(text: string, anchor: Date): string | null {
  const parts = listingDateParts(text);
  if (!parts) return null;
  const { month, day, year } = parts;
  if (year !== null) return parseWithYear(month, day, year);

  const last = anchorDay(anchor);
  if (last === null) return null;
  const anchorYear = Number(last.slice(0, 4));
  for (let candidate = anchorYear; candidate >= anchorYear - MAX_YEARS_BACK; candidate -= 1) {
    const iso = parseWithYear(month, day, candidate);
    // Same-length ISO strings compare in calendar order. (null: a Feb 29 outside a leap year.)
    if (iso !== null && iso <= last) return iso;
  }
  return null;
}
