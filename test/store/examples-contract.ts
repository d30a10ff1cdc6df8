/**
 * Subscription examples (issue 16) on every dialect: added in order with the subscription in one transaction,
 * duplicates skipped, the cap enforced with nothing half-saved, wordless feeds keyed per channel, cleared on reset,
 * gone with their subscription, kept across a reopen, and migration 0015 over a database that already has
 * subscriptions. sqlite.test.ts and postgres.test.ts run it.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { connect, parseDatabaseUrl } from '../../src/store/dialect.ts';
import { migrationNames, StoreValidationError, TooManyExamplesError, type Store } from '../../src/store/index.ts';
import { migrationsThrough, runMigrations } from '../../src/store/migrations.ts';
import { suiteStores, type StoreHarness } from './harness.ts';

const T1 = new Date('2026-08-17T09:00:00.000Z');
const T2 = new Date('2026-08-18T09:00:00.000Z');

const paper = (n: number): { id: string; arxivId: string; title: string } => ({
  id: `paper-${n}`,
  arxivId: `2502.${String(10000 + n)}`,
  title: `Paper ${n} <@U999> & friends`,
});

const where = { teamId: 'T1', channelId: 'C1', createdBy: 'U1' } as const;

export function defineExamplesStoreContract(harness: StoreHarness): void {
  describe(`subscription examples in the store (${harness.label})`, () => {
    const stores = suiteStores(harness);
    const fresh = (url?: string): Promise<Store> => (url === undefined ? stores.fresh() : stores.open(url));

    it('creates the subscription with its examples in order; subscribing again adds only the new ones, after the others', async () => {
      const store = await fresh();
      const first = await store.subscribeWithExamples({ ...where, topic: 'sparse attention', examples: [paper(2), paper(1)], maxExamples: 10, now: T1 });
      expect(first.created).toBe(true);
      expect(first.subscription.topic).toBe('sparse attention');
      expect(first.added.map((e) => e.paperId)).toEqual(['paper-2', 'paper-1']);
      expect(first.examples[0]).toEqual({
        subscriptionId: first.subscription.id,
        paperId: 'paper-2',
        arxivId: '2502.10002',
        title: 'Paper 2 <@U999> & friends',
        addedBy: 'U1',
        addedAt: T1,
      });

      const again = await store.subscribeWithExamples({
        ...where,
        createdBy: 'U2',
        topic: 'Sparse  Attention',
        time: '07:30',
        examples: [paper(1), paper(3), paper(3)],
        maxExamples: 10,
        now: T2,
      });
      expect(again.created).toBe(false);
      expect(again.subscription.id).toBe(first.subscription.id);
      expect(again.subscription.time).toBe('07:30');
      expect(again.added.map((e) => [e.paperId, e.addedBy])).toEqual([['paper-3', 'U2']]);
      expect(again.examples.map((e) => e.paperId)).toEqual(['paper-2', 'paper-1', 'paper-3']);

      const other = await store.upsertSubscription({ ...where, topic: 'rlhf' });
      const map = await store.subscriptionExamples([first.subscription.id, other.subscription.id, 999_999, -1]);
      expect(map).toEqual(new Map([[first.subscription.id, ['paper-2', 'paper-1', 'paper-3']]]));
      const detailed = await store.listSubscriptionExamples([first.subscription.id]);
      expect(detailed.get(first.subscription.id)?.map((e) => e.title)).toEqual([
        'Paper 2 <@U999> & friends',
        'Paper 1 <@U999> & friends',
        'Paper 3 <@U999> & friends',
      ]);
      expect(await store.subscriptionExamples([])).toEqual(new Map());
    });

    it('refuses more examples than the cap and writes nothing: no new subscription, no example', async () => {
      const store = await fresh();
      const many = Array.from({ length: 4 }, (_, i) => paper(i + 1));
      await expect(store.subscribeWithExamples({ ...where, topic: 'agents', examples: many, maxExamples: 3, now: T1 })).rejects.toBeInstanceOf(
        TooManyExamplesError,
      );
      expect(await store.listSubscriptions('T1', 'C1')).toEqual([]);

      const kept = await store.subscribeWithExamples({ ...where, topic: 'agents', examples: many.slice(0, 2), maxExamples: 3, now: T1 });
      const error = await store
        .subscribeWithExamples({ ...where, topic: 'agents', time: '18:00', examples: [paper(1), paper(5), paper(6)], maxExamples: 3, now: T2 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TooManyExamplesError);
      expect(error).toMatchObject({ limit: 3, existing: 2, adding: 2 });
      expect((await store.getSubscription('T1', kept.subscription.id))?.time).toBe(kept.subscription.time);
      expect((await store.subscriptionExamples([kept.subscription.id])).get(kept.subscription.id)).toEqual(['paper-1', 'paper-2']);
    });

    it('a feed without words is keyed by the key it is given, unique per channel; an empty topic without a key is refused', async () => {
      const store = await fresh();
      const input = { ...where, topic: '', topicKey: 'like:2502.10001,2502.10002', examples: [paper(1), paper(2)], maxExamples: 10, now: T1 };
      const a = await store.subscribeWithExamples(input);
      const b = await store.subscribeWithExamples({ ...input, channelId: 'C2' });
      const again = await store.subscribeWithExamples(input);
      expect(a.subscription).toMatchObject({ topic: '', topicKey: 'like:2502.10001,2502.10002' });
      expect(b.subscription.id).not.toBe(a.subscription.id);
      expect(again).toMatchObject({ created: false, added: [] });
      expect(again.subscription.id).toBe(a.subscription.id);
      await expect(store.upsertSubscription({ ...where, topic: '  ' })).rejects.toBeInstanceOf(StoreValidationError);
      expect(await store.removeSubscription('T1', 'C1', 'like:2502.10001,2502.10002')).toMatchObject({ id: a.subscription.id });
    });

    it('clearing forgets the examples (a later subscribe starts afresh); removing the subscription takes its examples along', async () => {
      const store = await fresh();
      const kept = await store.subscribeWithExamples({ ...where, topic: 'agents', examples: [paper(1), paper(2)], maxExamples: 10, now: T1 });
      const gone = await store.subscribeWithExamples({ ...where, topic: 'rlhf', examples: [paper(3)], maxExamples: 10, now: T1 });
      expect(await store.clearSubscriptionExamples(kept.subscription.id)).toBe(2);
      expect(await store.clearSubscriptionExamples(kept.subscription.id)).toBe(0);
      expect(await store.clearSubscriptionExamples(0)).toBe(0);
      const restarted = await store.subscribeWithExamples({ ...where, topic: 'agents', examples: [paper(2)], maxExamples: 10, now: T2 });
      expect(restarted.examples.map((e) => e.paperId)).toEqual(['paper-2']);

      await store.removeSubscription('T1', 'C1', 'rlhf');
      expect((await store.subscriptionExamples([gone.subscription.id])).size).toBe(0);
      // Subscribing to the removed topic again gets a new id and no old examples.
      const back = await store.upsertSubscription({ ...where, topic: 'rlhf' });
      expect((await store.subscriptionExamples([back.subscription.id])).size).toBe(0);
    });

    it('examples survive closing and reopening the store', async () => {
      const url = await harness.freshUrl();
      const first = await fresh(url);
      const { subscription } = await first.subscribeWithExamples({ ...where, topic: 'agents', examples: [paper(1), paper(2)], maxExamples: 10, now: T1 });
      await first.close();
      const second = await fresh(url);
      expect((await second.subscriptionExamples([subscription.id])).get(subscription.id)).toEqual(['paper-1', 'paper-2']);
    });

    it('migration 0015 keeps the subscriptions a database already has, and they take examples afterwards', async () => {
      expect(migrationNames()).toContain('0015_subscription_examples');
      const url = await harness.freshUrl();
      const connection = await connect(parseDatabaseUrl(url));
      try {
        await runMigrations(connection, migrationsThrough(connection.kind, '0014_follows'));
        const at = T1.toISOString();
        await sql`insert into subscriptions (team_id, channel_id, topic, topic_key, time, timezone, cadence, created_by, created_at, updated_at)
          values ('T1', 'C1', 'Sparse Attention', 'sparse attention', '09:00', 'UTC', 'daily', 'U1', ${at}, ${at})`.execute(connection.db);
      } finally {
        await connection.db.destroy();
      }
      const store = await fresh(url);
      const [existing] = await store.listSubscriptions('T1', 'C1');
      expect(existing).toMatchObject({ topic: 'Sparse Attention', topicKey: 'sparse attention', time: '09:00' });
      const result = await store.subscribeWithExamples({ ...where, topic: 'sparse attention', examples: [paper(1)], maxExamples: 10, now: T2 });
      expect(result).toMatchObject({ created: false, subscription: { id: existing?.id } });
      expect((await store.subscriptionExamples([existing?.id ?? 0])).get(existing?.id ?? 0)).toEqual(['paper-1']);
    });
  });
}
