/**
 * Local wall time ↔ instant in a time zone, with the DST rules of schedule.ts: a wall time that happens twice
 * is its first occurrence, one that does not exist is the transition instant. Offsets and due instants are
 * memoized: the scheduler asks about the same few zones and times every tick.
 */
import { isValidTimeZone, wallFormatter } from './time-zones.ts';
import { DAY_MS } from './wall-time.ts';

const MINUTE_MS = 60_000;

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
export function localDayNumberAt(timeZone: string, ms: number): number {
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

export function assertTimeZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) throw new RangeError(`Unknown time zone "${timeZone}"`);
}

/** `dayNumber → due instant` for one zone and time of day. */
export function instantsFor(timeZone: string, minuteOfDay: number): (dayNumber: number) => number {
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
