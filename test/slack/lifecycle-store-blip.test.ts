/**
 * A lifecycle event that arrives while the database fails for a moment, through the real HTTP receiver. Bolt answers
 * Slack 200 before the listener runs, so Slack never sends the event again: the pause must be tried again, not lost
 * (a public channel that removed the bot would otherwise keep getting digests through chat:write.public).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { eventually, postEvent } from '../support/slack-events.ts';
import { SIGNING_SECRET, startTestApp, type RunningTestApp } from '../support/test-app.ts';

describe('a lifecycle event during a database blip', () => {
  let t: RunningTestApp;
  let store: Store;

  beforeAll(async () => {
    t = await startTestApp();
    store = t.runtime.store;
    for (const channel of ['C_BLIP', 'C_DOWN', 'C_BACK']) await store.upsertSubscription({ teamId: 'T1', channelId: channel, topic: 'sparse attention', createdBy: 'U1' });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await t.stop();
  });

  const reasons = async (channel: string): Promise<Array<string | null>> => (await store.listSubscriptions('T1', channel)).map((s) => s.pausedReason);

  it('the bot removed (channel_left) while the database refuses one write: paused a moment later, and the log says it was retried', async () => {
    const pause = vi.spyOn(store, 'pauseChannelFor').mockRejectedValueOnce(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    expect((await postEvent(t.eventsUrl, SIGNING_SECRET, 'T1', { type: 'channel_left', channel: 'C_BLIP', actor_id: 'U9', event_ts: '1.2' })).status).toBe(200);
    await eventually(async () => JSON.stringify(await reasons('C_BLIP')) === '["not_in_channel"]', 8_000);
    expect(pause).toHaveBeenCalledTimes(2);
    const log = t.logs.join('\n');
    expect(log).toMatch(/channel C_BLIP no longer has the bot: could not be recorded \(.*ECONNREFUSED.*\); trying again in 1 s/);
    expect(log).toMatch(/channel C_BLIP no longer has the bot: paused 1 digest\(s\)/);
    pause.mockRestore();
  });

  it('the bot removed while the database refuses a write, then invited back before the retry: it ends in the channel, not paused', async () => {
    const pause = vi.spyOn(store, 'pauseChannelFor').mockRejectedValueOnce(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    expect((await postEvent(t.eventsUrl, SIGNING_SECRET, 'T1', { type: 'channel_left', channel: 'C_BACK', actor_id: 'U9', event_ts: '1.3' })).status).toBe(200);
    await eventually(() => t.logs.some((l) => /channel C_BACK no longer has the bot: could not be recorded/.test(l)));
    const joined = { type: 'member_joined_channel', user: 'UBOT', channel: 'C_BACK', channel_type: 'C', team: 'T1', inviter: 'U1' };
    expect((await postEvent(t.eventsUrl, SIGNING_SECRET, 'T1', joined)).status).toBe(200);
    // The retried pause is recorded first, then the join lifts it.
    await eventually(() => t.logs.some((l) => /channel C_BACK has the bot again/.test(l)), 8_000);
    expect(pause).toHaveBeenCalledTimes(2);
    expect(await reasons('C_BACK')).toEqual([null]);
    pause.mockRestore();
  });

  it('a channel archived while the database is down for good: a few attempts, then one ERROR line naming what was lost', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      vi.spyOn(store, 'pauseChannelFor').mockRejectedValue(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
      expect((await postEvent(t.eventsUrl, SIGNING_SECRET, 'T1', { type: 'channel_archive', channel: 'C_DOWN', user: 'U9' })).status).toBe(200);
      for (let i = 0; i < 20 && !t.logs.some((l) => /C_DOWN archived: not recorded after 4 attempts/.test(l)); i++) {
        await vi.advanceTimersByTimeAsync(10_000);
      }
    } finally {
      vi.useRealTimers();
      vi.restoreAllMocks();
    }
    expect(t.logs.filter((l) => /C_DOWN archived: could not be recorded/.test(l))).toHaveLength(3);
    expect(t.logs.find((l) => /C_DOWN archived: not recorded after 4 attempts/.test(l))).toMatch(/ERROR.*Slack will not send it again/);
  });
});
