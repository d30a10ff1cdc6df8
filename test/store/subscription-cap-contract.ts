/**
 * A channel's subscription and follow caps (`maxPerChannel`) held by the store: concurrent upserts, subscribes with examples and follows,
 * from one store or (Postgres) two with their own pools, never take a channel past it.
 */
import { describe, expect, it } from 'vitest';
import { ChannelFullError, type Store } from '../../src/store/index.ts';
import { suiteStores, type StoreHarness } from './harness.ts';

const TEAM = 'T0CAP';
const CHANNEL = 'C0CAP';
const CAP = 5;
const NOW = new Date('2025-03-03T07:00:00.000Z');

export function defineSubscriptionCapContract(harness: StoreHarness): void {
  describe(`the per-channel subscription cap in the store (${harness.label})`, () => {
    const { open } = suiteStores(harness);

    /** One store per process on a SQLite file; two instances on Postgres. */
    async function instances(): Promise<Store[]> {
      const url = await harness.storeUrl();
      return harness.label === 'postgres' ? [await open(url, { poolMax: 10 }), await open(url, { poolMax: 10 })] : [await open(url)];
    }

    const subscribe = (store: Store, topic: string) =>
      store.upsertSubscription({ teamId: TEAM, channelId: CHANNEL, topic, createdBy: 'U1', maxPerChannel: CAP, now: NOW });

    it('concurrent new subscriptions stop at the cap; the rest throw ChannelFullError and write nothing', async () => {
      const stores = await instances();
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => {
          const store = stores[i % stores.length] as Store;
          return i % 2 === 0
            ? subscribe(store, `topic ${i}`)
            : store.subscribeWithExamples({
                teamId: TEAM,
                channelId: CHANNEL,
                topic: `topic ${i}`,
                createdBy: 'U1',
                examples: [{ id: `paper-${i}`, arxivId: null, title: `Paper ${i}` }],
                maxExamples: 5,
                maxPerChannel: CAP,
                now: NOW,
              });
        }),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(CAP);
      const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
      expect(refused).toHaveLength(20 - CAP);
      for (const error of refused) expect(error).toBeInstanceOf(ChannelFullError);
      const [first] = stores;
      const kept = await first?.listSubscriptions(TEAM, CHANNEL);
      expect(kept).toHaveLength(CAP);
      // A refused subscribe with examples left no examples behind.
      const examples = await first?.listSubscriptionExamples(kept?.map((s) => s.id) ?? []);
      expect([...(examples?.values() ?? [])].flat().every((e) => kept?.some((s) => s.id === e.subscriptionId))).toBe(true);
    });

    it('a full channel still updates a subscription it has, and other channels are not counted', async () => {
      const [store] = await instances();
      if (!store) throw new Error('no store');
      for (let i = 0; i < CAP; i++) await subscribe(store, `topic ${i}`);
      await expect(subscribe(store, 'one more')).rejects.toMatchObject({ name: 'ChannelFullError', limit: CAP, existing: CAP });
      const updated = await store.upsertSubscription({ teamId: TEAM, channelId: CHANNEL, topic: 'topic 2', createdBy: 'U1', time: '07:30', maxPerChannel: CAP });
      expect(updated).toMatchObject({ created: false, subscription: { topicKey: 'topic 2', time: '07:30' } });
      const elsewhere = await store.upsertSubscription({ teamId: TEAM, channelId: 'C0OTHER', topic: 'one more', createdBy: 'U1', maxPerChannel: CAP });
      expect(elsewhere.created).toBe(true);
      await expect(subscribe(store, 'x')).rejects.toBeInstanceOf(ChannelFullError);
      expect(await store.listSubscriptions(TEAM, CHANNEL)).toHaveLength(CAP);
    });

    it('concurrent follows stop at the cap too', async () => {
      const stores = await instances();
      const results = await Promise.allSettled(
        Array.from({ length: 12 }, (_, i) =>
          (stores[i % stores.length] as Store).addFollow({
            teamId: TEAM,
            channelId: CHANNEL,
            name: `Author ${i}`,
            nameKey: `author ${i}`,
            hfUser: null,
            createdBy: 'U1',
            maxPerChannel: CAP,
            now: NOW,
          }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(CAP);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ChannelFullError);
      expect(await stores[0]?.listFollows(TEAM, CHANNEL)).toHaveLength(CAP);
    });
  });
}
