/**
 * A digest whose run lasts longer than the claim's lease (5 minutes): Slack keeps answering 429 with Retry-After 30,
 * which the run waits out 10 times (DEFAULT_PACING_POLICY), and the process can stall on top of that. Another
 * instance ticking meanwhile must not take over a claim that is still being worked on, and an instance whose claim
 * was taken over must not post: the channel gets the digest once either way.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PACING_POLICY, DigestPacing } from '../../src/digests/pacing.ts';
import { runDueDigests, type DigestRunnerDeps } from '../../src/digests/runner.ts';
import type { Store, Subscription } from '../../src/store/index.ts';
import type { FakeSlack } from '../support/fake-slack.ts';
import { MINUTE, SlackWorld, expectNoRepeats, slackAndFreshStores, readySearch, runnerDeps, slackPoster, utc, subscribeDaily } from './runner-harness.ts';

const CREATED = utc('2026-06-01T00:00:00.000Z');
const NINE = utc('2026-06-01T09:00:00.000Z');
const SLACK_BUSY_UNTIL = utc('2026-06-01T09:05:00.000Z');

describe('digest runner: a run longer than the claim lease', () => {
  let fake: FakeSlack;
  const newStore = slackAndFreshStores((started) => (fake = started));

  /**
   * Instance A runs the 09:00 tick with shared pacing on a simulated clock; its wait that would end at or after
   * `parkFrom` is parked until the test lets it go (the process stalled, or just still waiting on Slack).
   */
  async function setup(parkFrom: Date) {
    const store = await newStore();
    const world = new SlackWorld(fake);
    world.now = NINE;
    const searchState = await readySearch();
    // Slack rate-limits the workspace until 09:05: every post is refused with Retry-After: 30.
    world.postAnswer = (call) =>
      call.params.channel === 'CBUSY' && world.now < SLACK_BUSY_UNTIL
        ? { status: 429, headers: { 'Retry-After': '30' }, body: { ok: false, error: 'ratelimited' } }
        : undefined;
    let parked: (() => void) | null = null;
    let onParked: () => void = () => undefined;
    const isParked = new Promise<void>((resolve) => (onParked = resolve));
    const sleep = async (ms: number): Promise<void> => {
      const until = world.now.getTime() + ms;
      if (until >= parkFrom.getTime()) {
        await new Promise<void>((resolve) => {
          parked = resolve;
          onParked();
        });
        return;
      }
      await new Promise((resolve) => setImmediate(resolve));
      world.now = new Date(Math.max(until, world.now.getTime()));
    };
    const pacing = new DigestPacing(DEFAULT_PACING_POLICY, () => world.now, sleep);
    const a: DigestRunnerDeps = {
      ...runnerDeps({ store, searchState, poster: slackPoster(fake), instanceId: 'instance-a' }).deps,
      pacing,
    };
    const b = runnerDeps({ store, searchState, poster: slackPoster(fake), instanceId: 'instance-b' }).deps;
    const subscription = await subscribeDaily(store, { teamId: 'TBUSY', channelId: 'CBUSY', now: CREATED });
    const release = (at: Date): void => {
      world.now = at;
      parked?.();
    };
    return { store, world, a, b, subscription, isParked, release };
  }

  async function expectPostedOnce(store: Store, world: SlackWorld, sub: Subscription): Promise<void> {
    const messages = world.in('CBUSY');
    expect(messages.map((m) => m.postedAt.toISOString())).toHaveLength(1);
    const run = await store.getDigestRun(sub.id, '2026-06-01');
    expect(run).toMatchObject({ status: 'posted', messageTs: messages[0]?.ts, deliveryId: messages[0]?.deliveryId });
    expect(await store.deliveredPaperIds(sub.teamId, sub.channelId)).toEqual(new Set(messages[0]?.paperIds));
    expectNoRepeats(world, 'CBUSY');
  }

  it('another instance ticking at 09:05 leaves a run still waiting out 429s alone; the digest goes out once', async () => {
    const { store, world, a, b, subscription, isParked, release } = await setup(SLACK_BUSY_UNTIL);
    const first = runDueDigests(a, NINE);
    // A's tenth Retry-After wait, 09:04:30 → 09:05:00, is under way.
    await isParked;
    const otherTick = new Date(SLACK_BUSY_UNTIL.getTime() + 500);
    world.now = otherTick;
    const other = await runDueDigests(b, otherTick);
    release(new Date(otherTick.getTime() + 100));
    const report = await first;

    expect([...report.outcomes, ...other.outcomes].filter((o) => o.outcome === 'posted' || o.outcome === 'recovered')).toHaveLength(1);
    await expectPostedOnce(store, world, subscription);
  });

  it('a run whose claim was taken over while it stalled does not post again', async () => {
    const { store, world, a, b, subscription, isParked, release } = await setup(SLACK_BUSY_UNTIL);
    const first = runDueDigests(a, NINE);
    await isParked;
    // A stalls far beyond the lease: at 09:10 instance B takes the digest over and posts it.
    const takeover = new Date(NINE.getTime() + 10 * MINUTE + 500);
    world.now = takeover;
    const other = await runDueDigests(b, takeover);
    expect(other.outcomes.map((o) => o.outcome)).toEqual(['posted']);
    release(new Date(takeover.getTime() + 100));
    const report = await first;

    expect(report.outcomes.map((o) => o.outcome)).not.toContain('posted');
    await expectPostedOnce(store, world, subscription);
    expect(await store.getDigestRun(subscription.id, '2026-06-01')).toMatchObject({ claimedBy: 'instance-b', attempts: 2 });
  });

  it('a digest a busy tick reaches minutes late is claimed as of then: another instance ticking right after leaves it alone', async () => {
    const store = await newStore();
    const world = new SlackWorld(fake);
    world.now = NINE;
    const searchState = await readySearch();
    const subscribe = (channelId: string): Promise<Subscription> => subscribeDaily(store, { channelId, now: CREATED });
    const ahead = await subscribe('CAHEAD');
    const late = await subscribe('CLATE');
    // One slot; the digests ahead of CLATE take until 09:05:10 (a big 09:00 and a slow Slack).
    const reached = utc('2026-06-01T09:05:10.000Z');
    world.postAnswer = (call) => {
      if (call.params.channel === 'CAHEAD') world.now = reached;
      return undefined;
    };
    const b = runnerDeps({ store, searchState, poster: slackPoster(fake), instanceId: 'instance-b' }).deps;
    const otherTick = new Date(reached.getTime() + 500);
    let otherReport: Promise<unknown> = Promise.resolve();
    // Instance B ticks just after A claimed CLATE, while A is still composing its message.
    const aStore = new Proxy(store, {
      get(target, prop) {
        const value: unknown = Reflect.get(target, prop, target);
        if (prop !== 'claimDigest' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
        return async (...args: Parameters<Store['claimDigest']>) => {
          const run = await store.claimDigest(...args);
          if (run?.subscriptionId === late.id) {
            world.now = otherTick;
            otherReport = runDueDigests(b, otherTick);
            await otherReport;
          }
          return run;
        };
      },
    });
    const pacing = new DigestPacing({ ...DEFAULT_PACING_POLICY, concurrency: 1 }, () => world.now);
    const a: DigestRunnerDeps = { ...runnerDeps({ store: aStore, searchState, poster: slackPoster(fake), instanceId: 'instance-a' }).deps, pacing };

    const report = await runDueDigests(a, NINE);
    await otherReport;

    expect(report.outcomes.map((o) => [o.subscriptionId, o.outcome])).toEqual([
      [ahead.id, 'posted'],
      [late.id, 'posted'],
    ]);
    expect(world.in('CLATE')).toHaveLength(1);
    expect(await store.getDigestRun(late.id, '2026-06-01')).toMatchObject({ status: 'posted', claimedBy: 'instance-a', attempts: 1, messageTs: world.in('CLATE')[0]?.ts });
    expectNoRepeats(world, 'CLATE');
  });
});
