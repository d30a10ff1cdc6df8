/**
 * The node-cron scheduler (src/digests/scheduler.ts) with the real runner, SQLite and the fake Slack: a process whose
 * event loop was busy for a few seconds when the minute began (a GC pause, a CPU-bound search, a shared dyno) still
 * runs that minute's tick, so the 09:00 digest goes out at 09:00, not at 09:01. The clock is vitest's fake one: the
 * cron timer fires 3.5 s late by the wall clock, as it does when the loop was blocked.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDigestScheduler, type DigestScheduler } from '../../src/digests/scheduler.ts';
import { createLogger, LogLevel } from '../../src/logger.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { tempSqliteUrl } from '../support/test-app.ts';
import { SlackWorld, readySearch, runnerDeps, slackPoster, utc } from './runner-harness.ts';

describe('digest scheduler: a minute that begins while the process is busy', () => {
  let fake: FakeSlack;
  let store: Store;
  let scheduler: DigestScheduler | undefined;

  beforeAll(async () => {
    fake = await new FakeSlack().start();
    store = await openStore(tempSqliteUrl());
  });
  afterEach(async () => {
    vi.useRealTimers();
    await scheduler?.stop();
  });
  afterAll(async () => {
    await store.close();
    await fake.stop();
  });

  it('still runs the tick when the cron timer fires seconds late, and the digest goes out in its minute', async () => {
    const world = new SlackWorld(fake);
    const searchState = await readySearch();
    const { deps } = runnerDeps({ store, searchState, poster: slackPoster(fake), instanceId: 'instance-a' });
    const { subscription } = await store.upsertSubscription({
      teamId: 'T1',
      channelId: 'CBUSYLOOP',
      topic: 'speech recognition',
      createdBy: 'U1',
      time: '09:00',
      timezone: 'UTC',
      cadence: 'daily',
      now: utc('2026-06-01T00:00:00.000Z'),
    });
    const quiet = createLogger({ level: LogLevel.ERROR, write: () => undefined });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: utc('2026-06-01T08:59:59.000Z') });
    world.now = utc('2026-06-01T09:00:03.500Z');
    scheduler = startDigestScheduler(deps, { logger: quiet });

    // The loop was blocked from 08:59:59 to 09:00:03.5: the wall clock moved on, the 09:00 timer had to wait.
    vi.setSystemTime(utc('2026-06-01T09:00:02.500Z'));
    await vi.advanceTimersByTimeAsync(1_000);
    vi.useRealTimers();

    await fake.waitFor('chat.postMessage', 1, 3_000).catch(() => undefined);
    // Stopping waits for the tick under way.
    await scheduler.stop();
    scheduler = undefined;
    expect(world.in('CBUSYLOOP')).toHaveLength(1);
    expect(await store.getDigestRun(subscription.id, '2026-06-01')).toMatchObject({ status: 'posted', claimedAt: utc('2026-06-01T09:00:03.500Z') });
  });
});
