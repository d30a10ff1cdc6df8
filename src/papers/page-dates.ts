/**
 * The year of a listing page's year-less dates ("Oct 28"), from the page itself: never from the clock at load
 * time, which made them drift (a page captured in 2025 read in 2026 put "Oct 28" in 2026, later than any real
 * paper). Hugging Face writes the year only for dates outside the current year, so a year-less date is in the
 * year the page was captured, and no date is later than the capture.
 *
 * The page's anchor, the latest day its year-less dates can be, is taken from the first of:
 * 1. a capture time recorded with the page (a `Captured: 2025-11-12T08:00:00Z` line above the listing, or the
 *    caller's `capturedAt`): its UTC day, or the day as written in a zone ahead of UTC (`captureTimeOf`);
 * 2. a listing date header with a year ("Dec 26, 2025");
 * 3. the year after the latest year written on the page (the page was captured after every year it writes,
 *    and in the earliest such year, so a date is never put later than the capture), on the listing date header
 *    ("Dec 26"); with no header, on the newest year-less date by the order of entries (listings run newest
 *    first or oldest first: "Dec 30, Dec 31, Jan 1, Jan 2" ends on Jan 2, so the December dates are the year
 *    before).
 * Each year-less date then resolves to the latest such day not after the anchor. A page with none of these
 * (no capture time, no year anywhere) cannot tell the year: its year-less dates are kept as unknown (null),
 * with a warning, rather than guessed.
 */
import { hasExplicitYear, listingDateParts, parseListingDate, type ListingDateParts } from './dates.ts';

export interface PageDateInput {
  /** The listing date under the page chrome ("Dec 26"), when the page has one. */
  header: string | null;
  /** When the page was captured, when that was recorded with it. */
  capturedAt: Date | null;
  /** The papers' date texts in listing order ("Jul 24, 2024", "Mar 20"); invalid ones are ignored. */
  dates: readonly string[];
}

export type AnchorBasis = 'capture' | 'header' | 'years-and-header' | 'years-and-order' | 'none';

export interface PageAnchor {
  /** The latest day the page's dates can be, `YYYY-MM-DD`; null when nothing on the page tells the year. */
  day: string | null;
  basis: AnchorBasis;
}

function utcDay(date: Date | null): string | null {
  return date !== null && !Number.isNaN(date.getTime()) ? date.toISOString().slice(0, 10) : null;
}

/**
 * The time of a `Captured: …` line (`2025-11-12`, `2025-11-12T08:00:00Z`, `…+09:00`), for the anchor: a time without
 * an offset is UTC (never the zone of the machine reading the page), and with one, the later of its UTC day and the
 * day as written, since the page showed dates of the capturer's day (08:00 on Jan 1 in Tokyo is still Dec 31 in UTC,
 * and its "Jan 1" is this year's). Null when it is not a time.
 */
export function captureTimeOf(text: string): Date | null {
  const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text);
  const at = new Date(text.length === 10 ? `${text}T00:00:00Z` : zoned ? text : `${text}Z`);
  if (Number.isNaN(at.getTime())) return null;
  const written = text.slice(0, 10);
  return written > (utcDay(at) ?? '') ? new Date(`${written}T00:00:00Z`) : at;
}

function isoOf(year: number, dayOfYear: number): string {
  const month = Math.floor(dayOfYear / 100);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dayOfYear % 100).padStart(2, '0')}`;
}

/** `parts` (year-less) in `year`; a Feb 29 outside a leap year falls back to Feb 28. */
function inYear(parts: ListingDateParts, year: number): string {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return isoOf(year, parts.dayOfYear === 229 && !leap ? 228 : parts.dayOfYear);
}

/**
 * The newest of the year-less dates by their order: a listing runs one way (oldest or newest first), so the
 * steps that go forward in the calendar outnumber those that go back (a year boundary) in an oldest-first one.
 */
function newestByOrder(yearless: readonly ListingDateParts[]): ListingDateParts | undefined {
  let forward = 0;
  let back = 0;
  for (let i = 1; i < yearless.length; i += 1) {
    const step = (yearless[i]?.dayOfYear ?? 0) - (yearless[i - 1]?.dayOfYear ?? 0);
    if (step > 0) forward += 1;
    if (step < 0) back += 1;
  }
  return forward >= back ? yearless.at(-1) : yearless[0];
}

export function pageAnchor(input: PageDateInput): PageAnchor {
  const captured = utcDay(input.capturedAt);
  if (captured !== null) return { day: captured, basis: 'capture' };

  const header = input.header === null ? null : listingDateParts(input.header);
  if (header !== null && header.year !== null) return { day: inYear(header, header.year), basis: 'header' };

  const parts = input.dates.map(listingDateParts).filter((p): p is ListingDateParts => p !== null);
  const years = parts.map((p) => p.year).filter((year): year is number => year !== null);
  if (years.length === 0) return { day: null, basis: 'none' };
  const year = Math.max(...years) + 1;
  if (header !== null) return { day: inYear(header, year), basis: 'years-and-header' };
  const newest = newestByOrder(parts.filter((p) => p.year === null));
  return { day: newest === undefined ? `${year}-12-31` : inYear(newest, year), basis: 'years-and-order' };
}

export interface PageDatesInput {
  header: string | null;
  capturedAt: Date | null;
  /** The papers' date texts in listing order, each with its 1-based line (for warnings). */
  dates: ReadonlyArray<{ text: string; line: number }>;
}

export interface PageDates {
  /** `YYYY-MM-DD` or null, one per input date. */
  dates: Array<string | null>;
  warnings: Array<{ line: number; message: string }>;
  anchor: PageAnchor;
}

/**
 * Every date of a page, dated by its anchor. A date written with a year later than a recorded capture is dropped
 * with a warning; year-less dates on a page that tells no year stay null, with one warning.
 */
export function resolvePageDates(input: PageDatesInput): PageDates {
  const anchor = pageAnchor({ header: input.header, capturedAt: input.capturedAt, dates: input.dates.map((d) => d.text) });
  const anchorDate = new Date(anchor.day === null ? Number.NaN : Date.parse(`${anchor.day}T00:00:00Z`));
  const warnings: PageDates['warnings'] = [];
  let unknownYear = false;
  const dates = input.dates.map(({ text, line }) => {
    if (anchor.day === null && !hasExplicitYear(text)) {
      if (!unknownYear) {
        warnings.push({
          line,
          message:
            `date ${JSON.stringify(text)} has no year and nothing on the page tells it (no capture time, no year written ` +
            'on the page); papers with such dates are kept without a date',
        });
      }
      unknownYear = true;
      return null;
    }
    const date = parseListingDate(text, anchorDate);
    if (date !== null && anchor.basis === 'capture' && anchor.day !== null && date > anchor.day) {
      warnings.push({ line, message: `date ${JSON.stringify(text)} is later than the page's capture (${anchor.day}); paper kept without a date` });
      return null;
    }
    return date;
  });
  return { dates, warnings, anchor };
}
