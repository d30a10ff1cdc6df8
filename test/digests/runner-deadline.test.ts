/**
 * The shutdown deadline (DigestRunnerDeps.deadline) against the fake Slack through the real SlackDigestPoster: a
 * post Slack never answers is abandoned when the deadline passes, the run is released as a retry due at once,
 * and the next instance checks the channel history before posting: the digest goes out once.
 */
import { describe, expect, it } from 'vitest';
import type { DigestRunnerDeps } from '../../src/digests/runner.ts';
import type { Store } from '../../src/store/index.ts';
import type { FakeSlack } from '../support/fake-slack.ts';
import { SlackWorld, readySearch, runnerDeps, slackPoster, tick, utc, slackAndStore, subscribeDaily } from './runner-harness.ts';

const CREATED = utc('2026-06-01T00:00:00.000Z');
const NINE = utc('2026-06-01T09:00:00.000Z');

describe('digest runner: the shutdown deadline', () => {
  let fake: FakeSlack;
  let store: Store;

  slackAndStore((started) => ({ fake, store } = started));

  it('a post Slack never answers is abandoned at the deadline and posted once by the next instance, after a history check', async () => {
    const world = new SlackWorld(fake);
    const searchState = await readySearch();
    const { deps, logs } = runnerDeps({ store, searchState, poster: slackPoster(fake), instanceId: 'instance-a' });
    const sub = await subscribeDaily(store, { channelId: 'CHUNG', now: CREATED });
    // The post never reaches the channel and never gets an answer (a connection that hangs).
    fake.answerNext('chat.postMessage', { hang: true });
    const deadline = new AbortController();
    const ticking = tick(world, { ...deps, deadline: deadline.signal }, NINE);
    await fake.waitFor('chat.postMessage', 1);
    deadline.abort();
    const report = await ticking;
    expect(report.outcomes).toEqual([{ subscriptionId: sub.id, digestDate: '2026-06-01', outcome: 'failed', detail: 'interrupted_by_shutdown' }]);
    const released = await store.getDigestRun(sub.id, '2026-06-01');
    expect(released).toMatchObject({ status: 'failed', attempts: 1, messageTs: null, error: 'interrupted_by_shutdown' });
    expect(released?.nextAttemptAt?.getTime()).toBe(NINE.getTime() + 1_000);
    expect(logs.some((line) => line.includes('interrupted_by_shutdown'))).toBe(true);

    // The next instance a second later: nothing in the history, so it posts, once.
    const b: DigestRunnerDeps = { ...deps, instanceId: 'instance-b' };
    const next = await tick(world, b, new Date(NINE.getTime() + 1_000));
    expect(next.outcomes.map((o) => o.outcome)).toEqual(['posted']);
    expect(fake.callsTo('conversations.history').filter((call) => call.params.channel === 'CHUNG')).toHaveLength(1);
    expect(world.in('CHUNG')).toHaveLength(1);
    expect(await store.getDigestRun(sub.id, '2026-06-01')).toMatchObject({ status: 'posted', attempts: 2, claimedBy: 'instance-b', messageTs: world.in('CHUNG')[0]?.ts });
  });

  it('once the deadline has passed no new Slack call starts', async () => {
    const world = new SlackWorld(fake);
    const searchState = await readySearch();
    const { deps } = runnerDeps({ store, searchState, poster: slackPoster(fake), instanceId: 'instance-c' });
    const sub = await subscribeDaily(store, { teamId: 'T2', channelId: 'CLATE', now: CREATED });
    const before = fake.callsTo('chat.postMessage').length;
    const report = await tick(world, { ...deps, deadline: AbortSignal.abort() }, NINE);
    expect(report.outcomes).toEqual([{ subscriptionId: sub.id, digestDate: '2026-06-01', outcome: 'failed', detail: 'interrupted_by_shutdown' }]);
    expect(fake.callsTo('chat.postMessage').length).toBe(before);
  });
});
