/**
 * Share clicked twice quickly (a double click sends Slack two block_actions), through the real HTTP receiver: the
 * paper is posted to the channel once; the second click is told so, privately. The claim is in the store, so it
 * holds whichever instance each click reaches. Sharing it again later posts again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/views/action-ids.ts';
import { buttonClickBody, postSigned } from '../support/signed-request.ts';
import { SIGNING_SECRET, hydraPaperId, startTestApp, type RunningTestApp } from '../support/test-app.ts';

describe('Share clicked twice', () => {
  let t: RunningTestApp;
  let now = new Date('2026-11-23T10:00:00Z');
  let paperId = '';
  let n = 0;

  beforeAll(async () => {
    t = await startTestApp({ clock: () => now });
    paperId = await hydraPaperId();
  });
  afterAll(async () => {
    await t.stop();
  });

  const share = (user = 'U1', channel = 'C1'): Promise<Response> => {
    n += 1;
    const body = buttonClickBody({
      actionId: ActionId.share,
      value: paperId,
      blockId: 'result_actions:0',
      teamId: 'T1',
      userId: user,
      channelId: channel,
      responseUrl: t.slack.responseUrl(`share-${n}`),
      container: { type: 'message', message_ts: '1700000000.000001', channel_id: channel, is_ephemeral: true },
    });
    return postSigned(t.eventsUrl, body, SIGNING_SECRET);
  };
  const postsIn = (channel: string): number => t.slack.callsTo('chat.postMessage').filter((c) => c.params.channel === channel).length;

  it('a double click posts the paper once and tells the second click why', async () => {
    const answers = t.slack.callsTo('response_url').length;
    const [first, second] = await Promise.all([share(), share()]);
    expect([first.status, second.status]).toEqual([200, 200]);
    const [reply] = (await t.slack.waitFor('response_url', answers + 1)).slice(answers);
    expect(reply?.params).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(reply?.params.text)).toMatch(/already shared .*Hydra.* here a moment ago/i);
    await t.slack.waitFor('chat.postMessage', 1);
    expect(postsIn('C1')).toBe(1);
  });

  it('someone else, another channel, or the same click minutes later shares it again', async () => {
    await share('U2');
    await t.slack.waitFor('chat.postMessage', 2);
    await share('U1', 'C2');
    await t.slack.waitFor('chat.postMessage', 3);
    now = new Date(now.getTime() + 2 * 60_000);
    await share();
    await t.slack.waitFor('chat.postMessage', 4);
    expect(postsIn('C1')).toBe(3);
  });

  it('a share Slack refused can be tried again at once', async () => {
    t.slack.answerNext('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } });
    const answers = t.slack.callsTo('response_url').length;
    await share('U1', 'C3');
    expect(String((await t.slack.waitFor('response_url', answers + 1)).at(-1)?.params.text)).toMatch(/invite/);
    const posts = t.slack.callsTo('chat.postMessage').length;
    await share('U1', 'C3');
    expect((await t.slack.waitFor('chat.postMessage', posts + 1)).at(-1)?.params.channel).toBe('C3');
  });

  it('a channel only some people may post in (restricted_action): says so, not "try again in a moment"', async () => {
    for (const error of ['restricted_action', 'restricted_action_read_only_channel']) {
      t.slack.answerNext('chat.postMessage', { body: { ok: false, error } });
      const answers = t.slack.callsTo('response_url').length;
      await share('U1', 'C4');
      const text = String((await t.slack.waitFor('response_url', answers + 1)).at(-1)?.params.text);
      expect(text).toMatch(/Only some people may post in this channel/);
      expect(text).not.toMatch(/try again in a moment/);
    }
  });
});
