/**
 * Clicks on papers while the index is still loading (the minutes after a restart or deploy, when the messages people
 * click are all from before it): Save and Share through the real HTTP receiver say so and ask to try again, instead
 * of telling the user the paper is gone; Show more says so beside the results instead of replacing them; once the
 * index is ready the same buttons work.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/views/action-ids.ts';
import { showMoreValue } from '../../src/views/search-results.ts';
import { buttonClickBody, postSigned } from '../support/signed-request.ts';
import type { SlackReply } from '../support/slack-reply.ts';
import { blockKitMessageProblems } from '../support/slack-schemas.ts';
import { SIGNING_SECRET, hydraPaperId, seedPaperSearch, startTestApp, type RunningTestApp } from '../support/test-app.ts';

describe('Save and Share while the paper index is loading', () => {
  let t: RunningTestApp;
  let paperId = '';
  let clicks = 0;

  beforeAll(async () => {
    t = await startTestApp({ ready: false });
    paperId = await hydraPaperId();
  });
  afterAll(async () => {
    await t.stop();
  });

  async function click(actionId: string, value = paperId, replaceOriginal = false): Promise<SlackReply> {
    clicks += 1;
    const before = t.slack.callsTo('response_url').length;
    const body = buttonClickBody({
      actionId,
      value,
      blockId: 'result_actions:0',
      teamId: 'T1',
      userId: 'U1',
      channelId: 'C1',
      responseUrl: t.slack.responseUrl(`warm-${clicks}`),
      container: { type: 'message', message_ts: '1700000000.000001', channel_id: 'C1', is_ephemeral: true },
    });
    expect((await postSigned(t.eventsUrl, body, SIGNING_SECRET)).status).toBe(200);
    const reply = (await t.slack.waitFor('response_url', before + 1)).at(-1)?.params as SlackReply;
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: replaceOriginal });
    expect(blockKitMessageProblems(reply.blocks ?? [])).toEqual([]);
    return reply;
  }

  it('Save says the index is loading, saves nothing, and does not call the paper gone', async () => {
    const reply = await click(ActionId.save);
    expect(reply.text).toMatch(/still loading/i);
    expect(reply.text).not.toMatch(/couldn.t find/i);
    expect((await t.runtime.store.listSavedPapers('T1', 'U1', { offset: 0, limit: 10 })).total).toBe(0);
  });

  it('Share says the index is loading and posts nothing', async () => {
    const reply = await click(ActionId.share);
    expect(reply.text).toMatch(/still loading/i);
    expect(reply.text).not.toMatch(/couldn.t find/i);
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('Show more says the index is loading beside the results, which stay (not replaced by the error)', async () => {
    const reply = await click(ActionId.showMore, showMoreValue('speculative decoding', 5));
    expect(reply.text).toMatch(/still loading/i);
  });

  it('once the index is ready, the same buttons work', async () => {
    t.runtime.searchState.swap(await seedPaperSearch());
    expect((await click(ActionId.save)).text).toMatch(/^Saved Hydra/);
    expect(JSON.stringify((await click(ActionId.showMore, showMoreValue('speculative decoding', 5), true)).blocks)).toContain(ActionId.share);
    const body = buttonClickBody({ actionId: ActionId.share, value: paperId, teamId: 'T1', userId: 'U1', channelId: 'C1', responseUrl: t.slack.responseUrl('warm-share') });
    expect((await postSigned(t.eventsUrl, body, SIGNING_SECRET)).status).toBe(200);
    const [post] = await t.slack.waitFor('chat.postMessage', 1);
    expect(String(post?.params.text)).toMatch(/^<@U1> shared a paper: Hydra/);
  });
});
