/**
 * When a subscription's digest is due, in the subscription's own time zone.
 *
 * Pure: no function here reads the clock or the environment; `now`/`after`/`env` are always
 * passed in. Instants are `Date`s (UTC); local calendar dates are `YYYY-MM-DD` strings; local
 * wall-clock times are `HH:MM` (24-hour).
 *
 * Semantics (the scheduler and the `/paper subscribe` reply rely on these):
 * - A digest is identified by its *digest date*: the local calendar date, in the schedule's zone,
 *   it belongs to. At most one digest per (subscription, digest date).
 * - `daily`: every local day. `weekdays`: Monday–Friday in the schedule's zone (a Friday 23:30 UTC
 *   instant is Saturday in Tokyo, so not a digest day there). `weekly`: one day a week, the local
 *   weekday stored in `Schedule.weekday` (0 = Sunday … 6 = Saturday), which `resolveSchedule` sets
 *   to the day named (`every monday`) or else the weekday the subscription was created on, in its zone. A weekly schedule without
 *   `weekday` (older records) falls back to Monday. The reply says which day ("every Tuesday at 09:00").
 * - Times are honoured to the minute.
 * - DST spring-forward: a wall time that doesn't exist that day (02:30 in Berlin on 2026-03-29)
 *   is due once, at the first valid instant after it: the transition itself (03:00 local, 01:00Z).
 * - DST fall-back: a wall time that happens twice (02:30 in Berlin on 2026-10-25) is due once, at
 *   its first occurrence (02:30 CEST, 00:30Z).
 */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';
import { canonicalTimeZone } from './time-zones.ts';
import { zoneMeant } from './zone-guess.ts';
import { formatDayNumber, parseDayNumber, parseHHMM, parseTime, weekdayOfDate, weekdayOfDayNumber } from './wall-time.ts';
import { assertTimeZone, instantsFor, localDayNumberAt } from './zone-arithmetic.ts';

export type Cadence = 'daily' | 'weekdays' | 'weekly';

export const CADENCES: readonly Cadence[] = ['daily', 'weekdays', 'weekly'];

export interface Schedule {
  /** Local wall-clock time, `HH:MM`, 24-hour. */
  time: string;
  /** IANA time zone name, e.g. `Europe/Berlin` (see `canonicalTimeZone`). */
  timezone: string;
  cadence: Cadence;
  /**
   * `weekly` only: the local weekday the digest goes out, 0 = Sunday … 6 = Saturday. The day named
   * (`every monday`), else the day the subscription was created (`resolveSchedule`). Missing → Monday.
   * Ignored for other cadences.
   */
  weekday?: number;
}

/** One digest: the local date it is for and the instant it is due. */
export interface Occurrence {
  digestDate: string;
  at: Date;
}

export interface DueDigests {
  /** The most recent occurrence with `now - catchUpMs <= at <= now`, if that is the most recent one at all. */
  due: Occurrence | null;
  /** Older occurrences that will never be sent (we send at most one digest at a time), newest first. */
  missed: Occurrence[];
}

export interface DueDigestsOptions {
  /**
   * Occurrences at or before this instant are already handled and reported neither as due nor
   * as missed. Pass the subscription's creation time or its last sent digest's `at`; passing the
   * previous scheduler tick reports each occurrence exactly once (no retry of a failed send).
   */
  since?: Date;
  /** At most this many missed occurrences are returned (default 7). */
  maxMissed?: number;
}

export const WEEKDAY_NAMES = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

/** Weekday used by a weekly schedule that has no `weekday` stored. */
export const DEFAULT_WEEKLY_WEEKDAY = 1;

export function isCadence(value: string): value is Cadence {
  return (CADENCES as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------------------------
// Schedules

/** A schedule checked once per call: its zone known, its time parsed. */
interface Compiled {
  timeZone: string;
  isDigestDay: (dayNumber: number) => boolean;
  instantFor: (dayNumber: number) => number;
}

function compile(schedule: Schedule): Compiled {
  assertTimeZone(schedule.timezone);
  const { hour, minute } = parseHHMM(schedule.time);
  const { weekday } = schedule;
  if (schedule.cadence === 'weekly' && weekday !== undefined && !(Number.isInteger(weekday) && weekday >= 0 && weekday <= 6)) {
    throw new RangeError(`Invalid weekly weekday ${weekday} (expected 0 = Sunday … 6 = Saturday)`);
  }
  return {
    timeZone: schedule.timezone,
    instantFor: instantsFor(schedule.timezone, hour * 60 + minute),
    isDigestDay: (dayNumber) => digestDayRule(schedule, weekdayOfDayNumber(dayNumber)),
  };
}

function digestDayRule(schedule: Pick<Schedule, 'cadence' | 'weekday'>, weekday: number): boolean {
  switch (schedule.cadence) {
    case 'daily':
      return true;
    case 'weekdays':
      return weekday >= 1 && weekday <= 5;
    case 'weekly':
      return weekday === (schedule.weekday ?? DEFAULT_WEEKLY_WEEKDAY);
  }
}

/** The local calendar date of `instant` in the schedule's zone, `YYYY-MM-DD`. */
export function digestDateFor(schedule: Pick<Schedule, 'timezone'>, instant: Date): string {
  assertTimeZone(schedule.timezone);
  return formatDayNumber(localDayNumberAt(schedule.timezone, instant.getTime()));
}

/** The local weekday (0 = Sunday … 6 = Saturday) of `instant` in `timezone`. */
export function weekdayAt(timezone: string, instant: Date): number {
  assertTimeZone(timezone);
  return weekdayOfDayNumber(localDayNumberAt(timezone, instant.getTime()));
}

/** Whether a digest goes out on this local date (see the cadence rules at the top of the file). */
export function isDigestDay(schedule: Pick<Schedule, 'cadence' | 'weekday'>, localDate: string): boolean {
  return digestDayRule(schedule, weekdayOfDate(localDate));
}

/**
 * The instant the digest for `localDate` is due: `schedule.time` on that date in the schedule's
 * zone, with the DST rules at the top of the file. Does not check `isDigestDay`.
 */
export function scheduledInstant(schedule: Pick<Schedule, 'time' | 'timezone'>, localDate: string): Date {
  const { hour, minute } = parseHHMM(schedule.time);
  const dayNumber = parseDayNumber(localDate);
  assertTimeZone(schedule.timezone);
  return new Date(instantsFor(schedule.timezone, hour * 60 + minute)(dayNumber));
}

/**
 * The first occurrence due strictly after `after` (so `nextRun(s, lastSent.at)` is the one after
 * the last sent digest, and `nextRun(s, now)` never returns an instant that is already past).
 */
export function nextRun(schedule: Schedule, after: Date): Occurrence {
  const c = compile(schedule);
  const afterMs = after.getTime();
  // Start one day early: a whole-day gap can push a date's digest into the next local day.
  const today = localDayNumberAt(c.timeZone, afterMs);
  for (let day = today - 1; day <= today + 8; day++) {
    if (!c.isDigestDay(day)) continue;
    const at = c.instantFor(day);
    if (at > afterMs) return { digestDate: formatDayNumber(day), at: new Date(at) };
  }
  throw new RangeError(`No digest day within a week for schedule ${JSON.stringify(schedule)}`);
}

/**
 * What to send now. `due` is the most recent occurrence with `at <= now`, provided
 * `at >= now - catchUpMs` (both ends inclusive); at most one, so after a long downtime we send
 * one digest, not a backlog. Every older occurrence (including the most recent one when it is
 * outside the window) is `missed`, newest first, capped at `maxMissed` (default 7), so the caller
 * can log that it was skipped. Without `options.since` the caller must filter `missed` against
 * what it already sent; with it, occurrences at or before `since` are left out of both.
 */
export function dueDigests(
  schedule: Schedule,
  now: Date,
  catchUpMs: number,
  options: DueDigestsOptions = {},
): DueDigests {
  const c = compile(schedule);
  const nowMs = now.getTime();
  const windowStart = nowMs - Math.max(0, catchUpMs);
  const sinceMs = options.since?.getTime() ?? Number.NEGATIVE_INFINITY;
  const maxMissed = Math.max(0, options.maxMissed ?? 7);
  let due: Occurrence | null = null;
  const missed: Occurrence[] = [];
  let seen = 0;
  // From tomorrow (whole-day gaps) back far enough to find maxMissed + 1 weekly occurrences.
  const today = localDayNumberAt(c.timeZone, nowMs);
  const oldest = today - 7 * (maxMissed + 1) - 1;
  for (let day = today + 1; day >= oldest; day--) {
    if (!c.isDigestDay(day)) continue;
    const at = c.instantFor(day);
    if (at > nowMs) continue;
    if (at <= sinceMs) break;
    seen += 1;
    if (seen === 1 && at >= windowStart) {
      due = { digestDate: formatDayNumber(day), at: new Date(at) };
      continue;
    }
    if (missed.length >= maxMissed) break;
    missed.push({ digestDate: formatDayNumber(day), at: new Date(at) });
  }
  return { due, missed };
}

/**
 * `Tue Mar 3, 09:00 Europe/Berlin`: the instant's local date and time in `timezone`, then the zone. The date is there
 * because a weekday alone is ambiguous a week away: a weekly digest made on a Thursday after its time said
 * "Next digest: Thu 08:30" (read as this morning), a last digest a week ago "Last: Thu 08:30".
 */
export function formatNextRun(at: Date, timezone: string): string {
  assertTimeZone(timezone);
  return `${format(new TZDate(at.getTime(), timezone), 'EEE MMM d, HH:mm')} ${timezone}`;
}

/** `Thu Dec 24, 2026, 00:00 Europe/Berlin`: when a timed pause ends, in the digest's zone: as `formatNextRun`, with the year (up to a year ahead). */
export function formatPausedUntil(at: Date, timezone: string): string {
  assertTimeZone(timezone);
  return `${format(new TZDate(at.getTime(), timezone), 'EEE MMM d, yyyy, HH:mm')} ${timezone}`;
}

/**
 * The instant a subscription's digests count from (`dueDigests`' `since`): its creation, or the end of a timed pause
 * the scheduler resumed it from, so digests due while it was paused are not sent late (nor reported as missed).
 */
export function dueSince(subscription: { createdAt: Date; pausedUntil: Date | null }): Date {
  const resumedAt = subscription.pausedUntil;
  return resumedAt !== null && resumedAt > subscription.createdAt ? new Date(resumedAt.getTime() - 1) : subscription.createdAt;
}

/** `every day at 09:00`, `every weekday (Mon–Fri) at 09:00`, `every Tuesday at 09:00`. */
export function describeCadence(schedule: Pick<Schedule, 'time' | 'cadence' | 'weekday'>): string {
  switch (schedule.cadence) {
    case 'daily':
      return `every day at ${schedule.time}`;
    case 'weekdays':
      return `every weekday (Mon–Fri) at ${schedule.time}`;
    case 'weekly':
      return `every ${WEEKDAY_NAMES[schedule.weekday ?? DEFAULT_WEEKLY_WEEKDAY] ?? 'Monday'} at ${schedule.time}`;
  }
}

/** `every Tuesday at 09:00 Europe/Berlin`: for the subscribe reply and `/paper list`. */
export function describeSchedule(schedule: Schedule): string {
  return `${describeCadence(schedule)} ${schedule.timezone}`;
}

// ---------------------------------------------------------------------------------------------
// Defaults and resolution

export interface ScheduleDefaults {
  time: string;
  timezone: string;
  cadence: Cadence;
}

/**
 * Defaults from `DIGEST_DEFAULT_TIME` (09:00) and `DIGEST_DEFAULT_TZ` (UTC); cadence daily.
 * Throws on a value that is set but invalid, so a misconfiguration fails at startup.
 */
export function scheduleDefaultsFromEnv(env: Readonly<Record<string, string | undefined>>): ScheduleDefaults {
  const rawTime = env['DIGEST_DEFAULT_TIME']?.trim() || '09:00';
  const rawZone = env['DIGEST_DEFAULT_TZ']?.trim() || 'UTC';
  const time = parseTime(rawTime);
  if (time === null) throw new Error(`DIGEST_DEFAULT_TIME "${rawTime}" isn't a time; use HH:MM, 24-hour, like 09:00`);
  const timezone = canonicalTimeZone(rawZone);
  if (timezone === null) {
    const meant = zoneMeant(rawZone);
    throw new Error(`DIGEST_DEFAULT_TZ "${rawZone}" isn't an IANA time zone like Europe/Berlin or UTC${meant === null ? '' : `: did you mean DIGEST_DEFAULT_TZ=${meant}?`}`);
  }
  return { time, timezone, cadence: 'daily' };
}

/** The options `/paper subscribe` takes (subscribe-grammar.ts): a `weekday` comes with cadence `weekly`. */
export interface ScheduleOptions {
  time?: string;
  timezone?: string;
  cadence?: Cadence;
  weekday?: number;
}

/**
 * The schedule for a new subscription: the options given, else the defaults. A weekly schedule
 * goes out on the `weekday` given (`every monday`), else on the local weekday of `createdAt` in its zone.
 */
export function resolveSchedule(options: ScheduleOptions, defaults: ScheduleDefaults, createdAt: Date): Schedule {
  const time = options.time ?? defaults.time;
  const timezone = options.timezone ?? defaults.timezone;
  const cadence = options.weekday !== undefined ? 'weekly' : (options.cadence ?? defaults.cadence);
  parseHHMM(time);
  assertTimeZone(timezone);
  const schedule: Schedule = { time, timezone, cadence };
  if (cadence === 'weekly') schedule.weekday = options.weekday ?? weekdayAt(timezone, createdAt);
  return schedule;
}

/** A subscription's schedule as stored (`Subscription` has these). */
interface ScheduleRecord {
  time: string;
  timezone: string;
  cadence: Cadence;
  createdAt: Date;
  weekday?: number | null;
}

/**
 * What subscribing again to a topic the channel has changes (the store's update): only the options given. A day
 * (`every monday`) makes it weekly on that day; another cadence forgets the day. Weekly without a day named: a weekly
 * digest keeps the day it goes out on (written down for one stored without it, whose day a new zone would move),
 * a daily one made weekly goes out on the weekday it is said (`now`, in its zone), as `weekly` on a new subscription.
 */
export function scheduleChanges(
  options: ScheduleOptions,
  before: ScheduleRecord,
  now: Date,
): { time?: string; timezone?: string; cadence?: Cadence; weekday?: number | null } {
  const changes: { time?: string; timezone?: string; cadence?: Cadence; weekday?: number | null } = {};
  if (options.time !== undefined) changes.time = options.time;
  if (options.timezone !== undefined) changes.timezone = options.timezone;
  if (options.weekday !== undefined) {
    changes.cadence = 'weekly';
    changes.weekday = options.weekday;
    return changes;
  }
  if (options.cadence !== undefined) changes.cadence = options.cadence;
  if ((options.cadence ?? before.cadence) !== 'weekly') {
    if (options.cadence !== undefined) changes.weekday = null;
  } else if (before.cadence === 'weekly') {
    if ((before.weekday ?? null) === null && options.timezone !== undefined) changes.weekday = scheduleFromRecord(before).weekday ?? null;
  } else {
    changes.weekday = weekdayAt(options.timezone ?? before.timezone, now);
  }
  return changes;
}

/**
 * The schedule of a stored subscription that has no `weekday` column: a weekly digest goes out on
 * the local weekday of `createdAt` in the subscription's zone (the same rule as `resolveSchedule`).
 */
export function scheduleFromRecord(record: ScheduleRecord): Schedule {
  const schedule: Schedule = { time: record.time, timezone: record.timezone, cadence: record.cadence };
  if (record.cadence === 'weekly') {
    schedule.weekday = record.weekday ?? weekdayAt(record.timezone, record.createdAt);
  }
  return schedule;
}
