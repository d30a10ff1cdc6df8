/**
 * A click whose response_url Slack refuses (expired or used up: 404; Slack having a bad moment: 5xx), through the
 * real HTTP receiver: the clicker still gets the answer, privately, by chat.postEphemeral in the conversation of
 * the click; the log has one warning line, not an unhandled error with a stack trace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/views/action-ids.ts';
import { ratingButtonValue } from '../../src/views/rating-buttons.ts';
import { showMoreValue } from '../../src/views/search-results.ts';
import { openChannels, type FakeAnswer } from '../support/fake-slack.ts';
import { buttonClickBody, postSigned } from '../support/signed-request.ts';
import { blockKitMessageProblems } from '../support/slack-schemas.ts';
import { SIGNING_SECRET, hydraPaperId, startTestApp, type RunningTestApp } from '../support/test-app.ts';

const EXPIRED: FakeAnswer = { status: 404, body: { ok: false, error: 'expired_url' } };
const DOWN: FakeAnswer = { status: 503, body: { ok: false } };

describe('a response_url Slack refuses', () => {
  let t: RunningTestApp;
  let paperId = '';
  let n = 0;

  beforeAll(async () => {
    t = await startTestApp();
    openChannels(t.slack);
    paperId = await hydraPaperId();
  });
  afterAll(async () => {
    await t.stop();
  });

  /** Clicks with a response_url that answers `refusal`; the chat.postEphemeral that follows. */
  async function click(actionId: string, value: string, refusal: FakeAnswer, threadTs?: string): Promise<Record<string, unknown>> {
    n += 1;
    const user = `U${n}`;
    t.slack.answerNext('response_url', refusal);
    const before = t.slack.callsTo('chat.postEphemeral').length;
    const body = buttonClickBody({
      actionId,
      value,
      blockId: 'result_actions:0',
      teamId: 'T1',
      userId: user,
      channelId: 'C1',
      responseUrl: t.slack.responseUrl(`refused-${n}`),
      container: { type: 'message', message_ts: '1700000000.000001', channel_id: 'C1', is_ephemeral: true, ...(threadTs ? { thread_ts: threadTs } : {}) },
    });
    expect((await postSigned(t.eventsUrl, body, SIGNING_SECRET)).status).toBe(200);
    const post = (await t.slack.waitFor('chat.postEphemeral', before + 1)).at(-1)?.params ?? {};
    expect(post).toMatchObject({ channel: 'C1', user });
    expect(blockKitMessageProblems((post.blocks ?? []) as never)).toEqual([]);
    return post;
  }

  it('Save: the "Saved …" answer arrives by chat.postEphemeral', async () => {
    expect(String((await click(ActionId.save, paperId, EXPIRED)).text)).toMatch(/^Saved Hydra/);
  });

  it('👍: the "Noted" answer with its Undo arrives by chat.postEphemeral', async () => {
    const post = await click(ActionId.rateUp, ratingButtonValue(paperId), DOWN);
    expect(String(post.text)).toMatch(/Noted for this channel/);
    expect(JSON.stringify(post.blocks)).toContain(ActionId.rateUndo);
  });

  it('Similar and Show more answer by chat.postEphemeral', async () => {
    expect(String((await click(ActionId.similar, paperId, EXPIRED)).text)).toMatch(/^Papers similar to Hydra/);
    expect(JSON.stringify((await click(ActionId.showMore, showMoreValue('speculative decoding', 5), DOWN)).blocks)).toContain(ActionId.share);
  });

  it('a click in a thread is answered in that thread, not in the channel below everyone\'s messages', async () => {
    const post = await click(ActionId.save, paperId, EXPIRED, '1699999999.000100');
    expect(post.thread_ts).toBe('1699999999.000100');
    expect(String(post.text)).toMatch(/Hydra/);
    expect((await click(ActionId.similar, paperId, DOWN)).thread_ts).toBeUndefined();
  });

  it('Share that Slack refuses to post: the reason reaches the clicker anyway', async () => {
    t.slack.answerNext('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } });
    expect(String((await click(ActionId.share, paperId, EXPIRED)).text)).toMatch(/not a member of this channel/);
  });

  it('logs one warning per refusal, never an unhandled error', () => {
    expect(t.logs.filter((line) => /unhandled error/.test(line))).toEqual([]);
    expect(t.logs.filter((line) => /response_url refused/.test(line)).length).toBeGreaterThanOrEqual(5);
  });
});
