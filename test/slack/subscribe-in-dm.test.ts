/**
 * `/paper subscribe` typed in a direct message between people (a D… conversation the bot is not part of and cannot
 * be invited to), through the real HTTP receiver: Slack's conversations.info cannot describe it to the bot (no
 * im:read), and the person is told digests go to channels, instead of a "✅ Subscribed" that could never post.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperCommand } from '../support/slack-reply.ts';
import { blockKitMessageProblems } from '../support/slack-schemas.ts';
import { startTestApp, type RunningTestApp } from '../support/test-app.ts';

describe('/paper subscribe in a direct message', () => {
  let t: RunningTestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.stop();
  });

  for (const error of ['missing_scope', 'channel_not_found']) {
    it(`Slack answering ${error}: refused, saying where digests go; nothing is subscribed`, async () => {
      t.slack.answerNext('conversations.info', { body: { ok: false, error, needed: 'im:read', provided: 'commands,chat:write' } });
      const reply = await paperCommand(t, { text: 'subscribe speculative decoding', channel: 'D0442US94JD' });
      expect(reply.response_type).toBe('ephemeral');
      expect(blockKitMessageProblems(reply.blocks ?? [])).toEqual([]);
      expect(reply.text).toMatch(/Digests go to channels/);
      expect(reply.text).not.toMatch(/Subscribed/);
      expect(await t.runtime.store.listSubscriptions('T1', 'D0442US94JD')).toEqual([]);
    });
  }

  it('in a group DM (channel_name mpdm-…), Slack answering missing_scope (mpim:read): refused, nothing is subscribed', async () => {
    t.slack.answerNext('conversations.info', { body: { ok: false, error: 'missing_scope', needed: 'mpim:read', provided: 'commands,chat:write' } });
    const reply = await paperCommand(t, { text: 'subscribe speculative decoding', channel: 'C0MPIM0001', channelName: 'mpdm-ada--bob--cy-1' });
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toMatch(/Digests go to channels/);
    expect(reply.text).not.toMatch(/Subscribed/);
    expect(await t.runtime.store.listSubscriptions('T1', 'C0MPIM0001')).toEqual([]);
  });

  it('in a channel, Slack answering missing_scope: still subscribed (the digest run reports a real problem)', async () => {
    t.slack.answerNext('conversations.info', { body: { ok: false, error: 'missing_scope', needed: 'groups:read', provided: 'commands,chat:write' } });
    const reply = await paperCommand(t, { text: 'subscribe speculative decoding', channel: 'C0CHAN0001', channelName: 'research' });
    expect(reply.text).toMatch(/Subscribed/);
    expect((await t.runtime.store.listSubscriptions('T1', 'C0CHAN0001')).map((s) => s.topic)).toEqual(['speculative decoding']);
  });

  it('searching from a direct message still works (the answer is the command\'s own reply)', async () => {
    const reply = await paperCommand(t, { text: 'speculative decoding', channel: 'D0442US94JD' });
    expect(reply.text).toMatch(/papers for "speculative decoding"/);
  });
});
