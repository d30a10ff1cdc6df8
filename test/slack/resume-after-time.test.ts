/**
 * A digest resumed after its time passed while it was paused is not posted late: the next one comes at its next
 * scheduled time, and the resume reply says so. Paused by a person (`/paper resume`), by the channel (archived, then
 * unarchived: Slack's events through the real receiver) and by the workspace (uninstalled, then a working token again).
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
    t.now = new Date('2026-11-25T08:30:00Z');
    await postEvent(t.app.eventsUrl, SIGNING_SECRET, 'T1', { type: 'channel_archive', channel: 'C_ARCHIVED', user: 'U9' });
    await eventually(async () => (await pausedReason('C_ARCHIVED')) === 'is_archived');
    await tick('2026-11-25T09:00:00Z');
    t.now = new Date('2026-11-25T11:00:00Z');
    await postEvent(t.app.eventsUrl, SIGNING_SECRET, 'T1', { type: 'channel_unarchive', channel: 'C_ARCHIVED', user: 'U9' });
    await eventually(async () => (await pausedReason('C_ARCHIVED')) === null);
    await ticks('2026-11-25T11:00:00Z', 5);
    expect(posts('C_ARCHIVED')).toBe(0);
    await tick('2026-11-26T09:00:00Z');
    expect(posts('C_ARCHIVED')).toBe(1);
  });

  it('a workspace uninstalled before the digest time, its token working again after it: no late digest', async () => {
    await command('subscribe retrieval at 09:00 tz UTC', 'C_WORKSPACE');
    const before = posts('C_RESEARCH');
    t.now = new Date('2026-11-27T08:45:00Z');
    await postEvent(t.app.eventsUrl, SIGNING_SECRET, 'T1', { type: 'app_uninstalled' });
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
});
