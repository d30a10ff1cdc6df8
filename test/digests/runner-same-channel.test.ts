/**
 * Two digests of one channel due at the same minute with overlapping topics ("speech recognition" and "speech"): a
 * paper that matches both goes out in one of them, never in both, whether one instance runs them or two instances
 * (two runner deps on one store, ticking together) share them. Each digest still goes out in its minute.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PACING_POLICY, DigestPacing } from '../../src/digests/pacing.ts';
import { runDueDigests, type DigestRunnerDeps } from '../../src/digests/runner.ts';
import type { Store, Subscription } from '../../src/store/index.ts';
import type { FakeSlack } from '../support/fake-slack.ts';
import { SlackWorld, expectNoRepeats, slackAndFreshStores, readySearch, runnerDeps, slackPoster, utc, subscribeDaily } from './runner-harness.ts';

const CREATED = utc('2026-06-01T00:00:00.000Z');
const NINE = utc('2026-06-01T09:00:00.000Z');

describe('digest runner: two digests of one channel at the same minute', () => {
  let fake: FakeSlack;
  const newStore = slackAndFreshStores((started) => (fake = started));

  async function setup(channelId: string) {
    const store = await newStore();
    const world = new SlackWorld(fake);
    world.now = NINE;
    const searchState = await readySearch();
    const subscribe = (topic: string): Promise<Subscription> => subscribeDaily(store, { channelId, topic, now: CREATED });
    const subs = [await subscribe('speech recognition'), await subscribe('speech')];
    const deps = (instanceId: string): DigestRunnerDeps => ({
      ...runnerDeps({ store, searchState, poster: slackPoster(fake), instanceId, digestSize: 5 }).deps,
      pacing: new DigestPacing(DEFAULT_PACING_POLICY, () => world.now),
    });
    return { store, world, subs, deps };
  }

  async function expectBothPostedNoPaperTwice(store: Store, world: SlackWorld, channelId: string, subs: readonly Subscription[]): Promise<void> {
    const messages = world.in(channelId);
    expect(messages).toHaveLength(2);
    expect(messages.every((m) => m.postedAt.getTime() === NINE.getTime())).toBe(true);
    for (const sub of subs) expect(await store.getDigestRun(sub.id, '2026-06-01'), `#${sub.id}`).toMatchObject({ status: 'posted' });
    expectNoRepeats(world, channelId);
    expect(await store.deliveredPaperIds('T1', channelId)).toEqual(new Set(messages.flatMap((m) => m.paperIds)));
  }

  it('the second digest leaves out what the first one posted', async () => {
    const { store, world, subs, deps } = await setup('CSHARED1');
    const report = await runDueDigests(deps('instance-a'), NINE);
    expect(report.outcomes.map((o) => o.outcome)).toEqual(['posted', 'posted']);
    await expectBothPostedNoPaperTwice(store, world, 'CSHARED1', subs);
  });

  it('two instances ticking together: the one posting the first digest posts the second after it', async () => {
    const { store, world, subs, deps } = await setup('CSHARED4');
    const reports = await Promise.all([runDueDigests(deps('instance-a'), NINE), runDueDigests(deps('instance-b'), NINE)]);
    expect(reports.flatMap((r) => r.outcomes).map((o) => o.outcome)).toEqual(['posted', 'posted']);
    await expectBothPostedNoPaperTwice(store, world, 'CSHARED4', subs);
  });

  it('the same without shared pacing (`npm run cli -- digest run`)', async () => {
    const { store, world, subs, deps } = await setup('CSHARED2');
    const { pacing: _shared, ...single } = deps('instance-a');
    const report = await runDueDigests(single, NINE);
    expect(report.outcomes.map((o) => o.outcome)).toEqual(['posted', 'posted']);
    await expectBothPostedNoPaperTwice(store, world, 'CSHARED2', subs);
  });

  it('the next tick does not post the second digest while the first one still waits on Slack', async () => {
    const { store, world, subs, deps } = await setup('CSHARED3');
    const a = { ...deps('instance-a'), poster: slackPoster(fake, { timeoutMs: 1_000 }) };
    // Slack takes the first digest and never answers: the run waits out the timeout, then finds it in the history.
    world.acceptThenHang.add('CSHARED3');
    const first = runDueDigests(a, NINE);
    await fake.waitFor('chat.postMessage', fake.callsTo('chat.postMessage').length + 1);
    const next = await runDueDigests(a, new Date(NINE.getTime() + 60_000));
    const report = await first;
    expect([...report.outcomes, ...next.outcomes].map((o) => o.outcome).sort()).toEqual(['posted', 'recovered']);
    expect(world.in('CSHARED3')).toHaveLength(2);
    expectNoRepeats(world, 'CSHARED3');
    for (const sub of subs) expect(await store.getDigestRun(sub.id, '2026-06-01'), `#${sub.id}`).toMatchObject({ status: 'posted' });
  });
});
