/**
 * 👍/👎 clicked on a digest that was then stopped (issue 16: "stopping that subscription keeps its votes, they still
 * say what the channel likes"), through Bolt's real HTTP receiver: a 👍 clicked under a paper of the digest's preview
 * (signed block_actions; the same buttons as the digest's), `/paper unsubscribe`, the same topic subscribed again. The vote still shapes the channel's
 * digests, `/paper list` counts it, and `/paper reset ratings` can forget it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/views/action-ids.ts';
import { parseRatingButtonValue } from '../../src/views/rating-buttons.ts';
import { buttonsIn } from '../support/blocks.ts';
import { clickInChannel, paperCommand, type SlackReply } from '../support/slack-reply.ts';
import { startTestApp, type RunningTestApp } from '../support/test-app.ts';

const TEAM = 'T1';
const CHANNEL = 'C0STOPPED';

describe('votes from a digest that was stopped', () => {
  let t: RunningTestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.stop();
  });

  const command = (text: string): Promise<SlackReply> => paperCommand(t, { text, team: TEAM, channel: CHANNEL, user: 'U1' });

  const click = (actionId: string, value: string): Promise<SlackReply> =>
    clickInChannel(t, { team: TEAM, channel: CHANNEL, user: 'U1', actionId, value, blockId: 'preview_paper_actions:0' });

  it('still shape the channel’s digests after the topic is subscribed again, are counted, and can be forgotten', async () => {
    expect((await command('subscribe speculative decoding at 09:00 tz UTC')).text).toMatch(/Subscribed this channel/);
    // The preview of the next digest carries the digest's own buttons (votes tagged with the subscription).
    const preview = (await command('digest speculative decoding')).blocks ?? [];
    const up = buttonsIn(preview).find((b) => b.action_id === ActionId.rateUp)?.value ?? '';
    expect(parseRatingButtonValue(up)?.subscriptionId).toBe((await t.runtime.store.listSubscriptions(TEAM, CHANNEL))[0]?.id);
    expect((await click(ActionId.rateUp, up)).text).toMatch(/^👍 Noted for <#C0STOPPED>/);
    // While the digest runs, the vote shapes it: its papers close to the liked one say so.
    expect(JSON.stringify((await command('digest speculative decoding')).blocks)).toContain('which you liked');

    expect((await command('unsubscribe speculative decoding')).text).toMatch(/speculative decoding/);
    expect((await command('subscribe speculative decoding at 09:00 tz UTC')).text).toMatch(/Subscribed this channel/);

    // The channel still likes the paper: the new digest learns from the vote, as from one clicked anywhere else.
    expect(JSON.stringify((await command('digest speculative decoding')).blocks)).toContain('which you liked');
    // …and the channel sees it counted, and can forget it.
    expect(JSON.stringify((await command('list')).blocks)).toContain('1 rating given outside digests');
    expect((await command('reset ratings')).text).toMatch(/^Forgot 1 rating given in this channel/);
    expect(await t.runtime.store.channelRatings(TEAM, CHANNEL)).toEqual([]);
  });
});
