/**
 * 👍 / 👎 on top lists (issue 16 on issue 18's lists) through Bolt's real HTTP receiver: `/paper top` answers and a
 * top-list subscription's weekly post carry the same per-paper row as digests (👍 👎 Save Similar), within Slack's
 * limits and the Block Kit schema; a vote from either is stored as the channel's untagged rating (a top list learns
 * nothing itself; the channel's digests learn from it), and the existing rating action answers it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnownBlock } from '@slack/types';
import { runDueDigests } from '../../src/digests/runner.ts';
import { createPaperSearch } from '../../src/search/paper-index.ts';
import type { PaperInput } from '../../src/store/index.ts';
import { ActionId } from '../../src/views/action-ids.ts';
import { validateMessage } from '../../src/views/limits.ts';
import { parseRatingButtonValue } from '../../src/views/rating-buttons.ts';
import { buttonsIn } from '../support/blocks.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';
import { blockKitMessageProblems } from '../support/slack-schemas.ts';
import { blockActionBody, postSigned } from '../support/signed-request.ts';
import { SIGNING_SECRET, startTestApp, type RunningTestApp } from '../support/test-app.ts';
import { BLOCK_ACTIONS_FIXTURE as FIXTURE, paperCommand, type SlackReply } from '../support/slack-reply.ts';



const TEAM = 'T1';
const CHANNEL = 'C0TOPLIST';

/** Twelve papers listed in the week up to Monday 2026-11-23 (UTC), with long titles and summaries: a full list. */
const PAPERS: PaperInput[] = Array.from({ length: 12 }, (_, i) => ({
  title: `Sparse Attention Routing for Long Context Language Models, Part ${i + 1}: Kernels, Caches and Benchmarks`,
  abstract: `We study sparse attention routing part ${i + 1}. ${'We report results on standard long-context benchmarks. '.repeat(4)}`,
  aiSummary: `Part ${i + 1} shows that routing sparse attention by learned block scores keeps long-context quality while cutting attention cost by a large factor on long inputs.`,
  authors: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra', 'Barbara Liskov'],
  authorCount: 5,
  date: '2026-11-01',
  upvotes: 300 - i * 10,
  arxivId: `2611.${String(40001 + i)}`,
  listedOn: `2026-11-${String(17 + (i % 7)).padStart(2, '0')}`,
}));

function expectValid(reply: { text?: string; blocks?: KnownBlock[] }): void {
  const blocks = reply.blocks ?? [];
  expect(validateMessage(blocks, { surface: 'message', ...(reply.text === undefined ? {} : { text: reply.text }) })).toEqual([]);
  expect(blockKitMessageProblems(blocks)).toEqual([]);
  expect(blockKitErrors({ text: reply.text ?? '', blocks })).toEqual([]);
}

const valuesOf = (blocks: readonly KnownBlock[], actionId: string): string[] =>
  buttonsIn(blocks)
    .filter((b) => b.action_id === actionId)
    .map((b) => b.value ?? '');

/** Every ranked paper's row, in order: 👍 👎 Save Similar, the votes naming the paper and no subscription. */
function expectRows(blocks: readonly KnownBlock[], count: number): string[] {
  const rows = blocks.filter((b) => b.type === 'actions' && b.block_id?.startsWith('top_paper_actions:'));
  expect(rows).toHaveLength(count);
  for (const row of rows) expect(buttonsIn([row]).map((b) => b.action_id)).toEqual([ActionId.rateUp, ActionId.rateDown, ActionId.save, ActionId.similar]);
  const ups = valuesOf(blocks, ActionId.rateUp).map(parseRatingButtonValue);
  expect(ups.map((v) => v?.subscriptionId)).toEqual(Array.from({ length: count }, () => null));
  const ids = ups.map((v) => v?.paperId ?? '');
  expect(ids).toEqual(valuesOf(blocks, ActionId.similar));
  return ids;
}

describe('👍 / 👎 on top lists through the real HTTP receiver', () => {
  let clock = new Date('2026-11-23T08:00:00Z');
  let t: RunningTestApp;
  let clicks = 0;
  let ranked: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ clock: () => clock });
    await t.runtime.store.upsertPapers(PAPERS);
    t.runtime.searchState.swap(createPaperSearch(await t.runtime.store.listPapers()));
    const byVotes = [...(await t.runtime.store.listPapers())].sort((a, b) => (b.upvotes ?? 0) - (a.upvotes ?? 0));
    ranked = byVotes.map((p) => p.id);
  });
  afterAll(async () => {
    await t.stop();
  });

  const command = (text: string, user = 'U111'): Promise<SlackReply> => paperCommand(t, { text, team: TEAM, channel: CHANNEL, user });

  async function click(actionId: string, value: string, user: string): Promise<SlackReply> {
    const before = t.slack.callsTo('response_url').length;
    const { response_url: _unused, channel: _channel, container: _container, ...rest } = FIXTURE;
    const payload = {
      ...rest,
      team: { id: TEAM },
      user: { id: user },
      channel: { id: CHANNEL },
      container: { type: 'message', message_ts: '1700000000.000001', channel_id: CHANNEL, is_ephemeral: false },
      response_url: t.slack.responseUrl(`click-${++clicks}`),
      actions: [{ action_id: actionId, block_id: 'top_paper_actions:0', text: { type: 'plain_text', text: 'x' }, value, type: 'button', action_ts: '1678252216.469172' }],
    };
    const res = await postSigned(t.eventsUrl, blockActionBody(payload), SIGNING_SECRET);
    expect(res.status).toBe(200);
    const reply = (await t.slack.waitFor('response_url', before + 1)).at(-1)?.params as SlackReply;
    expect(reply.response_type).toBe('ephemeral');
    expectValid(reply);
    return reply;
  }

  const ratingsOf = async () =>
    (await t.runtime.store.channelRatings(TEAM, CHANNEL)).map((r) => ({ userId: r.userId, paperId: r.paperId, value: r.value, subscriptionId: r.subscriptionId }));

  it('`/paper top` lists all 10 papers, each with 👍 👎 Save Similar; a vote is the channel’s untagged rating, Undo takes it back', async () => {
    const top = await command('top');
    expectValid(top);
    expect(top.text).toMatch(/^Top papers this week: 1\. Sparse Attention Routing/);
    const ids = expectRows(top.blocks ?? [], 10);
    expect(ids).toEqual(ranked.slice(0, 10));

    const up = await click(ActionId.rateUp, valuesOf(top.blocks ?? [], ActionId.rateUp)[0] ?? '', 'U111');
    expect(up.text).toMatch(new RegExp(`^👍 Noted for <#${CHANNEL}>: the next digests and searches favour papers like Sparse Attention Routing .*Part 1:`));
    const down = await click(ActionId.rateDown, valuesOf(top.blocks ?? [], ActionId.rateDown)[3] ?? '', 'U222');
    expect(down.text).toMatch(/^👎 Noted for/);
    expect(await ratingsOf()).toEqual([
      { userId: 'U111', paperId: ranked[0], value: 1, subscriptionId: null },
      { userId: 'U222', paperId: ranked[3], value: -1, subscriptionId: null },
    ]);
    const [undo] = valuesOf(down.blocks ?? [], ActionId.rateUndo);
    expect((await click(ActionId.rateUndo, undo ?? '', 'U222')).text).toMatch(/^↩️ Undone/);
    expect(await ratingsOf()).toEqual([{ userId: 'U111', paperId: ranked[0], value: 1, subscriptionId: null }]);
  });

  it('the weekly top-list post carries the rows too; its votes are untagged though the post belongs to a subscription', async () => {
    expect((await command('subscribe top at 09:00 tz UTC')).text).toMatch(/Subscribed this channel to the top list/);
    const subscription = (await t.runtime.store.listSubscriptions(TEAM, CHANNEL))[0];
    expect(subscription?.kind).toBe('top');
    clock = new Date('2026-11-23T09:00:00Z');
    await runDueDigests(t.runtime.runnerDeps(t.poster), clock);
    const post = (await t.slack.waitFor('chat.postMessage', 1))[0];
    const blocks = post?.params.blocks as KnownBlock[];
    expectValid({ text: String(post?.params.text), blocks });
    expect(t.slack.blockKitViolations).toEqual([]);
    const ids = expectRows(blocks, 10);
    // The paper the channel liked from `/paper top` is not offered again (as for digests); the undone vote left no trace.
    expect(ids).toEqual(ranked.slice(1, 11));
    // Exactly the shown papers count as sent.
    expect([...(await t.runtime.store.deliveredPaperIds(TEAM, CHANNEL))].sort()).toEqual([...ids].sort());

    const vote = await click(ActionId.rateDown, valuesOf(blocks, ActionId.rateDown)[1] ?? '', 'U333');
    expect(vote.text).toMatch(/^👎 Noted for/);
    expect((await ratingsOf()).filter((r) => r.userId === 'U333')).toEqual([{ userId: 'U333', paperId: ranked[2], value: -1, subscriptionId: null }]);
    expect(await t.runtime.store.ratingCountsBySubscription(TEAM, CHANNEL)).toEqual(new Map());
  });
});
