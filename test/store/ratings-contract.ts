/**
 * Paper ratings (issue 16) on every dialect: one vote per person and paper in a channel, a change of mind replaces it,
 * undo removes it, counts per paper and per subscription, clearing, surviving a restart, and migration 0011 on a
 * database that already holds data. sqlite.test.ts and postgres.test.ts run it.
 */
import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/store/dialect.ts';
import { migrationsThrough, runMigrations } from '../../src/store/migrations.ts';
import { openStore, parseDatabaseUrl, StoreValidationError, type RatingValue, type Store } from '../../src/store/index.ts';
import { suiteStores, type StoreHarness } from './harness.ts';

const T1 = new Date('2026-08-17T09:00:00.000Z');
const at = (minutes: number): Date => new Date(T1.getTime() + minutes * 60_000);

export function defineRatingsStoreContract(harness: StoreHarness): void {
  describe(`paper ratings in the store (${harness.label})`, () => {
    const { open, fresh } = suiteStores(harness);

    it('keeps one vote per person and paper in a channel: a change of mind replaces it and says what it replaced', async () => {
      const store = await fresh();
      const { subscription } = await store.upsertSubscription({ teamId: 'T1', channelId: 'C1', topic: 'rlhf', createdBy: 'U1' });
      const first = await store.ratePaper({ teamId: 'T1', channelId: 'C1', userId: 'U1', paperId: 'p-1', value: 1, subscriptionId: subscription.id, now: T1 });
      expect(first).toEqual({
        rating: { teamId: 'T1', channelId: 'C1', userId: 'U1', paperId: 'p-1', value: 1, subscriptionId: subscription.id, ratedAt: T1 },
        previous: null,
      });
      const changed = await store.ratePaper({ teamId: 'T1', channelId: 'C1', userId: 'U1', paperId: 'p-1', value: -1, now: at(5) });
      expect(changed.previous).toBe(1);
      expect(changed.rating).toMatchObject({ value: -1, subscriptionId: null, ratedAt: at(5) });
      const same = await store.ratePaper({ teamId: 'T1', channelId: 'C1', userId: 'U1', paperId: 'p-1', value: -1, now: at(6) });
      expect(same.previous).toBe(-1);
      expect(await store.channelRatings('T1', 'C1')).toEqual([same.rating]);
      // Another channel, another team: separate votes.
      expect(await store.channelRatings('T1', 'C2')).toEqual([]);
      expect(await store.channelRatings('T2', 'C1')).toEqual([]);
    });

    it('lists a channel oldest first and counts 👍/👎 per paper, each person once', async () => {
      const store = await fresh();
      const votes: Array<[string, string, RatingValue, number]> = [
        ['U1', 'p-1', 1, 3],
        ['U2', 'p-1', 1, 1],
        ['U3', 'p-1', -1, 2],
        ['U1', 'p-2', -1, 4],
      ];
      for (const [userId, paperId, value, minute] of votes) {
        await store.ratePaper({ teamId: 'T1', channelId: 'C1', userId, paperId, value, now: at(minute) });
      }
      await store.ratePaper({ teamId: 'T1', channelId: 'C9', userId: 'U1', paperId: 'p-1', value: -1, now: at(0) });
      expect((await store.channelRatings('T1', 'C1')).map((r) => [r.userId, r.paperId])).toEqual([
        ['U2', 'p-1'],
        ['U3', 'p-1'],
        ['U1', 'p-1'],
        ['U1', 'p-2'],
      ]);
      const counts = await store.ratingCounts('T1', 'C1', ['p-1', 'p-2', 'p-3', 'p-1']);
      expect(counts).toEqual(
        new Map([
          ['p-1', { up: 2, down: 1 }],
          ['p-2', { up: 0, down: 1 }],
        ]),
      );
      expect(await store.ratingCounts('T1', 'C1', [])).toEqual(new Map());
      // More ids than one IN list holds.
      const many = Array.from({ length: 1200 }, (_, i) => `q-${i}`);
      expect(await store.ratingCounts('T1', 'C1', [...many, 'p-2'])).toEqual(new Map([['p-2', { up: 0, down: 1 }]]));
    });

    it('undo removes only that person’s vote; a removed vote can be cast again', async () => {
      const store = await fresh();
      await store.ratePaper({ teamId: 'T1', channelId: 'C1', userId: 'U1', paperId: 'p-1', value: 1, now: T1 });
      await store.ratePaper({ teamId: 'T1', channelId: 'C1', userId: 'U2', paperId: 'p-1', value: 1, now: T1 });
      expect(await store.removeRating('T1', 'C1', 'U1', 'p-1')).toBe(true);
      expect(await store.removeRating('T1', 'C1', 'U1', 'p-1')).toBe(false);
      expect(await store.removeRating('T1', 'C2', 'U2', 'p-1')).toBe(false);
      expect((await store.channelRatings('T1', 'C1')).map((r) => r.userId)).toEqual(['U2']);
      const again = await store.ratePaper({ teamId: 'T1', channelId: 'C1', userId: 'U1', paperId: 'p-1', value: -1, now: at(1) });
      expect(again.previous).toBeNull();
    });

    it('counts and clears ratings per subscription; the untagged ones are cleared with null', async () => {
      const store = await fresh();
      const digest = async (topic: string, channelId = 'C1') => (await store.upsertSubscription({ teamId: 'T1', channelId, topic, createdBy: 'U1' })).subscription.id;
      const [three, four] = [await digest('rlhf'), await digest('moe')];
      const rate = (userId: string, paperId: string, subscriptionId: number | null) =>
        store.ratePaper({ teamId: 'T1', channelId: 'C1', userId, paperId, value: 1, subscriptionId, now: T1 });
      await rate('U1', 'p-1', three);
      await rate('U2', 'p-1', three);
      await rate('U1', 'p-2', four);
      await rate('U1', 'p-3', null);
      await store.ratePaper({ teamId: 'T1', channelId: 'C2', userId: 'U1', paperId: 'p-1', value: 1, subscriptionId: await digest('rlhf', 'C2') });
      expect(await store.ratingCountsBySubscription('T1', 'C1')).toEqual(
        new Map([
          [three, 2],
          [four, 1],
        ]),
      );
      expect(await store.clearRatings('T1', 'C1', three)).toBe(2);
      expect(await store.clearRatings('T1', 'C1', three)).toBe(0);
      expect(await store.clearRatings('T1', 'C1', 2 ** 40)).toBe(0);
      expect(await store.ratingCountsBySubscription('T1', 'C1')).toEqual(new Map([[four, 1]]));
      expect(await store.clearRatings('T1', 'C1', null)).toBe(1);
      expect((await store.channelRatings('T1', 'C1')).map((r) => r.paperId)).toEqual(['p-2']);
      // The other channel's rating with the same subscription id is untouched.
      expect(await store.ratingCountsBySubscription('T1', 'C2')).toEqual(new Map([[3, 1]]));
    });

    it('counts and clears the channel’s untagged ratings (search, shares, link cards, top lists) without touching digests’ own', async () => {
      const store = await fresh();
      const digest = (await store.upsertSubscription({ teamId: 'T1', channelId: 'C1', topic: 'rlhf', createdBy: 'U1' })).subscription.id;
      const rate = (channelId: string, userId: string, paperId: string, value: RatingValue, subscriptionId: number | null, teamId = 'T1') =>
        store.ratePaper({ teamId, channelId, userId, paperId, value, subscriptionId, now: T1 });
      expect(await store.untaggedRatingCount('T1', 'C1')).toBe(0);
      await rate('C1', 'U1', 'p-1', 1, null);
      await rate('C1', 'U2', 'p-1', -1, null);
      await rate('C1', 'U1', 'p-2', -1, null);
      await rate('C1', 'U1', 'p-3', 1, digest);
      await rate('C2', 'U1', 'p-1', 1, null);
      await rate('C1', 'U1', 'p-1', 1, null, 'T2');
      expect(await store.untaggedRatingCount('T1', 'C1')).toBe(3);
      // A vote that moves from a search result onto a digest (or back) moves between the counts.
      await rate('C1', 'U1', 'p-2', -1, digest);
      expect(await store.untaggedRatingCount('T1', 'C1')).toBe(2);
      expect(await store.ratingCountsBySubscription('T1', 'C1')).toEqual(new Map([[digest, 2]]));
      expect(await store.clearRatings('T1', 'C1', null)).toBe(2);
      expect(await store.untaggedRatingCount('T1', 'C1')).toBe(0);
      expect(await store.clearRatings('T1', 'C1', null)).toBe(0);
      // The digest's own, the other channel's and the other team's are untouched.
      expect((await store.channelRatings('T1', 'C1')).map((r) => [r.paperId, r.subscriptionId])).toEqual([
        ['p-2', digest],
        ['p-3', digest],
      ]);
      expect(await store.untaggedRatingCount('T1', 'C2')).toBe(1);
      expect(await store.untaggedRatingCount('T2', 'C1')).toBe(1);
      await expect(store.untaggedRatingCount('T1', ' ')).rejects.toThrow(StoreValidationError);
    });

    it('keeps a removed subscription’s ratings for the whole channel: they still describe it, and can be forgotten', async () => {
      const store = await fresh();
      const { subscription } = await store.upsertSubscription({ teamId: 'T1', channelId: 'C1', topic: 'rlhf', createdBy: 'U1' });
      const { subscription: other } = await store.upsertSubscription({ teamId: 'T1', channelId: 'C1', topic: 'moe', createdBy: 'U1' });
      await store.ratePaper({ teamId: 'T1', channelId: 'C1', userId: 'U1', paperId: 'p-1', value: 1, subscriptionId: subscription.id });
      await store.ratePaper({ teamId: 'T1', channelId: 'C1', userId: 'U2', paperId: 'p-2', value: -1, subscriptionId: other.id });
      expect(await store.removeSubscription('T1', 'C1', 'rlhf')).toMatchObject({ id: subscription.id });
      // No digest owns it any more: it counts for the channel, as a vote clicked outside digests does.
      expect((await store.channelRatings('T1', 'C1')).map((r) => [r.paperId, r.subscriptionId])).toEqual([
        ['p-1', null],
        ['p-2', other.id],
      ]);
      expect(await store.untaggedRatingCount('T1', 'C1')).toBe(1);
      expect(await store.ratingCountsBySubscription('T1', 'C1')).toEqual(new Map([[other.id, 1]]));
      // Removed by id too.
      expect(await store.removeSubscription('T1', 'C1', String(other.id))).toMatchObject({ id: other.id });
      expect(await store.untaggedRatingCount('T1', 'C1')).toBe(2);
      expect(await store.clearRatings('T1', 'C1', null)).toBe(2);
    });

    it('a vote naming a digest removed since (its button checked before the removal) counts for the whole channel', async () => {
      const store = await fresh();
      const { subscription } = await store.upsertSubscription({ teamId: 'T1', channelId: 'C1', topic: 'rlhf', createdBy: 'U1' });
      const { subscription: elsewhere } = await store.upsertSubscription({ teamId: 'T1', channelId: 'C2', topic: 'rlhf', createdBy: 'U1' });
      // The click was checked against the digest, then the digest was stopped (another instance, a moment before).
      await store.removeSubscription('T1', 'C1', 'rlhf');
      const { rating } = await store.ratePaper({ teamId: 'T1', channelId: 'C1', userId: 'U1', paperId: 'p-1', value: 1, subscriptionId: subscription.id });
      expect(rating.subscriptionId).toBeNull();
      // A digest of another channel owns no vote clicked here either.
      await store.ratePaper({ teamId: 'T1', channelId: 'C1', userId: 'U2', paperId: 'p-1', value: -1, subscriptionId: elsewhere.id });
      expect(await store.untaggedRatingCount('T1', 'C1')).toBe(2);
      expect(await store.ratingCountsBySubscription('T1', 'C1')).toEqual(new Map());
      expect(await store.clearRatings('T1', 'C1', null)).toBe(2);
    });

    it('a vote racing the removal of its digest (another instance, mid-transaction) ends untagged', async () => {
      const url = await harness.storeUrl();
      const store = await open(url);
      const { subscription } = await store.upsertSubscription({ teamId: 'T1', channelId: 'C1', topic: 'rlhf', createdBy: 'U1' });
      const other = await connect(parseDatabaseUrl(url));
      try {
        // SQLite has one writer: a removal holds it to its end, so only Postgres can interleave.
        if (other.kind !== 'postgres') return;
        let vote: Promise<unknown> = Promise.resolve();
        await other.db.transaction().execute(async (trx) => {
          // The removal as removeSubscription does it, not yet committed.
          await sql`delete from subscriptions where id = ${subscription.id}`.execute(trx);
          await sql`update paper_ratings set subscription_id = null where subscription_id = ${subscription.id}`.execute(trx);
          let settled = false;
          vote = store.ratePaper({ teamId: 'T1', channelId: 'C1', userId: 'U1', paperId: 'p-1', value: 1, subscriptionId: subscription.id });
          void vote.finally(() => (settled = true));
          // Until the vote has either finished or is waiting on the removal's lock (no clock involved).
          for (;;) {
            const waiting = await sql<{ n: string }>`select count(*) as n from pg_stat_activity
              where wait_event_type = 'Lock' and query ilike '%from "subscriptions"%'`.execute(other.db);
            if (settled || Number(waiting.rows[0]?.n) > 0) break;
            await new Promise((resolve) => setImmediate(resolve));
          }
        });
        await vote;
        expect((await store.channelRatings('T1', 'C1')).map((r) => r.subscriptionId)).toEqual([null]);
      } finally {
        await other.db.destroy();
      }
    });

    it('refuses malformed ratings without storing anything', async () => {
      const store = await fresh();
      const base = { teamId: 'T1', channelId: 'C1', userId: 'U1', paperId: 'p-1' } as const;
      await expect(store.ratePaper({ ...base, value: 2 as RatingValue })).rejects.toThrow(StoreValidationError);
      await expect(store.ratePaper({ ...base, value: 0 as RatingValue })).rejects.toThrow(/value/);
      await expect(store.ratePaper({ ...base, userId: ' ', value: 1 })).rejects.toThrow(/userId/);
      await expect(store.ratePaper({ ...base, paperId: '', value: 1 })).rejects.toThrow(/paperId/);
      await expect(store.ratePaper({ ...base, value: 1, subscriptionId: 2 ** 40 })).rejects.toThrow(/subscriptionId/);
      await expect(store.ratePaper({ ...base, value: 1, subscriptionId: 1.5 })).rejects.toThrow(StoreValidationError);
      await expect(store.removeRating('T1', '', 'U1', 'p-1')).rejects.toThrow(/channelId/);
      expect(await store.channelRatings('T1', 'C1')).toEqual([]);
    });

    it('survives a restart', async () => {
      const url = await harness.storeUrl();
      const first = await open(url);
      const { subscription } = await first.upsertSubscription({ teamId: 'T1', channelId: 'C1', topic: 'rlhf', createdBy: 'U1' });
      await first.ratePaper({ teamId: 'T1', channelId: 'C1', userId: 'U1', paperId: 'p-1', value: -1, subscriptionId: subscription.id, now: T1 });
      await first.close();
      const second = await open(url);
      expect(await second.channelRatings('T1', 'C1')).toEqual([
        { teamId: 'T1', channelId: 'C1', userId: 'U1', paperId: 'p-1', value: -1, subscriptionId: subscription.id, ratedAt: T1 },
      ]);
    });

    it('migration 0011 upgrades a database at 0010 and keeps what it held', async () => {
      const url = await harness.freshUrl();
      const connection = await connect(parseDatabaseUrl(url));
      try {
        await runMigrations(connection, migrationsThrough(connection.kind, '0010_saved_papers'));
        const iso = T1.toISOString();
        await sql`insert into saved_papers (team_id, user_id, paper_id, arxiv_id, title, authors, date, url, saved_at, read_at)
          values ('T1', 'U1', 'p-1', null, 'Kept Paper', '[]', null, 'https://example.org/p-1', ${iso}, null)`.execute(connection.db);
        await sql`insert into subscriptions (team_id, channel_id, topic, topic_key, time, timezone, cadence, created_by, created_at, updated_at)
          values ('T1', 'C1', 'RLHF', 'rlhf', '09:00', 'UTC', 'daily', 'U1', ${iso}, ${iso})`.execute(connection.db);
      } finally {
        await connection.db.destroy();
      }
      const store = await open(url);
      expect((await store.listSavedPapers('T1', 'U1', { offset: 0, limit: 5 })).papers.map((p) => p.title)).toEqual(['Kept Paper']);
      const [subscription] = await store.listSubscriptions('T1', 'C1');
      expect(subscription?.topic).toBe('RLHF');
      await store.ratePaper({ teamId: 'T1', channelId: 'C1', userId: 'U1', paperId: 'p-1', value: 1, subscriptionId: subscription?.id ?? null });
      expect(await store.ratingCounts('T1', 'C1', ['p-1'])).toEqual(new Map([['p-1', { up: 1, down: 0 }]]));
    });
    it('migration 0022 gives the votes of digests removed before it to their channel, and leaves the others as they were', async () => {
      const url = await harness.freshUrl();
      const connection = await connect(parseDatabaseUrl(url));
      try {
        await runMigrations(connection, migrationsThrough(connection.kind, '0021_pause_start'));
        const iso = T1.toISOString();
        await sql`insert into subscriptions (team_id, channel_id, topic, topic_key, time, timezone, cadence, created_by, created_at, updated_at)
          values ('T1', 'C1', 'RLHF', 'rlhf', '09:00', 'UTC', 'daily', 'U1', ${iso}, ${iso})`.execute(connection.db);
        const live = await sql<{ id: number }>`select id from subscriptions`.execute(connection.db);
        const liveId = Number(live.rows[0]?.id);
        const gone = liveId + 100;
        for (const [user, paper, subscription] of [['U1', 'p-1', liveId], ['U1', 'p-2', gone], ['U2', 'p-3', null]] as const) {
          await sql`insert into paper_ratings (team_id, channel_id, user_id, paper_id, value, subscription_id, rated_at)
            values ('T1', 'C1', ${user}, ${paper}, 1, ${subscription}, ${iso})`.execute(connection.db);
        }
      } finally {
        await connection.db.destroy();
      }
      const store = await open(url);
      const [subscription] = await store.listSubscriptions('T1', 'C1');
      expect((await store.channelRatings('T1', 'C1')).map((r) => [r.paperId, r.subscriptionId])).toEqual([
        ['p-1', subscription?.id],
        ['p-2', null],
        ['p-3', null],
      ]);
    });
  });
}
