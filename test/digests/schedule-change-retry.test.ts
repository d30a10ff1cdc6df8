/**
 * A schedule change does not make a slot before it due (schedule-change.ts), but it does not drop a digest Slack was
 * failing when the change came either: moved to a time already past while today's is being retried, today's still
 * goes out on its retry (and `/paper list`'s next digest names it), and the next day's comes at the new time. Real
 * runner and Slack poster against the fake Slack, injected clock, SQLite and Postgres.
 */
import { describe, expect, it } from 'vitest';
import { nextDigest } from '../../src/digests/next-digest.ts';
import { storeHarnesses } from '../store/harness.ts';
import type { FakeSlack } from '../support/fake-slack.ts';
import { SlackWorld, readySearch, runnerDeps, slackAndStores, slackPoster, subscribeDaily, tick, utc } from './runner-harness.ts';

const harnesses = await storeHarnesses('schedule change while a digest is retried');

for (const makeHarness of harnesses) {
  const harness = makeHarness();
  describe(`a schedule change while Slack fails today's digest (${harness.label})`, () => {
    let fake: FakeSlack;
    const open = slackAndStores((started) => (fake = started), () => harness.cleanup());

    it('moved to 08:30 at 09:00:30 while 09:00 is retried: today\u2019s goes out on its retry, tomorrow\u2019s at 08:30', async () => {
      const store = await open(await harness.storeUrl());
      const world = new SlackWorld(fake);
      const { deps } = runnerDeps({ store, searchState: await readySearch(), poster: slackPoster(fake), instanceId: 'moved-while-retried' });
      const sub = await subscribeDaily(store, { channelId: 'CMOVED', now: utc('2026-06-01T08:00:00.000Z') });
      fake.answerNext('chat.postMessage', { status: 500, body: { ok: false, error: 'internal_error' } });
      await tick(world, deps, utc('2026-06-01T09:00:00.000Z'));
      const moved = (await store.upsertSubscription({ teamId: 'T1', channelId: 'CMOVED', topic: 'speech recognition', createdBy: 'U1', time: '08:30', now: utc('2026-06-01T09:00:30.000Z') })).subscription;
      expect(moved.scheduleChangedAt).toEqual(utc('2026-06-01T09:00:30.000Z'));
      expect(await nextDigest(store, moved, utc('2026-06-01T09:00:40.000Z'))).toEqual({ digestDate: '2026-06-01', at: utc('2026-06-01T09:01:00.000Z') });
      await tick(world, deps, utc('2026-06-01T09:01:00.000Z'));
      expect(await store.getDigestRun(sub.id, '2026-06-01')).toMatchObject({ status: 'posted' });
      expect(await nextDigest(store, moved, utc('2026-06-01T09:02:00.000Z'))).toEqual({ digestDate: '2026-06-02', at: utc('2026-06-02T08:30:00.000Z') });
      await tick(world, deps, utc('2026-06-02T08:30:00.000Z'));
      expect(world.in('CMOVED').map((m) => m.postedAt.toISOString())).toEqual(['2026-06-01T09:01:00.000Z', '2026-06-02T08:30:00.000Z']);
    });
  });
}
