/**
 * A click the app cannot carry out because its database fails (the connection lost, here the store closed under a
 * running app), through the real HTTP receiver: the clicker gets a short, friendly ephemeral answer (on the App Home,
 * a tab saying so), not silence; no error text or stack trace reaches Slack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/views/action-ids.ts';
import { unsubscribeValue } from '../../src/views/digest.ts';
import { ratingButtonValue } from '../../src/views/rating-buttons.ts';
import { openChannels } from '../support/fake-slack.ts';
import { buttonClickBody, postSigned } from '../support/signed-request.ts';
import { postEvent } from '../support/slack-events.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';
import { homeButtonValue, savedButtonValue } from '../../src/views/home.ts';
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

  /** The Home tab published after `send`: it says, in words, that the digests can't be shown now. */
  async function homePublishedAfter(send: () => Promise<Response>): Promise<string> {
    const before = t.slack.callsTo('views.publish').length;
    expect((await send()).status).toBe(200);
    const view = ((await t.slack.waitFor('views.publish', before + 1)).at(-1)?.params as { view: { type: string; blocks: unknown[] } }).view;
    expect(view.type).toBe('home');
    expect(blockKitErrors({ type: 'home', blocks: view.blocks })).toEqual([]);
    const text = JSON.stringify(view);
    expect(text).toMatch(/went wrong on my side/i);
    // No error text or stack frame (the how-to's "at 08:30" is not one).
    expect(text).not.toMatch(/destroyed|Error|\(\S+:\d+:\d+\)|\.ts:\d+/);
    return text;
  }

  it('opening the App Home shows that the digests cannot be shown right now, not a blank or stale tab', async () => {
    await homePublishedAfter(() => postEvent(t.eventsUrl, SIGNING_SECRET, 'T1', { type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home', event_ts: '1.2' }));
  });

  it('an App Home button (Pause, Next page, a saved paper\'s Remove) publishes the same friendly tab instead of nothing', async () => {
    const clicks: [string, string][] = [
      [ActionId.homePause, homeButtonValue(1, 0)],
      [ActionId.homePageNext, homeButtonValue(1, 1)],
      [ActionId.homeSavedRemove, savedButtonValue(paperId, 0)],
    ];
    for (const [actionId, value] of clicks) {
      const text = await homePublishedAfter(() =>
        postSigned(
          t.eventsUrl,
          buttonClickBody({ actionId, value, teamId: 'T1', userId: 'U1', container: { type: 'view', view_id: 'V1' }, view: { id: 'V1', type: 'home', hash: 'h' } }),
          SIGNING_SECRET,
        ),
      );
      expect(text).toMatch(/may not have worked/);
    }
  });

  it('Save, 👍, Undo and Unsubscribe each get a friendly answer', async () => {
    await click(ActionId.save, paperId);
    await click(ActionId.rateUp, ratingButtonValue(paperId));
    await click(ActionId.rateUndo, ratingButtonValue(paperId));
    await click(ActionId.unsubscribe, unsubscribeValue(1));
  });
});
