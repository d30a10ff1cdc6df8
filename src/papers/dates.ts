import { format, isValid, parse } from 'date-fns';

/** "Jul 24, 2024" or "Mar 20": a three-letter month, a day, and optionally a comma and a four-digit year. */
const LISTING_DATE = /^([A-Za-z]{3}) (\d{1,2})(?:, (\d{4}))?$/;

/** How far back to look for a year-less date. Eight years always reach a Feb 29 (even across 2100). */
const MAX_YEARS_BACK = 8;

/** The reference's calendar day, `YYYY-MM-DD`, taken in UTC so the result does not depend on the host's zone. */
function referenceDay(reference: Date): string | null {
  if (!isValid(reference)) return null;
  return reference.toISOString().slice(0, 10);
}

function parseWithYear(month: string, day: string, year: number): string | null {
  // date-fns validates the day against the month (and leap years): "Feb 30, 2024" is an Invalid Date.
  const parsed = parse(`${month} ${day}, ${year}`, 'MMM d, yyyy', new Date(2000, 0, 1));
  return isValid(parsed) ? format(parsed, 'yyyy-MM-dd') : null;
}

/** True when the text carries an explicit year ("Jul 24, 2024"), false for "Mar 20" or anything unparseable. */
export function hasExplicitYear(text: string): boolean {
  const match = LISTING_DATE.exec(text.trim());
  return match !== null && match[3] !== undefined;
}

/**
 * A listing-page date as `YYYY-MM-DD`, or null when the text is not such a date.
 *
 * - "Jul 24, 2024" → "2024-07-24" (an explicit year is taken as written, even if after the reference).
 * - "Mar 20" (no year: the page meant the current year at capture time) → the latest Mar 20 that is not
 *   after the reference's calendar day (UTC). With reference 2026-11-23: "Mar 20" → 2026-03-20,
 *   "Dec 26" → 2025-12-26, "Nov 23" → 2026-11-23.
 * - "Feb 29" without a year → the latest leap-year Feb 29 not after the reference.
 * - Impossible dates ("Feb 30, 2024", "Feb 29, 2025") and other shapes ("July 4", "Jul 4, 24") → null.
 */
export function parseListingDate(text: string, reference: Date): string | null {
  if (typeof text !== 'string') return null;
  const match = LISTING_DATE.exec(text.trim());
  if (!match) return null;
  const [, month = '', day = '', year] = match;
  if (year !== undefined) return parseWithYear(month, day, Number(year));

  const today = referenceDay(reference);
  if (today === null) return null;
  const referenceYear = Number(today.slice(0, 4));
  for (let candidate = referenceYear; candidate >= referenceYear - MAX_YEARS_BACK; candidate -= 1) {
    const iso = parseWithYear(month, day, candidate);
    if (iso === null) {
      // Either the month/day never exists (e.g. "Feb 30", "Abc 3": give up at once) or only in leap years.
      if (parseWithYear(month, day, 2000) === null) return null;
      continue;
    }
    // Same-length ISO strings compare in calendar order.
    if (iso <= today) return iso;
  }
  return null;
}
