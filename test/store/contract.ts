/**
 * The Store contract: the same suite runs against every dialect (sqlite.test.ts, postgres.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { StoreValidationError, type MigrationReport, type OpenStoreOptions, type Store } from '../../src/store/index.ts';
import { sql, type Kysely } from 'kysely';
import { connect } from '../../src/store/dialect.ts';
import { MigrationError, runMigrations } from '../../src/store/migrations.ts';
import { parseDatabaseUrl } from '../../src/store/index.ts';
import { suiteStores, type StoreHarness } from './harness.ts';

export const T0 = new Date('2025-03-03T07:00:00.000Z');
export const minutes = (n: number): number => n * 60_000;
export const at = (offsetMs: number): Date => new Date(T0.getTime() + offsetMs);

const TEAM_A = 'T0AAAAAAA';
const TEAM_B = 'T0BBBBBBB';
const CHANNEL = 'C0GENERAL';
const OTHER_CHANNEL = 'C0RANDOM';
const DATE = '2025-03-03';

export function defineStoreContract(harness: StoreHarness): void {
  describe(`Store contract (${harness.label})`, () => {
    const { open: reopen } = suiteStores(harness);

    async function fresh(options: OpenStoreOptions = {}): Promise<{ store: Store; url: string }> {
      const url = await harness.storeUrl();
      return { store: await reopen(url, options), url };
    }

    async function subscribe(store: Store, teamId: string, channelId: string, topic: string) {
      const { subscription } = await store.upsertSubscription({ teamId, channelId, topic, createdBy: 'U0CREATOR', now: T0 });
      return subscription;
    }

    describe('subscriptions', () => {
      it('creates with defaults, then updates only the provided fields for the same normalized topic', async () => {
        const { store } = await fresh();
        const first = await store.upsertSubscription({
          teamId: TEAM_A,
          channelId: CHANNEL,
          topic: '  Speculative   Decoding ',
          createdBy: 'U0ALICE',
          now: T0,
        });
        expect(first.created).toBe(true);
        expect(first.subscription).toMatchObject({
          teamId: TEAM_A,
          channelId: CHANNEL,
          topic: 'Speculative Decoding',
          topicKey: 'speculative decoding',
          time: '09:00',
          timezone: 'UTC',
          cadence: 'daily',
          createdBy: 'U0ALICE',
          pausedReason: null,
          lastDigestAt: null,
          lastDigestStatus: null,
        });
        expect(first.subscription.createdAt.toISOString()).toBe(T0.toISOString());
        expect(Number.isInteger(first.subscription.id)).toBe(true);

        const second = await store.upsertSubscription({
          teamId: TEAM_A,
          channelId: CHANNEL,
          topic: 'speculative\tDECODING',
          createdBy: 'U0BOB',
          time: '07:30',
          timezone: 'Europe/Paris',
          now: at(minutes(1)),
        });
        expect(second.created).toBe(false);
        expect(second.subscription).toMatchObject({
          id: first.subscription.id,
          topic: 'Speculative Decoding',
          time: '07:30',
          timezone: 'Europe/Paris',
          cadence: 'daily',
          createdBy: 'U0ALICE',
        });
        expect(second.subscription.updatedAt.toISOString()).toBe(at(minutes(1)).toISOString());

        const third = await store.upsertSubscription({
          teamId: TEAM_A,
          channelId: CHANNEL,
          topic: 'Speculative Decoding',
          createdBy: 'U0BOB',
          cadence: 'weekdays',
        });
        expect(third).toMatchObject({ created: false, subscription: { id: first.subscription.id, time: '07:30', cadence: 'weekdays' } });

        const noChange = await store.upsertSubscription({ teamId: TEAM_A, channelId: CHANNEL, topic: 'speculative decoding', createdBy: 'U0C' });
        expect(noChange).toMatchObject({ created: false, subscription: { id: first.subscription.id, time: '07:30', cadence: 'weekdays' } });

        const list = await store.listSubscriptions(TEAM_A, CHANNEL);
        expect(list).toHaveLength(1);
        expect(list[0]).toEqual(third.subscription);
      });

      it('subscribing again to a topic uses up no id: the next new digest gets the next #id', async () => {
        const { store } = await fresh();
        const first = await subscribe(store, TEAM_A, CHANNEL, 'agents');
        await store.upsertSubscription({ teamId: TEAM_A, channelId: CHANNEL, topic: 'agents', createdBy: 'U0C', cadence: 'weekly' });
        await store.upsertSubscription({ teamId: TEAM_A, channelId: CHANNEL, topic: 'Agents', createdBy: 'U0C' });
        const next = await subscribe(store, TEAM_A, CHANNEL, 'vision');
        expect(next.id).toBe(first.id + 1);
      });

      it('keeps one subscription per (team, channel, topic) and lists a channel oldest first', async () => {
        const { store } = await fresh();
        const a = await subscribe(store, TEAM_A, CHANNEL, 'RLHF');
        const b = await subscribe(store, TEAM_A, CHANNEL, 'diffusion models');
        const c = await subscribe(store, TEAM_A, OTHER_CHANNEL, 'rlhf');
        expect(new Set([a.id, b.id, c.id]).size).toBe(3);
        expect((await store.listSubscriptions(TEAM_A, CHANNEL)).map((s) => s.id)).toEqual([a.id, b.id]);
        expect((await store.listSubscriptions(TEAM_A, OTHER_CHANNEL)).map((s) => s.id)).toEqual([c.id]);
        expect(await store.getSubscription(TEAM_A, b.id)).toEqual(b);
        expect(await store.getSubscription(TEAM_A, 999_999)).toBeNull();
        expect(await store.getSubscription(TEAM_A, 2 ** 40)).toBeNull();
      });

      it('rejects invalid time, timezone, cadence and empty topics', async () => {
        const { store } = await fresh();
        const base = { teamId: TEAM_A, channelId: CHANNEL, topic: 'rlhf', createdBy: 'U0X' };
        await expect(store.upsertSubscription({ ...base, time: '24:00' })).rejects.toBeInstanceOf(StoreValidationError);
        await expect(store.upsertSubscription({ ...base, time: '7:30' })).rejects.toBeInstanceOf(StoreValidationError);
        await expect(store.upsertSubscription({ ...base, timezone: 'Mars/Olympus' })).rejects.toBeInstanceOf(StoreValidationError);
        const badCadence: string = 'hourly';
        await expect(
          store.upsertSubscription({ ...base, cadence: badCadence as 'daily' }),
        ).rejects.toBeInstanceOf(StoreValidationError);
        await expect(store.upsertSubscription({ ...base, topic: '   ' })).rejects.toBeInstanceOf(StoreValidationError);
        expect(await store.listSubscriptions(TEAM_A, CHANNEL)).toEqual([]);
      });

      it('isolates teams: team B never sees or changes team A rows', async () => {
        const { store } = await fresh();
        const a = await subscribe(store, TEAM_A, CHANNEL, 'rlhf');
        const bResult = await store.upsertSubscription({ teamId: TEAM_B, channelId: CHANNEL, topic: 'RLHF', createdBy: 'U0B', time: '06:00' });
        expect(bResult.created).toBe(true);
        const b = bResult.subscription;
        expect(b.id).not.toBe(a.id);

        expect((await store.listSubscriptions(TEAM_B, CHANNEL)).map((s) => s.id)).toEqual([b.id]);
        expect(await store.getSubscription(TEAM_B, a.id)).toBeNull();
        expect(await store.removeSubscription(TEAM_B, CHANNEL, String(a.id))).toBeNull();
        expect(await store.setSubscriptionPaused(TEAM_B, a.id, 'not_in_channel')).toBeNull();
        expect(await store.pauseChannel(TEAM_B, CHANNEL, 'is_archived')).toBe(1);
        await store.setWorkspacePaused(TEAM_B, 'workspace_inactive');

        const aNow = await store.getSubscription(TEAM_A, a.id);
        expect(aNow).toMatchObject({ time: '09:00', pausedReason: null });
        expect(await store.getWorkspace(TEAM_A)).toBeNull();
        expect((await store.allActiveSubscriptions()).map((s) => s.id)).toEqual([a.id]);

        // Deliveries are per team too.
        const run = await store.claimDigest(a.id, DATE, 'i1', T0);
        expect(run).not.toBeNull();
        if (!run) return;
        await store.completeDigest(run, { status: 'posted', messageTs: '1.1', deliveredPaperIds: ['p1'], now: T0 });
        expect(await store.deliveredPaperIds(TEAM_A, CHANNEL)).toEqual(new Set(['p1']));
        expect(await store.deliveredPaperIds(TEAM_B, CHANNEL)).toEqual(new Set());

        expect(await store.removeSubscription(TEAM_B, CHANNEL, 'rlhf')).toMatchObject({ id: b.id });
        expect(await store.listSubscriptions(TEAM_A, CHANNEL)).toHaveLength(1);
      });

      it('removes by topic (normalized) and by id, only within the channel', async () => {
        const { store } = await fresh();
        const a = await subscribe(store, TEAM_A, CHANNEL, 'Graph Neural Networks');
        const b = await subscribe(store, TEAM_A, CHANNEL, 'RLHF');
        const c = await subscribe(store, TEAM_A, OTHER_CHANNEL, 'agents');

        expect(await store.removeSubscription(TEAM_A, CHANNEL, 'not subscribed')).toBeNull();
        expect(await store.removeSubscription(TEAM_A, CHANNEL, '   ')).toBeNull();
        const removed = await store.removeSubscription(TEAM_A, CHANNEL, '  graph   neural NETWORKS ');
        expect(removed).toEqual(a);
        expect(await store.removeSubscription(TEAM_A, CHANNEL, 'graph neural networks')).toBeNull();

        expect(await store.removeSubscription(TEAM_A, CHANNEL, String(c.id))).toBeNull(); // other channel
        expect(await store.removeSubscription(TEAM_A, CHANNEL, `#${b.id}`)).toEqual(b);
        expect(await store.removeSubscription(TEAM_A, OTHER_CHANNEL, String(c.id))).toEqual(c);
        expect(await store.listSubscriptions(TEAM_A, CHANNEL)).toEqual([]);
        expect(await store.listSubscriptions(TEAM_A, OTHER_CHANNEL)).toEqual([]);
      });

      it('prefers a topic match over an id match', async () => {
        const { store } = await fresh();
        const first = await subscribe(store, TEAM_A, CHANNEL, 'agents');
        const numeric = await subscribe(store, TEAM_A, CHANNEL, String(first.id));
        expect(await store.removeSubscription(TEAM_A, CHANNEL, String(first.id))).toEqual(numeric);
        expect(await store.removeSubscription(TEAM_A, CHANNEL, String(first.id))).toEqual(first);
      });

      it('pauses and resumes channels and workspaces; allActiveSubscriptions skips paused ones', async () => {
        const { store } = await fresh();
        const a1 = await subscribe(store, TEAM_A, CHANNEL, 'rlhf');
        const a2 = await subscribe(store, TEAM_A, CHANNEL, 'agents');
        const a3 = await subscribe(store, TEAM_A, OTHER_CHANNEL, 'rlhf');
        const b1 = await subscribe(store, TEAM_B, CHANNEL, 'rlhf');
        const active = async () => (await store.allActiveSubscriptions()).map((s) => s.id);
        expect(await active()).toEqual([a1.id, a2.id, a3.id, b1.id]);

        expect(await store.pauseChannel(TEAM_A, CHANNEL, 'not_in_channel', at(1000))).toBe(2);
        expect(await store.getSubscription(TEAM_A, a1.id)).toMatchObject({ pausedReason: 'not_in_channel' });
        expect(await active()).toEqual([a3.id, b1.id]);

        expect(await store.setSubscriptionPaused(TEAM_A, a3.id, 'channel_not_found')).toMatchObject({ pausedReason: 'channel_not_found' });
        expect(await active()).toEqual([b1.id]);

        expect(await store.resumeChannel(TEAM_A, CHANNEL)).toBe(2);
        expect(await store.resumeChannel(TEAM_A, CHANNEL)).toBe(0);
        expect(await active()).toEqual([a1.id, a2.id, b1.id]);
        expect(await store.setSubscriptionPaused(TEAM_A, a3.id, null)).toMatchObject({ pausedReason: null });

        const ws = await store.setWorkspacePaused(TEAM_A, 'workspace_inactive', at(2000));
        expect(ws).toEqual({ teamId: TEAM_A, pausedReason: 'workspace_inactive', updatedAt: at(2000), pausedAt: at(2000) });
        expect(await store.getWorkspace(TEAM_A)).toEqual(ws);
        expect(await store.workspacesPausedFor('workspace_inactive')).toEqual([ws]);
        expect(await store.workspacesPausedFor('token_unreadable')).toEqual([]);
        expect(await active()).toEqual([b1.id]);
        // Subscriptions keep their own state while the workspace is paused.
        expect(await store.getSubscription(TEAM_A, a1.id)).toMatchObject({ pausedReason: null });

        expect(await store.setWorkspacePaused(TEAM_A, null, at(3000))).toEqual({ teamId: TEAM_A, pausedReason: null, updatedAt: at(3000), pausedAt: null });
        expect(await active()).toEqual([a1.id, a2.id, a3.id, b1.id]);
        expect(await store.getWorkspace(TEAM_B)).toBeNull();
      });

      it('a timed pause (0020 paused_until) ends when resumeTimedPauses reaches it; the end stays as when it resumed', async () => {
        const { store } = await fresh();
        const timed = await subscribe(store, TEAM_A, CHANNEL, 'rlhf');
        const untimed = await subscribe(store, TEAM_A, CHANNEL, 'agents');
        const channel = await subscribe(store, TEAM_A, OTHER_CHANNEL, 'rlhf');
        expect(timed.pausedUntil).toBeNull();
        const end = new Date('2026-06-04T10:00:00.000Z');
        expect(await store.setSubscriptionPaused(TEAM_A, timed.id, 'paused_by_user', at(1000), end)).toMatchObject({ pausedReason: 'paused_by_user', pausedUntil: end });
        await store.setSubscriptionPaused(TEAM_A, untimed.id, 'paused_by_user', at(1000));
        await store.setSubscriptionPaused(TEAM_A, channel.id, 'not_in_channel', at(1000));
        await expect(store.setSubscriptionPaused(TEAM_A, channel.id, 'not_in_channel', at(1000), end)).rejects.toBeInstanceOf(StoreValidationError);
        const active = async () => (await store.allActiveSubscriptions()).map((s) => s.id);
        expect(await active()).toEqual([]);

        expect(await store.resumeTimedPauses(new Date(end.getTime() - 1))).toEqual([]);
        // Every instance's tick asks at once: one of them resumes it (and logs it).
        const resumed = (await Promise.all([store.resumeTimedPauses(end), store.resumeTimedPauses(end), store.resumeTimedPauses(end)])).flat();
        expect(resumed.map((s) => s.id)).toEqual([timed.id]);
        expect(await store.getSubscription(TEAM_A, timed.id)).toMatchObject({ pausedReason: null, pausedUntil: end, updatedAt: end });
        expect(await active()).toEqual([timed.id]);
        expect(await store.resumeTimedPauses(new Date('2030-01-01T00:00:00.000Z'))).toEqual([]);
        expect(await store.getSubscription(TEAM_A, untimed.id)).toMatchObject({ pausedReason: 'paused_by_user', pausedUntil: null });

        // A person's resume, or a new pause without an end, clears it.
        await store.setSubscriptionPaused(TEAM_A, untimed.id, 'paused_by_user', at(2000), end);
        expect(await store.setSubscriptionPaused(TEAM_A, untimed.id, null, at(3000))).toMatchObject({ pausedReason: null, pausedUntil: null });
        expect(await store.setSubscriptionPaused(TEAM_A, timed.id, 'paused_by_user', at(3000))).toMatchObject({ pausedUntil: null });
      });

      it('records the last digest outcome', async () => {
        const { store } = await fresh();
        const a = await subscribe(store, TEAM_A, CHANNEL, 'rlhf');
        await store.recordDigestOutcome(a.id, at(5), 'failed: channel_not_found');
        expect(await store.getSubscription(TEAM_A, a.id)).toMatchObject({
          lastDigestAt: at(5),
          lastDigestStatus: 'failed: channel_not_found',
        });
        const bogus: string = 'weird';
        await expect(store.recordDigestOutcome(a.id, at(6), bogus as 'posted')).rejects.toBeInstanceOf(StoreValidationError);
      });
    });

    describe('digest claims', () => {
      it('gives the first claim to one instance only', async () => {
        const { store } = await fresh();
        const a = await subscribe(store, TEAM_A, CHANNEL, 'rlhf');
        const run = await store.claimDigest(a.id, DATE, 'instance-1', T0);
        expect(run).toMatchObject({
          subscriptionId: a.id,
          teamId: TEAM_A,
          channelId: CHANNEL,
          digestDate: DATE,
          claimedBy: 'instance-1',
          status: 'claimed',
          attempts: 1,
          messageTs: null,
          nextAttemptAt: null,
          error: null,
          completedAt: null,
        });
        expect(run?.claimedAt).toEqual(T0);
        expect(run?.deliveryId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

        expect(await store.claimDigest(a.id, DATE, 'instance-2', at(1000))).toBeNull();
        expect(await store.claimDigest(a.id, DATE, 'instance-1', at(2000))).toBeNull();
        expect(await store.getDigestRun(a.id, DATE)).toEqual(run);

        // Another date is another run.
        const next = await store.claimDigest(a.id, '2025-03-04', 'instance-2', at(minutes(60 * 24)));
        expect(next).toMatchObject({ digestDate: '2025-03-04', claimedBy: 'instance-2', attempts: 1 });
        expect(next?.deliveryId).not.toBe(run?.deliveryId);
      });

      it('does not claim for a missing subscription and validates its input', async () => {
        const { store } = await fresh();
        expect(await store.claimDigest(12345, DATE, 'i1', T0)).toBeNull();
        expect(await store.getDigestRun(12345, DATE)).toBeNull();
        const a = await subscribe(store, TEAM_A, CHANNEL, 'rlhf');
        await expect(store.claimDigest(a.id, '2025-02-30', 'i1', T0)).rejects.toBeInstanceOf(StoreValidationError);
        await expect(store.claimDigest(a.id, '03/03/2025', 'i1', T0)).rejects.toBeInstanceOf(StoreValidationError);
        await expect(store.claimDigest(a.id, DATE, '', T0)).rejects.toBeInstanceOf(StoreValidationError);
      });

      it('reclaims a failed run once next_attempt_at is due, never when it is null', async () => {
        const { store } = await fresh();
        const a = await subscribe(store, TEAM_A, CHANNEL, 'rlhf');
        const first = await store.claimDigest(a.id, DATE, 'i1', T0);
        if (!first) throw new Error('first claim failed');

        const failed = await store.failDigest(first, 'slack 500', at(minutes(10)), at(minutes(1)));
        expect(failed).toMatchObject({ status: 'failed', error: 'slack 500', nextAttemptAt: at(minutes(10)), attempts: 1 });
        expect(await store.getSubscription(TEAM_A, a.id)).toMatchObject({
          lastDigestStatus: 'failed: slack 500',
          lastDigestAt: at(minutes(1)),
        });

        expect(await store.claimDigest(a.id, DATE, 'i2', at(minutes(9)))).toBeNull();
        const retry = await store.claimDigest(a.id, DATE, 'i2', at(minutes(10)));
        expect(retry).toMatchObject({ status: 'claimed', claimedBy: 'i2', attempts: 2, nextAttemptAt: null, deliveryId: first.deliveryId });
        expect(await store.claimDigest(a.id, DATE, 'i3', at(minutes(11)))).toBeNull();
        if (!retry) return;

        // The stale claim token of attempt 1 cannot fail or complete attempt 2.
        expect(await store.failDigest(first, 'late', at(minutes(12)), at(minutes(11)))).toBeNull();

        const givenUp = await store.failDigest(retry, 'channel_not_found', null, at(minutes(12)));
        expect(givenUp).toMatchObject({ status: 'failed', nextAttemptAt: null, attempts: 2 });
        expect(await store.claimDigest(a.id, DATE, 'i3', at(minutes(60 * 24 * 365)))).toBeNull();
      });

      it('lets another instance take over a claim whose lease expired, and fences the old holder', async () => {
        const { store } = await fresh({ leaseMs: minutes(5) });
        const a = await subscribe(store, TEAM_A, CHANNEL, 'rlhf');
        const old = await store.claimDigest(a.id, DATE, 'dead-instance', T0);
        if (!old) throw new Error('first claim failed');

        expect(await store.claimDigest(a.id, DATE, 'live-instance', at(minutes(5) - 1))).toBeNull();
        expect(await store.claimDigest(a.id, DATE, 'live-instance', at(minutes(5)))).toBeNull();
        const takeover = await store.claimDigest(a.id, DATE, 'live-instance', at(minutes(5) + 1));
        expect(takeover).toMatchObject({ claimedBy: 'live-instance', attempts: 2, status: 'claimed', deliveryId: old.deliveryId });
        expect(takeover?.claimedAt).toEqual(at(minutes(5) + 1));
        expect(await store.claimDigest(a.id, DATE, 'third', at(minutes(6)))).toBeNull();
        if (!takeover) return;

        // The old holder wakes up: its papers did go out, so they are recorded, but the run is not its own.
        const late = await store.completeDigest(old, { status: 'posted', messageTs: '100.1', deliveredPaperIds: ['p1', 'p2'], now: at(minutes(7)) });
        expect(late.claimHeld).toBe(false);
        expect(late.newlyDeliveredPaperIds).toEqual(['p1', 'p2']);
        expect(late.run).toMatchObject({ status: 'claimed', claimedBy: 'live-instance', messageTs: null });
        expect(await store.getSubscription(TEAM_A, a.id)).toMatchObject({ lastDigestStatus: null });

        const done = await store.completeDigest(takeover, { status: 'posted', messageTs: '100.2', deliveredPaperIds: ['p2', 'p3'], now: at(minutes(8)) });
        expect(done.claimHeld).toBe(true);
        expect(done.newlyDeliveredPaperIds).toEqual(['p3']);
        expect(done.run).toMatchObject({ status: 'posted', messageTs: '100.2', completedAt: at(minutes(8)) });
        expect(await store.deliveredPaperIds(TEAM_A, CHANNEL)).toEqual(new Set(['p1', 'p2', 'p3']));
      });

      it('a renewed claim is not taken over until a whole lease after the renewal; a taken-over holder cannot renew', async () => {
        const { store } = await fresh({ leaseMs: minutes(5) });
        const a = await subscribe(store, TEAM_A, CHANNEL, 'rlhf');
        const run = await store.claimDigest(a.id, DATE, 'slow-instance', T0);
        if (!run) throw new Error('first claim failed');

        expect(await store.renewDigestClaim(run, at(minutes(4)))).toBe(true);
        expect(await store.claimDigest(a.id, DATE, 'other', at(minutes(5) + 1))).toBeNull();
        expect(await store.getDigestRun(a.id, DATE)).toMatchObject({ claimedBy: 'slow-instance', attempts: 1, claimedAt: at(minutes(4)) });
        const takeover = await store.claimDigest(a.id, DATE, 'other', at(minutes(9) + 1));
        expect(takeover).toMatchObject({ claimedBy: 'other', attempts: 2 });

        expect(await store.renewDigestClaim(run, at(minutes(10)))).toBe(false);
        expect(await store.getDigestRun(a.id, DATE)).toMatchObject({ claimedBy: 'other', attempts: 2, claimedAt: at(minutes(9) + 1) });
        if (!takeover) return;
        await store.completeDigest(takeover, { status: 'posted', messageTs: '100.3', now: at(minutes(11)) });
        expect(await store.renewDigestClaim(takeover, at(minutes(12)))).toBe(false);
        expect(await store.getDigestRun(a.id, DATE)).toMatchObject({ status: 'posted', claimedAt: at(minutes(9) + 1) });
      });

      it.each(['posted', 'nothing_new', 'skipped'] as const)('never reclaims a run that is %s', async (status) => {
        const { store } = await fresh({ leaseMs: minutes(5) });
        const a = await subscribe(store, TEAM_A, CHANNEL, 'rlhf');
        const run = await store.claimDigest(a.id, DATE, 'i1', T0);
        if (!run) throw new Error('claim failed');
        const result = await store.completeDigest(run, { status, messageTs: status === 'posted' ? '1.5' : null, now: at(1000) });
        expect(result).toMatchObject({ claimHeld: true, run: { status, completedAt: at(1000) } });
        expect(await store.getSubscription(TEAM_A, a.id)).toMatchObject({ lastDigestStatus: status, lastDigestAt: at(1000) });

        for (const later of [at(minutes(6)), at(minutes(60 * 24 * 30))]) {
          expect(await store.claimDigest(a.id, DATE, 'i2', later)).toBeNull();
        }
        // Completing twice is a no-op.
        const again = await store.completeDigest(run, { status: 'skipped', now: at(2000) });
        expect(again).toMatchObject({ claimHeld: false, run: { status } });
      });
    });

    describe('skipPausedDigest', () => {
      it('records the date skipped (paused) without a claim, never reclaimable; a date that has a run keeps it', async () => {
        const { store } = await fresh({ leaseMs: minutes(5) });
        const a = await subscribe(store, TEAM_A, CHANNEL, 'rlhf');
        expect(await store.skipPausedDigest(a.id, DATE, at(1000))).toBe(true);
        expect(await store.getDigestRun(a.id, DATE)).toMatchObject({
          subscriptionId: a.id, teamId: TEAM_A, channelId: CHANNEL, status: 'skipped', error: 'paused', attempts: 0, messageTs: null, completedAt: at(1000),
        });
        // The subscription's last digest is not this one.
        expect(await store.getSubscription(TEAM_A, a.id)).toMatchObject({ lastDigestStatus: null, lastDigestAt: null });
        expect(await store.claimDigest(a.id, DATE, 'i1', at(minutes(60)))).toBeNull();
        expect(await store.skipPausedDigest(a.id, DATE, at(2000))).toBe(false);

        const claimed = await store.claimDigest(a.id, '2025-03-04', 'i1', at(3000));
        expect(await store.skipPausedDigest(a.id, '2025-03-04', at(4000))).toBe(false);
        expect(await store.getDigestRun(a.id, '2025-03-04')).toEqual(claimed);
        expect(await store.skipPausedDigest(12345, DATE, at(1000))).toBe(false);
        await expect(store.skipPausedDigest(a.id, '2025-02-30', at(1000))).rejects.toBeInstanceOf(StoreValidationError);
      });
    });

    describe('completeDigest', () => {
      it('records deliveries and the outcome together and never inserts a channel paper twice', async () => {
        const { store, url } = await fresh();
        const a = await subscribe(store, TEAM_A, CHANNEL, 'rlhf');
        const b = await subscribe(store, TEAM_A, CHANNEL, 'agents');
        const other = await subscribe(store, TEAM_A, OTHER_CHANNEL, 'rlhf');

        const runA = await store.claimDigest(a.id, DATE, 'i1', T0);
        const runB = await store.claimDigest(b.id, DATE, 'i1', T0);
        const runOther = await store.claimDigest(other.id, DATE, 'i1', T0);
        if (!runA || !runB || !runOther) throw new Error('claims failed');

        const resA = await store.completeDigest(runA, {
          status: 'posted',
          messageTs: '1700000000.000100',
          deliveredPaperIds: ['p-2', 'p-1', 'p-2'],
          now: at(1000),
        });
        expect(resA).toMatchObject({ claimHeld: true, newlyDeliveredPaperIds: ['p-1', 'p-2'] });
        expect(resA.run).toMatchObject({ status: 'posted', messageTs: '1700000000.000100' });

        const resB = await store.completeDigest(runB, {
          status: 'posted',
          messageTs: '1700000000.000200',
          deliveredPaperIds: ['p-2', 'p-3'],
          now: at(2000),
        });
        expect(resB.newlyDeliveredPaperIds).toEqual(['p-3']);
        const resOther = await store.completeDigest(runOther, { status: 'posted', messageTs: '9.9', deliveredPaperIds: ['p-1'], now: at(3000) });
        expect(resOther.newlyDeliveredPaperIds).toEqual(['p-1']);

        expect(await store.deliveredPaperIds(TEAM_A, CHANNEL)).toEqual(new Set(['p-1', 'p-2', 'p-3']));
        expect(await store.deliveredPaperIds(TEAM_A, OTHER_CHANNEL)).toEqual(new Set(['p-1']));

        const rows = await harness.query<{ paper_id: string; subscription_id: number; message_ts: string; delivered_at: string }>(
          url,
          `select paper_id, subscription_id, message_ts, delivered_at from deliveries where channel_id = '${CHANNEL}' order by paper_id`,
        );
        expect(rows.map((r) => [r.paper_id, Number(r.subscription_id), r.message_ts, r.delivered_at])).toEqual([
          ['p-1', a.id, '1700000000.000100', at(1000).toISOString()],
          ['p-2', a.id, '1700000000.000100', at(1000).toISOString()],
          ['p-3', b.id, '1700000000.000200', at(2000).toISOString()],
        ]);
        expect(await store.getSubscription(TEAM_A, b.id)).toMatchObject({ lastDigestStatus: 'posted', lastDigestAt: at(2000) });
      });

      it('is atomic: when recording a delivery fails, neither deliveries nor the status change', async () => {
        const { store, url } = await fresh();
        const a = await subscribe(store, TEAM_A, CHANNEL, 'rlhf');
        const run = await store.claimDigest(a.id, DATE, 'i1', T0);
        if (!run) throw new Error('claim failed');
        await harness.failDeliveriesOf(url, 'p-boom');

        await expect(
          store.completeDigest(run, { status: 'posted', messageTs: '1.1', deliveredPaperIds: ['p-a', 'p-boom', 'p-z'], now: at(1000) }),
        ).rejects.toThrow(/injected delivery failure/);

        expect(await store.getDigestRun(a.id, DATE)).toMatchObject({ status: 'claimed', messageTs: null, completedAt: null });
        expect(await store.deliveredPaperIds(TEAM_A, CHANNEL)).toEqual(new Set());
        expect(await store.getSubscription(TEAM_A, a.id)).toMatchObject({ lastDigestStatus: null, lastDigestAt: null });

        // The claim is still held and can complete without the poisoned id.
        const ok = await store.completeDigest(run, { status: 'posted', messageTs: '1.1', deliveredPaperIds: ['p-a', 'p-z'], now: at(2000) });
        expect(ok).toMatchObject({ claimHeld: true, newlyDeliveredPaperIds: ['p-a', 'p-z'], run: { status: 'posted' } });
      });

      it('only accepts paper ids with status posted', async () => {
        const { store } = await fresh();
        const a = await subscribe(store, TEAM_A, CHANNEL, 'rlhf');
        const run = await store.claimDigest(a.id, DATE, 'i1', T0);
        if (!run) throw new Error('claim failed');
        await expect(store.completeDigest(run, { status: 'nothing_new', deliveredPaperIds: ['p1'] })).rejects.toBeInstanceOf(
          StoreValidationError,
        );
        const bogus: string = 'failed';
        await expect(store.completeDigest(run, { status: bogus as 'posted' })).rejects.toBeInstanceOf(StoreValidationError);
        expect(await store.getDigestRun(a.id, DATE)).toMatchObject({ status: 'claimed' });
      });

      it('keeps runs and deliveries as history when a subscription is removed', async () => {
        const { store } = await fresh();
        const a = await subscribe(store, TEAM_A, CHANNEL, 'rlhf');
        const run = await store.claimDigest(a.id, DATE, 'i1', T0);
        if (!run) throw new Error('claim failed');
        expect(await store.removeSubscription(TEAM_A, CHANNEL, 'rlhf')).not.toBeNull();
        // The in-flight digest still completes and its papers are remembered for the channel.
        const res = await store.completeDigest(run, { status: 'posted', messageTs: '2.2', deliveredPaperIds: ['p1'], now: at(1) });
        expect(res).toMatchObject({ claimHeld: true, newlyDeliveredPaperIds: ['p1'] });
        expect(await store.claimDigest(a.id, '2025-03-04', 'i1', at(minutes(60 * 24)))).toBeNull();

        const again = await subscribe(store, TEAM_A, CHANNEL, 'RLHF');
        expect(again.id).not.toBe(a.id);
        expect(await store.deliveredPaperIds(TEAM_A, CHANNEL)).toEqual(new Set(['p1']));
      });
    });

    describe('lifecycle', () => {
      it('applies migrations once: opening twice is a no-op the second time', async () => {
        const url = await harness.freshUrl();
        const reports: MigrationReport[] = [];
        const first = await reopen(url, { onMigrated: (r) => reports.push(r) });
        const sub = await subscribe(first, TEAM_A, CHANNEL, 'rlhf');
        const second = await reopen(url, { onMigrated: (r) => reports.push(r) });
        expect(reports[0]?.applied).toEqual(reports[0]?.known);
        expect(reports[0]?.applied.length).toBeGreaterThan(0);
        expect(reports[1]?.applied).toEqual([]);
        expect(await second.getSubscription(TEAM_A, sub.id)).toEqual(sub);
        const migrations = await harness.query<{ name: string }>(url, 'select name from kysely_migration');
        expect(migrations.map((m) => m.name)).toEqual(reports[0]?.known);
      });

      it('rolls back a failed migration run entirely, and a fixed run then applies', async () => {
        const url = await harness.freshUrl();
        const connection = await connect(parseDatabaseUrl(url));
        try {
          const createA = { up: async (db: Kysely<unknown>) => void (await db.schema.createTable('mig_a').addColumn('x', 'integer').execute()) };
          const broken = {
            up: async (db: Kysely<unknown>) => {
              await db.schema.createTable('mig_b').addColumn('x', 'integer').execute();
              await sql`select * from no_such_table`.execute(db);
            },
          };
          const error = await runMigrations(connection, { '0001_a': createA, '0002_b': broken }).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(MigrationError);
          expect((error as MigrationError).message).toMatch(/0002_b/);
          const tables = await harness.query<{ n: string }>(url, "select name as n from kysely_migration");
          expect(tables).toEqual([]);
          await expect(harness.query(url, 'select * from mig_a')).rejects.toThrow();
          await expect(harness.query(url, 'select * from mig_b')).rejects.toThrow();

          const fixed = { up: async (db: Kysely<unknown>) => void (await db.schema.createTable('mig_b').addColumn('x', 'integer').execute()) };
          const report = await runMigrations(connection, { '0001_a': createA, '0002_b': fixed });
          expect(report.applied).toEqual(['0001_a', '0002_b']);
          expect(await harness.query(url, 'select * from mig_b')).toEqual([]);
        } finally {
          await connection.db.destroy();
        }
      });

      it('keeps data across close and reopen', async () => {
        const { store, url } = await fresh();
        const a = await subscribe(store, TEAM_A, CHANNEL, 'rlhf');
        await store.setWorkspacePaused(TEAM_B, 'workspace_inactive', T0);
        const run = await store.claimDigest(a.id, DATE, 'i1', T0);
        if (!run) throw new Error('claim failed');
        await store.completeDigest(run, { status: 'posted', messageTs: '3.3', deliveredPaperIds: ['p1'], now: at(1) });
        await store.close();
        await store.close(); // idempotent

        const reopened = await reopen(url);
        expect(await reopened.getSubscription(TEAM_A, a.id)).toMatchObject({ topic: 'rlhf', lastDigestStatus: 'posted' });
        expect(await reopened.getDigestRun(a.id, DATE)).toMatchObject({ status: 'posted', messageTs: '3.3', deliveryId: run.deliveryId });
        expect(await reopened.deliveredPaperIds(TEAM_A, CHANNEL)).toEqual(new Set(['p1']));
        expect(await reopened.getWorkspace(TEAM_B)).toMatchObject({ pausedReason: 'workspace_inactive' });
        expect(await reopened.claimDigest(a.id, DATE, 'i2', at(minutes(60)))).toBeNull();
      });
    });
  });
}

/**
 * Two stores (separate connections/pools) race to claim `pairs` digests, interleaved; returns how
 * many times each pair was claimed in total.
 */
export async function raceClaims(
  stores: readonly Store[],
  pairs: ReadonlyArray<{ subscriptionId: number; digestDate: string }>,
  now: Date,
): Promise<number[]> {
  const attempts = pairs.flatMap((pair, index) =>
    stores.map((store, s) => ({ index, promise: store.claimDigest(pair.subscriptionId, pair.digestDate, `instance-${s}`, now) })),
  );
  const counts = pairs.map(() => 0);
  const results = await Promise.all(attempts.map(async (a) => ({ index: a.index, run: await a.promise })));
  for (const { index, run } of results) if (run) counts[index] = (counts[index] ?? 0) + 1;
  return counts;
}

/**
 * The exactly-once scenario both dialects must pass: `stores` (separate connections) race on every
 * pair for a first claim, while the lease holds, for stale takeovers, and for due retries.
 * Expects a lease of 5 minutes.
 */
export async function expectExactlyOnceClaims(
  stores: readonly Store[],
  pairs: ReadonlyArray<{ subscriptionId: number; digestDate: string }>,
): Promise<void> {
  const [first] = stores;
  if (!first) throw new Error('no stores');
  const once = pairs.map(() => 1);
  // First claims.
  expect(await raceClaims(stores, pairs, T0)).toEqual(once);
  // Nobody gets a second claim while the lease holds.
  expect(await raceClaims(stores, pairs, at(minutes(1)))).toEqual(pairs.map(() => 0));
  // Every claim goes stale (its instance "died"): exactly one takeover each.
  expect(await raceClaims(stores, pairs, at(minutes(6)))).toEqual(once);
  // Every run fails with a retry due: exactly one reclaim each.
  for (const pair of pairs) {
    const run = await first.getDigestRun(pair.subscriptionId, pair.digestDate);
    if (!run) throw new Error('missing run');
    expect(run.attempts).toBe(2);
    expect(await first.failDigest(run, 'boom', at(minutes(7)), at(minutes(6)))).not.toBeNull();
  }
  expect(await raceClaims(stores, pairs, at(minutes(7)))).toEqual(once);
  for (const pair of pairs) {
    expect(await first.getDigestRun(pair.subscriptionId, pair.digestDate)).toMatchObject({ status: 'claimed', attempts: 3 });
  }
}
