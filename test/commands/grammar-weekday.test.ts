/**
 * A weekly digest's day in `/paper subscribe` (`every monday`, `weekly on monday`, `on mondays`, `every mon`), the
 * `every day` / `every weekday` / `every week` phrases, and the schedules it still refuses (`monthly`, a bare weekday
 * such as `black friday`); `/paper digest` reads the same words. Pure: the grammar only.
 */
import { describe, expect, it } from 'vitest';
import { parseCommand, type PaperCommand } from '../../src/commands/grammar.ts';

const refusal = (input: string): string => {
  const result = parseCommand(input);
  if (result.kind !== 'invalid') throw new Error(`expected invalid for ${JSON.stringify(input)}, got ${JSON.stringify(result)}`);
  return result.message;
};

describe('/paper subscribe … on a weekday', () => {
  it.each<[string, PaperCommand]>([
    ['subscribe sparse attention every monday', { kind: 'subscribe', topic: 'sparse attention', cadence: 'weekly', weekday: 1 }],
    ['subscribe sparse attention weekly on Monday', { kind: 'subscribe', topic: 'sparse attention', cadence: 'weekly', weekday: 1 }],
    ['subscribe sparse attention EVERY MONDAYS', { kind: 'subscribe', topic: 'sparse attention', cadence: 'weekly', weekday: 1 }],
    ['subscribe sparse attention every sun', { kind: 'subscribe', topic: 'sparse attention', cadence: 'weekly', weekday: 0 }],
    ['subscribe sparse attention weekly on thurs', { kind: 'subscribe', topic: 'sparse attention', cadence: 'weekly', weekday: 4 }],
    ['subscribe sparse attention each Sat.', { kind: 'subscribe', topic: 'sparse attention', cadence: 'weekly', weekday: 6 }],
    ['subscribe sparse attention on fridays', { kind: 'subscribe', topic: 'sparse attention', cadence: 'weekly', weekday: 5 }],
    ['subscribe sparse attention on tuesday weekly', { kind: 'subscribe', topic: 'sparse attention', cadence: 'weekly', weekday: 2 }],
    [
      'subscribe sparse attention every wednesday at 07:30 tz Europe/Berlin',
      { kind: 'subscribe', topic: 'sparse attention', time: '07:30', timezone: 'Europe/Berlin', cadence: 'weekly', weekday: 3 },
    ],
    [
      'subscribe sparse attention at 07:30 every wed tz Europe/Berlin',
      { kind: 'subscribe', topic: 'sparse attention', time: '07:30', timezone: 'Europe/Berlin', cadence: 'weekly', weekday: 3 },
    ],
    ['subscribe top every monday', { kind: 'subscribe', topic: '', top: true, cadence: 'weekly', weekday: 1 }],
    ['subscribe "black friday" every friday', { kind: 'subscribe', topic: 'black friday', cadence: 'weekly', weekday: 5 }],
    ['subscribe "black friday"', { kind: 'subscribe', topic: 'black friday' }],
    // A short name is a topic word unless `every` or `weekly on` comes before it: "benchmarks on SAT".
    ['subscribe benchmarks on sat', { kind: 'subscribe', topic: 'benchmarks on sat' }],
    ['subscribe "every monday" weekly', { kind: 'subscribe', topic: 'every monday', cadence: 'weekly' }],
    ['subscribe sparse attention every "monday"', { kind: 'subscribe', topic: 'sparse attention every monday' }],
  ])('%s', (input, expected) => {
    expect(parseCommand(input)).toEqual(expected);
  });

  it('reads every day / every weekday / every week as the cadence, and the same cadence said twice as one', () => {
    expect(parseCommand('subscribe sparse attention every day')).toEqual({ kind: 'subscribe', topic: 'sparse attention', cadence: 'daily' });
    expect(parseCommand('subscribe sparse attention every day daily')).toEqual({ kind: 'subscribe', topic: 'sparse attention', cadence: 'daily' });
    expect(parseCommand('subscribe sparse attention everyday at 08:00')).toEqual({ kind: 'subscribe', topic: 'sparse attention', time: '08:00', cadence: 'daily' });
    expect(parseCommand('subscribe sparse attention each weekday')).toEqual({ kind: 'subscribe', topic: 'sparse attention', cadence: 'weekdays' });
    // `every weekdays`, `on weekdays`: the whole phrase, no `every` or `on` left at the end of the topic.
    expect(parseCommand('subscribe sparse attention every weekdays')).toEqual({ kind: 'subscribe', topic: 'sparse attention', cadence: 'weekdays' });
    expect(parseCommand('subscribe sparse attention on weekdays at 08:00')).toEqual({ kind: 'subscribe', topic: 'sparse attention', time: '08:00', cadence: 'weekdays' });
    expect(parseCommand('subscribe "attention on" weekdays')).toEqual({ kind: 'subscribe', topic: 'attention on', cadence: 'weekdays' });
    expect(parseCommand('subscribe sparse attention every week')).toEqual({ kind: 'subscribe', topic: 'sparse attention', cadence: 'weekly' });
    expect(parseCommand('subscribe sparse attention weekly every monday')).toEqual({ kind: 'subscribe', topic: 'sparse attention', cadence: 'weekly', weekday: 1 });
    // Inside the topic they are words.
    expect(parseCommand('subscribe every day attention')).toEqual({ kind: 'subscribe', topic: 'every day attention' });
  });

  it('refuses two cadences, two days, or a day with daily / weekdays, saying what to write', () => {
    expect(refusal('subscribe sparse attention every day weekly')).toMatch(/how often twice/);
    expect(refusal('subscribe sparse attention every monday every friday')).toMatch(/the day twice/);
    expect(refusal('subscribe sparse attention daily on monday')).toContain('`daily` goes out every day, not only on Mondays: for one digest a week on Monday, end with `every monday` alone.');
    expect(refusal('subscribe sparse attention every monday weekdays')).toContain('`weekdays` goes out Monday to Friday, not only on Mondays');
    expect(refusal('subscribe sparse attention every monday and thursday')).toContain('A weekly digest goes out on one day a week: end with `every thursday`');
  });

  it('refuses a bare weekday at the end (black friday), offering both readings, and never makes it a weekly digest', () => {
    const message = refusal('subscribe black friday');
    expect(message).toContain('Did you mean a digest on Fridays? Then end with `every friday` (or `weekly on friday`).');
    expect(message).toContain('To follow those words as a topic, put them in double quotes: `/paper subscribe "black friday"`.');
    expect(refusal('subscribe top black friday')).toContain('`/paper subscribe top "black friday"`');
    expect(refusal('subscribe sparse attention mondays')).toContain('Did you mean a digest on Mondays?');
  });

  it('still refuses the schedules it does not keep, naming the weekday form among those it keeps', () => {
    for (const input of ['subscribe sparse attention monthly', 'subscribe sparse attention every month', 'subscribe sparse attention every 2 weeks', 'subscribe sparse attention every other week']) {
      expect(refusal(input), input).toContain('A digest goes out `daily`, on `weekdays`, or once a week: `weekly` (on the weekday you subscribe) or `every monday` (any day you name).');
    }
    expect(refusal('subscribe sparse attention every morning')).toContain('end with `daily` and give the time');
    expect(refusal('subscribe sparse attention monthly')).toContain('Usage: `/paper subscribe TOPIC [at HH:MM] [tz ZONE] [daily|weekdays|weekly|every DAY]`');
  });
});

describe('/paper digest … with schedule words', () => {
  it('previews the topic a weekday schedule leaves, as subscribe reads it (the words as typed kept, for a digest stored with them)', () => {
    expect(parseCommand('digest sparse attention every monday')).toEqual({ kind: 'digest', topic: 'sparse attention', typed: 'sparse attention every monday' });
    expect(parseCommand('digest sparse attention every day daily')).toEqual({ kind: 'digest', topic: 'sparse attention', typed: 'sparse attention every day daily' });
    expect(parseCommand('digest "black friday"')).toEqual({ kind: 'digest', topic: 'black friday' });
  });

  it('carries the answer subscribe gives for a schedule it refuses (the words may still name a digest of the channel)', () => {
    const command = parseCommand('digest black friday');
    expect(command).toMatchObject({ kind: 'digest', topic: 'black friday' });
    const problem = command.kind === 'digest' ? command.scheduleProblem : undefined;
    expect(problem).toContain('Did you mean a digest on Fridays?');
    expect(problem).toContain('To preview those words as a topic, put them in double quotes: `/paper digest "black friday"`.');
    expect(problem).toContain('Usage: `/paper digest TOPIC`');
    expect(parseCommand('digest sparse attention monthly')).toMatchObject({ kind: 'digest', scheduleProblem: expect.stringContaining("I don't post monthly.") as unknown });
  });
});
