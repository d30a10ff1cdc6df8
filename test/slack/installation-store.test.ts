import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.ts';
import { TEST_DATABASE_URL, postgresHarness, postgresRequired, probePostgres, sqliteHarness, type StoreHarness } from '../store/harness.ts';

const at = (ms: number): Date => new Date(Date.UTC(2026, 0, 1) + ms);

/** The store additions of issue 7 (installations, team listing, channel pause/resume by reason) on both dialects. */
function defineAdditions(harness: StoreHarness): void {
  describe(`store additions for Slack lifecycle and OAuth (${harness.label})`, () => {
    const stores: Store[] = [];
    afterAll(async () => {
      for (const store of stores) await store.close();
      await harness.cleanup();
    });
    const fresh = async (): Promise<Store> => {
      const store = await openStore(await harness.freshUrl());
      stores.push(store);
      return store;
    };

    it('saves, replaces and revokes an installation; the row stays as history', async () => {
      const store = await fresh();
      expect(await store.getInstallation('T1')).toBeNull();
      const saved = await store.saveInstallation({ teamId: 'T1', appId: 'A1', botUserId: 'UB', installedBy: 'U1', sealed: 'v1.aaa', now: at(0) });
      expect(saved).toEqual({
        teamId: 'T1',
        enterpriseId: null,
        appId: 'A1',
        botUserId: 'UB',
        installedBy: 'U1',
        sealed: 'v1.aaa',
        installedAt: at(0),
        updatedAt: at(0),
        revokedAt: null,
      });
      expect(await store.revokeInstallation('T1', at(1000))).toBe(true);
      expect(await store.getInstallation('T1')).toMatchObject({ sealed: null, revokedAt: at(1000), installedBy: 'U1' });
      // Slack sends app_uninstalled and tokens_revoked for one uninstall: the second finds nothing left to wipe.
      expect(await store.revokeInstallation('T1', at(1500))).toBe(false);
      expect((await store.getInstallation('T1'))?.revokedAt).toEqual(at(1000));
      expect(await store.revokeInstallation('T_NONE', at(1000))).toBe(false);
      const again = await store.saveInstallation({ teamId: 'T1', enterpriseId: 'E1', installedBy: 'U2', sealed: 'v1.bbb', now: at(2000) });
      expect(again).toMatchObject({ sealed: 'v1.bbb', revokedAt: null, installedBy: 'U2', enterpriseId: 'E1', installedAt: at(2000) });
    });

    it('lists a team\'s subscriptions by channel; pauses and resumes a channel by reason, sparing user pauses', async () => {
      const store = await fresh();
      const sub = async (channel: string, topic: string) =>
        (await store.upsertSubscription({ teamId: 'T1', channelId: channel, topic, createdBy: 'U1', now: at(0) })).subscription;
      const b1 = await sub('C_B', 'rlhf');
      const a1 = await sub('C_A', 'agents');
      const a2 = await sub('C_A', 'mamba');
      await store.upsertSubscription({ teamId: 'T2', channelId: 'C_A', topic: 'agents', createdBy: 'U1' });
      expect((await store.listTeamSubscriptions('T1')).map((s) => s.id)).toEqual([a1.id, a2.id, b1.id]);

      await store.setSubscriptionPaused('T1', a1.id, 'paused_by_user');
      expect(await store.pauseChannelFor('T1', 'C_A', 'is_archived', at(1))).toBe(1);
      expect(await store.pauseChannelFor('T1', 'C_A', 'is_archived', at(2))).toBe(0);
      // The runner's pauseChannel spares a user pause too.
      expect(await store.pauseChannel('T1', 'C_A', 'not_in_channel', at(3))).toBe(1);
      const reasons = async () => (await store.listSubscriptions('T1', 'C_A')).map((s) => s.pausedReason);
      expect(await reasons()).toEqual(['paused_by_user', 'not_in_channel']);
      expect(await store.resumeChannelPausedFor('T1', 'C_A', ['is_archived'], at(4))).toBe(0);
      expect(await store.resumeChannelPausedFor('T1', 'C_A', ['not_in_channel', 'channel_not_found'], at(5))).toBe(1);
      expect(await reasons()).toEqual(['paused_by_user', null]);
      expect(await store.resumeChannelPausedFor('T1', 'C_A', [], at(6))).toBe(0);
      expect((await store.listSubscriptions('T2', 'C_A'))[0]?.pausedReason).toBeNull();
    });
  });
}

defineAdditions(sqliteHarness());

const unreachable = await probePostgres(TEST_DATABASE_URL);
if (unreachable === null) defineAdditions(postgresHarness(TEST_DATABASE_URL));
else if (postgresRequired()) {
  describe('store additions (postgres)', () => {
    it('requires a reachable Postgres', () => {
      throw new Error(`Postgres unreachable: ${unreachable}`);
    });
  });
}
