/**
 * Many digests due at the same minute, against the fake Slack through the real SlackDigestPoster with the
 * production digest client options (request timeout: 2 s here, long enough that a loaded machine never times out a post Slack did answer) and a shared DigestPacing driven by an
 * injected clock (backoffs and Retry-After holds advance it; nothing waits for real but the timeouts):
 * a post that Slack takes and never answers does not hold back the other channels and is found in the
 * history, not posted again; a 429 holds that workspace only, for its Retry-After, without using up an
 * attempt; a 500 is retried within the run after a history check; a tick still busy does not hold back the
 * next one. Nothing is lost or doubled.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PACING_POLICY, DigestPacing } from '../../src/digests/pacing.ts';
import { runDueDigests, type DigestRunnerDeps } from '../../src/digests/runner.ts';
import type { Store, Subscription } from '../../src/store/index.ts';
import type { FakeSlack } from '../support/fake-slack.ts';
import { SlackWorld, expectNoRepeats, readySearch, runnerDeps, slackPoster, utc, slackAndFreshStores, subscribeDaily } from './runner-harness.ts';

const CREATED = utc('2026-06-01T00:00:00.000Z');
const NINE = utc('2026-06-01T09:00:00.000Z');
const TIMEOUT_MS = 2_000;

/** The simulated time: sleeping moves it forward (concurrent sleepers from the same instant end at the same time). */
class TestClock {
  constructor(
    private readonly world: SlackWorld,
    public now: Date,
  ) {
    world.now = now;
  }

  readonly clock = (): Date => this.now;

  readonly sleep = async (ms: number): Promise<void> => {
    const until = this.now.getTime() + ms;
    this.sleeps.push(ms);
    await new Promise((resolve) => setImmediate(resolve));
    if (until > this.now.getTime()) this.set(new Date(until));
  };

  readonly sleeps: number[] = [];

  set(now: Date): void {
    this.now = now;
    this.world.now = now;
  }
}

describe('digest runner: many digests at one minute, a slow and failing Slack', () => {
  let fake: FakeSlack;
  const newStore = slackAndFreshStores((started) => (fake = started));

  async function setup(policy: Partial<typeof DEFAULT_PACING_POLICY> = {}) {
    const store = await newStore();
    const world = new SlackWorld(fake);
    const time = new TestClock(world, NINE);
    const pacing = new DigestPacing({ ...DEFAULT_PACING_POLICY, ...policy }, time.clock, time.sleep);
    const { deps, logs } = runnerDeps({ store, searchState: await readySearch(), poster: slackPoster(fake, { timeoutMs: TIMEOUT_MS }), instanceId: 'instance-a' });
    const withPacing: DigestRunnerDeps = { ...deps, pacing };
    const subscribe = (teamId: string, channelId: string, time = '09:00'): Promise<Subscription> => subscribeDaily(store, { teamId, channelId, time, now: CREATED });
    return { store, world, time, deps: withPacing, logs, subscribe };
  }

  /** Every subscription has exactly one visible message, recorded as its run with the same ts. */
  async function expectEachPostedOnce(store: Store, world: SlackWorld, subs: readonly Subscription[]): Promise<void> {
    for (const sub of subs) {
      const messages = world.in(sub.channelId);
      expect(messages, sub.channelId).toHaveLength(1);
      const run = await store.getDigestRun(sub.id, '2026-06-01');
      expect(run, sub.channelId).toMatchObject({ status: 'posted', messageTs: messages[0]?.ts, deliveryId: messages[0]?.deliveryId });
      expectNoRepeats(world, sub.channelId);
    }
  }

  const postsTo = (channel: string) => fake.callsTo('chat.postMessage').filter((call) => call.params.channel === channel);

  it('a post Slack takes and never answers holds back no other channel, and is found in the history instead of reposted', async () => {
    const { store, world, deps, subscribe } = await setup();
    const subs: Subscription[] = [];
    for (let i = 1; i <= 8; i++) subs.push(await subscribe('T1', `CHUNG${i}`));
    world.acceptThenHang.add('CHUNG1');
    const callsBefore = fake.calls.length;

    const report = await runDueDigests(deps, NINE);

    expect(report.outcomes.map((o) => [o.subscriptionId, o.outcome])).toEqual(subs.map((s, i) => [s.id, i === 0 ? 'recovered' : 'posted']));
    await expectEachPostedOnce(store, world, subs);
    expect(postsTo('CHUNG1')).toHaveLength(1);
    // Every other channel's post went out before the hung one was even looked for in the history.
    const calls = fake.calls.slice(callsBefore);
    const historyCheck = calls.findIndex((c) => c.method === 'conversations.history' && c.params.channel === 'CHUNG1');
    expect(historyCheck).toBeGreaterThan(0);
    for (const sub of subs.slice(1)) {
      const post = calls.findIndex((c) => c.method === 'chat.postMessage' && c.params.channel === sub.channelId);
      expect(post, sub.channelId).toBeGreaterThanOrEqual(0);
      expect(post, sub.channelId).toBeLessThan(historyCheck);
    }
    expect(await store.getDigestRun(subs[0]?.id ?? 0, '2026-06-01')).toMatchObject({ attempts: 1 });
  });

  it('429 with Retry-After holds that workspace only, costs no attempt, and every digest goes out in the same tick', async () => {
    const { store, world, deps, subscribe } = await setup();
    const busy = [await subscribe('TBUSY', 'CBUSY1'), await subscribe('TBUSY', 'CBUSY2'), await subscribe('TBUSY', 'CBUSY3')];
    const free = [await subscribe('TFREE', 'CFREE1'), await subscribe('TFREE', 'CFREE2')];
    // Slack rate-limits TBUSY for its first 5 s: every post to it in that window is refused with Retry-After: 5.
    const calls: Array<{ team: string; at: Date; refused: boolean }> = [];
    world.postAnswer = (call) => {
      const team = call.authorization === 'Bearer xoxb-TBUSY' ? 'TBUSY' : 'TFREE';
      const refused = team === 'TBUSY' && world.now.getTime() < NINE.getTime() + 5_000;
      calls.push({ team, at: world.now, refused });
      return refused ? { status: 429, headers: { 'Retry-After': '5' }, body: { ok: false, error: 'ratelimited' } } : undefined;
    };

    const report = await runDueDigests(deps, NINE);

    expect(report.outcomes.map((o) => o.outcome)).toEqual(['posted', 'posted', 'posted', 'posted', 'posted']);
    await expectEachPostedOnce(store, world, [...busy, ...free]);
    // Once Slack said 429, nothing more went to that workspace until Retry-After had passed: the only refused
    // calls are the ones already under way at 09:00:00, at most one per digest.
    const refused = calls.filter((c) => c.refused);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused.length).toBeLessThanOrEqual(busy.length);
    expect(refused.every((c) => c.at.getTime() === NINE.getTime())).toBe(true);
    // The other workspace was not held: each of its digests went out with one call, before the busy one's hold ended.
    const freeCalls = calls.map((c, i) => ({ ...c, i })).filter((c) => c.team === 'TFREE');
    const firstBusyAccepted = calls.findIndex((c) => c.team === 'TBUSY' && !c.refused);
    expect(freeCalls).toHaveLength(2);
    expect(freeCalls.every((c) => c.i < firstBusyAccepted)).toBe(true);
    // The 429 used no attempt: one claim, no history check needed (a refused post never reached the channel).
    for (const sub of busy) expect(await store.getDigestRun(sub.id, '2026-06-01'), sub.channelId).toMatchObject({ attempts: 1 });
    expect(fake.callsTo('conversations.history').filter((c) => String(c.params.channel).startsWith('CBUSY'))).toEqual([]);
  });

  it('a 500 is retried within the run with backoff, after looking in the history; a Retry-After beyond the wait limit is left to a later tick', async () => {
    const { store, world, deps, time, subscribe } = await setup();
    const flaky = await subscribe('T5', 'C500');
    const slow = await subscribe('T6', 'CSLOW');
    let failed = false;
    world.postAnswer = (call) => {
      if (call.params.channel === 'C500' && !failed) {
        failed = true;
        return { status: 500, body: { ok: false, error: 'internal_error' } };
      }
      if (call.params.channel === 'CSLOW') return { status: 429, headers: { 'Retry-After': '120' }, body: { ok: false, error: 'ratelimited' } };
      return undefined;
    };

    const report = await runDueDigests(deps, NINE);

    expect(report.outcomes.map((o) => [o.subscriptionId, o.outcome, o.detail])).toEqual([
      [flaky.id, 'posted', undefined],
      [slow.id, 'failed', 'ratelimited'],
    ]);
    await expectEachPostedOnce(store, world, [flaky]);
    expect(postsTo('C500')).toHaveLength(2);
    expect(fake.callsTo('conversations.history').filter((c) => c.params.channel === 'C500')).toHaveLength(1);
    expect(time.sleeps).toContain(DEFAULT_PACING_POLICY.baseDelayMs);
    // Two minutes is longer than a run waits: the run is failed with its retry due after Retry-After, as before.
    expect(postsTo('CSLOW')).toHaveLength(1);
    expect(await store.getDigestRun(slow.id, '2026-06-01')).toMatchObject({ status: 'failed', error: 'ratelimited', attempts: 1 });
    const retryAt = (await store.getDigestRun(slow.id, '2026-06-01'))?.nextAttemptAt?.getTime() ?? 0;
    expect(retryAt).toBeGreaterThanOrEqual(NINE.getTime() + 120_000);
    expect(world.in('CSLOW')).toEqual([]);
  });

  it('a tick still waiting on a hung post does not hold back the next minute\'s digests', async () => {
    const { store, world, deps, time, subscribe } = await setup({ concurrency: 2 });
    const nine = await subscribe('T7', 'CNINE');
    const nineOhOne = await subscribe('T7', 'CNINE01', '09:01');
    world.acceptThenHang.add('CNINE');
    let hungSeen = false;
    world.postAnswer = (call) => {
      if (call.params.channel === 'CNINE') hungSeen = true;
      return undefined;
    };

    const first = runDueDigests(deps, NINE);
    await fake.waitFor('chat.postMessage', fake.callsTo('chat.postMessage').length + (hungSeen ? 0 : 1));
    time.set(new Date(NINE.getTime() + 60_000));
    const secondTick = runDueDigests(deps, time.now);
    // The 09:01 digest goes out while the 09:00 tick is still waiting on its hung post (the 09:01 tick itself ends
    // after it: its look at CNINE waits for that channel's digest under way).
    await fake.waitFor('chat.postMessage', fake.callsTo('chat.postMessage').length + (world.in('CNINE01').length === 0 ? 1 : 0));
    expect(world.in('CNINE01')).toHaveLength(1);
    expect((await store.getDigestRun(nine.id, '2026-06-01'))?.status).toBe('claimed');
    const second = await secondTick;
    expect(second.outcomes.map((o) => [o.subscriptionId, o.outcome])).toEqual([[nineOhOne.id, 'posted']]);

    const firstReport = await first;
    expect(firstReport.outcomes.map((o) => [o.subscriptionId, o.outcome])).toEqual([[nine.id, 'recovered']]);
    await expectEachPostedOnce(store, world, [nine, nineOhOne]);
  });
});
