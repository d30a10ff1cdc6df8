/**
 * Top lists (issue 18) on every dialect: the day a paper was listed on Hugging Face, the papers listed in a window,
 * upvotes that change after listing. sqlite.test.ts and postgres.test.ts run it.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openStore, StoreValidationError, type Store } from '../../src/store/index.ts';
import { suiteStores, type StoreHarness } from './harness.ts';
import { apiInput, seedInput } from './papers-contract.ts';

const T1 = new Date('2026-12-01T06:30:00.000Z');

export function defineTopListStoreContract(harness: StoreHarness): void {
  describe(`top lists (${harness.label})`, () => {
    const { fresh } = suiteStores(harness);

    it('keeps the listing day of an API paper; a listing page never clears it; a re-read moves it', async () => {
      const store = await fresh();
      await store.upsertPapers([apiInput('2611.00001', 'Listed Paper', { date: '2026-10-01', listedOn: '2026-11-30' })], { now: T1 });
      expect((await store.getPaperByArxivId('2611.00001'))?.listedOn).toBe('2026-11-30');
      await store.upsertPapers([seedInput('Listed Paper', { date: '2026-09-01' })], { now: T1 });
      expect((await store.getPaperByArxivId('2611.00001'))?.listedOn).toBe('2026-11-30');
      const moved = await store.upsertPapers([apiInput('2611.00001', 'Listed Paper', { date: '2026-10-01', listedOn: '2026-12-01' })], { now: T1 });
      expect(moved.updated).toHaveLength(1);
      expect((await store.getPaperByArxivId('2611.00001'))?.listedOn).toBe('2026-12-01');
      await expect(store.upsertPapers([apiInput('2611.00002', 'Bad Day', { listedOn: '2026-13-01' })])).rejects.toBeInstanceOf(StoreValidationError);
    });

    it('lists the papers with upvotes listed from one day to another, both included, a paper without a listing day by its date', async () => {
      const store = await fresh();
      await store.upsertPapers(
        [
          apiInput('2611.00010', 'First Day', { listedOn: '2026-11-26', date: '2026-11-20' }),
          apiInput('2611.00011', 'Last Day', { listedOn: '2026-12-02', date: '2026-11-20' }),
          apiInput('2611.00012', 'Day Before', { listedOn: '2026-11-25', date: '2026-11-30' }),
          apiInput('2611.00013', 'Day After', { listedOn: '2026-12-03', date: '2026-11-30' }),
          apiInput('2611.00014', 'No Upvotes', { listedOn: '2026-11-30', upvotes: null }),
          seedInput('Seed Paper Inside', { date: '2026-11-28' }),
          seedInput('Seed Paper Outside', { date: '2026-11-20' }),
        ],
        { now: T1 },
      );
      const listed = await store.listPapersListedBetween('2026-11-26', '2026-12-02');
      expect(listed.map((p) => p.title).sort()).toEqual(['First Day', 'Last Day', 'Seed Paper Inside']);
    });

    it('a re-read with new upvotes updates them in place, and a second identical re-read changes nothing', async () => {
      const store = await fresh();
      await store.upsertPapers([apiInput('2611.00020', 'Rising Paper', { listedOn: '2026-11-30', upvotes: 3 })], { now: T1 });
      const id = (await store.getPaperByArxivId('2611.00020'))?.id;
      const first = await store.upsertPapers([apiInput('2611.00020', 'Rising Paper', { listedOn: '2026-11-30', upvotes: 97 })], { now: T1 });
      expect(first).toMatchObject({ added: [], updated: [id], unchanged: [] });
      const revision = await store.papersRevision();
      const second = await store.upsertPapers([apiInput('2611.00020', 'Rising Paper', { listedOn: '2026-11-30', upvotes: 97 })], { now: T1 });
      expect(second).toMatchObject({ added: [], updated: [], unchanged: [id] });
      expect(await store.papersRevision()).toBe(revision);
      expect((await store.listPapersListedBetween('2026-11-30', '2026-11-30')).map((p) => [p.id, p.upvotes])).toEqual([[id, 97]]);
    });

    it('stores what a subscription posts: topic by default, top lists under their label, kept when the schedule changes', async () => {
      const store = await fresh();
      const base = { teamId: 'T1', channelId: 'C1', createdBy: 'U1', now: T1 };
      const digest = await store.upsertSubscription({ ...base, topic: 'sparse attention' });
      const top = await store.upsertSubscription({ ...base, topic: 'top sparse attention', kind: 'top', cadence: 'weekly' });
      const all = await store.upsertSubscription({ ...base, topic: 'top', kind: 'top', cadence: 'weekly' });
      expect([digest, top, all].map((r) => [r.created, r.subscription.kind, r.subscription.topicKey])).toEqual([
        [true, 'topic', 'sparse attention'],
        [true, 'top', 'top sparse attention'],
        [true, 'top', 'top'],
      ]);
      const updated = await store.upsertSubscription({ ...base, topic: 'top sparse attention', time: '07:00' });
      expect(updated).toMatchObject({ created: false, subscription: { kind: 'top', time: '07:00', cadence: 'weekly' } });
      expect((await store.listSubscriptions('T1', 'C1')).map((s) => s.kind)).toEqual(['topic', 'top', 'top']);
      expect((await store.allActiveSubscriptions()).map((s) => s.kind)).toEqual(['topic', 'top', 'top']);
      expect((await store.removeSubscription('T1', 'C1', 'top sparse attention'))?.id).toBe(top.subscription.id);
      await expect(store.upsertSubscription({ ...base, topic: 'sparse attention', kind: 'top' })).rejects.toBeInstanceOf(StoreValidationError);
    });
  });
}
