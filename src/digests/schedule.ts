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
 *   to the weekday the subscription was created on, in its zone. A weekly schedule without
 *   `weekday` (older records) falls back to Monday. The reply says which day ("every Tuesday at 09:00").
 * - Times are honoured to the minute.
 * - DST spring-forward: a wall time that doesn't exist that day (02:30 in Berlin on 2026-03-29)
 *   is due once, at the first valid instant after it: the transition itself (03:00 local, 01:00Z).
 * - DST fall-back: a wall time that happens twice (02:30 in Berlin on 2026-10-25) is due once, at
 *   its first occurrence (02:30 CEST, 00:30Z).
 */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

export type Cadence = 'daily' | 'weekdays' | 'weekly';

export const CADENCES: readonly Cadence[] = ['daily', 'weekdays', 'weekly'];

export interface Schedule {
  /** Local wall-clock time, `HH:MM`, 24-hour. */
  time: string;
  /** IANA time zone name, e.g. `Europe/Berlin` (see `canonicalTimeZone`). */
  timezone: string;
  cadence: Cadence;
  /**
   * `weekly` only: the local weekday the digest goes out, 0 = Sunday … 6 = Saturday. Set from the
   * day the subscription was created (`resolveSchedule`). Missing → Monday. Ignored for other cadences.
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

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export function isCadence(value: string): value is Cadence {
  return (CADENCES as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------------------------
// Time zones

const formatterCache = new Map<string, Intl.DateTimeFormat>();

/** A cached en-US formatter printing `MM/DD/YYYY, HH:MM:SS` (h23) in `timeZone`; throws RangeError for unknown zones. */
function wallFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatterCache.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatterCache.set(timeZone, formatter);
  }
  return formatter;
}

/** True when `Intl` knows the zone (IANA names and links, any letter case; also `UTC`, `GMT`). */
export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || tz.trim() === '' || tz !== tz.trim()) return false;
  try {
    wallFormatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** Names we accept without a region: everything else needs `Area/Location`. */
const BARE_ZONES = new Map<string, string>([
  ['utc', 'UTC'],
  ['gmt', 'GMT'],
]);

let knownZonesByLowerCase: Map<string, string> | null = null;

function knownZones(): Map<string, string> {
  if (!knownZonesByLowerCase) {
    knownZonesByLowerCase = new Map();
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      knownZonesByLowerCase.set(zone.toLowerCase(), zone);
    }
    for (const zone of ['Etc/UTC', 'Etc/GMT']) knownZonesByLowerCase.set(zone.toLowerCase(), zone);
  }
  return knownZonesByLowerCase;
}

const LOWER_CASE_WORDS = new Set(['es', 'au', 'of']);
const UPPER_CASE_WORDS = new Set(['us', 'gmt', 'utc', 'uct']);

/**
 * `asia/ho_chi_minh` → `Asia/Ho_Chi_Minh`, `us/eastern` → `US/Eastern`: the usual IANA
 * capitalisation, for links `Intl.supportedValuesOf` doesn't list (Asia/Kolkata, Europe/Kyiv).
 */
function capitalizeZone(tz: string): string {
  return tz
    .toLowerCase()
    .replace(/[a-z]+/g, (word, offset: number, whole: string) => {
      if (UPPER_CASE_WORDS.has(word)) return word.toUpperCase();
      if (LOWER_CASE_WORDS.has(word) && offset > 0 && /[_-]/.test(whole.charAt(offset - 1))) return word;
      return word.charAt(0).toUpperCase() + word.slice(1);
    });
}

function resolvedZone(tz: string): string | null {
  try {
    return wallFormatter(tz).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/**
 * The properly-cased IANA name for user input, or null. Case-insensitive ("europe/berlin" →
 * "Europe/Berlin"); "UTC"/"GMT" (any case) are accepted as such. Modern names are kept as typed
 * ("Asia/Kolkata", "Europe/Kyiv") even though this ICU canonicalises them to older spellings.
 * Region-less abbreviations other than UTC/GMT ("EST", "CET") are rejected: they don't follow
 * daylight saving the way the people typing them expect. Use `isValidTimeZone` to tell
 * "unknown" from "known but not accepted".
 */
export function canonicalTimeZone(tz: string): string | null {
  const input = tz.trim();
  if (input === '') return null;
  const lower = input.toLowerCase();
  const bare = BARE_ZONES.get(lower);
  if (bare) return bare;
  if (!input.includes('/')) return null;
  const canonical = resolvedZone(input);
  if (canonical === null) return null;
  const known = knownZones().get(lower);
  if (known) return known;
  // Intl matches names case-insensitively, so this only fixes the spelling of a zone it knows.
  return capitalizeZone(input);
}

// ---------------------------------------------------------------------------------------------
// Times

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

function parseHHMM(time: string): { hour: number; minute: number } {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) throw new RangeError(`Invalid schedule time "${time}" (expected HH:MM, 24-hour)`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

// ---------------------------------------------------------------------------------------------
// Calendar dates: `YYYY-MM-DD` outside, day numbers (days since 1970-01-01) inside.

function parseDayNumber(localDate: string): number {
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

function formatDayNumber(dayNumber: number): string {
  const d = new Date(dayNumber * DAY_MS);
  return formatDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** 1970-01-01 was a Thursday. */
function weekdayOfDayNumber(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/** 0 = Sunday … 6 = Saturday for a calendar date (no zone involved). */
export function weekdayOfDate(localDate: string): number {
  return weekdayOfDayNumber(parseDayNumber(localDate));
}

// ---------------------------------------------------------------------------------------------
// Zone arithmetic

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const WALL_PATTERN = /^(\d{2})\/(\d{2})\/(\d+), (\d{2}):(\d{2}):(\d{2})$/;

function wallTimeAt(timeZone: string, ms: number): WallTime {
  const text = wallFormatter(timeZone).format(ms);
  const match = WALL_PATTERN.exec(text);
  if (!match) throw new RangeError(`Cannot read the wall time in ${timeZone} at ${new Date(ms).toISOString()}`);
  return {
    month: Number(match[1]),
    day: Number(match[2]),
    year: Number(match[3]),
    hour: Number(match[4]),
    minute: Number(match[5]),
    second: Number(match[6]),
  };
}

/** The local day number of instant `ms` in `timeZone`. */
function localDayNumberAt(timeZone: string, ms: number): number {
  return Math.floor((ms + cachedOffsetAt(timeZone, ms)) / DAY_MS);
}

// Offsets per zone and 15-minute bucket, when the offset is the same at both ends of the bucket
// (null: a transition inside, computed exactly each time). Saves an Intl call per scheduler tick.
const BUCKET_MS = 15 * MINUTE_MS;
const offsetBuckets = new Map<string, Map<number, number | null>>();
const BUCKET_CACHE_LIMIT = 50_000;

function cachedOffsetAt(timeZone: string, ms: number): number {
  let buckets = offsetBuckets.get(timeZone);
  if (!buckets) {
    buckets = new Map();
    offsetBuckets.set(timeZone, buckets);
  }
  const bucket = Math.floor(ms / BUCKET_MS);
  let offset = buckets.get(bucket);
  if (offset === undefined) {
    const first = offsetAt(timeZone, bucket * BUCKET_MS);
    const last = offsetAt(timeZone, (bucket + 1) * BUCKET_MS - 1000);
    offset = first === last ? first : null;
    if (buckets.size >= BUCKET_CACHE_LIMIT) buckets.clear();
    buckets.set(bucket, offset);
  }
  return offset ?? offsetAt(timeZone, ms);
}

/** UTC offset of `timeZone` at `ms`, in milliseconds (local = UTC + offset). */
function offsetAt(timeZone: string, ms: number): number {
  const w = wallTimeAt(timeZone, ms);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant a local wall time happens in `timeZone`: the earlier one when it happens twice
 * (fall-back), the transition instant (first valid instant after it) when it doesn't exist.
 */
function wallToInstant(timeZone: string, dayNumber: number, minuteOfDay: number): number {
  const naive = dayNumber * DAY_MS + minuteOfDay * MINUTE_MS;
  const offsetBefore = offsetAt(timeZone, naive - DAY_MS);
  const offsetAfter = offsetAt(timeZone, naive + DAY_MS);
  const valid = [naive - offsetBefore, naive - offsetAfter].filter((t) => offsetAt(timeZone, t) === naive - t);
  if (valid.length > 0) return Math.min(...valid);
  if (offsetBefore === offsetAfter) return naive - offsetBefore; // not expected: no transition nearby
  // A gap: the clock jumped over this wall time. Binary-search the transition (second resolution).
  let lo = naive - Math.max(offsetBefore, offsetAfter); // still the old offset here
  let hi = naive - Math.min(offsetBefore, offsetAfter); // already the new offset here
  const oldOffset = offsetAt(timeZone, lo);
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (offsetAt(timeZone, mid) === oldOffset) lo = mid;
    else hi = mid;
  }
  return hi;
}

// Memo for due instants, per (zone, minute of day) then day number: the scheduler asks about the
// same few every tick.
const instantCache = new Map<string, Map<number, number>>();
const INSTANT_CACHE_LIMIT = 5_000;

function assertTimeZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) throw new RangeError(`Unknown time zone "${timeZone}"`);
}

/** `dayNumber → due instant` for one zone and time of day. */
function instantsFor(timeZone: string, minuteOfDay: number): (dayNumber: number) => number {
  const key = `${timeZone}|${minuteOfDay}`;
  let days = instantCache.get(key);
  if (!days) {
    days = new Map();
    instantCache.set(key, days);
  }
  const memo = days;
  return (dayNumber) => {
    let at = memo.get(dayNumber);
    if (at === undefined) {
      at = wallToInstant(timeZone, dayNumber, minuteOfDay);
      if (memo.size >= INSTANT_CACHE_LIMIT) memo.clear();
      memo.set(dayNumber, at);
    }
    return at;
  };
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

/** `Tue 09:00 Europe/Berlin`: the instant's local weekday and time in `timezone`, then the zone. */
export function formatNextRun(at: Date, timezone: string): string {
  assertTimeZone(timezone);
  return `${format(new TZDate(at.getTime(), timezone), 'EEE HH:mm')} ${timezone}`;
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
  if (timezone === null) throw new Error(`DIGEST_DEFAULT_TZ "${rawZone}" isn't an IANA time zone like Europe/Berlin or UTC`);
  return { time, timezone, cadence: 'daily' };
}

/**
 * The schedule for a new subscription: the options given, else the defaults. A weekly schedule
 * gets the local weekday of `createdAt` in its zone.
 */
export function resolveSchedule(
  options: { time?: string; timezone?: string; cadence?: Cadence },
  defaults: ScheduleDefaults,
  createdAt: Date,
): Schedule {
  const time = options.time ?? defaults.time;
  const timezone = options.timezone ?? defaults.timezone;
  const cadence = options.cadence ?? defaults.cadence;
  parseHHMM(time);
  assertTimeZone(timezone);
  const schedule: Schedule = { time, timezone, cadence };
  if (cadence === 'weekly') schedule.weekday = weekdayAt(timezone, createdAt);
  return schedule;
}

/**
 * The schedule of a stored subscription that has no `weekday` column: a weekly digest goes out on
 * the local weekday of `createdAt` in the subscription's zone (the same rule as `resolveSchedule`).
 */
export function scheduleFromRecord(record: {
  time: string;
  timezone: string;
  cadence: Cadence;
  createdAt: Date;
  weekday?: number | null;
}): Schedule {
  const schedule: Schedule = { time: record.time, timezone: record.timezone, cadence: record.cadence };
  if (record.cadence === 'weekly') {
    schedule.weekday = record.weekday ?? weekdayAt(record.timezone, record.createdAt);
  }
  return schedule;
}
