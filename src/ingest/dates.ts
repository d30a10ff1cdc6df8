/** Calendar days (`YYYY-MM-DD`, UTC) for choosing which daily lists to fetch. */
import { isValidDigestDate } from '../store/store.ts';

/** At most this many days are fetched by one `--since` (one request each). */
export const MAX_INGEST_DAYS = 31;

export class IngestDateError extends Error {
  override name = 'IngestDateError';
}

export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return utcDay(date);
}

/** `count` days ending today (UTC), oldest first: what the scheduled ingest fetches. */
export function recentDays(now: Date, count: number): string[] {
  const today = utcDay(now);
  return Array.from({ length: count }, (_, i) => addDays(today, i - count + 1));
}

/**
 * The days an `ingest hf` run fetches: `date` alone, every day from `since` to today (at most
 * MAX_INGEST_DAYS), or today. Throws IngestDateError with an operator-readable message.
 */
export function ingestDays(options: { date?: string | undefined; since?: string | undefined }, now: Date): string[] {
  const today = utcDay(now);
  const check = (flag: string, value: string): void => {
    if (!isValidDigestDate(value)) throw new IngestDateError(`${flag} must be a date YYYY-MM-DD (got "${value}").`);
    if (value > today) throw new IngestDateError(`${flag} ${value} is in the future (today is ${today} UTC).`);
  };
  if (options.date !== undefined && options.since !== undefined) throw new IngestDateError('give --date or --since, not both.');
  if (options.date !== undefined) {
    check('--date', options.date);
    return [options.date];
  }
  if (options.since !== undefined) {
    check('--since', options.since);
    const earliest = addDays(today, -(MAX_INGEST_DAYS - 1));
    if (options.since < earliest) {
      throw new IngestDateError(`--since reaches back at most ${MAX_INGEST_DAYS} days (to ${earliest}); got ${options.since}.`);
    }
    const days: string[] = [];
    for (let day = options.since; day <= today; day = addDays(day, 1)) days.push(day);
    return days;
  }
  return [today];
}
