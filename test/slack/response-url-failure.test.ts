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
import { blockActionBody, buttonClickBody, postSigned } from '../support/signed-request.ts';
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

  it('a click on a message that starts a thread (its replies below it) is answered in the channel, where it was clicked', async () => {
    n += 1;
    t.slack.answerNext('response_url', EXPIRED);
    const before = t.slack.callsTo('chat.postEphemeral').length;
    const ts = '1700000000.000200';
    // As Slack sends it: the message carries thread_ts (its own ts) once it has replies.
    const body = blockActionBody({
      type: 'block_actions',
      team: { id: 'T1' },
      user: { id: `U${n}` },
      channel: { id: 'C1' },
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: '1.2.3',
      response_url: t.slack.responseUrl(`refused-${n}`),
      container: { type: 'message', message_ts: ts, channel_id: 'C1', is_ephemeral: false },
      message: { type: 'message', ts, thread_ts: ts, reply_count: 3, text: 'digest', user: 'UBOT' },
      actions: [{ type: 'button', action_id: ActionId.save, block_id: 'result_actions:0', value: paperId, action_ts: '1' }],
    });
    expect((await postSigned(t.eventsUrl, body, SIGNING_SECRET)).status).toBe(200);
    const post = (await t.slack.waitFor('chat.postEphemeral', before + 1)).at(-1)?.params ?? {};
    expect(post).toMatchObject({ channel: 'C1', user: `U${n}` });
    expect(post.thread_ts).toBeUndefined();
    // A reply in that thread is answered in the thread.
    const reply = { ...JSON.parse(new URLSearchParams(body).get('payload') ?? '{}'), response_url: t.slack.responseUrl(`refused-${n}-reply`) };
    reply.container = { ...reply.container, message_ts: '1700000000.000300', thread_ts: ts };
    reply.message = { type: 'message', ts: '1700000000.000300', thread_ts: ts, text: 'card', user: 'UBOT' };
    t.slack.answerNext('response_url', EXPIRED);
    expect((await postSigned(t.eventsUrl, blockActionBody(reply), SIGNING_SECRET)).status).toBe(200);
    expect((await t.slack.waitFor('chat.postEphemeral', before + 2)).at(-1)?.params).toMatchObject({ thread_ts: ts });
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
