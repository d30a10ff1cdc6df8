/**
 * Zone-free wall-clock values: times of day (`HH:MM`, 24-hour) and calendar dates (`YYYY-MM-DD` outside,
 * day numbers, days since 1970-01-01, inside).
 */

export const DAY_MS = 86_400_000;

/**
 * User input to `HH:MM`, or null. Accepts `9:05`, `09:05`, `21:00`, `9am`, `9 am`, `9:30pm`,
 * `9:30 p.m.`, `12am` (00:00), `12pm` (12:00), `noon`, `midnight`. Rejects a bare hour (`9`),
 * `24:00`, `25:99`, `9:60`, `13pm`, `0am`.
 */
export function parseTime(input: string): string | null {
  const text = input.trim().toLowerCase();
  if (text === 'noon') return '12:00';
  if (text === 'midnight') return '00:00';
  const match = /^(\d{1,2})(?::(\d{2}))?\s*(?:([ap])\.?m\.?)?$/.exec(text);
  if (!match) return null;
  const [, hourText, minuteText, meridiem] = match;
  if (hourText === undefined) return null;
  if (minuteText === undefined && meridiem === undefined) return null;
  let hour = Number(hourText);
  const minute = minuteText === undefined ? 0 : Number(minuteText);
  if (minute > 59) return null;
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem === 'p' ? 12 : 0);
  } else if (hour > 23) {
    return null;
  }
  return `${pad2(hour)}:${pad2(minute)}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

export function parseHHMM(time: string): { hour: number; minute: number } {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) throw new RangeError(`Invalid schedule time "${time}" (expected HH:MM, 24-hour)`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

export function parseDayNumber(localDate: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(localDate);
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    const ms = Date.UTC(year, month - 1, day);
    const probe = new Date(ms);
    if (probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day) {
      return ms / DAY_MS;
    }
  }
  throw new RangeError(`Invalid local date "${localDate}" (expected YYYY-MM-DD)`);
}

function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

export function formatDayNumber(dayNumber: number): string {
  const d = new Date(dayNumber * DAY_MS);
  return formatDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** 1970-01-01 was a Thursday. */
export function weekdayOfDayNumber(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/** 0 = Sunday … 6 = Saturday for a calendar date (no zone involved). */
export function weekdayOfDate(localDate: string): number {
  return weekdayOfDayNumber(parseDayNumber(localDate));
}
