/**
 * A digest is waiting out Slack's Retry-After (a busy workspace at 09:00) when the channel stops wanting it: someone
 * clicks Unsubscribe, or Pause in the App Home, or the app is uninstalled. When the wait ends the digest must not be
 * posted: the runner looks again right before chat.postMessage. A pause resumed later that day still gets the digest,
 * once.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PACING_POLICY, DigestPacing } from '../../src/digests/pacing.ts';
import { runDueDigests, type DigestRunnerDeps } from '../../src/digests/runner.ts';
import type { Store } from '../../src/store/index.ts';
import type { FakeSlack } from '../support/fake-slack.ts';
import { MINUTE, SlackWorld, readySearch, runnerDeps, slackAndFreshStores, slackPoster, subscribeDaily, utc } from './runner-harness.ts';

const CREATED = utc('2026-06-01T00:00:00.000Z');
const NINE = utc('2026-06-01T09:00:00.000Z');

describe('digest runner: the channel stops wanting the digest while it waits on Slack', () => {
  let fake: FakeSlack;
  const newStore = slackAndFreshStores((started) => (fake = started));

  /** A run at 09:00 whose first post gets a 429 (Retry-After 30); `meanwhile` runs during the wait. */
  async function runWith(channelId: string, meanwhile: (store: Store, subscriptionId: number) => Promise<void>) {
    const store = await newStore();
    const world = new SlackWorld(fake);
    world.now = NINE;
    const searchState = await readySearch();
    const sub = await subscribeDaily(store, { channelId, now: CREATED });
    let limited = false;
    world.postAnswer = () => {
      if (limited) return undefined;
      limited = true;
      return { status: 429, headers: { 'Retry-After': '30' }, body: { ok: false, error: 'ratelimited' } };
    };
    const sleep = async (ms: number): Promise<void> => {
      await meanwhile(store, sub.id);
      world.now = new Date(world.now.getTime() + ms);
    };
    const { deps, logs } = runnerDeps({ store, searchState, poster: slackPoster(fake), instanceId: 'instance-a' });
    const a: DigestRunnerDeps = { ...deps, pacing: new DigestPacing(DEFAULT_PACING_POLICY, () => world.now, sleep) };
    const report = await runDueDigests(a, NINE);
    return { store, world, sub, report, deps, logs };
  }

  it('Unsubscribe clicked during the wait: nothing is posted', async () => {
    const { world, report, logs } = await runWith('CUNSUB', async (store, id) => {
      await store.removeSubscription('T1', 'CUNSUB', `#${id}`);
    });
    expect(world.postAttempts('CUNSUB')).toHaveLength(1); // the 429
    expect(world.in('CUNSUB')).toEqual([]);
    expect(report.outcomes.map((o) => o.outcome)).not.toContain('posted');
    expect(logs.some((line) => /not posted: unsubscribed since this run began/.test(line))).toBe(true);
  });

  it('the app uninstalled during the wait: nothing is posted', async () => {
    const { world, report } = await runWith('CGONE', async (store) => {
      await store.setWorkspacePaused('T1', 'app_uninstalled', NINE);
    });
    expect(world.postAttempts('CGONE')).toHaveLength(1);
    expect(world.in('CGONE')).toEqual([]);
    expect(report.outcomes.map((o) => o.outcome)).not.toContain('posted');
  });

  it('Pause clicked during the wait: nothing is posted; resumed at 10:00, the digest goes out once', async () => {
    const { store, world, sub, report, deps } = await runWith('CPAUSE', async (s, id) => {
      await s.setSubscriptionPaused('T1', id, 'paused_by_user', NINE);
    });
    expect(world.in('CPAUSE')).toEqual([]);
    expect(report.outcomes.map((o) => o.outcome)).not.toContain('posted');

    await store.setSubscriptionPaused('T1', sub.id, null, utc('2026-06-01T10:00:00.000Z'));
    for (let t = utc('2026-06-01T10:00:00.000Z').getTime(); t <= utc('2026-06-01T10:10:00.000Z').getTime(); t += MINUTE) {
      world.now = new Date(t);
      await runDueDigests({ ...deps, instanceId: 'instance-b' }, world.now);
    }
    expect(world.in('CPAUSE')).toHaveLength(1);
    expect(await store.getDigestRun(sub.id, '2026-06-01')).toMatchObject({ status: 'posted', messageTs: world.in('CPAUSE')[0]?.ts });
  });
});
