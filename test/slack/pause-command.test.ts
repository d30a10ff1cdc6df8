/**
 * `/paper pause` and `/paper resume` through Bolt's real HTTP receiver (signed slash commands), on a clock the test
 * moves: a paused digest is not posted at its time, a resumed one is, and words that name no digest change nothing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { validateMessage } from '../../src/views/limits.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';
import { ClockedApp } from '../support/clocked-app.ts';
import { FakeSlack, openChannels } from '../support/fake-slack.ts';
import type { SlackReply } from '../support/slack-reply.ts';
import { tempSqliteUrl } from '../support/test-app.ts';

function expectValid(reply: SlackReply): void {
  expect(reply.response_type).toBe('ephemeral');
  expect(validateMessage(reply.blocks ?? [], { surface: 'message' })).toEqual([]);
  expect(blockKitErrors(reply)).toEqual([]);
}

describe('/paper pause and /paper resume through the real HTTP receiver', () => {
  const t = new ClockedApp('2026-11-23T08:00:00Z');
  const { command, tick } = t;
  let slack: FakeSlack;
  let id = 0;

  afterAll(async () => {
    await t.stop();
  });

  const reasons = async (): Promise<Array<string | null>> => (await t.app.runtime.store.listTeamSubscriptions('T1')).map((s) => s.pausedReason);

  it('a paused digest is not posted at its time; resumed, the next one is', async () => {
    slack = await new FakeSlack().start();
    openChannels(slack);
    await t.start({ databaseUrl: tempSqliteUrl(), slack });
    await command('subscribe sparse attention at 09:00 tz UTC');
    id = (await t.app.runtime.store.listTeamSubscriptions('T1'))[0]?.id ?? 0;

    const paused = await command('pause sparse attention');
    expectValid(paused);
    expect(paused.text).toContain(`Paused sparse attention (#${id}) in this channel`);
    expect(await reasons()).toEqual(['paused_by_user']);
    await tick('2026-11-23T09:00:00Z');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
    expect(JSON.stringify(await command('list'))).toContain(`/paper resume #${id}`);
    // Past the 12-hour catch-up: today's digest is not sent late.
    await tick('2026-11-23T22:00:00Z');

    const resumed = await command(`resume #${id}`);
    expectValid(resumed);
    expect(resumed.text).toBe(`▶️ Resumed sparse attention (#${id}). Next digest: Tue Nov 24, 09:00 UTC.`);
    expect(await reasons()).toEqual([null]);
    await tick('2026-11-24T09:00:00Z');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('`/paper pause detection` pauses nothing and searches nothing: it lists the digests and how to search', async () => {
    const reply = await command('pause detection');
    expectValid(reply);
    expect(reply.text).toContain('This channel has no digest called detection, so nothing was paused.');
    expect(reply.text).toContain(`Its digests: #${id} sparse attention.`);
    expect(reply.text).toContain('`/paper detection pause`');
    expect(await reasons()).toEqual([null]);
  });

  it('user text is escaped in the answer', async () => {
    const reply = await command('pause <!channel> <@U999>');
    expectValid(reply);
    expect(JSON.stringify(reply)).not.toMatch(/<!channel>|<@U999>/);
  });

  it('resuming where the bot cannot post (private, not invited) changes nothing and says how to fix it', async () => {
    await command('pause sparse attention');
    slack.respondTo('conversations.info', () => ({ body: { ok: false, error: 'channel_not_found' } }));
    const reply = await command('resume sparse attention');
    expectValid(reply);
    expect(reply.text).toMatch(/\/invite @paper/);
    expect(await reasons()).toEqual(['paused_by_user']);
    openChannels(slack);
    expect((await command('resume sparse attention')).text).toMatch(/^▶️ Resumed/);
  });
});
