/**
 * When a timed pause ends (`/paper pause <digest> for 3 days | for 2 weeks | until 2026-12-24`). Pure.
 *
 * `for N days|weeks` counts from now (3 days is 72 hours: the digests of the next three days are skipped); `until
 * DATE` ends at the start of that day in the digest's zone (that day's digest goes out). A pause lasts at most a year;
 * anything else (hours, months, a past day, an impossible date, words) is refused, never taken as "for ever".
 */
import { DAY_MS, parseDayNumber } from './wall-time.ts';
import { instantsFor } from './zone-arithmetic.ts';

/** The longest timed pause, in days (a year, leap day included). */
export const MAX_PAUSE_DAYS = 366;

export type PauseEnd =
  | { ok: true; at: Date }
  /** `unknown`: not a pause length we read; `too_long`: over a year; `past`: the day has begun already. */
  | { ok: false; why: 'unknown' | 'too_long' | 'past'; typed: string };

const FOR = /^for (\d{1,4}|a|an|one) (days?|weeks?)$/i;
const UNTIL = /^(?:until|till) (\d{4}-\d{2}-\d{2})$/i;

export function pauseEnd(text: string, now: Date, timezone: string): PauseEnd {
  const typed = text.trim().replace(/\s+/g, ' ');
  const refuse = (why: 'unknown' | 'too_long' | 'past'): PauseEnd => ({ ok: false, why, typed });
  const span = FOR.exec(typed);
  if (span) {
    const amount = /^\d+$/.test(span[1] ?? '') ? Number(span[1]) : 1;
    const days = amount * (span[2]?.toLowerCase().startsWith('week') ? 7 : 1);
    if (days < 1) return refuse('unknown');
    if (days > MAX_PAUSE_DAYS) return refuse('too_long');
    return { ok: true, at: new Date(now.getTime() + days * DAY_MS) };
  }
  const until = UNTIL.exec(typed);
  if (until?.[1] === undefined) return refuse('unknown');
  let day: number;
  try {
    day = parseDayNumber(until[1]);
  } catch {
    return refuse('unknown');
  }
  const at = instantsFor(timezone, 0)(day);
  if (at <= now.getTime()) return refuse('past');
  if (at - now.getTime() > MAX_PAUSE_DAYS * DAY_MS) return refuse('too_long');
  return { ok: true, at: new Date(at) };
}
