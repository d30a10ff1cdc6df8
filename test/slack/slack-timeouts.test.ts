/**
 * Every Slack request the app makes gives up after SLACK_API_TIMEOUT_MS (300 ms here): a Slack that takes a
 * request and never answers does not leave a click, App Home or a subscribe waiting forever, and the next
 * request is served normally. (Digest posts: test/digests/runner-concurrency.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/views/action-ids.ts';
import { buttonClickBody, postSigned, slashCommandBody } from '../support/signed-request.ts';
import { eventually, postEvent } from '../support/slack-events.ts';
import { SIGNING_SECRET, startTestApp, type RunningTestApp } from '../support/test-app.ts';

describe('a Slack request that is never answered', () => {
  let t: RunningTestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { SLACK_API_TIMEOUT_MS: '300' } });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('response_url: the click gives up (logged), and the next click is answered', async () => {
    t.slack.respondTo('response_url', (call) => (call.responseId === 'hung' ? { hang: true } : undefined));
    const click = (responseId: string) =>
      postSigned(
        t.eventsUrl,
        buttonClickBody({
          actionId: ActionId.unsubscribe,
          value: '999999',
          blockId: 'digest_actions',
          userId: 'U7',
          channelId: 'C_TIMEOUT',
          responseUrl: t.slack.responseUrl(responseId),
          container: { type: 'message', message_ts: '1700000000.000001' },
        }),
        SIGNING_SECRET,
      );
    expect((await click('hung')).status).toBe(200);
    await t.slack.waitFor('response_url', t.slack.callsTo('response_url').length || 1);
    await eventually(() => t.logs.some((line) => /(ERROR|WARN) .*(abort|timeout|timed out)/i.test(line)), 10_000);
    // The clicker still gets the answer, privately (src/slack/actions/answer-clicker.ts).
    expect((await t.slack.waitFor('chat.postEphemeral', 1))[0]?.params).toMatchObject({ channel: 'C_TIMEOUT', user: 'U7' });

    const before = t.slack.callsTo('response_url').length;
    expect((await click('fine')).status).toBe(200);
    const calls = await t.slack.waitFor('response_url', before + 1);
    expect(calls.at(-1)).toMatchObject({ responseId: 'fine' });
  });

  it('views.publish: App Home gives up after a few bounded attempts, and opens normally afterwards', async () => {
    let hung = 0;
    t.slack.respondTo('views.publish', () => (hung < 3 ? (hung++, { hang: true }) : undefined));
    const open = () => postEvent(t.eventsUrl, SIGNING_SECRET, 'T1', { type: 'app_home_opened', user: 'U9', channel: 'D1', tab: 'home', event_ts: '1.2' });
    expect((await open()).status).toBe(200);
    await t.slack.waitFor('views.publish', 3, 10_000);
    await eventually(() => t.logs.some((line) => /ERROR .*views\.publish|ERROR .*request failed|ERROR .*abort/i.test(line)), 10_000);
    expect(t.slack.callsTo('views.publish')).toHaveLength(3);

    expect((await open()).status).toBe(200);
    await t.slack.waitFor('views.publish', 4, 10_000);
  });

  it('conversations.info (channel check at subscribe): the subscription is made anyway and confirmed', async () => {
    t.slack.respondTo('conversations.info', () => ({ hang: true }));
    const res = await postSigned(
      t.eventsUrl,
      slashCommandBody({ channel_id: 'C_HUNG', text: 'subscribe sparse attention at 09:00 tz UTC', response_url: t.slack.responseUrl('sub') }),
      SIGNING_SECRET,
    );
    expect(res.status).toBe(200);
    const answered = await eventually(async () => {
      const text = (await res.clone().text()) + t.slack.callsTo('response_url').map((c) => JSON.stringify(c.params)).join('');
      return /Subscribed/i.test(text) ? text : undefined;
    }, 15_000);
    expect(answered).toMatch(/sparse attention/);
    expect(await t.runtime.store.listSubscriptions('T1', 'C_HUNG')).toHaveLength(1);
  });
});
