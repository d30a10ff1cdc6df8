/**
 * A click the app cannot carry out because its database fails (the connection lost, here the store closed under a
 * running app), through the real HTTP receiver: the clicker gets a short, friendly ephemeral answer, not silence; no
 * error text or stack trace reaches Slack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/views/action-ids.ts';
import { unsubscribeValue } from '../../src/views/digest.ts';
import { ratingButtonValue } from '../../src/views/rating-buttons.ts';
import { openChannels } from '../support/fake-slack.ts';
import { buttonClickBody, postSigned } from '../support/signed-request.ts';
import type { SlackReply } from '../support/slack-reply.ts';
import { blockKitMessageProblems } from '../support/slack-schemas.ts';
import { SIGNING_SECRET, hydraPaperId, startTestApp, type RunningTestApp } from '../support/test-app.ts';

describe('a click whose work fails', () => {
  let t: RunningTestApp;
  let paperId = '';
  let n = 0;

  beforeAll(async () => {
    t = await startTestApp();
    openChannels(t.slack);
    paperId = await hydraPaperId();
    // The database goes away under the running app.
    await t.runtime.store.close();
  });
  afterAll(async () => {
    await t.stop();
  });

  async function click(actionId: string, value: string): Promise<SlackReply> {
    n += 1;
    const before = t.slack.callsTo('response_url').length;
    const body = buttonClickBody({ actionId, value, teamId: 'T1', userId: 'U1', channelId: 'C1', responseUrl: t.slack.responseUrl(`fail-${n}`) });
    expect((await postSigned(t.eventsUrl, body, SIGNING_SECRET)).status).toBe(200);
    const reply = (await t.slack.waitFor('response_url', before + 1)).at(-1)?.params as SlackReply;
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(blockKitMessageProblems(reply.blocks ?? [])).toEqual([]);
    expect(reply.text).toMatch(/went wrong on my side/i);
    expect(JSON.stringify(reply)).not.toMatch(/destroyed|Error|\bat \S+:\d+/);
    return reply;
  }

  it('Save, 👍, Undo and Unsubscribe each get a friendly answer', async () => {
    await click(ActionId.save, paperId);
    await click(ActionId.rateUp, ratingButtonValue(paperId));
    await click(ActionId.rateUndo, ratingButtonValue(paperId));
    await click(ActionId.unsubscribe, unsubscribeValue(1));
  });
});
