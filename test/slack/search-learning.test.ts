/**
 * `/paper <query>` learns from the channel (issue 16, "per channel for search"), through Bolt's real HTTP receiver:
 * a 👍 clicked on a search result changes that channel's next `/paper` order (and says so), "Show more" continues
 * in that order, another channel's results stay as they were, a second vote changes the order at once (no stale
 * cached order), and ratings about another topic leave a search alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/views/action-ids.ts';
import { validateMessage } from '../../src/views/limits.ts';
import { ratingButtonValue } from '../../src/views/rating-buttons.ts';
import { buttonsIn } from '../support/blocks.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';
import { blockKitMessageProblems } from '../support/slack-schemas.ts';
import { buttonClickBody, postSigned, slashCommandBody } from '../support/signed-request.ts';
import { SIGNING_SECRET, startTestApp, type RunningTestApp } from '../support/test-app.ts';
import { type SlackReply } from '../support/slack-reply.ts';


const TEAM = 'T1';
const QUERY = 'sparse attention';

describe('/paper in a channel that rated papers, through the real HTTP receiver', () => {
  let t: RunningTestApp;
  let calls = 0;

  beforeAll(async () => {
    t = await startTestApp({});
  });
  afterAll(async () => {
    await t.stop();
  });

  function expectValid(reply: SlackReply): void {
    const blocks = reply.blocks ?? [];
    expect(validateMessage(blocks, { surface: 'message', ...(reply.text === undefined ? {} : { text: reply.text }) })).toEqual([]);
    expect(blockKitMessageProblems(blocks)).toEqual([]);
    expect(blockKitErrors({ text: reply.text ?? '', blocks })).toEqual([]);
  }

  async function paper(text: string, channel: string): Promise<SlackReply> {
    const body = slashCommandBody({ text, team_id: TEAM, channel_id: channel, user_id: 'U1', response_url: t.slack.responseUrl(`cmd-${++calls}`) });
    const res = await postSigned(t.eventsUrl, body, SIGNING_SECRET);
    expect(res.status).toBe(200);
    const reply = (await res.json()) as SlackReply;
    expectValid(reply);
    return reply;
  }

  async function click(actionId: string, value: string, channel: string, userId = 'U1'): Promise<SlackReply> {
    const before = t.slack.callsTo('response_url').length;
    const body = buttonClickBody({
      actionId,
      value,
      teamId: TEAM,
      userId,
      channelId: channel,
      responseUrl: t.slack.responseUrl(`click-${++calls}`),
      container: { type: 'message', is_ephemeral: true, channel_id: channel },
    });
    expect((await postSigned(t.eventsUrl, body, SIGNING_SECRET)).status).toBe(200);
    const reply = (await t.slack.waitFor('response_url', before + 1)).at(-1)?.params as SlackReply;
    expectValid(reply);
    return reply;
  }

  const shown = (reply: SlackReply): string[] => buttonsIn(reply.blocks ?? []).filter((b) => b.action_id === ActionId.share).map((b) => b.value ?? '');
  const learnedLine = (reply: SlackReply): string | undefined =>
    (reply.blocks ?? []).flatMap((b) => (b.type === 'context' && b.block_id?.startsWith('search_learned:') ? b.elements.map((e) => ('text' in e ? e.text : '')) : []))[0];

  it('a 👍 on a result changes this channel’s next order (and says so), not another channel’s; Show more keeps the order; a second vote counts at once', async () => {
    const before = await paper(QUERY, 'C_ONE');
    const other = await paper(QUERY, 'C_TWO');
    expect(shown(before)).toHaveLength(5);
    expect(shown(other)).toEqual(shown(before));
    expect(learnedLine(before)).toBeUndefined();

    // 👍 the fourth result, from the results message's own button.
    const liked = shown(before)[3] ?? '';
    const up = buttonsIn(before.blocks ?? []).filter((b) => b.action_id === ActionId.rateUp)[3]?.value ?? '';
    expect(up).toBe(ratingButtonValue(liked, null));
    expect((await click(ActionId.rateUp, up, 'C_ONE')).text).toMatch(/^👍 Noted for /);

    const after = await paper(QUERY, 'C_ONE');
    expect(shown(after)).not.toEqual(shown(before));
    expect(shown(after)[0]).toBe(shown(before)[0]);
    expect(shown(after).indexOf(liked)).toBe(1);
    expect(learnedLine(after)).toBe(`:thumbsup: Ranked with this channel's 1 rating: papers like the ones it liked rise, papers like the ones it marked "not for us" sink.`);
    expect(after.text).toContain("Ranked with this channel's 1 rating");

    // The other channel (asked after the vote: no order of C_ONE's leaks through the result cache).
    const untouched = await paper(QUERY, 'C_TWO');
    expect(shown(untouched)).toEqual(shown(other));
    expect(learnedLine(untouched)).toBeUndefined();

    // Show more in C_ONE: the next five in its own order, the line again, nothing repeated.
    const more = buttonsIn(after.blocks ?? []).find((b) => b.action_id === ActionId.showMore)?.value ?? '';
    const page2 = await click(ActionId.showMore, more, 'C_ONE');
    expect(page2.replace_original).toBe(true);
    expect(shown(page2)).toHaveLength(5);
    expect(shown(page2).some((id) => shown(after).includes(id))).toBe(false);
    expect(learnedLine(page2)).toMatch(/1 rating:/);
    const plainMore = buttonsIn(other.blocks ?? []).find((b) => b.action_id === ActionId.showMore)?.value ?? '';
    const plainPage2 = await click(ActionId.showMore, plainMore, 'C_TWO');
    expect(learnedLine(plainPage2)).toBeUndefined();

    // A second person's 👎 on the liked paper's closest neighbour in C_ONE: the next order changes at once.
    const neighbour = shown(after)[2] ?? '';
    expect((await click(ActionId.rateDown, ratingButtonValue(neighbour, null), 'C_ONE', 'U2')).text).toMatch(/^👎 Noted for /);
    const again = await paper(QUERY, 'C_ONE');
    expect(shown(again)).not.toEqual(shown(after));
    expect(shown(again).indexOf(neighbour)).toBe(-1);
    expect(learnedLine(again)).toMatch(/2 ratings:/);
    expect(t.slack.blockKitViolations).toEqual([]);
  });

  it('counts ratings as /paper list does: every 👍/👎 given, two people on one paper are 2 ratings', async () => {
    const results = await paper(QUERY, 'C_FOUR');
    const liked = shown(results)[3] ?? '';
    for (const user of ['U1', 'U2']) expect((await click(ActionId.rateUp, ratingButtonValue(liked, null), 'C_FOUR', user)).text).toMatch(/^👍 Noted/);
    const after = await paper(QUERY, 'C_FOUR');
    expect(learnedLine(after)).toMatch(/^:thumbsup: Ranked with this channel's 2 ratings:/);
    const list = await paper('list', 'C_FOUR');
    expect(JSON.stringify(list.blocks)).toContain('2 ratings given outside digests');
  });

  it('ratings about another topic leave a search as it is, with no line about them', async () => {
    const speech = await paper('speech recognition', 'C_THREE');
    const first = shown(speech)[1] ?? '';
    expect((await click(ActionId.rateUp, ratingButtonValue(first, null), 'C_THREE')).text).toMatch(/^👍 Noted/);
    const plain = await paper(QUERY, 'C_TWO');
    const here = await paper(QUERY, 'C_THREE');
    expect(shown(here)).toEqual(shown(plain));
    expect(learnedLine(here)).toBeUndefined();
    expect(learnedLine(await paper('speech recognition', 'C_THREE'))).toMatch(/1 rating:/);
  });

  it('when the ratings can’t be read (database down), /paper still answers with the plain order', async () => {
    const plain = await paper('speech recognition', 'C_TWO');
    const store = t.runtime.store;
    const read = store.channelRatings.bind(store);
    store.channelRatings = () => Promise.reject(new Error('connection terminated unexpectedly'));
    try {
      const reply = await paper('speech recognition', 'C_THREE');
      expect(shown(reply)).toEqual(shown(plain));
      expect(learnedLine(reply)).toBeUndefined();
      expect(t.logs.some((line) => line.includes('ratings of T1/C_THREE unreadable, searching without them: connection terminated'))).toBe(true);
    } finally {
      store.channelRatings = read;
    }
    expect(learnedLine(await paper('speech recognition', 'C_THREE'))).toMatch(/1 rating:/);
  });
});
