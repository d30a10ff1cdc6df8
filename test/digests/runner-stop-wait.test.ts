/**
 * SIGTERM (scheduler.stop, as src/shutdown.ts calls it) while a digest waits between attempts: Slack's Retry-After
 * (up to 30 s) or a backoff after a 500. The wait ends at once and the run is released as a retry due when the wait
 * would have ended, so the process exits in time and the next instance posts the digest then, once. Before, the wait
 * ran on past the shutdown's 9 s, the process was cut off (exit 1) and the claim stayed held for its 5-minute lease.
 * The waits are parked until the test lets them go (never, here): a wait that does not end on stop hangs the test.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PACING_POLICY, DigestPacing } from '../../src/digests/pacing.ts';
import { runDueDigests, type DigestTickReport } from '../../src/digests/runner.ts';
import { startDigestScheduler } from '../../src/digests/scheduler.ts';
import { createLogger, LogLevel } from '../../src/logger.ts';
import type { FakeSlack } from '../support/fake-slack.ts';
import { SlackWorld, readySearch, runnerDeps, slackAndFreshStores, slackPoster, utc } from './runner-harness.ts';

const CREATED = utc('2026-06-01T00:00:00.000Z');
const NINE = utc('2026-06-01T09:00:00.000Z');
/** A cron expression that does not fire during the test: ticks are run by hand. */
const NEVER = '0 0 1 1 *';

describe('digest runner: shutting down while a digest waits to try Slack again', () => {
  let fake: FakeSlack;
  const newStore = slackAndFreshStores((started) => (fake = started));
  const parked: Array<() => void> = [];
  afterEach(() => {
    for (const release of parked.splice(0)) release();
  });

  async function setup(channelId: string) {
    const store = await newStore();
    const world = new SlackWorld(fake);
    world.now = NINE;
    const searchState = await readySearch();
    let onWaiting: (ms: number) => void = () => undefined;
    const waiting = new Promise<number>((resolve) => (onWaiting = resolve));
    const sleep = (ms: number): Promise<void> =>
      new Promise<void>((resolve) => {
        parked.push(resolve);
        onWaiting(ms);
      });
    const a = runnerDeps({ store, searchState, poster: slackPoster(fake), instanceId: 'instance-a' });
    const pacing = new DigestPacing(DEFAULT_PACING_POLICY, () => world.now, sleep);
    const scheduler = startDigestScheduler({ ...a.deps, pacing }, { clock: () => world.now, logger: createLogger({ level: LogLevel.ERROR }), cron: NEVER });
    const b = runnerDeps({ store, searchState, poster: slackPoster(fake), instanceId: 'instance-b' }).deps;
    const { subscription } = await store.upsertSubscription({
      teamId: 'T1',
      channelId,
      topic: 'speech recognition',
      createdBy: 'U1',
      time: '09:00',
      timezone: 'UTC',
      cadence: 'daily',
      now: CREATED,
    });
    return { store, world, scheduler, b, subscription, waiting };
  }

  it('during a Retry-After wait: released at once, retried by the next instance when Slack said, posted once', async () => {
    const { store, world, scheduler, b, subscription, waiting } = await setup('CSTOP429');
    world.postAnswer = (call) =>
      call.params.channel === 'CSTOP429' && world.now < utc('2026-06-01T09:00:30.000Z')
        ? { status: 429, headers: { 'Retry-After': '30' }, body: { ok: false, error: 'ratelimited' } }
        : undefined;
    const ticking = scheduler.tick();
    expect(await waiting).toBe(30_000);

    await scheduler.stop({ abortAfterMs: 7_000 });
    const report: DigestTickReport = await ticking;

    expect(report.outcomes).toEqual([{ subscriptionId: subscription.id, digestDate: '2026-06-01', outcome: 'failed', detail: 'ratelimited' }]);
    expect(world.postAttempts('CSTOP429')).toHaveLength(1);
    const released = await store.getDigestRun(subscription.id, '2026-06-01');
    expect(released).toMatchObject({ status: 'failed', claimedBy: 'instance-a', attempts: 1, error: 'ratelimited' });
    expect(released?.nextAttemptAt?.toISOString()).toBe('2026-06-01T09:00:30.000Z');

    // The next instance, when Slack said to come back: posted once.
    world.now = utc('2026-06-01T09:00:30.000Z');
    const next = await runDueDigests(b, world.now);
    expect(next.outcomes.map((o) => o.outcome)).toEqual(['posted']);
    expect(world.in('CSTOP429')).toHaveLength(1);
    expect(await store.getDigestRun(subscription.id, '2026-06-01')).toMatchObject({ status: 'posted', claimedBy: 'instance-b', attempts: 2, messageTs: world.in('CSTOP429')[0]?.ts });
  });

  it('during the backoff after a 500: released at once, the next instance checks the history and posts once', async () => {
    const { store, world, scheduler, b, subscription, waiting } = await setup('CSTOP500');
    fake.answerNext('chat.postMessage', { status: 500, body: { ok: false, error: 'internal_error' } });
    const ticking = scheduler.tick();
    expect(await waiting).toBe(DEFAULT_PACING_POLICY.baseDelayMs);

    await scheduler.stop({ abortAfterMs: 7_000 });
    const report: DigestTickReport = await ticking;

    expect(report.outcomes.map((o) => o.outcome)).toEqual(['failed']);
    expect(world.postAttempts('CSTOP500')).toHaveLength(1);
    const released = await store.getDigestRun(subscription.id, '2026-06-01');
    expect(released).toMatchObject({ status: 'failed', claimedBy: 'instance-a', attempts: 1 });
    const due = released?.nextAttemptAt;
    expect(due).toBeInstanceOf(Date);
    expect(due?.getTime() ?? Infinity).toBeLessThanOrEqual(NINE.getTime() + DEFAULT_PACING_POLICY.baseDelayMs);

    world.now = due ?? NINE;
    const next = await runDueDigests(b, world.now);
    expect(next.outcomes.map((o) => o.outcome)).toEqual(['posted']);
    expect(fake.callsTo('conversations.history').filter((call) => call.params.channel === 'CSTOP500')).toHaveLength(1);
    expect(world.in('CSTOP500')).toHaveLength(1);
  });
});
