import { describe, expect, it } from 'vitest';
import {
  describeSchedule,
  digestDateFor,
  dueDigests,
  formatNextRun,
  isDigestDay,
  nextRun,
  resolveSchedule,
  scheduleDefaultsFromEnv,
  scheduleFromRecord,
  scheduledInstant,
  type Cadence,
  type Occurrence,
  type Schedule,
} from '../../src/digests/schedule.ts';
import { canonicalTimeZone, isValidTimeZone } from '../../src/digests/time-zones.ts';
import { parseTime, weekdayOfDate } from '../../src/digests/wall-time.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const utc = (iso: string): Date => new Date(iso);
const daily = (time: string, timezone: string): Schedule => ({ time, timezone, cadence: 'daily' });
const iso = (o: Occurrence | null): { digestDate: string; at: string } | null =>
  o === null ? null : { digestDate: o.digestDate, at: o.at.toISOString() };

describe('parseTime', () => {
  it.each<[string, string | null]>([
    ['9:05', '09:05'],
    ['09:05', '09:05'],
    ['21:00', '21:00'],
    ['00:00', '00:00'],
    ['0:00', '00:00'],
    ['23:59', '23:59'],
    ['9am', '09:00'],
    ['9AM', '09:00'],
    ['9 am', '09:00'],
    ['9a.m.', '09:00'],
    ['9:30pm', '21:30'],
    ['9:30 p.m.', '21:30'],
    ['12am', '00:00'],
    ['12:15am', '00:15'],
    ['12pm', '12:00'],
    ['1pm', '13:00'],
    ['noon', '12:00'],
    ['Midnight', '00:00'],
    [' 07:45 ', '07:45'],
    ['25:99', null],
    ['24:00', null],
    ['9:60', null],
    ['9:5', null],
    ['9', null],
    ['13pm', null],
    ['0am', null],
    ['123:00', null],
    ['9:00:00', null],
    ['nine', null],
    ['', null],
    ['-1:00', null],
    ['9.30', null],
  ])('%j → %j', (input, expected) => {
    expect(parseTime(input)).toBe(expected);
  });
});

describe('time zones', () => {
  it.each<[string, boolean]>([
    ['Europe/Berlin', true],
    ['europe/berlin', true],
    ['UTC', true],
    ['GMT', true],
    ['Asia/Kathmandu', true],
    ['Mars/Olympus', false],
    ['', false],
    ['+05:30', false],
    [' Europe/Berlin', false],
  ])('isValidTimeZone(%j) is %s', (tz, valid) => {
    expect(isValidTimeZone(tz)).toBe(valid);
  });

  it.each<[string, string | null]>([
    ['Europe/Berlin', 'Europe/Berlin'],
    ['europe/berlin', 'Europe/Berlin'],
    ['EUROPE/BERLIN', 'Europe/Berlin'],
    ['america/new_york', 'America/New_York'],
    ['america/port-au-prince', 'America/Port-au-Prince'],
    ['asia/kolkata', 'Asia/Kolkata'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['asia/kathmandu', 'Asia/Kathmandu'],
    ['europe/kyiv', 'Europe/Kyiv'],
    ['us/eastern', 'US/Eastern'],
    ['utc', 'UTC'],
    ['UTC', 'UTC'],
    ['gmt', 'GMT'],
    ['etc/utc', 'Etc/UTC'],
    [' Asia/Tokyo ', 'Asia/Tokyo'],
    ['EST', null],
    ['CET', null],
    ['Mars/Olympus', null],
    ['Berlin', null],
    ['', null],
    ['+01:00', null],
  ])('canonicalTimeZone(%j) → %j', (input, expected) => {
    expect(canonicalTimeZone(input)).toBe(expected);
  });
});

describe('local dates', () => {
  it('digestDateFor is the calendar date in the schedule zone', () => {
    const instant = utc('2026-03-06T23:30:00Z'); // a Friday in UTC
    expect(digestDateFor({ timezone: 'UTC' }, instant)).toBe('2026-03-06');
    expect(digestDateFor({ timezone: 'Asia/Tokyo' }, instant)).toBe('2026-03-07');
    expect(digestDateFor({ timezone: 'America/New_York' }, instant)).toBe('2026-03-06');
    expect(digestDateFor({ timezone: 'Asia/Kathmandu' }, utc('2026-03-06T18:14:00Z'))).toBe('2026-03-06');
    expect(digestDateFor({ timezone: 'Asia/Kathmandu' }, utc('2026-03-06T18:15:00Z'))).toBe('2026-03-07');
  });

  it('isDigestDay follows the cadence', () => {
    expect(weekdayOfDate('2026-03-07')).toBe(6);
    const weekdays: Schedule = { time: '09:00', timezone: 'UTC', cadence: 'weekdays' };
    expect(['2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09'].map((d) => isDigestDay(weekdays, d))).toEqual([
      true,
      false,
      false,
      true,
    ]);
    const thursdays: Schedule = { time: '09:00', timezone: 'UTC', cadence: 'weekly', weekday: 4 };
    expect(isDigestDay(thursdays, '2026-03-05')).toBe(true);
    expect(isDigestDay(thursdays, '2026-03-06')).toBe(false);
    const legacyWeekly: Schedule = { time: '09:00', timezone: 'UTC', cadence: 'weekly' };
    expect(isDigestDay(legacyWeekly, '2026-03-09')).toBe(true); // Monday
    expect(isDigestDay(legacyWeekly, '2026-03-10')).toBe(false);
    expect(isDigestDay(daily('09:00', 'UTC'), '2026-03-07')).toBe(true);
  });

  it('rejects malformed input', () => {
    expect(() => isDigestDay(daily('09:00', 'UTC'), '2026-02-30')).toThrow(RangeError);
    expect(() => scheduledInstant(daily('9:00', 'UTC'), '2026-03-01')).toThrow(RangeError);
    expect(() => scheduledInstant(daily('09:00', 'Mars/Olympus'), '2026-03-01')).toThrow(RangeError);
    expect(() => nextRun(daily('09:00', 'Mars/Olympus'), utc('2026-03-01T00:00:00Z'))).toThrow(RangeError);
    const badWeekly: Schedule = { time: '09:00', timezone: 'UTC', cadence: 'weekly', weekday: 7 };
    expect(() => nextRun(badWeekly, utc('2026-03-01T00:00:00Z'))).toThrow(/weekday/);
  });
});

describe('scheduledInstant', () => {
  it.each<[string, string, string, string]>([
    ['09:00', 'UTC', '2026-01-15', '2026-01-15T09:00:00.000Z'],
    ['09:00', 'Europe/Berlin', '2026-01-15', '2026-01-15T08:00:00.000Z'],
    ['09:00', 'Europe/Berlin', '2026-07-15', '2026-07-15T07:00:00.000Z'],
    ['09:00', 'America/New_York', '2026-01-15', '2026-01-15T14:00:00.000Z'],
    ['09:00', 'Asia/Tokyo', '2026-01-15', '2026-01-15T00:00:00.000Z'],
    ['00:30', 'Asia/Tokyo', '2026-01-15', '2026-01-14T15:30:00.000Z'],
    ['09:00', 'Asia/Kathmandu', '2026-01-15', '2026-01-15T03:15:00.000Z'],
    ['23:59', 'Pacific/Kiritimati', '2026-01-15', '2026-01-15T09:59:00.000Z'],
    // Spring forward, Berlin 2026-03-29 02:00 CET → 03:00 CEST: 02:30 doesn't exist → 03:00 CEST.
    ['02:30', 'Europe/Berlin', '2026-03-29', '2026-03-29T01:00:00.000Z'],
    ['02:00', 'Europe/Berlin', '2026-03-29', '2026-03-29T01:00:00.000Z'],
    ['01:59', 'Europe/Berlin', '2026-03-29', '2026-03-29T00:59:00.000Z'],
    ['03:00', 'Europe/Berlin', '2026-03-29', '2026-03-29T01:00:00.000Z'],
    ['03:01', 'Europe/Berlin', '2026-03-29', '2026-03-29T01:01:00.000Z'],
    // Fall back, Berlin 2026-10-25 03:00 CEST → 02:00 CET: 02:30 happens twice → the first (CEST).
    ['02:30', 'Europe/Berlin', '2026-10-25', '2026-10-25T00:30:00.000Z'],
    ['01:30', 'Europe/Berlin', '2026-10-25', '2026-10-24T23:30:00.000Z'],
    ['03:00', 'Europe/Berlin', '2026-10-25', '2026-10-25T02:00:00.000Z'],
    // New York: spring 2026-03-08 02:00 → 03:00; fall 2026-11-01 02:00 → 01:00.
    ['02:30', 'America/New_York', '2026-03-08', '2026-03-08T07:00:00.000Z'],
    ['09:00', 'America/New_York', '2026-03-08', '2026-03-08T13:00:00.000Z'],
    ['01:30', 'America/New_York', '2026-11-01', '2026-11-01T05:30:00.000Z'],
    // Lord Howe shifts by 30 minutes: 02:00 → 02:30 on 2026-10-04, 02:00 → 01:30 on 2026-04-05.
    ['02:15', 'Australia/Lord_Howe', '2026-10-04', '2026-10-03T15:30:00.000Z'],
    ['01:45', 'Australia/Lord_Howe', '2026-04-05', '2026-04-04T14:45:00.000Z'],
    // Samoa skipped 2011-12-30 entirely: its digest goes out at the first instant of 12-31.
    ['09:00', 'Pacific/Apia', '2011-12-30', '2011-12-30T10:00:00.000Z'],
  ])('%s %s on %s → %s', (time, timezone, date, expected) => {
    expect(scheduledInstant(daily(time, timezone), date).toISOString()).toBe(expected);
  });
});

describe('nextRun', () => {
  const cases: Array<[string, Schedule, string, string, string]> = [
    ['UTC, later today', daily('09:00', 'UTC'), '2026-03-03T08:59:00Z', '2026-03-03', '2026-03-03T09:00:00.000Z'],
    ['UTC, strictly after', daily('09:00', 'UTC'), '2026-03-03T09:00:00Z', '2026-03-04', '2026-03-04T09:00:00.000Z'],
    ['Berlin winter', daily('09:00', 'Europe/Berlin'), '2026-03-03T07:59:59Z', '2026-03-03', '2026-03-03T08:00:00.000Z'],
    ['Berlin summer', daily('09:00', 'Europe/Berlin'), '2026-06-03T07:00:00Z', '2026-06-04', '2026-06-04T07:00:00.000Z'],
    ['New York, evening UTC', daily('09:00', 'America/New_York'), '2026-03-03T23:00:00Z', '2026-03-04', '2026-03-04T14:00:00.000Z'],
    ['Tokyo, already tomorrow there', daily('08:00', 'Asia/Tokyo'), '2026-03-03T22:00:00Z', '2026-03-04', '2026-03-03T23:00:00.000Z'],
    ['Tokyo, after today\'s', daily('08:00', 'Asia/Tokyo'), '2026-03-03T23:00:00Z', '2026-03-05', '2026-03-04T23:00:00.000Z'],
    ['Kathmandu +05:45', daily('09:00', 'Asia/Kathmandu'), '2026-03-03T03:14:00Z', '2026-03-03', '2026-03-03T03:15:00.000Z'],
    ['Kathmandu, just after', daily('09:00', 'Asia/Kathmandu'), '2026-03-03T03:15:00Z', '2026-03-04', '2026-03-04T03:15:00.000Z'],
    [
      'weekdays: Friday 23:30 UTC is Saturday in Tokyo → Monday',
      { time: '09:00', timezone: 'Asia/Tokyo', cadence: 'weekdays' },
      '2026-03-06T23:30:00Z',
      '2026-03-09',
      '2026-03-09T00:00:00.000Z',
    ],
    [
      'weekdays: Friday evening in New York is still Friday there',
      { time: '20:00', timezone: 'America/New_York', cadence: 'weekdays' },
      '2026-03-06T23:30:00Z',
      '2026-03-06',
      '2026-03-07T01:00:00.000Z',
    ],
    [
      'weekly Wednesday from a Wednesday after the time',
      { time: '09:00', timezone: 'Europe/Berlin', cadence: 'weekly', weekday: 3 },
      '2026-03-04T09:00:00Z',
      '2026-03-11',
      '2026-03-11T08:00:00.000Z',
    ],
    ['Berlin spring-forward gap', daily('02:30', 'Europe/Berlin'), '2026-03-28T12:00:00Z', '2026-03-29', '2026-03-29T01:00:00.000Z'],
    ['Berlin fall-back: first 02:30 only', daily('02:30', 'Europe/Berlin'), '2026-10-25T00:30:00Z', '2026-10-26', '2026-10-26T01:30:00.000Z'],
    ['New York spring gap', daily('02:30', 'America/New_York'), '2026-03-07T08:00:00Z', '2026-03-08', '2026-03-08T07:00:00.000Z'],
  ];
  it.each(cases)('%s', (_name, schedule, after, digestDate, at) => {
    expect(iso(nextRun(schedule, utc(after)))).toEqual({ digestDate, at });
  });

  it('chains day by day without gaps or repeats across the Berlin DST change', () => {
    const schedule = daily('02:30', 'Europe/Berlin');
    let cursor = utc('2026-03-26T00:00:00Z');
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) {
      const run = nextRun(schedule, cursor);
      seen.push(`${run.digestDate} ${run.at.toISOString()}`);
      cursor = run.at;
    }
    expect(seen).toEqual([
      '2026-03-26 2026-03-26T01:30:00.000Z',
      '2026-03-27 2026-03-27T01:30:00.000Z',
      '2026-03-28 2026-03-28T01:30:00.000Z',
      '2026-03-29 2026-03-29T01:00:00.000Z',
      '2026-03-30 2026-03-30T00:30:00.000Z',
      '2026-03-31 2026-03-31T00:30:00.000Z',
    ]);
  });
});

describe('dueDigests', () => {
  const schedule = daily('09:00', 'Europe/Berlin'); // 08:00Z in March
  const window = 15 * MIN;

  it('is due from the scheduled instant to the end of the catch-up window, both inclusive', () => {
    const at = '2026-03-03T08:00:00.000Z';
    expect(dueDigests(schedule, utc('2026-03-03T07:59:59.999Z'), window).due).toBeNull();
    expect(iso(dueDigests(schedule, utc(at), window).due)).toEqual({ digestDate: '2026-03-03', at });
    expect(iso(dueDigests(schedule, utc('2026-03-03T08:15:00.000Z'), window).due)).toEqual({ digestDate: '2026-03-03', at });
    const late = dueDigests(schedule, utc('2026-03-03T08:15:00.001Z'), window, { maxMissed: 2 });
    expect(late.due).toBeNull();
    expect(late.missed.map(iso)).toEqual([
      { digestDate: '2026-03-03', at },
      { digestDate: '2026-03-02', at: '2026-03-02T08:00:00.000Z' },
    ]);
  });

  it('with a zero window is due only at the exact instant', () => {
    expect(dueDigests(schedule, utc('2026-03-03T08:00:00.000Z'), 0).due).not.toBeNull();
    expect(dueDigests(schedule, utc('2026-03-03T08:00:00.001Z'), 0).due).toBeNull();
  });

  it('after a long downtime sends only the latest and reports the older ones as missed', () => {
    const result = dueDigests(schedule, utc('2026-03-06T08:05:00Z'), 3 * DAY, { maxMissed: 3 });
    expect(iso(result.due)).toEqual({ digestDate: '2026-03-06', at: '2026-03-06T08:00:00.000Z' });
    expect(result.missed.map((o) => o.digestDate)).toEqual(['2026-03-05', '2026-03-04', '2026-03-03']);
  });

  it('since: occurrences at or before it are neither due nor missed', () => {
    const since = utc('2026-03-03T08:00:00Z'); // the last one we sent
    const downtime = dueDigests(schedule, utc('2026-03-06T12:00:00Z'), window, { since });
    expect(downtime.due).toBeNull();
    expect(downtime.missed.map((o) => o.digestDate)).toEqual(['2026-03-06', '2026-03-05', '2026-03-04']);
    expect(dueDigests(schedule, utc('2026-03-03T08:05:00Z'), window, { since }).due).toBeNull();
    expect(dueDigests(schedule, utc('2026-03-03T08:05:00Z'), window, { since: utc('2026-03-03T07:00:00Z') }).due).not.toBeNull();
  });

  it('weekdays: Monday morning, the weekend is not missed', () => {
    const weekdays: Schedule = { time: '09:00', timezone: 'Asia/Tokyo', cadence: 'weekdays' };
    const result = dueDigests(weekdays, utc('2026-03-09T00:10:00Z'), window, { maxMissed: 2 });
    expect(iso(result.due)).toEqual({ digestDate: '2026-03-09', at: '2026-03-09T00:00:00.000Z' });
    expect(result.missed.map((o) => o.digestDate)).toEqual(['2026-03-06', '2026-03-05']);
  });

  it('caps missed at maxMissed, also for weekly schedules', () => {
    const weekly: Schedule = { time: '09:00', timezone: 'UTC', cadence: 'weekly', weekday: 1 };
    const result = dueDigests(weekly, utc('2026-03-10T00:00:00Z'), window);
    expect(result.due).toBeNull();
    expect(result.missed).toHaveLength(7);
    expect(result.missed[0]?.digestDate).toBe('2026-03-09');
    expect(result.missed[6]?.digestDate).toBe('2026-01-26');
    expect(dueDigests(weekly, utc('2026-03-10T00:00:00Z'), window, { maxMissed: 0 }).missed).toEqual([]);
  });

  it('spring-forward: the nonexistent 02:30 is due once, at 03:00 local', () => {
    const s = daily('02:30', 'Europe/Berlin');
    expect(dueDigests(s, utc('2026-03-29T00:59:59.999Z'), window).due).toBeNull();
    expect(iso(dueDigests(s, utc('2026-03-29T01:00:00Z'), 0).due)).toEqual({
      digestDate: '2026-03-29',
      at: '2026-03-29T01:00:00.000Z',
    });
  });

  it('fall-back: the repeated 02:30 is due only at its first occurrence', () => {
    const s = daily('02:30', 'Europe/Berlin');
    expect(dueDigests(s, utc('2026-10-25T00:30:00Z'), 0).due?.digestDate).toBe('2026-10-25');
    // The second 02:30 (CET, 01:30Z) is not a new occurrence.
    expect(dueDigests(s, utc('2026-10-25T01:30:00Z'), 0).due).toBeNull();
  });
});

describe('formatting and resolution', () => {
  it('formatNextRun shows local weekday, time and zone', () => {
    expect(formatNextRun(utc('2026-03-03T08:00:00Z'), 'Europe/Berlin')).toBe('Tue Mar 3, 09:00 Europe/Berlin');
    expect(formatNextRun(utc('2026-03-06T23:30:00Z'), 'Asia/Tokyo')).toBe('Sat Mar 7, 08:30 Asia/Tokyo');
    expect(formatNextRun(utc('2026-03-03T03:15:00Z'), 'Asia/Kathmandu')).toBe('Tue Mar 3, 09:00 Asia/Kathmandu');
    expect(formatNextRun(utc('2026-03-29T01:00:00Z'), 'Europe/Berlin')).toBe('Sun Mar 29, 03:00 Europe/Berlin');
  });

  it('a weekly digest made on its weekday after its time says the date a week away, not just "Thu"', () => {
    const thursdays: Schedule = { time: '08:30', timezone: 'UTC', cadence: 'weekly', weekday: 4 };
    const madeThursdayMorning = utc('2026-12-03T09:53:00Z');
    expect(formatNextRun(nextRun(thursdays, madeThursdayMorning).at, 'UTC')).toBe('Thu Dec 10, 08:30 UTC');
  });

  it('describeSchedule says which day a weekly digest goes out', () => {
    expect(describeSchedule(daily('09:00', 'UTC'))).toBe('every day at 09:00 UTC');
    expect(describeSchedule({ time: '07:30', timezone: 'Europe/Berlin', cadence: 'weekdays' })).toBe(
      'every weekday (Mon–Fri) at 07:30 Europe/Berlin',
    );
    expect(describeSchedule({ time: '09:00', timezone: 'UTC', cadence: 'weekly', weekday: 2 })).toBe(
      'every Tuesday at 09:00 UTC',
    );
    expect(describeSchedule({ time: '09:00', timezone: 'UTC', cadence: 'weekly' })).toBe('every Monday at 09:00 UTC');
  });

  it('scheduleDefaultsFromEnv reads DIGEST_DEFAULT_TIME / DIGEST_DEFAULT_TZ', () => {
    expect(scheduleDefaultsFromEnv({})).toEqual({ time: '09:00', timezone: 'UTC', cadence: 'daily' });
    expect(scheduleDefaultsFromEnv({ DIGEST_DEFAULT_TIME: '7:30', DIGEST_DEFAULT_TZ: 'europe/berlin' })).toEqual({
      time: '07:30',
      timezone: 'Europe/Berlin',
      cadence: 'daily',
    });
    expect(scheduleDefaultsFromEnv({ DIGEST_DEFAULT_TIME: '', DIGEST_DEFAULT_TZ: ' ' })).toEqual({
      time: '09:00',
      timezone: 'UTC',
      cadence: 'daily',
    });
    expect(() => scheduleDefaultsFromEnv({ DIGEST_DEFAULT_TIME: '25:00' })).toThrow(/DIGEST_DEFAULT_TIME/);
    expect(() => scheduleDefaultsFromEnv({ DIGEST_DEFAULT_TZ: 'Mars/Olympus' })).toThrow(/DIGEST_DEFAULT_TZ/);
    expect(() => scheduleDefaultsFromEnv({ DIGEST_DEFAULT_TZ: 'Europe/Berln' })).toThrow(/did you mean DIGEST_DEFAULT_TZ=Europe\/Berlin\?$/);
    expect(() => scheduleDefaultsFromEnv({ DIGEST_DEFAULT_TZ: 'PST' })).toThrow(/did you mean DIGEST_DEFAULT_TZ=America\/Los_Angeles\?$/);
  });

  it('resolveSchedule applies defaults and pins weekly to the local creation weekday', () => {
    const defaults = { time: '09:00', timezone: 'UTC', cadence: 'daily' as Cadence };
    const friday2330Z = utc('2026-03-06T23:30:00Z');
    expect(resolveSchedule({}, defaults, friday2330Z)).toEqual({ time: '09:00', timezone: 'UTC', cadence: 'daily' });
    expect(resolveSchedule({ cadence: 'weekly' }, defaults, friday2330Z)).toEqual({
      time: '09:00',
      timezone: 'UTC',
      cadence: 'weekly',
      weekday: 5,
    });
    expect(resolveSchedule({ cadence: 'weekly', timezone: 'Asia/Tokyo', time: '08:00' }, defaults, friday2330Z)).toEqual({
      time: '08:00',
      timezone: 'Asia/Tokyo',
      cadence: 'weekly',
      weekday: 6,
    });
  });
});

describe('scheduleFromRecord', () => {
  it('derives the weekly weekday from createdAt in the subscription zone', () => {
    const createdAt = utc('2026-03-06T23:30:00Z'); // Friday in UTC, Saturday in Tokyo
    const base = { time: '08:00', createdAt };
    expect(scheduleFromRecord({ ...base, timezone: 'Asia/Tokyo', cadence: 'weekly' })).toEqual({
      time: '08:00',
      timezone: 'Asia/Tokyo',
      cadence: 'weekly',
      weekday: 6,
    });
    expect(scheduleFromRecord({ ...base, timezone: 'UTC', cadence: 'weekly' }).weekday).toBe(5);
    expect(scheduleFromRecord({ ...base, timezone: 'UTC', cadence: 'weekly', weekday: 2 }).weekday).toBe(2);
    expect(scheduleFromRecord({ ...base, timezone: 'UTC', cadence: 'daily' })).toEqual({
      time: '08:00',
      timezone: 'UTC',
      cadence: 'daily',
    });
  });
});

// The cost of these checks per tick is measured by `npm run bench:schedule`.
describe('simulated scheduler', () => {
  interface Sub {
    id: string;
    schedule: Schedule;
  }

  /** Expected digest dates: every local date in [first, last] that is a digest day. */
  function expectedDates(schedule: Schedule, first: string, last: string): string[] {
    const out: string[] = [];
    for (let ms = Date.parse(`${first}T00:00:00Z`); ms <= Date.parse(`${last}T00:00:00Z`); ms += DAY) {
      const date = new Date(ms).toISOString().slice(0, 10);
      if (isDigestDay(schedule, date)) out.push(date);
    }
    return out;
  }

  /**
   * Ticks every `stepMs` from `start` to `end`, like the real scheduler. Records the first tick at
   * which each (subscription, digest date) was due, and every report when `since` = previous tick.
   */
  function simulate(subs: Sub[], start: string, end: string, stepMs: number, catchUpMs: number) {
    const firstDue = new Map<string, { tick: number; at: number }>();
    const reportedWithSince: string[] = [];
    const startMs = Date.parse(start);
    const endMs = Date.parse(end);
    for (let tick = startMs; tick <= endMs; tick += stepMs) {
      const now = new Date(tick);
      const previous = new Date(tick - stepMs);
      for (const sub of subs) {
        const { due } = dueDigests(sub.schedule, now, catchUpMs, { maxMissed: 0 });
        if (due) {
          const key = `${sub.id} ${due.digestDate}`;
          if (!firstDue.has(key)) firstDue.set(key, { tick, at: due.at.getTime() });
        }
        const once = dueDigests(sub.schedule, now, catchUpMs, { since: previous, maxMissed: 0 }).due;
        if (once) reportedWithSince.push(`${sub.id} ${once.digestDate}`);
      }
    }
    return { firstDue, reportedWithSince };
  }

  const subs: Sub[] = [
    { id: 'berlin-0230', schedule: daily('02:30', 'Europe/Berlin') },
    { id: 'berlin-0200-weekdays', schedule: { time: '02:00', timezone: 'Europe/Berlin', cadence: 'weekdays' } },
    { id: 'berlin-0900-weekly-sun', schedule: { time: '09:00', timezone: 'Europe/Berlin', cadence: 'weekly', weekday: 0 } },
    { id: 'ny-0230', schedule: daily('02:30', 'America/New_York') },
    { id: 'ny-0130-weekdays', schedule: { time: '01:30', timezone: 'America/New_York', cadence: 'weekdays' } },
    { id: 'tokyo-0800-weekdays', schedule: { time: '08:00', timezone: 'Asia/Tokyo', cadence: 'weekdays' } },
    { id: 'kathmandu-0745', schedule: daily('07:45', 'Asia/Kathmandu') },
    { id: 'utc-0000', schedule: daily('00:00', 'UTC') },
    { id: 'lordhowe-0145', schedule: daily('01:45', 'Australia/Lord_Howe') },
    { id: 'lordhowe-0215', schedule: daily('02:15', 'Australia/Lord_Howe') },
  ];

  // [name, start, end, first and last local date fully inside the window]
  const windows: Array<[string, string, string, string, string]> = [
    ['New York spring-forward 03-08', '2026-03-05T00:00:00Z', '2026-03-10T12:00:00Z', '2026-03-06', '2026-03-09'],
    ['Berlin spring-forward 03-29, Lord Howe fall-back 04-05', '2026-03-26T00:00:00Z', '2026-04-06T12:00:00Z', '2026-03-27', '2026-04-05'],
    ['Lord Howe spring-forward 10-04', '2026-10-02T00:00:00Z', '2026-10-06T00:00:00Z', '2026-10-03', '2026-10-04'],
    ['Berlin fall-back 10-25, New York fall-back 11-01', '2026-10-22T00:00:00Z', '2026-11-03T00:00:00Z', '2026-10-23', '2026-11-01'],
  ];
  const results = new Map<string, ReturnType<typeof simulate>>();
  const resultFor = (name: string, start: string, end: string) => {
    let result = results.get(name);
    if (!result) {
      result = simulate(subs, start, end, MIN, 10 * MIN);
      results.set(name, result);
    }
    return result;
  };

  it.each(windows)('each subscription is due exactly once per digest day, ticking every minute: %s', (name, start, end, first, last) => {
    const { firstDue, reportedWithSince } = resultFor(name, start, end);
    for (const sub of subs) {
      const expected = expectedDates(sub.schedule, first, last);
      const dueDates = [...firstDue.keys()].filter((k) => k.startsWith(`${sub.id} `)).map((k) => k.slice(sub.id.length + 1));
      // Every digest day in the fully simulated range, and nothing else (a Set can't hold twins).
      expect(dueDates.filter((d) => d >= first && d <= last), sub.id).toEqual(expected);
      for (const date of dueDates) {
        expect(isDigestDay(sub.schedule, date), `${sub.id} ${date}`).toBe(true);
        // First due at the tick of its scheduled instant (all test instants are whole minutes).
        const hit = firstDue.get(`${sub.id} ${date}`);
        expect(hit?.tick, `${sub.id} ${date}`).toBe(hit?.at);
        expect(hit?.at).toBe(scheduledInstant(sub.schedule, date).getTime());
      }
    }
    // With since = previous tick, each occurrence is reported exactly once, without deduplication.
    expect(new Set(reportedWithSince).size).toBe(reportedWithSince.length);
    expect([...reportedWithSince].sort()).toEqual([...firstDue.keys()].sort());
  });

  it('the DST days fire at the expected instants', () => {
    const dueAt = (windowIndex: number, key: string): string | undefined => {
      const w = windows[windowIndex];
      if (!w) throw new Error('no such window');
      const hit = resultFor(w[0], w[1], w[2]).firstDue.get(key);
      return hit === undefined ? undefined : new Date(hit.tick).toISOString();
    };
    expect(dueAt(0, 'ny-0230 2026-03-08')).toBe('2026-03-08T07:00:00.000Z'); // 03:00 EDT
    expect(dueAt(1, 'berlin-0230 2026-03-29')).toBe('2026-03-29T01:00:00.000Z'); // 03:00 CEST
    expect(dueAt(1, 'berlin-0900-weekly-sun 2026-03-29')).toBe('2026-03-29T07:00:00.000Z');
    expect(dueAt(1, 'lordhowe-0145 2026-04-05')).toBe('2026-04-04T14:45:00.000Z'); // first 01:45 (+11)
    expect(dueAt(2, 'lordhowe-0145 2026-10-04')).toBe('2026-10-03T15:15:00.000Z'); // +10:30, before the gap
    expect(dueAt(2, 'lordhowe-0215 2026-10-04')).toBe('2026-10-03T15:30:00.000Z'); // in the 02:00–02:30 gap → 02:30
    expect(dueAt(3, 'berlin-0230 2026-10-25')).toBe('2026-10-25T00:30:00.000Z'); // first 02:30 (CEST)
    expect(dueAt(3, 'ny-0230 2026-11-01')).toBe('2026-11-01T07:30:00.000Z'); // 02:30 EST, once
    expect(dueAt(3, 'ny-0130-weekdays 2026-11-02')).toBe('2026-11-02T06:30:00.000Z');
  });
});
