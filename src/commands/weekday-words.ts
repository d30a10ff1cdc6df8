/**
 * Weekday names in a `/paper` command: `monday`, `mondays`, `mon` (any case) → 0 = Sunday … 6 = Saturday, the numbering
 * of `Schedule.weekday` (digests/schedule.ts). Pure.
 */

const FULL = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
/** Short forms, read only after `every`, `each` or `weekly on` (`sat`, `sun`, `wed` are also topic words). */
const SHORT: ReadonlyMap<string, number> = new Map([
  ['sun', 0], ['mon', 1], ['tue', 2], ['tues', 2], ['wed', 3], ['thu', 4], ['thur', 4], ['thurs', 4], ['fri', 5], ['sat', 6],
]);

/** `monday` / `mondays` (any case) → 1; anything else null. */
export function fullWeekday(word: string): number | null {
  const bare = word.toLowerCase().replace(/s$/, '');
  const day = (FULL as readonly string[]).indexOf(bare);
  return day === -1 ? null : day;
}

/** `monday`, `mondays`, `mon`, `mon.` (any case) → 1; anything else null. */
export function anyWeekday(word: string): number | null {
  return fullWeekday(word) ?? SHORT.get(word.toLowerCase().replace(/\.$/, '')) ?? null;
}

/** `monday` as the grammar's refusals name it. */
export const weekdayWord = (day: number): string => FULL[day] ?? 'monday';
