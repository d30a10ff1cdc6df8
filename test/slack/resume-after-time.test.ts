/**
 * A digest resumed after its time passed while it was paused is not posted late: the next one comes at its next
 * scheduled time, and the resume reply says so. Paused by a person (`/paper resume`), by the channel (archived, then
 * unarchived: Slack's events through the real receiver) and by the workspace (uninstalled, then a working token again).
 * The pause counts from when it began, not from the last change made while paused: a new schedule (`/paper subscribe
 * … at 07:00`), an end given to a person's pause, another reason for the channel's or the workspace's pause.
 * Downtime is not a pause: a bot that was down still sends a digest missed by less than 12 h (runner-catchup.test.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createSlackApp } from '../../src/app.ts';
import { ClockedApp } from '../support/clocked-app.ts';
import { FakeSlack, openChannels } from '../support/fake-slack.ts';
import { eventually, postEvent } from '../support/slack-events.ts';
import { SIGNING_SECRET, tempSqliteUrl } from '../support/test-app.ts';

describe('resuming a digest whose time passed while it was paused', () => {
  const t = new ClockedApp('2026-11-23T07:00:00Z'); // a Monday
  const { command, tick } = t;
  let slack: FakeSlack;

  afterAll(async () => {
    await t.stop();
  });

  const posts = (channel: string): number => slack.callsTo('chat.postMessage').filter((c) => c.params.channel === channel).length;
  const ticks = async (from: string, minutes: number): Promise<void> => {
    for (let i = 0; i < minutes; i++) await tick(new Date(new Date(from).getTime() + i * 60_000).toISOString());
  };
  const pausedReason = async (channel: string): Promise<string | null | undefined> =>
    (await t.app.runtime.store.listSubscriptions('T1', channel))[0]?.pausedReason;
  const send = (event: Record<string, unknown>): Promise<unknown> => postEvent(t.app.eventsUrl, SIGNING_SECRET, 'T1', event);
  /** Slack's event about `channel` at `at`, once the digest there is paused for `reason` (null: resumed). */
  const channelEvent = async (at: string, event: Record<string, unknown> & { channel: string }, reason: string | null): Promise<void> => {
    t.now = new Date(at);
    await send(event);
    await eventually(async () => (await pausedReason(event.channel)) === reason);
  };
  /** Nothing in `channel` for the five minutes from `resumedAt`; its next digest at `nextAt`. */
  const noLateDigest = async (channel: string, resumedAt: string, nextAt: string): Promise<void> => {
    await ticks(resumedAt, 5);
    expect(posts(channel)).toBe(0);
    await tick(nextAt);
    expect(posts(channel)).toBe(1);
  };

  it('`/paper resume` an hour after the digest time: nothing today, the reply says tomorrow, tomorrow it comes', async () => {
    slack = await new FakeSlack().start();
    openChannels(slack);
    await t.start({ databaseUrl: tempSqliteUrl(), slack });
    await command('subscribe sparse attention at 09:00 tz UTC');
    t.now = new Date('2026-11-23T08:00:00Z');
    expect((await command('pause sparse attention')).text).toContain('Paused sparse attention');
    await tick('2026-11-23T09:00:00Z');
    expect(posts('C_RESEARCH')).toBe(0);

    t.now = new Date('2026-11-23T10:00:00Z');
    expect((await command('resume sparse attention')).text).toMatch(/^▶️ Resumed sparse attention \(#\d+\)\. Next digest: Tue Nov 24, 09:00 UTC\.$/);
    await ticks('2026-11-23T10:00:00Z', 10);
    expect(posts('C_RESEARCH')).toBe(0);
    expect(JSON.stringify(await command('list'))).toMatch(/Tue Nov 24, 09:00 UTC/);
    await tick('2026-11-24T09:00:00Z');
    expect(posts('C_RESEARCH')).toBe(1);
    expect(t.app.logs.some((line) => / ERROR /.test(line))).toBe(false);
  });

  it('a channel archived before the digest time and unarchived after it: no late digest', async () => {
    await command('subscribe speculative decoding at 09:00 tz UTC', 'C_ARCHIVED');
    await channelEvent('2026-11-25T08:30:00Z', { type: 'channel_archive', channel: 'C_ARCHIVED', user: 'U9' }, 'is_archived');
    await tick('2026-11-25T09:00:00Z');
    await channelEvent('2026-11-25T11:00:00Z', { type: 'channel_unarchive', channel: 'C_ARCHIVED', user: 'U9' }, null);
    await noLateDigest('C_ARCHIVED', '2026-11-25T11:00:00Z', '2026-11-26T09:00:00Z');
  });

  it('a workspace uninstalled before the digest time, its token working again after it: no late digest', async () => {
    await command('subscribe retrieval at 09:00 tz UTC', 'C_WORKSPACE');
    const before = posts('C_RESEARCH');
    t.now = new Date('2026-11-27T08:45:00Z');
    await send({ type: 'app_uninstalled' });
    await eventually(async () => (await t.app.runtime.store.getWorkspace('T1'))?.pausedReason === 'app_uninstalled');
    await tick('2026-11-27T09:00:00Z');
    t.now = new Date('2026-11-27T12:00:00Z');
    await createSlackApp(t.app.runtime, 'http').checkToken();
    expect((await t.app.runtime.store.getWorkspace('T1'))?.pausedReason).toBeNull();
    await ticks('2026-11-27T12:00:00Z', 5);
    expect(posts('C_WORKSPACE')).toBe(0);
    expect(posts('C_RESEARCH')).toBe(before);
    await tick('2026-11-28T09:00:00Z');
    expect(posts('C_WORKSPACE')).toBe(1);
  });

  it('paused at 06:00, moved from 09:00 to 07:00 at 10:00, resumed at 11:00: no late digest today, tomorrow at 07:00', async () => {
    t.now = new Date('2026-11-30T05:00:00Z');
    await command('subscribe sparse attention at 09:00 tz UTC', 'C_MOVED');
    t.now = new Date('2026-11-30T06:00:00Z');
    expect((await command('pause sparse attention', 'C_MOVED')).text).toContain('Paused sparse attention');
    await tick('2026-11-30T07:00:00Z');
    await tick('2026-11-30T09:00:00Z');
    t.now = new Date('2026-11-30T10:00:00Z');
    await command('subscribe sparse attention at 07:00', 'C_MOVED');

    t.now = new Date('2026-11-30T11:00:00Z');
    expect((await command('resume sparse attention', 'C_MOVED')).text).toMatch(/Next digest: Tue Dec 1, 07:00 UTC\.$/);
    await noLateDigest('C_MOVED', '2026-11-30T11:00:00Z', '2026-12-01T07:00:00Z');
  });

  it("a person's pause given an end after a schedule change keeps its start: no late digest on resume", async () => {
    await command('subscribe retrieval at 09:00 tz UTC', 'C_ENDS');
    t.now = new Date('2026-12-02T06:00:00Z');
    await command('pause retrieval', 'C_ENDS');
    await tick('2026-12-02T09:00:00Z');
    t.now = new Date('2026-12-02T10:00:00Z');
    await command('subscribe retrieval at 07:00', 'C_ENDS');
    t.now = new Date('2026-12-02T10:30:00Z');
    expect((await command('pause retrieval for 3 days', 'C_ENDS')).text).toContain('Paused retrieval');
    t.now = new Date('2026-12-02T11:00:00Z');
    await command('resume retrieval', 'C_ENDS');
    await noLateDigest('C_ENDS', '2026-12-02T11:00:00Z', '2026-12-03T07:00:00Z');
  });

  it('a channel archived at 06:00, its digest moved to 07:00 at 10:00, unarchived at 11:00: no late digest', async () => {
    await command('subscribe speculative decoding at 09:00 tz UTC', 'C_MOVED_ARCHIVED');
    await channelEvent('2026-12-04T06:00:00Z', { type: 'channel_archive', channel: 'C_MOVED_ARCHIVED', user: 'U9' }, 'is_archived');
    await tick('2026-12-04T09:00:00Z');
    t.now = new Date('2026-12-04T10:00:00Z');
    await command('subscribe speculative decoding at 07:00', 'C_MOVED_ARCHIVED');
    await channelEvent('2026-12-04T11:00:00Z', { type: 'channel_unarchive', channel: 'C_MOVED_ARCHIVED', user: 'U9' }, null);
    await noLateDigest('C_MOVED_ARCHIVED', '2026-12-04T11:00:00Z', '2026-12-05T07:00:00Z');
  });

  it('a channel archived at 08:30 and left by the bot at 09:30 (another reason): the bot back at 10:00 sends no late digest', async () => {
    await command('subscribe mixture of experts at 09:00 tz UTC', 'C_LEFT');
    await channelEvent('2026-12-07T08:30:00Z', { type: 'channel_archive', channel: 'C_LEFT', user: 'U9' }, 'is_archived');
    await tick('2026-12-07T09:00:00Z');
    await channelEvent('2026-12-07T09:30:00Z', { type: 'member_left_channel', user: 'UBOT', channel: 'C_LEFT', channel_type: 'C', team: 'T1' }, 'not_in_channel');
    await channelEvent('2026-12-07T10:00:00Z', { type: 'member_joined_channel', user: 'UBOT', channel: 'C_LEFT', channel_type: 'C', team: 'T1', inviter: 'U1' }, null);
    await noLateDigest('C_LEFT', '2026-12-07T10:00:00Z', '2026-12-08T09:00:00Z');
  });

  it('a workspace paused at 08:45 (a digest refused for its token), uninstalled at 09:30, its token working at 12:00: no late 09:00 digest', async () => {
    await command('subscribe diffusion at 08:45 tz UTC', 'C_FIRST');
    await command('subscribe retrieval at 09:00 tz UTC', 'C_TOKEN');
    slack.answerNext('chat.postMessage', { body: { ok: false, error: 'token_revoked' } });
    await tick('2026-12-09T08:45:00Z');
    expect((await t.app.runtime.store.getWorkspace('T1'))?.pausedReason).toBe('token_revoked');
    await tick('2026-12-09T09:00:00Z');
    t.now = new Date('2026-12-09T09:30:00Z');
    await send({ type: 'app_uninstalled' });
    await eventually(async () => (await t.app.runtime.store.getWorkspace('T1'))?.pausedReason === 'app_uninstalled');
    t.now = new Date('2026-12-09T12:00:00Z');
    await createSlackApp(t.app.runtime, 'http').checkToken();
    expect((await t.app.runtime.store.getWorkspace('T1'))?.pausedReason).toBeNull();
    await noLateDigest('C_TOKEN', '2026-12-09T12:00:00Z', '2026-12-10T09:00:00Z');
  });

  /** The workspace paused at `at` by a digest refused for its token (C_FIRST's, due then). */
  const tokenRevokedAt = async (at: string): Promise<void> => {
    slack.answerNext('chat.postMessage', { body: { ok: false, error: 'token_revoked' } });
    await tick(at);
    expect((await t.app.runtime.store.getWorkspace('T1'))?.pausedReason).toBe('token_revoked');
  };
  const tokenWorksAt = async (at: string): Promise<void> => {
    t.now = new Date(at);
    await createSlackApp(t.app.runtime, 'http').checkToken();
    expect((await t.app.runtime.store.getWorkspace('T1'))?.pausedReason).toBeNull();
  };

  it('a workspace paused at 06:45, its digest moved from 09:00 to 07:00 at 10:00, its token working at 11:00: no late digest', async () => {
    await command('subscribe diffusion at 06:45 tz UTC', 'C_FIRST');
    await command('subscribe retrieval at 09:00 tz UTC', 'C_MOVED_TOKEN');
    await tokenRevokedAt('2026-12-11T06:45:00Z');
    await tick('2026-12-11T09:00:00Z');
    t.now = new Date('2026-12-11T10:00:00Z');
    await command('subscribe retrieval at 07:00', 'C_MOVED_TOKEN');
    await tokenWorksAt('2026-12-11T11:00:00Z');
    await noLateDigest('C_MOVED_TOKEN', '2026-12-11T11:00:00Z', '2026-12-12T07:00:00Z');
  });

  it('a workspace paused at 08:45, its digest paused by a person at 10:00, the token working at 11:00, resumed at 12:00: no late 09:00 digest', async () => {
    await command('subscribe retrieval at 09:00 tz UTC', 'C_BOTH');
    await tokenRevokedAt('2026-12-14T08:45:00Z');
    await tick('2026-12-14T09:00:00Z');
    t.now = new Date('2026-12-14T10:00:00Z');
    expect((await command('pause retrieval', 'C_BOTH')).text).toContain('Paused retrieval');
    await tokenWorksAt('2026-12-14T11:00:00Z');
    t.now = new Date('2026-12-14T12:00:00Z');
    expect((await command('resume retrieval', 'C_BOTH')).text).toMatch(/Next digest: Tue Dec 15, 09:00 UTC\.$/);
    await noLateDigest('C_BOTH', '2026-12-14T12:00:00Z', '2026-12-15T09:00:00Z');
  });

  it('a workspace paused at 08:45, the channel archived at 10:00, the token working at 11:00, unarchived at 12:00: no late 09:00 digest', async () => {
    await command('subscribe retrieval at 09:00 tz UTC', 'C_BOTH_ARCHIVED');
    await tokenRevokedAt('2026-12-16T08:45:00Z');
    await tick('2026-12-16T09:00:00Z');
    await channelEvent('2026-12-16T10:00:00Z', { type: 'channel_archive', channel: 'C_BOTH_ARCHIVED', user: 'U9' }, 'is_archived');
    await tokenWorksAt('2026-12-16T11:00:00Z');
    await channelEvent('2026-12-16T12:00:00Z', { type: 'channel_unarchive', channel: 'C_BOTH_ARCHIVED', user: 'U9' }, null);
    await noLateDigest('C_BOTH_ARCHIVED', '2026-12-16T12:00:00Z', '2026-12-17T09:00:00Z');
  });
});
