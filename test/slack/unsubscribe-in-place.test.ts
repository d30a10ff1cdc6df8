/**
 * Unsubscribe pressed under a digest posted in a channel, through the real HTTP receiver (the click as Slack sends it,
 * with the message it sits in): the clicker gets the private answer with the command that starts it again, and the
 * digest itself is updated in place for the whole channel: the button is gone and a line says who stopped it.
 */
import type { KnownBlock } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/views/action-ids.ts';
import { ClockedApp } from '../support/clocked-app.ts';
import { FakeSlack, openChannels, type RecordedCall } from '../support/fake-slack.ts';
import { blockActionBody, postSigned } from '../support/signed-request.ts';
import { BLOCK_ACTIONS_FIXTURE, type SlackReply } from '../support/slack-reply.ts';
import { blockKitMessageProblems } from '../support/slack-schemas.ts';
import { SIGNING_SECRET, tempSqliteUrl } from '../support/test-app.ts';

describe('Unsubscribe under a digest', () => {
  const t = new ClockedApp('2026-11-23T08:00:00Z');
  let slack: FakeSlack;
  let digest: RecordedCall;
  let clicks = 0;

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    openChannels(slack);
    await t.start({ databaseUrl: tempSqliteUrl(), slack });
    await t.command('subscribe sparse attention at 09:00 tz UTC');
    await t.tick('2026-11-23T09:00:00Z');
    const posted = slack.callsTo('chat.postMessage')[0];
    if (!posted) throw new Error('no digest was posted');
    digest = posted;
  });
  afterAll(async () => {
    await t.stop();
  });

  const buttonOf = (blocks: readonly KnownBlock[]): { block_id?: string; value?: string } | undefined => {
    for (const block of blocks) {
      if (block.type !== 'actions') continue;
      const button = block.elements.find((e) => 'action_id' in e && e.action_id === ActionId.unsubscribe);
      if (button && 'value' in button) return { ...(block.block_id ? { block_id: block.block_id } : {}), ...(button.value ? { value: button.value } : {}) };
    }
    return undefined;
  };

  /** The click as Slack sends it: the real block_actions fixture, on the digest message as it was posted. */
  async function pressUnsubscribe(user: string, message: { ts: string; text: string; blocks: KnownBlock[] }): Promise<SlackReply> {
    clicks += 1;
    const button = buttonOf(message.blocks);
    const before = slack.callsTo('response_url').length;
    const payload = {
      ...BLOCK_ACTIONS_FIXTURE,
      team: { id: 'T1' },
      user: { id: user },
      channel: { id: 'C_RESEARCH', name: 'research' },
      container: { type: 'message', message_ts: message.ts, channel_id: 'C_RESEARCH', is_ephemeral: false },
      message: { type: 'message', bot_id: 'BBOT', ts: message.ts, text: message.text, blocks: message.blocks },
      response_url: slack.responseUrl(`unsub-${clicks}`),
      actions: [{ type: 'button', action_id: ActionId.unsubscribe, block_id: button?.block_id ?? 'x', value: button?.value ?? '', text: { type: 'plain_text', text: 'Unsubscribe' }, action_ts: '1.1' }],
    };
    expect((await postSigned(t.app.eventsUrl, blockActionBody(payload), SIGNING_SECRET)).status).toBe(200);
    return (await slack.waitFor('response_url', before + 1)).at(-1)?.params as SlackReply;
  }

  it('stops the digest, answers the clicker privately, and rewrites the digest for the channel: no button, who stopped it', async () => {
    const posted = { ts: '1700000000.000001', text: String(digest.params.text), blocks: digest.params.blocks as KnownBlock[] };
    expect(buttonOf(posted.blocks)).toBeDefined();
    const reply = await pressUnsubscribe('U2', posted);
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(reply.text).toMatch(/Unsubscribed this channel from \*sparse attention\*/);

    const update = (await slack.waitFor('chat.update', 1))[0]?.params ?? {};
    expect(update).toMatchObject({ channel: 'C_RESEARCH', ts: posted.ts, text: posted.text });
    const blocks = update.blocks as KnownBlock[];
    expect(blockKitMessageProblems(blocks)).toEqual([]);
    expect(buttonOf(blocks)).toBeUndefined();
    const text = JSON.stringify(blocks);
    expect(text).toContain('<@U2> pressed Unsubscribe: this digest is stopped');
    // The papers stay as they were.
    expect(blocks.length).toBe(posted.blocks.length);
    expect(JSON.stringify(blocks.filter((b) => b.block_id !== 'digest_stopped'))).toBe(JSON.stringify(posted.blocks.filter((b) => b.type !== 'actions' || !buttonOf([b]))));

    const list = await t.command('list');
    expect(list.text).toMatch(/This channel has no paper digests/);
  });

  it('the same button on another copy of that digest (already stopped) says so and removes the stale button there too', async () => {
    const before = slack.callsTo('chat.update').length;
    const other = { ts: '1700000000.000099', text: String(digest.params.text), blocks: digest.params.blocks as KnownBlock[] };
    const reply = await pressUnsubscribe('U3', other);
    expect(reply.text).toMatch(/already stopped/);
    const update = (await slack.waitFor('chat.update', before + 1)).at(-1)?.params ?? {};
    expect(update.ts).toBe(other.ts);
    expect(buttonOf(update.blocks as KnownBlock[])).toBeUndefined();
    // U3 did not stop it (it was stopped before): the copy says the digest is no longer sent, naming no one.
    const said = JSON.stringify(update.blocks);
    expect(said).toMatch(/This digest is no longer sent/);
    expect(said).not.toMatch(/U3|pressed Unsubscribe/);
  });

  it('when Slack refuses the update (the message was deleted), the clicker still has their answer and one line is logged', async () => {
    await t.command('subscribe sparse attention at 09:00 tz UTC');
    await t.tick('2026-11-24T09:00:00Z');
    const second = slack.callsTo('chat.postMessage').at(-1);
    slack.answerNext('chat.update', { body: { ok: false, error: 'message_not_found' } });
    const before = slack.callsTo('chat.update').length;
    const reply = await pressUnsubscribe('U2', { ts: '1700000000.000200', text: String(second?.params.text), blocks: second?.params.blocks as KnownBlock[] });
    expect(reply.text).toMatch(/Unsubscribed this channel/);
    await slack.waitFor('chat.update', before + 1);
    await expect.poll(() => t.app.logs.some((l) => /chat\.update of the digest in C_RESEARCH failed: message_not_found/.test(l))).toBe(true);
  });
});
