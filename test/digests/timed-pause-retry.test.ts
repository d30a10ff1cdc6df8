/**
 * A digest still being retried (Slack answered 500 or 429) when someone paused it with an end (`/paper pause … for 3
 * days`, `until 2026-12-23`): nothing is posted while it is paused; when the scheduler ends the pause, the digest goes
 * out if it is still within the 12-hour catch-up window of its time (as on every resume: it was due before the pause),
 * otherwise it is recorded as skipped and logged; sent for at the end and refused by Slack until 12 hours after its time,
 * it is given up as failed, as after a person's resume. It never stays pending, and the channel's later digests go out at
 * their times. Real runner and Slack poster against the fake Slack, injected clock, SQLite and Postgres.
 */
import { describe, expect, it } from 'vitest';
import { nextDigest } from '../../src/digests/next-digest.ts';
import { pauseEnd } from '../../src/digests/pause-end.ts';
import { pauseByPerson } from '../../src/digests/user-pauses.ts';
import { createLogger, LogLevel } from '../../src/logger.ts';
import type { Store, Subscription } from '../../src/store/index.ts';
import { storeHarnesses } from '../store/harness.ts';
import type { FakeSlack } from '../support/fake-slack.ts';
import { SlackWorld, expectNoRepeats, readySearch, runnerDeps, slackAndStores, slackPoster, subscribeDaily, tick, utc } from './runner-harness.ts';

const harnesses = await storeHarnesses('timed pause of a digest being retried');

for (const makeHarness of harnesses) {
  const harness = makeHarness();
  describe(`a digest being retried when a timed pause began (${harness.label})`, () => {
    let fake: FakeSlack;
    const open = slackAndStores((started) => (fake = started), () => harness.cleanup());

    async function setup(instanceId: string) {
      const store = await open(await harness.storeUrl());
      const world = new SlackWorld(fake);
      const { deps, logs } = runnerDeps({ store, searchState: await readySearch(), poster: slackPoster(fake), instanceId });
      return { store, world, deps, logs };
    }

    /** `/paper pause <digest> <end>` typed by U1 at `at` (the end read as the command reads it). */
    async function pauseWithEnd(store: Store, subscription: Subscription, end: string, at: Date): Promise<Date> {
      const parsed = pauseEnd(end, at, 'UTC');
      if (!parsed.ok) throw new Error(`setup: ${end}`);
      const paused = await pauseByPerson({ store, logger: createLogger({ level: LogLevel.ERROR }), clock: () => at }, subscription, 'U1', 'command', parsed.at);
      expect(paused).toBe(true);
      return parsed.at;
    }

    const postedAt = (world: SlackWorld, channel: string): string[] => world.in(channel).map((m) => m.postedAt.toISOString());

    it('paused for 3 days while Slack failed it: not tried while paused, recorded as skipped when the pause ends, the next day goes out', async () => {
      const { store, world, deps, logs } = await setup('retry-3-days');
      const sub = await subscribeDaily(store, { channelId: 'CRETRY3', now: utc('2026-06-01T08:00:00.000Z') });
      fake.answerNext('chat.postMessage', { status: 500, body: { ok: false, error: 'internal_error' } });
      const first = await tick(world, deps, utc('2026-06-01T09:00:00.000Z'));
      expect(first.outcomes).toEqual([{ subscriptionId: sub.id, digestDate: '2026-06-01', outcome: 'failed', detail: 'http_500' }]);
      expect(await store.getDigestRun(sub.id, '2026-06-01')).toMatchObject({ status: 'failed', nextAttemptAt: utc('2026-06-01T09:01:00.000Z') });

      const end = await pauseWithEnd(store, sub, 'for 3 days', utc('2026-06-01T09:00:30.000Z'));
      expect(end).toEqual(utc('2026-06-04T09:00:30.000Z'));
      // Its retry time comes and goes while it is paused (Slack answers again): nothing is tried or posted.
      for (const at of ['2026-06-01T09:01:00.000Z', '2026-06-01T09:05:00.000Z', '2026-06-02T09:00:00.000Z', '2026-06-03T09:00:00.000Z', '2026-06-04T09:00:00.000Z']) {
        expect((await tick(world, deps, utc(at))).outcomes, at).toEqual([]);
      }
      expect(world.postAttempts('CRETRY3')).toHaveLength(1);

      // The pause ends: the digest due three days ago is not sent late, and no longer waits for a retry.
      const resumed = await tick(world, deps, utc('2026-06-04T09:01:00.000Z'));
      expect(resumed.outcomes).toEqual([{ subscriptionId: sub.id, digestDate: '2026-06-01', outcome: 'skipped' }]);
      expect(await store.getDigestRun(sub.id, '2026-06-01')).toMatchObject({ status: 'skipped', nextAttemptAt: null });
      expect(await store.getDigestRun(sub.id, '2026-06-04')).toMatchObject({ status: 'skipped', error: 'paused' });
      expect(logs.some((line) => /WARN .*for 2026-06-01 .*being retried \(http_500\) when its pause began.*skipped, not sent late/.test(line))).toBe(true);
      expect((await store.listSubscriptions('T1', 'CRETRY3'))[0]?.lastDigestStatus).toBe('skipped');
      const resumedSub = await store.getSubscription('T1', sub.id);
      if (!resumedSub) throw new Error('subscription gone');
      expect((await nextDigest(store, resumedSub, utc('2026-06-04T09:01:30.000Z'))).at).toEqual(utc('2026-06-05T09:00:00.000Z'));
      expect((await tick(world, deps, utc('2026-06-04T09:02:00.000Z'))).outcomes).toEqual([]);
      expect(world.postAttempts('CRETRY3')).toHaveLength(1);

      await tick(world, deps, utc('2026-06-05T09:00:00.000Z'));
      expect(postedAt(world, 'CRETRY3')).toEqual(['2026-06-05T09:00:00.000Z']);
    });

    it('paused until the next day while rate limited: not tried while paused, sent when the pause ends (3 h late), retried with backoff if Slack fails again; the channel\u2019s other digests keep their times', async () => {
      const { store, world, deps } = await setup('retry-until');
      const created = utc('2026-12-22T20:00:00.000Z');
      const sub = await subscribeDaily(store, { channelId: 'CRETRYU', now: created, time: '21:00' });
      const other = await subscribeDaily(store, { channelId: 'CRETRYU', now: created, time: '00:30', topic: 'vision' });
      fake.answerNext('chat.postMessage', { status: 429, headers: { 'Retry-After': '600' }, body: { ok: false, error: 'ratelimited' } });
      const first = await tick(world, deps, utc('2026-12-22T21:00:00.000Z'));
      expect(first.outcomes).toEqual([{ subscriptionId: sub.id, digestDate: '2026-12-22', outcome: 'failed', detail: 'ratelimited' }]);

      const end = await pauseWithEnd(store, sub, 'until 2026-12-23', utc('2026-12-22T21:05:00.000Z'));
      expect(end).toEqual(utc('2026-12-23T00:00:00.000Z'));
      for (const at of ['2026-12-22T21:10:00.000Z', '2026-12-22T22:00:00.000Z', '2026-12-22T23:59:00.000Z']) {
        expect((await tick(world, deps, utc(at))).outcomes, at).toEqual([]);
      }
      expect(world.postAttempts('CRETRYU')).toHaveLength(1);

      // The pause ends three hours after the digest's time: it goes out now, and Slack failing once more only delays it.
      fake.answerNext('chat.postMessage', { status: 500, body: { ok: false, error: 'internal_error' } });
      const resumed = await tick(world, deps, utc('2026-12-23T00:00:00.000Z'));
      expect(resumed.outcomes).toEqual([{ subscriptionId: sub.id, digestDate: '2026-12-22', outcome: 'failed', detail: 'http_500' }]);
      // What `/paper list` and the App Home give as its next digest: that retry, not tomorrow's.
      const resumedSub = await store.getSubscription('T1', sub.id);
      if (!resumedSub) throw new Error('subscription gone');
      expect(await nextDigest(store, resumedSub, utc('2026-12-23T00:00:30.000Z'))).toEqual({ digestDate: '2026-12-22', at: utc('2026-12-23T00:02:00.000Z') });
      expect((await tick(world, deps, utc('2026-12-23T00:01:00.000Z'))).outcomes).toEqual([]);
      const retried = await tick(world, deps, utc('2026-12-23T00:02:00.000Z'));
      expect(retried.outcomes).toEqual([{ subscriptionId: sub.id, digestDate: '2026-12-22', outcome: 'posted' }]);
      expect(await store.getDigestRun(sub.id, '2026-12-22')).toMatchObject({ status: 'posted', attempts: 3, messageTs: world.in('CRETRYU')[0]?.ts });
      expect((await tick(world, deps, utc('2026-12-23T00:03:00.000Z'))).outcomes).toEqual([]);

      await tick(world, deps, utc('2026-12-23T00:30:00.000Z'));
      await tick(world, deps, utc('2026-12-23T21:00:00.000Z'));
      const runs = [await store.getDigestRun(sub.id, '2026-12-22'), await store.getDigestRun(other.id, '2026-12-23'), await store.getDigestRun(sub.id, '2026-12-23')];
      expect(world.in('CRETRYU').map((m) => [m.postedAt.toISOString(), m.deliveryId])).toEqual([
        ['2026-12-23T00:02:00.000Z', runs[0]?.deliveryId],
        ['2026-12-23T00:30:00.000Z', runs[1]?.deliveryId],
        ['2026-12-23T21:00:00.000Z', runs[2]?.deliveryId],
      ]);
      expectNoRepeats(world, 'CRETRYU');
    });

    it('paused until midnight while Slack failed it, Slack still failing after the pause ends: retried until 12 hours after its time, then given up, as after `/paper resume` (resume-held-retry.test.ts)', async () => {
      const { store, world, deps, logs } = await setup('retry-give-up');
      const sub = await subscribeDaily(store, { channelId: 'CRETRYG', now: utc('2026-12-22T20:00:00.000Z'), time: '21:00' });
      world.postAnswer = (call) => (call.params.channel === 'CRETRYG' ? { status: 500, body: { ok: false, error: 'internal_error' } } : undefined);
      await tick(world, deps, utc('2026-12-22T21:00:00.000Z'));
      await pauseWithEnd(store, sub, 'until 2026-12-23', utc('2026-12-22T21:05:00.000Z'));
      // The pause ends three hours after its time: the digest is sent for again, and Slack refuses it every time.
      for (let at = utc('2026-12-23T00:00:00.000Z').getTime(); at <= utc('2026-12-23T10:00:00.000Z').getTime(); at += 15 * 60_000) {
        await tick(world, deps, new Date(at));
      }
      expect(world.postAttempts('CRETRYG').length).toBeGreaterThan(2);
      const run = await store.getDigestRun(sub.id, '2026-12-22');
      expect(run).toMatchObject({ status: 'failed', nextAttemptAt: null, error: 'http_500; given up after 12 h' });
      expect(logs.some((line) => /WARN .*for 2026-12-22 given up: Slack kept failing \(http_500\) for 12 h/.test(line))).toBe(true);
      expect((await store.getSubscription('T1', sub.id))?.lastDigestStatus).toBe('failed: http_500; given up after 12 h');
      world.postAnswer = null;
      await tick(world, deps, utc('2026-12-23T21:00:00.000Z'));
      expect(postedAt(world, 'CRETRYG')).toEqual(['2026-12-23T21:00:00.000Z']);
    });
  });
}
