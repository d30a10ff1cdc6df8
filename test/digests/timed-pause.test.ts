/**
 * `/paper pause <digest> for 3 days | for 2 weeks | until 2026-12-24`: the digest stops, `/paper list` and the App Home
 * say until when, and the scheduler (its injected clock) resumes it by itself once the time has come; digests due
 * while it was paused are not sent late. Bad durations get a friendly answer and pause nothing; the untimed pause
 * still waits for someone. Real runtime on a SQLite file, real runner and Slack poster against the fake Slack.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { HomeService } from '../../src/digests/home-service.ts';
import { createLogger, LogLevel } from '../../src/logger.ts';
import { openRuntime, type Runtime } from '../../src/runtime.ts';
import type { FakeSlack } from '../support/fake-slack.ts';
import { consoleScript } from '../support/console-script.ts';
import { seedPaperSearch, tempSqliteUrl } from '../support/test-app.ts';
import { SlackWorld, runnerDeps, slackAndStores, slackPoster, tick, utc } from './runner-harness.ts';

describe('timed pauses', () => {
  let fake: FakeSlack;
  slackAndStores((started) => (fake = started));

  async function boot(start: string): Promise<{ runtime: Runtime; clock: { now: Date } }> {
    const clock = { now: utc(start) };
    const runtime = await openRuntime(loadConfig({ DATABASE_URL: tempSqliteUrl() }), createLogger({ level: LogLevel.ERROR }), { clock: () => clock.now });
    runtime.searchState.swap(await seedPaperSearch());
    return { runtime, clock };
  }

  const home = (runtime: Runtime, clock: { now: Date }): HomeService =>
    new HomeService({ store: runtime.store, logger: createLogger({ level: LogLevel.ERROR }), clock: () => clock.now, userChannels: { of: async () => new Set(['C_LOCAL']) } });

  it('for 3 days: shown as paused until then, no digest meanwhile, resumes by itself, the next digest goes out', async () => {
    const { runtime, clock } = await boot('2026-06-01T08:00:00.000Z');
    try {
      await consoleScript(runtime, ['/paper subscribe speech recognition at 09:00']);
      const [sub] = await runtime.store.listTeamSubscriptions('T_LOCAL');
      if (!sub) throw new Error('setup');
      clock.now = utc('2026-06-01T10:00:00.000Z');
      const paused = await consoleScript(runtime, ['/paper pause speech recognition for 3 days', '/paper list']);
      expect(paused).toContain(`⏸ Paused speech recognition (#${sub.id}) until Thu Jun 4, 2026, 10:00 UTC: it resumes by itself then`);
      expect(paused).toContain(`⏸ Paused until Thu Jun 4, 2026, 10:00 UTC (\`/paper resume #${sub.id}\` resumes it now)`);
      const tab = JSON.stringify((await home(runtime, clock).view('T_LOCAL', 'U_LOCAL')).blocks);
      expect(tab).toContain('Paused until Thu Jun 4, 2026, 10:00 UTC');

      const world = new SlackWorld(fake);
      const { deps } = runnerDeps({ store: runtime.store, searchState: runtime.searchState, poster: slackPoster(fake), instanceId: 'timed' });
      for (const at of ['2026-06-02T09:00:00.000Z', '2026-06-03T09:00:00.000Z', '2026-06-04T09:00:00.000Z', '2026-06-04T09:59:00.000Z']) {
        await tick(world, { ...deps, store: runtime.store }, utc(at));
      }
      expect(world.in('C_LOCAL')).toEqual([]);
      expect((await runtime.store.getSubscription('T_LOCAL', sub.id))?.pausedReason).toBe('paused_by_user');
      // The resume time comes: running again, but the 09:00 digest due while paused is not sent an hour late.
      await tick(world, deps, utc('2026-06-04T10:00:00.000Z'));
      await tick(world, deps, utc('2026-06-04T10:01:00.000Z'));
      expect(world.in('C_LOCAL')).toEqual([]);
      expect(await runtime.store.getSubscription('T_LOCAL', sub.id)).toMatchObject({ pausedReason: null });
      clock.now = utc('2026-06-04T10:02:00.000Z');
      const listed = await consoleScript(runtime, ['/paper list']);
      expect(listed).not.toContain('Paused');
      expect(listed).toContain('Next: Fri Jun 5, 09:00 UTC');
      await tick(world, deps, utc('2026-06-05T09:00:00.000Z'));
      expect(world.in('C_LOCAL').map((m) => m.postedAt.toISOString())).toEqual(['2026-06-05T09:00:00.000Z']);
    } finally {
      await runtime.close();
    }
  });

  it('for 2 weeks and until a date (the digest\u2019s zone); resume ends it early; the untimed pause still waits', async () => {
    const { runtime, clock } = await boot('2026-12-01T08:00:00.000Z');
    try {
      await consoleScript(runtime, ['/paper subscribe speech recognition at 09:00 tz Europe/Berlin', '/paper subscribe vision']);
      const [sub, other] = await runtime.store.listTeamSubscriptions('T_LOCAL');
      if (!sub || !other) throw new Error('setup');
      const out = await consoleScript(runtime, ['/paper pause speech recognition for 2 weeks', `/paper pause #${sub.id} until 2026-12-24`, '/paper list']);
      expect(out).toContain('until Tue Dec 15, 2026, 09:00 Europe/Berlin');
      expect(out).toContain(`⏸ Paused speech recognition (#${sub.id}) until Thu Dec 24, 2026, 00:00 Europe/Berlin: it resumes by itself then`);
      expect(out).toContain('Paused until Thu Dec 24, 2026, 00:00 Europe/Berlin');
      expect((await runtime.store.getSubscription('T_LOCAL', sub.id))?.pausedUntil?.toISOString()).toBe('2026-12-23T23:00:00.000Z');

      const resumed = await consoleScript(runtime, [`/paper resume #${sub.id}`, '/paper list']);
      expect(resumed).toContain(`▶️ Resumed speech recognition (#${sub.id})`);
      expect(resumed).not.toContain('Paused until');
      expect(await runtime.store.getSubscription('T_LOCAL', sub.id)).toMatchObject({ pausedReason: null, pausedUntil: null });

      // Untimed: no end; the scheduler never resumes it.
      await consoleScript(runtime, ['/paper pause vision']);
      const world = new SlackWorld(fake);
      const { deps } = runnerDeps({ store: runtime.store, searchState: runtime.searchState, poster: slackPoster(fake), instanceId: 'untimed' });
      clock.now = utc('2027-06-01T09:00:00.000Z');
      await tick(world, deps, clock.now);
      expect((await runtime.store.getSubscription('T_LOCAL', other.id))?.pausedReason).toBe('paused_by_user');
      expect(await consoleScript(runtime, ['/paper list'])).toContain(`⏸ Paused by someone (\`/paper resume #${other.id}\``);
    } finally {
      await runtime.close();
    }
  });

  it("an ended timed pause holds nothing back: the channel's other digest goes out at its time that day", async () => {
    const { runtime, clock } = await boot('2026-06-01T08:00:00.000Z');
    try {
      await consoleScript(runtime, ['/paper subscribe speech recognition at 09:00', '/paper subscribe vision at 12:00']);
      clock.now = utc('2026-06-01T10:00:00.000Z');
      await consoleScript(runtime, ['/paper pause speech recognition for 3 days']);
      const world = new SlackWorld(fake);
      const { deps } = runnerDeps({ store: runtime.store, searchState: runtime.searchState, poster: slackPoster(fake), instanceId: 'timed-other' });
      await tick(world, deps, utc('2026-06-03T12:00:00.000Z'));
      expect(world.in('C_LOCAL').map((m) => m.postedAt.toISOString())).toEqual(['2026-06-03T12:00:00.000Z']);
      // Thursday: the pause ends at 10:00 (its 09:00 digest is not sent late); vision's 12:00 digest is not held back.
      await tick(world, deps, utc('2026-06-04T10:00:00.000Z'));
      await tick(world, deps, utc('2026-06-04T12:00:00.000Z'));
      expect(world.in('C_LOCAL').map((m) => m.postedAt.toISOString())).toEqual(['2026-06-03T12:00:00.000Z', '2026-06-04T12:00:00.000Z']);
    } finally {
      await runtime.close();
    }
  });

  it('a digest due during an ended timed pause is not sent late by a pause and resume soon after', async () => {
    const { runtime, clock } = await boot('2026-06-01T08:00:00.000Z');
    try {
      await consoleScript(runtime, ['/paper subscribe speech recognition at 09:00']);
      clock.now = utc('2026-06-01T10:00:00.000Z');
      await consoleScript(runtime, ['/paper pause speech recognition for 3 days']);
      const world = new SlackWorld(fake);
      const { deps } = runnerDeps({ store: runtime.store, searchState: runtime.searchState, poster: slackPoster(fake), instanceId: 'timed-again' });
      await tick(world, deps, utc('2026-06-04T10:00:00.000Z'));
      clock.now = utc('2026-06-04T10:30:00.000Z');
      await consoleScript(runtime, ['/paper pause speech recognition']);
      clock.now = utc('2026-06-04T10:35:00.000Z');
      const resumed = await consoleScript(runtime, ['/paper resume speech recognition']);
      expect(resumed).toContain('Next digest: Fri Jun 5, 09:00 UTC');
      await tick(world, deps, utc('2026-06-04T10:36:00.000Z'));
      expect(world.in('C_LOCAL')).toEqual([]);
      await tick(world, deps, utc('2026-06-05T09:00:00.000Z'));
      expect(world.in('C_LOCAL').map((m) => m.postedAt.toISOString())).toEqual(['2026-06-05T09:00:00.000Z']);
    } finally {
      await runtime.close();
    }
  });

  it('a pause changed while paused (for a week instead of 3 days) still keeps the day\u2019s digest from going out late on resume', async () => {
    const { runtime, clock } = await boot('2026-06-01T08:00:00.000Z');
    try {
      await consoleScript(runtime, ['/paper subscribe speech recognition at 09:00']);
      clock.now = utc('2026-06-01T10:00:00.000Z');
      await consoleScript(runtime, ['/paper pause speech recognition for 3 days']);
      const world = new SlackWorld(fake);
      const { deps } = runnerDeps({ store: runtime.store, searchState: runtime.searchState, poster: slackPoster(fake), instanceId: 'timed-changed' });
      await tick(world, deps, utc('2026-06-03T09:00:00.000Z'));
      clock.now = utc('2026-06-03T10:00:00.000Z');
      expect(await consoleScript(runtime, ['/paper pause speech recognition for 1 week'])).toContain('until Wed Jun 10, 2026, 10:00 UTC');
      clock.now = utc('2026-06-03T11:00:00.000Z');
      expect(await consoleScript(runtime, ['/paper resume speech recognition'])).toContain('Next digest: Thu Jun 4, 09:00 UTC');
      await tick(world, deps, utc('2026-06-03T11:01:00.000Z'));
      expect(world.in('C_LOCAL')).toEqual([]);
    } finally {
      await runtime.close();
    }
  });

  it('the end counts from when the pause began: a weekly digest due 25 h before it is recorded as kept back, and comes next week', async () => {
    const { runtime, clock } = await boot('2026-06-02T08:00:00.000Z'); // a Tuesday
    try {
      await consoleScript(runtime, ['/paper subscribe speech recognition at 09:00 weekly']);
      const [sub] = await runtime.store.listTeamSubscriptions('T_LOCAL');
      if (!sub) throw new Error('setup');
      const world = new SlackWorld(fake);
      const { deps, logs } = runnerDeps({ store: runtime.store, searchState: runtime.searchState, poster: slackPoster(fake), instanceId: 'timed-weekly' });
      await tick(world, deps, utc('2026-06-02T09:00:00.000Z'));
      clock.now = utc('2026-06-07T10:00:00.000Z');
      expect(await consoleScript(runtime, ['/paper pause speech recognition for 3 days'])).toContain('until Wed Jun 10, 2026, 10:00 UTC');
      await tick(world, deps, utc('2026-06-09T09:00:00.000Z'));
      await tick(world, deps, utc('2026-06-10T10:00:00.000Z'));
      // Tuesday's digest fell due while paused, more than a day before the end: recorded and logged as kept back.
      expect(await runtime.store.getDigestRun(sub.id, '2026-06-09')).toMatchObject({ status: 'skipped', error: 'paused' });
      expect(logs.some((line) => line.includes('for 2026-06-09 was due at 2026-06-09T09:00:00.000Z while paused: not sent late'))).toBe(true);
      await tick(world, deps, utc('2026-06-10T10:01:00.000Z'));
      await tick(world, deps, utc('2026-06-16T09:00:00.000Z'));
      expect(world.in('C_LOCAL').map((m) => m.postedAt.toISOString())).toEqual(['2026-06-02T09:00:00.000Z', '2026-06-16T09:00:00.000Z']);
    } finally {
      await runtime.close();
    }
  });

  it('a pause until the next day begun in the evening does not take that day’s earlier digest for one it kept back', async () => {
    const { runtime, clock } = await boot('2026-12-22T08:00:00.000Z');
    try {
      await consoleScript(runtime, ['/paper subscribe speech recognition at 21:00', '/paper subscribe vision at 00:30']);
      const [sub] = await runtime.store.listTeamSubscriptions('T_LOCAL');
      if (!sub) throw new Error('setup');
      const world = new SlackWorld(fake);
      const { deps, logs } = runnerDeps({ store: runtime.store, searchState: runtime.searchState, poster: slackPoster(fake), instanceId: 'timed-evening' });
      await tick(world, deps, utc('2026-12-22T21:00:00.000Z'));
      await tick(world, deps, utc('2026-12-23T00:30:00.000Z'));
      // 20:00: moved to 19:00, a time already past today: the next digest is tomorrow's (schedule-change.ts); paused
      // before the next tick, until tomorrow.
      clock.now = utc('2026-12-23T20:00:00.000Z');
      expect(await consoleScript(runtime, ['/paper subscribe speech recognition at 19:00'])).toContain('next digest Thu Dec 24, 19:00 UTC');
      clock.now = utc('2026-12-23T20:00:30.000Z');
      expect(await consoleScript(runtime, ['/paper pause speech recognition until 2026-12-24'])).toContain('until Thu Dec 24, 2026, 00:00 UTC');
      await tick(world, deps, utc('2026-12-24T00:00:00.000Z'));
      expect(await runtime.store.getSubscription('T_LOCAL', sub.id)).toMatchObject({ pausedReason: null });
      // 19:00 came before the pause began (20:00:30): not recorded as kept back by it, nothing logged as such.
      expect(await runtime.store.getDigestRun(sub.id, '2026-12-23')).toBeNull();
      expect(logs.filter((line) => line.includes('while paused'))).toEqual([]);
      // Nor does that digest, which the ended pause will not send, hold back the channel's newer one at 00:30.
      await tick(world, deps, utc('2026-12-24T00:30:00.000Z'));
      await tick(world, deps, utc('2026-12-24T19:00:00.000Z'));
      expect(world.in('C_LOCAL').map((m) => m.postedAt.toISOString())).toEqual([
        '2026-12-22T21:00:00.000Z',
        '2026-12-23T00:30:00.000Z',
        '2026-12-24T00:30:00.000Z',
        '2026-12-24T19:00:00.000Z',
      ]);
    } finally {
      await runtime.close();
    }
  });

  it('moved from 09:00 to 07:00 while paused for 3 days, the pause ending at 08:00: no digest at 08:00, the next at 07:00 the day after', async () => {
    const { runtime, clock } = await boot('2026-06-01T07:30:00.000Z');
    try {
      await consoleScript(runtime, ['/paper subscribe speech recognition at 09:00']);
      clock.now = utc('2026-06-01T08:00:00.000Z');
      expect(await consoleScript(runtime, ['/paper pause speech recognition for 3 days'])).toContain('until Thu Jun 4, 2026, 08:00 UTC');
      clock.now = utc('2026-06-02T12:00:00.000Z');
      expect(await consoleScript(runtime, ['/paper subscribe speech recognition at 07:00'])).toContain('every day at 07:00 UTC');
      const world = new SlackWorld(fake);
      const { deps } = runnerDeps({ store: runtime.store, searchState: runtime.searchState, poster: slackPoster(fake), instanceId: 'timed-moved' });
      for (const at of ['2026-06-03T07:00:00.000Z', '2026-06-04T07:00:00.000Z', '2026-06-04T08:00:00.000Z', '2026-06-04T08:01:00.000Z', '2026-06-04T08:02:00.000Z']) {
        await tick(world, deps, utc(at));
      }
      expect(world.in('C_LOCAL')).toEqual([]);
      clock.now = utc('2026-06-04T08:03:00.000Z');
      expect(await consoleScript(runtime, ['/paper list'])).toContain('Next: Fri Jun 5, 07:00 UTC');
      await tick(world, deps, utc('2026-06-05T07:00:00.000Z'));
      expect(world.in('C_LOCAL').map((m) => m.postedAt.toISOString())).toEqual(['2026-06-05T07:00:00.000Z']);
    } finally {
      await runtime.close();
    }
  });

  it('bad durations and dates get a friendly answer and pause nothing', async () => {
    const { runtime } = await boot('2026-12-01T08:00:00.000Z');
    try {
      await consoleScript(runtime, ['/paper subscribe speech recognition']);
      const cases: Array<[string, RegExp]> = [
        ['for 0 days', /`for 0 days` is not a pause I can keep/],
        ['for 3 hours', /`for 3 hours` is not a pause I can keep/],
        ['for 400 days', /at most a year/],
        ['until 2020-01-01', /2020-01-01 has already begun/],
        ['until 2026-12-01', /2026-12-01 has already begun/],
        ['until 2026-02-30', /`until 2026-02-30` is not a pause I can keep/],
        ['until christmas', /`until christmas` is not a pause I can keep/],
      ];
      for (const [end, answer] of cases) {
        const out = await consoleScript(runtime, [`/paper pause speech recognition ${end}`]);
        expect(out, end).toMatch(answer);
        expect(out, end).toContain('Nothing was paused');
        expect(out, end).toContain('`for 3 days`, `for 2 weeks` or `until 2026-12-24`');
      }
      expect((await runtime.store.listTeamSubscriptions('T_LOCAL')).map((s) => s.pausedReason)).toEqual([null]);
    } finally {
      await runtime.close();
    }
  });
});
