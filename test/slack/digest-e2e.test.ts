import { afterAll, describe, expect, it } from 'vitest';
import type { KnownBlock } from '@slack/types';
import { validateMessage } from '../../src/views/limits.ts';
import { ClockedApp } from '../support/clocked-app.ts';
import { FakeSlack, openChannels } from '../support/fake-slack.ts';
import { tempSqliteUrl } from '../support/test-app.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';

function paperIdsOf(call: { params: Record<string, unknown> }): string[] {
  const metadata = call.params.metadata as { event_payload?: { paper_ids?: string } } | undefined;
  return (metadata?.event_payload?.paper_ids ?? '').split(' ').filter(Boolean);
}

describe('end to end through the real HTTP receiver: subscribe → digest at its time → restart → no repeat', () => {
  const t = new ClockedApp('2026-11-23T08:00:00Z');
  const { command, tick } = t;
  const databaseUrl = tempSqliteUrl();
  let slack: FakeSlack;

  afterAll(async () => {
    await t.stop();
  });

  it('subscribes the channel and says when the first digest comes', async () => {
    slack = await new FakeSlack().start();
    openChannels(slack, false);
    await t.start({ databaseUrl, slack });
    const reply = await command('subscribe sparse attention at 09:00 tz UTC');
    expect(reply.text).toMatch(/Subscribed this channel to \*sparse attention\*: every day at 09:00 UTC\. Next digest: Mon Nov 23, 09:00 UTC/);
    expect(validateMessage(reply.blocks ?? [], { surface: 'message' })).toEqual([]);
    expect(blockKitErrors(reply)).toEqual([]);

    const again = await command('subscribe Sparse  Attention');
    expect(again.text).toMatch(/is already subscribed to/);
    const list = await command('list');
    expect(JSON.stringify(list)).toMatch(/sparse attention/);
    expect(JSON.stringify(list)).toMatch(/Mon Nov 23, 09:00 UTC/);
  });

  it('posts nothing before its time and the digest exactly at 09:00', async () => {
    await tick('2026-11-23T08:59:00Z');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
    await tick('2026-11-23T09:00:00Z');
    const posts = slack.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    const post = posts[0];
    expect(post?.params.channel).toBe('C_RESEARCH');
    expect(String(post?.params.text)).toMatch(/sparse attention/i);
    expect(validateMessage(post?.params.blocks as KnownBlock[], { surface: 'message' })).toEqual([]);
    expect(blockKitErrors(post?.params ?? {})).toEqual([]);
    expect(paperIdsOf(post ?? { params: {} })).toHaveLength(5);
    await tick('2026-11-23T09:01:00Z');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('after a restart on the same database it does not post the same digest again', async () => {
    await t.stop({ keepSlack: true });
    await t.start({ databaseUrl, slack });
    await tick('2026-11-23T09:02:00Z');
    await tick('2026-11-23T12:00:00Z');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    const list = await command('list');
    expect(JSON.stringify(list)).toMatch(/posted/);
  });

  it('the next day brings five new papers, none repeated', async () => {
    await tick('2026-11-24T09:00:00Z');
    const posts = slack.callsTo('chat.postMessage');
    expect(posts).toHaveLength(2);
    const [first, second] = posts.map(paperIdsOf);
    expect(second).toHaveLength(5);
    expect(second?.some((id) => first?.includes(id))).toBe(false);
  });

  it('previews the next digest without recording anything', async () => {
    const preview = await command('digest sparse attention');
    expect(JSON.stringify(preview)).toMatch(/Preview/);
    await tick('2026-11-25T09:00:00Z');
    const posts = slack.callsTo('chat.postMessage');
    expect(posts).toHaveLength(3);
    const previewedTitles = JSON.stringify(preview.blocks);
    const third = JSON.stringify(posts[2]?.params.blocks);
    // The preview showed what the digest then delivered.
    const firstTitle = /\|([^>]+)>\*/.exec(previewedTitles)?.[1];
    expect(firstTitle).toBeTruthy();
    expect(third).toContain(firstTitle ?? '∅');
  });

  it('unsubscribing stops the digest', async () => {
    const reply = await command('unsubscribe sparse attention');
    expect(reply.text).toMatch(/Unsubscribed/);
    await tick('2026-11-26T09:00:00Z');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(3);
    const list = await command('list');
    expect(list.text).toMatch(/no paper digests/i);
  });

  it('refuses, with the fix, to subscribe a private channel the bot is not in', async () => {
    slack.respondTo('conversations.info', () => ({ body: { ok: false, error: 'channel_not_found' } }));
    const reply = await command('subscribe diffusion', 'G_SECRET');
    expect(reply.text).toMatch(/\/invite @paper/);
    const list = await command('list', 'G_SECRET');
    expect(list.text).toMatch(/no paper digests/i);
  });

  it('answers bad subscribe input with a clear message', async () => {
    expect((await command('subscribe sparse attention tz Mars/Olympus')).text).toMatch(/Mars\/Olympus/);
    expect((await command('subscribe sparse attention at 25:99')).text).toMatch(/25:99 isn't a time/);
    expect((await command('subscribe')).text).toMatch(/topic/i);
    expect((await command(`subscribe ${'x'.repeat(201)}`)).text).toMatch(/200/);
  });
});
