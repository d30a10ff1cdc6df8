/**
 * A digest for a public channel the bot was never invited to (it posts there with chat:write.public) whose first post
 * times out or gets a 5xx: the retry has to know whether that post landed, and conversations.history answers
 * not_in_channel to a bot that is not a member. The bot joins the public channel (conversations.join, channels:join)
 * and then reads the history: the digest is recorded, not posted twice, and not given up either. Through the real
 * HTTP receiver, the digest runner and the fake Slack Web API; a workspace installed before channels:join falls back
 * to giving up the digest rather than risk posting it twice.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClockedApp } from '../support/clocked-app.ts';
import { FakeSlack, openChannels, type RecordedCall } from '../support/fake-slack.ts';
import { eventually, postEvent } from '../support/slack-events.ts';
import { SIGNING_SECRET } from '../support/test-app.ts';

const CHANNEL = 'C_RESEARCH';

/**
 * The fake Slack keeps the channel: chat.postMessage answers `firstPost` to the first post (the message landed anyway
 * when `landed`), conversations.history shows the messages that landed to a member only, and conversations.join makes
 * the bot a member (or answers `joinError`).
 */
async function publicChannelSlack(options: { firstPost: 'timeout' | 503; landed: boolean; joinError?: string }): Promise<FakeSlack> {
  const slack = await new FakeSlack().start();
  openChannels(slack, false);
  let member = false;
  const landed: Array<{ ts: string; metadata: unknown }> = [];
  let posts = 0;
  slack.respondTo('chat.postMessage', (call) => {
    posts += 1;
    const ts = `1764752400.${String(posts).padStart(6, '0')}`;
    if (posts > 1 || options.landed) landed.push({ ts, metadata: call.params.metadata });
    if (posts === 1) return options.firstPost === 503 ? { status: 503, body: { ok: false } } : { delayMs: 1_000, body: { ok: true, channel: CHANNEL, ts } };
    return { body: { ok: true, channel: CHANNEL, ts } };
  });
  slack.respondTo('conversations.join', () => {
    if (options.joinError) return { body: { ok: false, error: options.joinError } };
    member = true;
    return { body: { ok: true, channel: { id: CHANNEL, is_channel: true, is_private: false, is_member: true } } };
  });
  slack.respondTo('conversations.history', () =>
    member
      ? { body: { ok: true, messages: landed.map((m) => ({ type: 'message', ts: m.ts, metadata: m.metadata })).reverse(), has_more: false } }
      : { body: { ok: false, error: 'not_in_channel' } },
  );
  return slack;
}

describe('a digest for a public channel the bot never joined, whose first post failed', () => {
  let t: ClockedApp;
  let slack: FakeSlack;

  beforeEach(() => {
    t = new ClockedApp('2026-12-03T08:00:00Z');
  });

  afterEach(async () => {
    await t.stop();
  });

  async function subscribeAndRunAtNine(options: Parameters<typeof publicChannelSlack>[0]): Promise<void> {
    slack = await publicChannelSlack(options);
    // The first post's timeout: 500 ms (the fake answers it after 1 s, the message having landed).
    await t.start({ slack, env: { SLACK_API_TIMEOUT_MS: '500' } });
    expect((await t.command('subscribe sparse attention at 09:00 tz UTC')).text).toMatch(/Subscribed this channel/);
    await t.tick('2026-12-03T09:00:00Z');
  }

  const lastStatus = async (): Promise<string | null> => (await t.app.runtime.store.listSubscriptions('T1', CHANNEL))[0]?.lastDigestStatus ?? null;
  const joins = (): RecordedCall[] => slack.callsTo('conversations.join');

  it('a post that timed out but landed: the bot joins, finds it in the history, records it, posts nothing twice', async () => {
    await subscribeAndRunAtNine({ firstPost: 'timeout', landed: true });
    expect(joins().map((call) => call.params.channel)).toEqual([CHANNEL]);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(await lastStatus()).toBe('posted');
    expect(t.app.logs.join('\n')).toMatch(/found the message an earlier attempt posted \(1764752400\.000001\)/);
  });

  it('a 503 whose message did not land: the bot joins, finds nothing, posts it once more', async () => {
    await subscribeAndRunAtNine({ firstPost: 503, landed: false });
    expect(joins()).toHaveLength(1);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(2);
    expect(await lastStatus()).toBe('posted');
  });

  it('a 503 whose message landed: recorded from the history, not posted twice', async () => {
    await subscribeAndRunAtNine({ firstPost: 503, landed: true });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(await lastStatus()).toBe('posted');
  });

  it('a workspace installed before channels:join (join answers missing_scope): the digest is given up, never posted twice', async () => {
    await subscribeAndRunAtNine({ firstPost: 503, landed: true, joinError: 'missing_scope' });
    expect(joins()).toHaveLength(1);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(await lastStatus()).toMatch(/^failed: unverifiable/);
    // Neither the channel nor the workspace is paused for it: the next day's digest goes out as usual.
    expect((await t.app.runtime.store.listSubscriptions('T1', CHANNEL))[0]?.pausedReason).toBeNull();
    expect((await t.app.runtime.store.getWorkspace('T1'))?.pausedReason ?? null).toBeNull();
  });

  it('the bot removed from the channel while the retry waited: it does not join it again', async () => {
    slack = await publicChannelSlack({ firstPost: 503, landed: true });
    await t.start({ slack });
    await t.command('subscribe sparse attention at 09:00 tz UTC');
    const run = t.tick('2026-12-03T09:00:00Z');
    await slack.waitFor('chat.postMessage', 1);
    const left = await postEvent(t.app.eventsUrl, SIGNING_SECRET, 'T1', { type: 'member_left_channel', user: 'UBOT', channel: CHANNEL, channel_type: 'C', team: 'T1' });
    expect(left.status).toBe(200);
    await eventually(async () => (await t.app.runtime.store.listSubscriptions('T1', CHANNEL))[0]?.pausedReason === 'not_in_channel');
    await run;
    expect(joins()).toHaveLength(0);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('a channel where only some people may post (restricted_action): paused with the reason, not retried, not joined', async () => {
    slack = await publicChannelSlack({ firstPost: 503, landed: false });
    slack.respondTo('chat.postMessage', () => ({ body: { ok: false, error: 'restricted_action' } }));
    await t.start({ slack });
    await t.command('subscribe sparse attention at 09:00 tz UTC');
    await t.tick('2026-12-03T09:00:00Z');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(joins()).toHaveLength(0);
    expect(slack.callsTo('conversations.history')).toHaveLength(0);
    const [subscription] = await t.app.runtime.store.listSubscriptions('T1', CHANNEL);
    expect(subscription?.pausedReason).toBe('restricted_action');
    expect(JSON.stringify(await t.command('list'))).toMatch(/Paused: only some people may post here/);
    await t.tick('2026-12-04T09:00:00Z');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
  });
});
