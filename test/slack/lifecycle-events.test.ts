import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store, Subscription } from '../../src/store/store.ts';
import { eventually, postEvent } from '../support/slack-events.ts';
import { SIGNING_SECRET, startTestApp, type RunningTestApp } from '../support/test-app.ts';

/**
 * Each lifecycle event, signed and POSTed to /slack/events through Bolt's real HTTP receiver, against the
 * SQLite store. Nothing is ever deleted: only paused reasons change.
 */
describe('Slack lifecycle events pause and resume digests', () => {
  let t: RunningTestApp;
  let store: Store;
  const TEAM = 'T1';
  let n = 0;

  beforeAll(async () => {
    t = await startTestApp();
    store = t.runtime.store;
  });
  afterAll(async () => {
    await t.stop();
  });

  /** A fresh channel with two subscriptions (so tests don't see each other's state). */
  let channel: string;
  let subs: Subscription[];
  beforeEach(async () => {
    n += 1;
    channel = `C${String(n).padStart(6, '0')}`;
    subs = [];
    for (const topic of ['sparse attention', 'speculative decoding']) {
      subs.push((await store.upsertSubscription({ teamId: TEAM, channelId: channel, topic, createdBy: 'U1' })).subscription);
    }
  });

  const send = async (event: Record<string, unknown>, team = TEAM): Promise<void> => {
    const res = await postEvent(t.eventsUrl, SIGNING_SECRET, team, event);
    expect(res.status).toBe(200);
  };
  const reasons = async (channelId = channel): Promise<Array<string | null>> =>
    (await store.listSubscriptions(TEAM, channelId)).map((s) => s.pausedReason);
  const until = (expected: Array<string | null>, channelId = channel) =>
    eventually(async () => JSON.stringify(await reasons(channelId)) === JSON.stringify(expected));

  it('channel_archive pauses the channel, channel_unarchive resumes it', async () => {
    await send({ type: 'channel_archive', channel, user: 'U9' });
    await until(['is_archived', 'is_archived']);
    expect(await store.allActiveSubscriptions()).not.toContainEqual(expect.objectContaining({ channelId: channel }));
    await send({ type: 'channel_unarchive', channel, user: 'U9' });
    await until([null, null]);
  });

  it('group_archive / group_unarchive do the same for private channels', async () => {
    await send({ type: 'group_archive', channel });
    await until(['is_archived', 'is_archived']);
    await send({ type: 'group_unarchive', channel });
    await until([null, null]);
  });

  it('channel_deleted and group_deleted pause (and keep) the subscriptions', async () => {
    await send({ type: 'channel_deleted', channel });
    await until(['channel_deleted', 'channel_deleted']);
    expect(await store.listSubscriptions(TEAM, channel)).toHaveLength(2);
    // Unarchiving does not bring back a deleted channel's digests.
    await send({ type: 'channel_unarchive', channel, user: 'U9' });
    await send({ type: 'group_deleted', channel: `${channel}X` });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await reasons()).toEqual(['channel_deleted', 'channel_deleted']);

    const group = `G${channel.slice(1)}`;
    await store.upsertSubscription({ teamId: TEAM, channelId: group, topic: 'rlhf', createdBy: 'U1' });
    await send({ type: 'group_deleted', channel: group });
    await until(['channel_deleted'], group);
  });

  it('member_left_channel for the bot pauses the channel; the bot re-joining resumes it', async () => {
    await send({ type: 'member_left_channel', user: 'UBOT', channel, channel_type: 'C', team: TEAM });
    await until(['not_in_channel', 'not_in_channel']);
    await send({ type: 'member_joined_channel', user: 'UBOT', channel, channel_type: 'C', team: TEAM, inviter: 'U1' });
    await until([null, null]);
  });

  // What Slack sends the bot itself when someone removes it (a real delivery's shape: MercuryTechnologies/slack-web's
  // captured channel_left, with actor_id, the person who removed it); member_left_channel goes to the remaining members.
  it('channel_left (the bot removed from a public channel) pauses it, so chat:write.public does not keep posting there; re-inviting resumes it', async () => {
    await send({ type: 'channel_left', channel, actor_id: 'U043H11ES4V', event_ts: '1664827321.000300' });
    await until(['not_in_channel', 'not_in_channel']);
    expect(await store.allActiveSubscriptions()).not.toContainEqual(expect.objectContaining({ channelId: channel }));
    await send({ type: 'member_joined_channel', user: 'UBOT', channel, channel_type: 'C', team: TEAM, inviter: 'U1' });
    await until([null, null]);
  });

  it('group_left (the bot removed from a private channel) pauses it the same way', async () => {
    await send({ type: 'group_left', channel, actor_id: 'U043H11ES4V', event_ts: '1664827321.000300' });
    await until(['not_in_channel', 'not_in_channel']);
    await eventually(() => t.logs.some((line) => line.includes(`channel ${channel} no longer has the bot: paused 2 digest(s)`)));
  });

  it('member_left_channel for anyone else changes nothing', async () => {
    await send({ type: 'member_left_channel', user: 'U123', channel, channel_type: 'C', team: TEAM });
    await send({ type: 'member_joined_channel', user: 'U456', channel, channel_type: 'C', team: TEAM });
    // A marker event handled after the two above proves they were processed.
    await send({ type: 'channel_archive', channel: 'CMARKER', user: 'U9' });
    await eventually(() => t.logs.some((line) => line.includes('channel CMARKER archived')));
    expect(await reasons()).toEqual([null, null]);
  });

  it('leaves a subscription a person paused alone: archive + unarchive does not resume it', async () => {
    const [first] = subs;
    if (!first) throw new Error('no subscription');
    await store.setSubscriptionPaused(TEAM, first.id, 'paused_by_user');
    await send({ type: 'channel_archive', channel, user: 'U9' });
    await until(['paused_by_user', 'is_archived']);
    await send({ type: 'channel_unarchive', channel, user: 'U9' });
    await until(['paused_by_user', null]);
  });

  it('app_uninstalled pauses the whole workspace (its subscriptions stay)', async () => {
    const team = 'T_UNINSTALL';
    await store.upsertSubscription({ teamId: team, channelId: 'C1', topic: 'agents', createdBy: 'U1' });
    await send({ type: 'app_uninstalled' }, team);
    await eventually(async () => (await store.getWorkspace(team))?.pausedReason === 'app_uninstalled');
    expect((await store.allActiveSubscriptions()).some((s) => s.teamId === team)).toBe(false);
    // Subscriptions stay.
    expect(await store.listSubscriptions(team, 'C1')).toHaveLength(1);
  });

  it('tokens_revoked for the bot pauses the workspace; for user tokens only it does nothing', async () => {
    const team = 'T_REVOKED';
    await send({ type: 'tokens_revoked', tokens: { oauth: ['U1'] } }, team);
    await send({ type: 'channel_archive', channel: 'CMARKER2', user: 'U9' });
    await eventually(() => t.logs.some((line) => line.includes('channel CMARKER2 archived')));
    expect(await store.getWorkspace(team)).toBeNull();
    await send({ type: 'tokens_revoked', tokens: { oauth: [], bot: ['UBOT'] } }, team);
    await eventually(async () => (await store.getWorkspace(team))?.pausedReason === 'tokens_revoked');
  });

  it('the single-token startup check resumes a workspace paused for a dead token once auth.test passes', async () => {
    await store.setWorkspacePaused(TEAM, 'app_uninstalled');
    await store.setWorkspacePaused('T_OTHER', 'app_uninstalled');
    const { createSlackApp } = await import('../../src/app.ts');
    await createSlackApp(t.runtime, 'http').checkToken();
    // The fake's auth.test says the token belongs to T1.
    expect((await store.getWorkspace(TEAM))?.pausedReason).toBeNull();
    expect((await store.getWorkspace('T_OTHER'))?.pausedReason).toBe('app_uninstalled');

    await store.setWorkspacePaused(TEAM, 'team_disabled_for_other_reasons');
    await createSlackApp(t.runtime, 'http').checkToken();
    expect((await store.getWorkspace(TEAM))?.pausedReason).toBe('team_disabled_for_other_reasons');
    await store.setWorkspacePaused(TEAM, null);
  });

  it('logs every handled event with a request id', () => {
    const line = t.logs.find((l) => l.includes(`channel CMARKER archived`));
    expect(line).toMatch(/ req=Ev\d{8} team=T1 channel CMARKER archived/);
  });
});
