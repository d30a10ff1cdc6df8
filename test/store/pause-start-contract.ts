/**
 * When a pause began (`pausedAt`, migration 0021) on every dialect: set when a subscription or workspace pauses, kept
 * through whatever changes while it stays paused (another reason, an end, a new schedule, a channel's pause over it),
 * cleared by every resume; and rows paused before 0021 take their `updated_at`. sqlite.test.ts and postgres.test.ts
 * run it.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { connect, parseDatabaseUrl } from '../../src/store/dialect.ts';
import { migrationNames, type Store } from '../../src/store/index.ts';
import { migrationsThrough, runMigrations } from '../../src/store/migrations.ts';
import { suiteStores, type StoreHarness } from './harness.ts';

const T0 = new Date('2026-11-23T06:00:00.000Z');
const hours = (n: number): Date => new Date(T0.getTime() + n * 3_600_000);

const TEAM = 'T1';
const CHANNEL = 'C1';

export function definePauseStartContract(harness: StoreHarness): void {
  describe(`when a pause began (${harness.label})`, () => {
    const stores = suiteStores(harness);

    async function subscribe(store: Store, topic: string, channelId = CHANNEL) {
      return (await store.upsertSubscription({ teamId: TEAM, channelId, topic, createdBy: 'U1', time: '09:00', now: T0 })).subscription;
    }
    const pausedAt = async (store: Store, id: number): Promise<Date | null | undefined> => (await store.getSubscription(TEAM, id))?.pausedAt;

    it("a person's pause: set when it begins, kept through a new schedule and a new end, cleared on resume", async () => {
      const store = await stores.fresh();
      const sub = await subscribe(store, 'rlhf');
      expect(sub.pausedAt).toBeNull();
      expect(await store.setSubscriptionPaused(TEAM, sub.id, 'paused_by_user', hours(0))).toMatchObject({ pausedAt: hours(0), updatedAt: hours(0) });

      const { subscription: moved } = await store.upsertSubscription({ teamId: TEAM, channelId: CHANNEL, topic: 'rlhf', createdBy: 'U2', time: '07:00', timezone: 'Europe/Paris', cadence: 'weekdays', now: hours(4) });
      expect(moved).toMatchObject({ time: '07:00', pausedReason: 'paused_by_user', pausedAt: hours(0), updatedAt: hours(4) });

      const end = hours(72);
      expect(await store.setSubscriptionPaused(TEAM, sub.id, 'paused_by_user', hours(5), end)).toMatchObject({ pausedUntil: end, pausedAt: hours(0), updatedAt: hours(5) });
      expect(await store.setSubscriptionPaused(TEAM, sub.id, 'not_in_channel', hours(6))).toMatchObject({ pausedReason: 'not_in_channel', pausedAt: hours(0) });

      expect(await store.setSubscriptionPaused(TEAM, sub.id, null, hours(7))).toMatchObject({ pausedReason: null, pausedAt: null, updatedAt: hours(7) });
      // A new pause is a new start.
      expect(await store.setSubscriptionPaused(TEAM, sub.id, 'paused_by_user', hours(8))).toMatchObject({ pausedAt: hours(8) });
    });

    it('a timed pause the scheduler ends is resumed with no start left; the row it hands back says when the pause began', async () => {
      const store = await stores.fresh();
      const sub = await subscribe(store, 'rlhf');
      const other = await subscribe(store, 'agents');
      await store.setSubscriptionPaused(TEAM, sub.id, 'paused_by_user', hours(0), hours(24));
      // Paused by its channel first, then by a person for 3 hours: the pause began with the channel's.
      await store.pauseChannelFor(TEAM, CHANNEL, 'not_in_channel', hours(1));
      await store.setSubscriptionPaused(TEAM, other.id, 'paused_by_user', hours(20), hours(23));
      await store.upsertSubscription({ teamId: TEAM, channelId: CHANNEL, topic: 'rlhf', createdBy: 'U1', time: '07:00', now: hours(2) });
      expect(await pausedAt(store, sub.id)).toEqual(hours(0));
      const resumed = (await store.resumeTimedPauses(hours(24))).sort((a, b) => a.id - b.id);
      expect(resumed.map((s) => [s.id, s.pausedReason, s.pausedAt, s.pausedUntil, s.updatedAt])).toEqual([
        [sub.id, null, hours(0), hours(24), hours(24)],
        [other.id, null, hours(1), hours(23), hours(24)],
      ]);
      expect(await pausedAt(store, sub.id)).toBeNull();
      expect(await pausedAt(store, other.id)).toBeNull();
      expect(await store.resumeTimedPauses(hours(25))).toEqual([]);
    });

    it("channel pauses: running digests start now, paused ones keep their start, a person's pause is left alone; resumes clear it", async () => {
      const store = await stores.fresh();
      const archived = await subscribe(store, 'rlhf');
      const byPerson = await subscribe(store, 'agents');
      const later = await subscribe(store, 'diffusion');
      const elsewhere = await subscribe(store, 'rlhf', 'C2');
      await store.setSubscriptionPaused(TEAM, byPerson.id, 'paused_by_user', hours(0));
      expect(await store.pauseChannelFor(TEAM, CHANNEL, 'is_archived', hours(1))).toBe(2);
      expect(await pausedAt(store, archived.id)).toEqual(hours(1));

      await store.setSubscriptionPaused(TEAM, later.id, null, hours(2));
      // The bot leaves the archived channel: another reason, the same pause for `archived`, a new one for `later`.
      expect(await store.pauseChannelFor(TEAM, CHANNEL, 'not_in_channel', hours(3))).toBe(2);
      expect(await store.getSubscription(TEAM, archived.id)).toMatchObject({ pausedReason: 'not_in_channel', pausedAt: hours(1), updatedAt: hours(3) });
      expect(await store.getSubscription(TEAM, byPerson.id)).toMatchObject({ pausedReason: 'paused_by_user', pausedAt: hours(0) });
      expect(await pausedAt(store, later.id)).toEqual(hours(3));
      // A post refused for the channel (the runner): the same.
      expect(await store.pauseChannel(TEAM, CHANNEL, 'channel_not_found', hours(4))).toBe(2);
      expect(await pausedAt(store, archived.id)).toEqual(hours(1));

      expect(await store.resumeChannelPausedFor(TEAM, CHANNEL, ['channel_not_found'], hours(5))).toBe(2);
      expect(await pausedAt(store, archived.id)).toBeNull();
      expect(await pausedAt(store, later.id)).toBeNull();
      expect(await pausedAt(store, byPerson.id)).toEqual(hours(0));
      await store.pauseChannel(TEAM, 'C2', 'is_archived', hours(6));
      expect(await pausedAt(store, elsewhere.id)).toEqual(hours(6));
      expect(await store.resumeChannel(TEAM, 'C2', hours(7))).toBe(1);
      expect(await pausedAt(store, elsewhere.id)).toBeNull();
    });

    it('a workspace keeps when its pause began when the reason changes; a resume clears it', async () => {
      const store = await stores.fresh();
      expect(await store.setWorkspacePaused(TEAM, null, hours(0))).toEqual({ teamId: TEAM, pausedReason: null, updatedAt: hours(0), pausedAt: null });
      expect(await store.setWorkspacePaused(TEAM, 'token_revoked', hours(1))).toMatchObject({ pausedAt: hours(1) });
      expect(await store.setWorkspacePaused(TEAM, 'app_uninstalled', hours(2))).toEqual({ teamId: TEAM, pausedReason: 'app_uninstalled', updatedAt: hours(2), pausedAt: hours(1) });
      expect(await store.workspacesPausedFor('app_uninstalled')).toEqual([{ teamId: TEAM, pausedReason: 'app_uninstalled', updatedAt: hours(2), pausedAt: hours(1) }]);
      expect(await store.setWorkspacePaused(TEAM, null, hours(3))).toMatchObject({ pausedReason: null, pausedAt: null });
      expect(await store.setWorkspacePaused(TEAM, 'invalid_auth', hours(4))).toMatchObject({ pausedAt: hours(4) });
      // A workspace seen first paused starts then.
      expect(await store.setWorkspacePaused('T2', 'app_uninstalled', hours(5))).toMatchObject({ pausedAt: hours(5) });
    });

    it('migration 0021 gives what was paused before it its last change as its start, and nothing to what ran', async () => {
      expect(migrationNames()).toContain('0021_pause_start');
      const url = await harness.freshUrl();
      const connection = await connect(parseDatabaseUrl(url));
      try {
        await runMigrations(connection, migrationsThrough(connection.kind, '0020_subscription_paused_until'));
        const created = T0.toISOString();
        const changed = hours(3).toISOString();
        for (const [topic, reason] of [['rlhf', 'paused_by_user'], ['agents', null]] as const) {
          await sql`insert into subscriptions (team_id, channel_id, topic, topic_key, time, timezone, cadence, created_by, created_at, updated_at, paused_reason)
            values (${TEAM}, ${CHANNEL}, ${topic}, ${topic}, '09:00', 'UTC', 'daily', 'U1', ${created}, ${changed}, ${reason})`.execute(connection.db);
        }
        await sql`insert into workspaces (team_id, paused_reason, updated_at) values (${TEAM}, 'app_uninstalled', ${changed}), ('T2', null, ${changed})`.execute(connection.db);
      } finally {
        await connection.db.destroy();
      }
      const store = await stores.open(url);
      const byTopic = new Map((await store.listSubscriptions(TEAM, CHANNEL)).map((s) => [s.topic, s]));
      expect(byTopic.get('rlhf')).toMatchObject({ pausedReason: 'paused_by_user', pausedAt: hours(3) });
      expect(byTopic.get('agents')).toMatchObject({ pausedReason: null, pausedAt: null });
      expect(await store.getWorkspace(TEAM)).toMatchObject({ pausedAt: hours(3) });
      expect(await store.getWorkspace('T2')).toMatchObject({ pausedAt: null });
    });
  });
}
