/**
 * Claims of a holder that is gone (claim-holders.ts): a run claimed by an instance whose store closed (as when its
 * process is killed: its Postgres lock connection closes; on SQLite, an instance of this process whose store closed)
 * is taken over at once; an open holder's run, and one claimed under an id the app did not make, wait out the lease.
 * A killed process itself: test/digests/runner-killed-holder.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { newInstanceId, type OpenStoreOptions, type Store } from '../../src/store/index.ts';
import { suiteStores, type StoreHarness } from './harness.ts';

const T0 = new Date('2025-03-03T07:00:00.000Z');
const later = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
const DATE = '2025-03-03';

export function defineClaimHoldersContract(harness: StoreHarness): void {
  describe(`claims of a holder that is gone (${harness.label})`, () => {
    const { open } = suiteStores(harness);

    async function twoInstances(url?: string, firstOptions: OpenStoreOptions = {}): Promise<{ first: Store; second: Store; subscriptionId: number }> {
      url ??= await harness.storeUrl();
      const first = await open(url, firstOptions);
      const second = await open(url);
      const { subscription } = await first.upsertSubscription({ teamId: 'T1', channelId: 'C1', topic: 'rlhf', createdBy: 'U1', now: T0 });
      return { first, second, subscriptionId: subscription.id };
    }

    it("takes over at once the run of a holder whose store closed, fencing that holder's attempt", async () => {
      const { first, second, subscriptionId } = await twoInstances();
      const gone = newInstanceId();
      const run = await first.claimDigest(subscriptionId, DATE, gone, T0);
      expect(run).toMatchObject({ claimedBy: gone, attempts: 1 });
      await first.close();
      const next = newInstanceId();
      expect(await second.claimDigest(subscriptionId, DATE, next, later(1))).toMatchObject({ status: 'claimed', claimedBy: next, attempts: 2 });
      if (!run) throw new Error('no run');
      expect(await second.renewDigestClaim(run, later(1))).toBe(false);
      // The new holder is alive: a third instance waits.
      expect(await second.claimDigest(subscriptionId, DATE, newInstanceId(), later(2))).toBeNull();
    });

    it('leaves an open holder its run until the lease ends', async () => {
      const { first, second, subscriptionId } = await twoInstances();
      const alive = newInstanceId();
      await first.claimDigest(subscriptionId, DATE, alive, T0);
      expect(await second.claimDigest(subscriptionId, DATE, newInstanceId(), later(1))).toBeNull();
      expect(await second.claimDigest(subscriptionId, DATE, newInstanceId(), later(4))).toBeNull();
      expect(await second.claimDigest(subscriptionId, DATE, newInstanceId(), later(6))).toMatchObject({ attempts: 2 });
    });

    it('never judges an id the app did not make (another version during a deploy): its run waits out the lease', async () => {
      const { first, second, subscriptionId } = await twoInstances();
      await first.claimDigest(subscriptionId, DATE, 'web.1:4242:a1b2c3', T0);
      await first.close();
      expect(await second.claimDigest(subscriptionId, DATE, newInstanceId(), later(1))).toBeNull();
      expect(await second.claimDigest(subscriptionId, DATE, newInstanceId(), later(6))).toMatchObject({ attempts: 2 });
    });

    if (harness.label === 'postgres') {
      it("a holder whose lock connection was cut loses its run (its renewal fails) and takes its lock again at its next claim", async () => {
        const url = await harness.storeUrl();
        const connectionErrors: Error[] = [];
        const { first, second, subscriptionId } = await twoInstances(url, { onPoolError: (error) => connectionErrors.push(error) });
        const cut = newInstanceId();
        const run = await first.claimDigest(subscriptionId, DATE, cut, T0);
        if (!run) throw new Error('no run');
        const killed = await harness.query<{ terminated: boolean }>(
          url,
          `select pg_terminate_backend(pid) as terminated from pg_locks where locktype = 'advisory' and objsubid = 1
             and ((classid::bigint << 32) | objid::bigint) = hashtextextended('paper-digest claim holder ${cut}', 0)`,
        );
        expect(killed).toEqual([{ terminated: true }]);
        // The cut is noticed once the server's goodbye arrives: a claim made now finds the holder gone.
        await expect.poll(async () => (await second.claimDigest(subscriptionId, DATE, newInstanceId(), later(1)))?.attempts ?? null).toBe(2);
        expect(await first.renewDigestClaim(run, later(1))).toBe(false);
        expect(connectionErrors.length).toBeGreaterThan(0);
        for (const error of connectionErrors) expect(error.message).toMatch(/terminat/i);
        // Its next claim (another subscription) takes the lock again: alive, its run is not taken.
        const { subscription: other } = await first.upsertSubscription({ teamId: 'T1', channelId: 'C2', topic: 'rlhf', createdBy: 'U1', now: T0 });
        await expect.poll(async () => (await first.claimDigest(other.id, DATE, cut, later(2)))?.claimedBy ?? null).toBe(cut);
        expect(await second.claimDigest(other.id, DATE, newInstanceId(), later(3))).toBeNull();
      });
    }
  });
}
