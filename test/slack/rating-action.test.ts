/**
 * 👍 More like this / 👎 Not for us (issue 16) through Bolt's real HTTP receiver: a digest posted at its time (fake
 * Slack Web API), block_actions clicks shaped like ../shared/fixtures/slack-payloads (signed), the ephemeral answer on
 * the response_url (or chat.postEphemeral without one), and what the store then holds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnownBlock } from '@slack/types';
import { runDueDigests } from '../../src/digests/runner.ts';
import { ActionId } from '../../src/views/action-ids.ts';
import { validateMessage } from '../../src/views/limits.ts';
import { parseRatingButtonValue, ratingButtonValue } from '../../src/views/rating-buttons.ts';
import { buttonsIn } from '../support/blocks.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';
import { blockKitMessageProblems } from '../support/slack-schemas.ts';
import { blockActionBody, postSigned } from '../support/signed-request.ts';
import { SIGNING_SECRET, startTestApp, type RunningTestApp } from '../support/test-app.ts';
import { BLOCK_ACTIONS_FIXTURE as FIXTURE, paperCommand, type SlackReply } from '../support/slack-reply.ts';



const TEAM = 'T1';
const CHANNEL = 'C0RESEARCH';

function expectValid(reply: { text?: string; blocks?: KnownBlock[] }): void {
  const blocks = reply.blocks ?? [];
  expect(validateMessage(blocks, { surface: 'message', ...(reply.text === undefined ? {} : { text: reply.text }) })).toEqual([]);
  expect(blockKitMessageProblems(blocks)).toEqual([]);
  expect(blockKitErrors({ text: reply.text ?? '', blocks })).toEqual([]);
}

describe('👍 / 👎 through the real HTTP receiver', () => {
  let clock = new Date('2026-11-23T08:00:00Z');
  let t: RunningTestApp;
  let digestBlocks: KnownBlock[] = [];
  let subscriptionId = 0;
  let clicks = 0;

  beforeAll(async () => {
    t = await startTestApp({ clock: () => clock });
  });
  afterAll(async () => {
    await t.stop();
  });

  const command = (text: string, user = 'U111'): Promise<SlackReply> => paperCommand(t, { text, team: TEAM, channel: CHANNEL, user });

  interface ClickOptions {
    user?: string;
    channel?: string | null;
    /** false: the click carries no response_url (answered with chat.postEphemeral). */
    responseUrl?: boolean;
    ephemeral?: boolean;
  }

  /** The fixture click, as Slack sends it for a button in a message of `channel`, its action swapped for ours. */
  async function click(actionId: string, value: string, options: ClickOptions = {}): Promise<SlackReply> {
    const channel = options.channel === undefined ? CHANNEL : options.channel;
    const viaUrl = options.responseUrl !== false;
    const method = viaUrl ? 'response_url' : 'chat.postEphemeral';
    const before = t.slack.callsTo(method).length;
    const { response_url: _unused, channel: _channel, container: _container, ...rest } = FIXTURE;
    const payload = {
      ...rest,
      team: { id: TEAM },
      user: { id: options.user ?? 'U111' },
      ...(channel === null
        ? { container: { type: 'view', view_id: 'V1' }, view: { id: 'V1', type: 'home', hash: 'h' } }
        : { channel: { id: channel }, container: { type: 'message', message_ts: '1700000000.000001', channel_id: channel, is_ephemeral: options.ephemeral ?? false } }),
      ...(viaUrl ? { response_url: t.slack.responseUrl(`click-${++clicks}`) } : {}),
      actions: [{ action_id: actionId, block_id: 'digest_paper_actions:0', text: { type: 'plain_text', text: 'x' }, value, type: 'button', action_ts: '1678252216.469172' }],
    };
    const res = await postSigned(t.eventsUrl, blockActionBody(payload), SIGNING_SECRET);
    expect(res.status).toBe(200);
    const call = (await t.slack.waitFor(method, before + 1)).at(-1);
    const reply = call?.params as SlackReply & { channel?: string; user?: string };
    if (viaUrl) expect(reply.response_type).toBe('ephemeral');
    else expect([reply.channel, reply.user]).toEqual([channel, options.user ?? 'U111']);
    expectValid(reply);
    return reply;
  }

  const ratingsOf = async () =>
    (await t.runtime.store.channelRatings(TEAM, CHANNEL)).map((r) => ({ userId: r.userId, paperId: r.paperId, value: r.value, subscriptionId: r.subscriptionId }));
  const valuesOf = (blocks: KnownBlock[], actionId: string): string[] => buttonsIn(blocks).filter((b) => b.action_id === actionId).map((b) => b.value ?? '');

  it('a digest posted at its time carries 👍 👎 Save Similar under every paper, the votes naming the subscription', async () => {
    const subscribed = await command('subscribe sparse attention at 09:00 tz UTC');
    expect(subscribed.text).toMatch(/Subscribed this channel/);
    subscriptionId = (await t.runtime.store.listSubscriptions(TEAM, CHANNEL))[0]?.id ?? 0;
    expect(subscriptionId).toBeGreaterThan(0);
    clock = new Date('2026-11-23T09:00:00Z');
    await runDueDigests(t.runtime.runnerDeps(t.poster), clock);
    const post = (await t.slack.waitFor('chat.postMessage', 1))[0];
    digestBlocks = post?.params.blocks as KnownBlock[];
    expectValid({ text: String(post?.params.text), blocks: digestBlocks });
    expect(t.slack.blockKitViolations).toEqual([]);
    const rows = digestBlocks.filter((b) => b.type === 'actions' && b.block_id?.startsWith('digest_paper_actions:'));
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(buttonsIn([row]).map((b) => b.action_id)).toEqual([ActionId.rateUp, ActionId.rateDown, ActionId.save, ActionId.similar]);
    const ups = valuesOf(digestBlocks, ActionId.rateUp).map(parseRatingButtonValue);
    expect(ups.map((v) => v?.subscriptionId)).toEqual([subscriptionId, subscriptionId, subscriptionId, subscriptionId, subscriptionId]);
    expect(ups.map((v) => v?.paperId)).toEqual(valuesOf(digestBlocks, ActionId.similar));
  });

  it('👍 is noted for the channel with an Undo; 👎 afterwards replaces the vote; a second person has their own', async () => {
    const [first] = valuesOf(digestBlocks, ActionId.rateUp);
    const paperId = parseRatingButtonValue(first)?.paperId ?? '';
    const title = t.runtime.searchState.current?.get(paperId)?.title ?? '';
    expect(title).not.toBe('');

    const up = await click(ActionId.rateUp, first ?? '');
    expect(up.replace_original).toBe(false);
    expect(up.text).toBe(`👍 Noted for <#${CHANNEL}>: the next digests and searches favour papers like ${title}.`);
    expect(valuesOf(up.blocks ?? [], ActionId.rateUndo)).toEqual([first]);
    expect(await ratingsOf()).toEqual([{ userId: 'U111', paperId, value: 1, subscriptionId }]);

    const [down] = valuesOf(digestBlocks, ActionId.rateDown);
    const changed = await click(ActionId.rateDown, down ?? '');
    expect(changed.text).toMatch(/^👎 Changed your vote to 👎 for <#C0RESEARCH>: the next digests and searches play down papers like /);
    expect(await ratingsOf()).toEqual([{ userId: 'U111', paperId, value: -1, subscriptionId }]);
    const again = await click(ActionId.rateDown, down ?? '');
    expect(again.text).toMatch(/^👎 Already noted/);

    const other = await click(ActionId.rateUp, first ?? '', { user: 'U222' });
    expect(other.text).toMatch(/^👍 Noted for/);
    expect(await t.runtime.store.ratingCounts(TEAM, CHANNEL, [paperId])).toEqual(new Map([[paperId, { up: 1, down: 1 }]]));
    expect(await t.runtime.store.ratingCountsBySubscription(TEAM, CHANNEL)).toEqual(new Map([[subscriptionId, 2]]));
  });

  it('Undo (in the ephemeral confirmation) removes only the clicker’s vote and replaces the confirmation', async () => {
    const [first] = valuesOf(digestBlocks, ActionId.rateUp);
    const paperId = parseRatingButtonValue(first)?.paperId ?? '';
    const confirmation = await click(ActionId.rateDown, first ?? '');
    const [undo] = valuesOf(confirmation.blocks ?? [], ActionId.rateUndo);
    const undone = await click(ActionId.rateUndo, undo ?? '', { ephemeral: true });
    expect(undone.replace_original).toBe(true);
    expect(undone.text).toMatch(/^↩️ Undone: your vote on .+ no longer counts for <#C0RESEARCH>\.$/);
    expect(valuesOf(undone.blocks ?? [], ActionId.rateUndo)).toEqual([]);
    expect(await ratingsOf()).toEqual([{ userId: 'U222', paperId, value: 1, subscriptionId }]);
    // A double click: the second Undo finds the vote already taken back, and says it is undone (not "no vote").
    const twice = await click(ActionId.rateUndo, undo ?? '', { ephemeral: true });
    expect(twice.replace_original).toBe(true);
    expect(twice.text).toBe(undone.text);
    expect(twice.text).not.toMatch(/no vote/);
    expect(await ratingsOf()).toHaveLength(1);
    expect(t.logs.filter((line) => line.includes(`took back their vote on ${paperId}`))).toHaveLength(1);
  });

  it('a digest’s button clicked in another channel (its message shared there) counts there, and does not claim the digest was stopped', async () => {
    const value = valuesOf(digestBlocks, ActionId.rateUp)[3] ?? '';
    const paperId = parseRatingButtonValue(value)?.paperId;
    const elsewhere = await click(ActionId.rateUp, value, { user: 'U888', channel: 'C0ELSEWHERE' });
    expect(elsewhere.text).toMatch(/^👍 Noted for <#C0ELSEWHERE>/);
    const note = JSON.stringify(elsewhere.blocks);
    expect(note).not.toContain('has since been stopped');
    expect(note).toContain('comes from a digest of another channel');
    expect((await t.runtime.store.channelRatings(TEAM, 'C0ELSEWHERE')).map((r) => [r.userId, r.paperId, r.subscriptionId])).toEqual([['U888', paperId, null]]);
    // The digest still runs where it was posted.
    expect(await t.runtime.store.getSubscription(TEAM, subscriptionId)).not.toBeNull();
  });

  it('a stale message: a paper gone gets a clear answer and records nothing; a stopped digest’s vote counts for the channel', async () => {
    const gone = await click(ActionId.rateUp, ratingButtonValue('no-such-paper-0123', subscriptionId), { user: 'U333' });
    expect(gone.text).toMatch(/couldn.t find that paper any more, so nothing was recorded/);

    expect((await command('unsubscribe sparse attention')).text).toMatch(/sparse attention/);
    const [, second] = valuesOf(digestBlocks, ActionId.rateUp);
    const paperId = parseRatingButtonValue(second)?.paperId ?? '';
    const late = await click(ActionId.rateUp, second ?? '', { user: 'U333' });
    expect(late.text).toMatch(/^👍 Noted for <#C0RESEARCH>/);
    expect(JSON.stringify(late.blocks)).toContain('The digest this came from has since been stopped');
    expect((await ratingsOf()).filter((r) => r.userId === 'U333')).toEqual([{ userId: 'U333', paperId, value: 1, subscriptionId: null }]);
    // The stopped subscription's earlier votes stay: they still describe the channel, which they now count for as a whole.
    expect(await t.runtime.store.ratingCountsBySubscription(TEAM, CHANNEL)).toEqual(new Map());
    expect((await ratingsOf()).filter((r) => r.userId === 'U222')).toEqual([expect.objectContaining({ value: 1, subscriptionId: null })]);
  });

  it('malformed values get a clear answer and change nothing', async () => {
    const before = await ratingsOf();
    const bad = ['', 'not json', '[1]', '{"p":""}', '{"p":"x","s":-1}', '{"p":"x","s":1.5}', '{"s":3}', JSON.stringify({ p: 'x'.repeat(2500) })];
    for (const value of bad) {
      const reply = await click(ActionId.rateUp, value, { user: 'U444' });
      expect(reply.text).toMatch(/couldn.t read that button .* nothing was recorded/);
    }
    const undo = await click(ActionId.rateUndo, '{"p":', { user: 'U222' });
    expect(undo.text).toMatch(/couldn.t read that button/);
    expect(await ratingsOf()).toEqual(before);
  });

  it('a channel the bot cannot see, or a click from outside any channel, records nothing and says why', async () => {
    const value = valuesOf(digestBlocks, ActionId.rateUp)[2] ?? '';
    t.slack.answerNext('conversations.info', { body: { ok: false, error: 'channel_not_found' } });
    const hidden = await click(ActionId.rateUp, value, { user: 'U555', channel: 'G0PRIVATE' });
    expect(hidden.text).toMatch(/can.t see this channel .* nothing was recorded/);
    expect(await t.runtime.store.channelRatings(TEAM, 'G0PRIVATE')).toEqual([]);

    const outside = await click(ActionId.rateDown, value, { user: 'U555', channel: null });
    expect(outside.text).toMatch(/couldn.t tell which channel/);
    expect((await ratingsOf()).filter((r) => r.userId === 'U555')).toEqual([]);
  });

  it('a direct message between two people (a search or a pasted link there) says ratings belong to channels, not to invite the bot', async () => {
    const value = valuesOf(digestBlocks, ActionId.rateUp)[2] ?? '';
    // What conversations.info answers for a DM the bot is not part of.
    t.slack.answerNext('conversations.info', { body: { ok: false, error: 'channel_not_found' } });
    const dm = await click(ActionId.rateUp, value, { user: 'U556', channel: 'D0TWOPEOPLE' });
    expect(dm.text).toMatch(/this conversation gets none, so nothing was recorded/);
    expect(dm.text).not.toContain('/invite');
    expect(await t.runtime.store.channelRatings(TEAM, 'D0TWOPEOPLE')).toEqual([]);
  });

  it('search results carry 👍 👎 beside Share / Similar / Save (a click without a response_url is answered with chat.postEphemeral); a shared paper carries them too', async () => {
    const results = await command('speculative decoding', 'U666');
    expectValid(results);
    const ups = valuesOf(results.blocks ?? [], ActionId.rateUp);
    expect(ups).toHaveLength(5);
    expect(ups.map((v) => parseRatingButtonValue(v)?.paperId)).toEqual(valuesOf(results.blocks ?? [], ActionId.share));
    const reply = await click(ActionId.rateUp, ups[0] ?? '', { user: 'U666', responseUrl: false });
    expect(reply.text).toMatch(/^👍 Noted for <#C0RESEARCH>/);
    const paperId = parseRatingButtonValue(ups[0])?.paperId;
    expect((await ratingsOf()).filter((r) => r.userId === 'U666')).toEqual([{ userId: 'U666', paperId, value: 1, subscriptionId: null }]);

    // Share posts the paper in the channel with its own 👍 👎 Save Similar, so everyone there can vote on it.
    const posts = t.slack.callsTo('chat.postMessage').length;
    const shareValue = valuesOf(results.blocks ?? [], ActionId.share)[1] ?? '';
    const body = { ...FIXTURE, team: { id: TEAM }, user: { id: 'U666' }, channel: { id: CHANNEL }, response_url: t.slack.responseUrl('share'), actions: [{ action_id: ActionId.share, block_id: 'result_actions:1', text: { type: 'plain_text', text: 'Share' }, value: shareValue, type: 'button', action_ts: '1.2' }] };
    expect((await postSigned(t.eventsUrl, blockActionBody(body), SIGNING_SECRET)).status).toBe(200);
    const shared = (await t.slack.waitFor('chat.postMessage', posts + 1)).at(-1)?.params as SlackReply;
    expectValid(shared);
    expect(t.slack.blockKitViolations).toEqual([]);
    expect(buttonsIn(shared.blocks ?? []).map((b) => b.action_id)).toEqual([ActionId.rateUp, ActionId.rateDown, ActionId.save, ActionId.similar]);
    const sharedVote = valuesOf(shared.blocks ?? [], ActionId.rateDown)[0] ?? '';
    expect(parseRatingButtonValue(sharedVote)).toEqual({ paperId: shareValue, subscriptionId: null });
    expect((await click(ActionId.rateDown, sharedVote, { user: 'U777' })).text).toMatch(/^👎 Noted for <#C0RESEARCH>/);
  });
});
