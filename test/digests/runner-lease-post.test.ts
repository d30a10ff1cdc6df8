/**
 * A process frozen past the claim's lease (5 minutes) between composing a digest and posting it (a long GC pause, a
 * suspended VM, a stalled disk). Another instance takes the run over and posts; when the frozen one wakes up it must
 * not post the digest a second time. The runner confirms its claim right before chat.postMessage. Run on SQLite (one
 * store for both instances) and Postgres (two stores, their own connections, on one schema).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PACING_POLICY, DigestPacing } from '../../src/digests/pacing.ts';
import { runDueDigests, type DigestRunnerDeps, type DigestTickReport } from '../../src/digests/runner.ts';
import type { Store } from '../../src/store/index.ts';
import { storeHarnesses } from '../store/harness.ts';
import type { FakeSlack } from '../support/fake-slack.ts';
import { MINUTE, SlackWorld, expectNoRepeats, readySearch, runnerDeps, slackPoster, utc, slackAndStores, subscribeDaily } from './runner-harness.ts';

const CREATED = utc('2026-06-01T00:00:00.000Z');
const NINE = utc('2026-06-01T09:00:00.000Z');

const harnesses = await storeHarnesses('lease before post');

for (const makeHarness of harnesses) {
  const harness = makeHarness();
  describe(`digest runner on ${harness.label}: frozen between composing a digest and posting it`, () => {
    let fake: FakeSlack;
    const open = slackAndStores((started) => (fake = started), () => harness.cleanup());

    /**
     * Instance A (shared pacing on the simulated clock) and instance B (its own store on Postgres). A's store calls
     * `frozen` the first time A composes the digest (reads what the channel was sent): the process stands still
     * there while the world goes on.
     */
    async function setup(channelId: string, frozen: (b: DigestRunnerDeps, world: SlackWorld) => Promise<void>) {
      const url = await harness.freshUrl();
      const storeA = await open(url);
      const storeB = harness.label === 'sqlite' ? storeA : await open(url);
      const world = new SlackWorld(fake);
      world.now = NINE;
      const searchState = await readySearch();
      const b = runnerDeps({ store: storeB, searchState, poster: slackPoster(fake), instanceId: 'instance-b' }).deps;
      let froze = false;
      const aStore = new Proxy(storeA, {
        get(target, prop) {
          const value: unknown = Reflect.get(target, prop, target);
          if (typeof value !== 'function') return value;
          if (prop !== 'deliveredPaperIds') return value.bind(target);
          return async (...args: Parameters<Store['deliveredPaperIds']>) => {
            const sent = await storeA.deliveredPaperIds(...args);
            if (!froze) {
              froze = true;
              await frozen(b, world);
            }
            return sent;
          };
        },
      });
      const a = runnerDeps({ store: aStore, searchState, poster: slackPoster(fake), instanceId: 'instance-a' });
      const pacing = new DigestPacing(DEFAULT_PACING_POLICY, () => world.now);
      const subscription = await subscribeDaily(storeA, { channelId, now: CREATED });
      return { store: storeA, world, a: { ...a.deps, pacing }, logs: a.logs, subscription };
    }

    it('the instance that took the run over posts it; the frozen one wakes up and does not post it again', async () => {
      let other: DigestTickReport = { outcomes: [] };
      const { store, world, a, logs, subscription } = await setup('CFROZEN', async (b, world) => {
        // A stands still for ten minutes; B's 09:10 tick finds A's claim stale, takes it over and posts the digest.
        world.now = new Date(NINE.getTime() + 10 * MINUTE);
        other = await runDueDigests(b, world.now);
        world.now = new Date(world.now.getTime() + 30_000);
      });

      const report = await runDueDigests(a, NINE);

      expect(other.outcomes.map((o) => o.outcome)).toEqual(['posted']);
      expect(report.outcomes.map((o) => o.outcome)).not.toContain('posted');
      const messages = world.in('CFROZEN');
      expect(messages).toHaveLength(1);
      expect(world.postAttempts('CFROZEN')).toHaveLength(1);
      const run = await store.getDigestRun(subscription.id, '2026-06-01');
      expect(run).toMatchObject({ status: 'posted', claimedBy: 'instance-b', attempts: 2, messageTs: messages[0]?.ts, deliveryId: messages[0]?.deliveryId });
      expect(await store.deliveredPaperIds('T1', 'CFROZEN')).toEqual(new Set(messages[0]?.paperIds));
      expectNoRepeats(world, 'CFROZEN');
      expect(logs.join('\n')).toContain('another instance took this digest over');
    });

    it('frozen past the lease with no other instance about, it posts once on waking, and its claim is renewed as of then', async () => {
      const woke = new Date(NINE.getTime() + 10 * MINUTE);
      const { store, world, a, subscription } = await setup('CALONE', async (_b, world) => {
        world.now = woke;
      });

      const report = await runDueDigests(a, NINE);

      expect(report.outcomes.map((o) => o.outcome)).toEqual(['posted']);
      expect(world.in('CALONE')).toHaveLength(1);
      // Renewed right before the post (completion leaves claimed_at as it was): the lease ran from 09:10 again.
      const run = await store.getDigestRun(subscription.id, '2026-06-01');
      expect(run).toMatchObject({ status: 'posted', claimedBy: 'instance-a', attempts: 1, messageTs: world.in('CALONE')[0]?.ts });
      expect(run?.claimedAt.toISOString()).toBe(woke.toISOString());
    });
  });
}
