/**
 * A button the app no longer knows (its action_id renamed or removed by a deploy, still sitting in yesterday's
 * messages and in a Home tab left open), clicked through the real HTTP receiver: the click is acknowledged (no
 * warning sign in Slack), the clicker is told in a private line, and an old Home tab is replaced by the current one.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/views/action-ids.ts';
import { openChannels } from '../support/fake-slack.ts';
import { blockActionBody, buttonClickBody, postSigned } from '../support/signed-request.ts';
import type { SlackReply } from '../support/slack-reply.ts';
import { blockKitMessageProblems } from '../support/slack-schemas.ts';
import { SIGNING_SECRET, startTestApp, type RunningTestApp } from '../support/test-app.ts';

/** Slack's own click on an ephemeral message: its button's action_id is "a", which this app never sent. */
const EPHEMERAL_CLICK = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../../shared/fixtures/slack-payloads/bolt-python/block_actions.ephemeral_message.json'), 'utf8'),
) as Record<string, unknown>;

describe('a button from an older version of the app', () => {
  let t: RunningTestApp;

  beforeAll(async () => {
    t = await startTestApp();
    openChannels(t.slack);
  });
  afterAll(async () => {
    await t.stop();
  });

  async function answerTo(body: string): Promise<SlackReply> {
    const before = t.slack.callsTo('response_url').length;
    const res = await postSigned(t.eventsUrl, body, SIGNING_SECRET);
    // Acknowledged: Slack shows the clicker no warning sign.
    expect(res.status).toBe(200);
    const reply = (await t.slack.waitFor('response_url', before + 1)).at(-1)?.params as SlackReply;
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(blockKitMessageProblems(reply.blocks ?? [])).toEqual([]);
    return reply;
  }

  it('clicked in a search result (an ephemeral message, as Slack sends it): the clicker is told the button is out of date', async () => {
    const payload = { ...EPHEMERAL_CLICK, team: { id: 'T1' }, user: { id: 'U1' }, response_url: t.slack.responseUrl('old-ephemeral') };
    const reply = await answerTo(blockActionBody(payload));
    expect(reply.text).toMatch(/older version of Paper Digest/);
    expect(reply.text).toContain('/paper help');
    expect(t.logs.join('\n')).toMatch(/button of an older version was clicked \(action_id "a"\)/);
    expect(t.logs.join('\n')).not.toMatch(/not acknowledged/);
  });

  it('clicked under yesterday\'s digest in a channel: the same private line, and the digest stays as it was', async () => {
    const reply = await answerTo(
      buttonClickBody({
        actionId: 'digest_bookmark',
        value: '{"id":1}',
        channelId: 'C1',
        responseUrl: t.slack.responseUrl('old-digest'),
        container: { type: 'message', message_ts: '1700000000.000001', channel_id: 'C1', is_ephemeral: false },
      }),
    );
    expect(reply.text).toMatch(/no longer works/);
    expect(t.slack.callsTo('chat.update')).toHaveLength(0);
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('clicked on a Home tab left open since before the deploy: the tab is published again, saying why', async () => {
    const before = t.slack.callsTo('views.publish').length;
    const body = buttonClickBody({ actionId: 'home_archive', value: '{"id":1,"p":0}', container: { type: 'view', view_id: 'V1' }, view: { id: 'V1', type: 'home', hash: 'h' } });
    expect((await postSigned(t.eventsUrl, body, SIGNING_SECRET)).status).toBe(200);
    const view = ((await t.slack.waitFor('views.publish', before + 1)).at(-1)?.params as { user_id: string; view: { type: string } }).view;
    expect(view.type).toBe('home');
    expect(JSON.stringify(view)).toMatch(/older version of this tab; here is the current one/);
    expect(t.slack.blockKitViolations).toEqual([]);
  });

  it('a button the app knows is answered by its own listener only, once', async () => {
    const before = t.slack.callsTo('response_url').length;
    const reply = await answerTo(buttonClickBody({ actionId: ActionId.share, value: 'no-such-paper', channelId: 'C1', responseUrl: t.slack.responseUrl('known') }));
    expect(reply.text).toMatch(/couldn't find that paper/);
    expect(reply.text).not.toMatch(/older version/);
    // Give a second (wrong) answer the time to arrive: there is none.
    await postSigned(t.eventsUrl, buttonClickBody({ actionId: 'x_flush', value: '', channelId: 'C1', responseUrl: t.slack.responseUrl('flush') }), SIGNING_SECRET);
    await t.slack.waitFor('response_url', before + 2);
    expect(t.slack.callsTo('response_url').filter((c) => c.responseId === 'known')).toHaveLength(1);
  });
});
