/**
 * A weekly digest's day (`subscriptions.weekday`, migration 0023) on every dialect: stored on create, changed only
 * when given, cleared with null, refused outside 0–6; rows from before 0023 have none (they keep going out on the
 * weekday they were made). sqlite.test.ts and postgres.test.ts run it.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { connect, parseDatabaseUrl } from '../../src/store/dialect.ts';
import { migrationNames, StoreValidationError } from '../../src/store/index.ts';
import { migrationsThrough, runMigrations } from '../../src/store/migrations.ts';
import { suiteStores, type StoreHarness } from './harness.ts';

const T0 = new Date('2026-11-25T10:00:00.000Z');
const TEAM = 'T1';
const CHANNEL = 'C1';

export function defineWeekdayContract(harness: StoreHarness): void {
  describe(`a weekly digest's day (${harness.label})`, () => {
    const stores = suiteStores(harness);

    it('is stored on create, kept by an update that does not name it, changed or cleared by one that does', async () => {
      const store = await stores.fresh();
      const base = { teamId: TEAM, channelId: CHANNEL, topic: 'sparse attention', createdBy: 'U1', now: T0 };
      const { subscription } = await store.upsertSubscription({ ...base, cadence: 'weekly', weekday: 1 });
      expect(subscription).toMatchObject({ cadence: 'weekly', weekday: 1 });
      expect((await store.upsertSubscription({ ...base, time: '07:00' })).subscription).toMatchObject({ time: '07:00', weekday: 1 });
      expect((await store.upsertSubscription({ ...base, weekday: 5 })).subscription).toMatchObject({ weekday: 5 });
      expect(await store.getSubscription(TEAM, subscription.id)).toMatchObject({ weekday: 5 });
      expect((await store.upsertSubscription({ ...base, cadence: 'daily', weekday: null })).subscription).toMatchObject({ cadence: 'daily', weekday: null });
      expect((await store.upsertSubscription({ ...base, topic: 'kv cache' })).subscription).toMatchObject({ weekday: null });
      for (const weekday of [7, -1, 1.5]) {
        await expect(store.upsertSubscription({ ...base, weekday }), String(weekday)).rejects.toBeInstanceOf(StoreValidationError);
      }
    });

    it('remembers when the schedule last changed: only when a value given is new (0024), never on create', async () => {
      const store = await stores.fresh();
      const base = { teamId: TEAM, channelId: CHANNEL, topic: 'kv cache', createdBy: 'U1' };
      const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
      const { subscription } = await store.upsertSubscription({ ...base, now: at(0), cadence: 'weekly', weekday: 3, time: '09:00' });
      expect(subscription.scheduleChangedAt).toBeNull();
      // The same values said again: nothing moved.
      const same = await store.upsertSubscription({ ...base, now: at(1), cadence: 'weekly', weekday: 3, time: '09:00', timezone: 'UTC' });
      expect(same.subscription.scheduleChangedAt).toBeNull();
      expect((await store.upsertSubscription({ ...base, now: at(2), weekday: 4 })).subscription.scheduleChangedAt).toEqual(at(2));
      expect((await store.upsertSubscription({ ...base, now: at(3), time: '09:00' })).subscription.scheduleChangedAt).toEqual(at(2));
      expect((await store.upsertSubscription({ ...base, now: at(4), time: '08:00' })).subscription.scheduleChangedAt).toEqual(at(4));
      expect((await store.upsertSubscription({ ...base, now: at(5), timezone: 'Europe/Berlin' })).subscription.scheduleChangedAt).toEqual(at(5));
      expect((await store.upsertSubscription({ ...base, now: at(6), cadence: 'daily', weekday: null })).subscription.scheduleChangedAt).toEqual(at(6));
      expect((await store.upsertSubscription({ ...base, now: at(7), weekday: null })).subscription.scheduleChangedAt).toEqual(at(6));
      expect(await store.getSubscription(TEAM, subscription.id)).toMatchObject({ cadence: 'daily', time: '08:00', scheduleChangedAt: at(6) });
    });

    it('migration 0023 leaves the subscriptions made before it without a day', async () => {
      expect(migrationNames()).toContain('0023_subscription_weekday');
      const url = await harness.freshUrl();
      const connection = await connect(parseDatabaseUrl(url));
      try {
        await runMigrations(connection, migrationsThrough(connection.kind, '0022_stopped_digest_ratings'));
        await sql`insert into subscriptions (team_id, channel_id, topic, topic_key, time, timezone, cadence, created_by, created_at, updated_at)
          values (${TEAM}, ${CHANNEL}, 'agents', 'agents', '09:00', 'UTC', 'weekly', 'U1', ${T0.toISOString()}, ${T0.toISOString()})`.execute(connection.db);
      } finally {
        await connection.db.destroy();
      }
      const store = await stores.open(url);
      expect(await store.listSubscriptions(TEAM, CHANNEL)).toMatchObject([{ topic: 'agents', cadence: 'weekly', weekday: null }]);
    });
  });
}
