/**
 * Slack refusing the Home tab the app built (`views.publish` → `invalid_arguments`, as it answers a view that breaks a
 * Block Kit rule), through the real HTTP receiver with Slack's own app_home_opened event: the person gets the short
 * "something went wrong" tab rather than an empty or stale one, and the log names the rule Slack says was broken.
 * Rate limited (429, Retry-After) as it is opened, the app does not hold the request for the Retry-After and publish
 * again (the Web client's own retry): one WARN, and the next open publishes the tab.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/views/action-ids.ts';
import { homeButtonValue } from '../../src/views/home.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';
import { openChannels } from '../support/fake-slack.ts';
import { HOME_OPENED, openHomeTab } from '../support/home-opened.ts';
import { buttonClickBody, postSigned } from '../support/signed-request.ts';
import { eventually } from '../support/slack-events.ts';
import { SIGNING_SECRET, startTestApp, type RunningTestApp } from '../support/test-app.ts';


const REFUSED = {
  body: { ok: false, error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] must be less than 151 characters [json-pointer:/view/blocks/0/text/text]'] } },
};

describe('the Home tab Slack refuses or rate-limits', () => {
  let t: RunningTestApp;
  const user = HOME_OPENED.event.user;

  beforeAll(async () => {
    t = await startTestApp();
    openChannels(t.slack);
  });
  afterAll(async () => {
    await t.stop();
  });

  const openHome = (): Promise<Response> => openHomeTab(t);

  /** The tab published after the refused one. */
  async function fallbackAfter(send: () => Promise<Response>): Promise<{ type: string; blocks: unknown[] }> {
    const before = t.slack.callsTo('views.publish').length;
    t.slack.answerNext('views.publish', REFUSED);
    expect((await send()).status).toBe(200);
    const calls = await t.slack.waitFor('views.publish', before + 2);
    const view = (calls.at(-1)?.params as { view: { type: string; blocks: unknown[] } }).view;
    expect(blockKitErrors({ type: 'home', blocks: view.blocks })).toEqual([]);
    return view;
  }

  it('opened: the refused tab is followed by one that says something went wrong, and the log says what Slack refused', async () => {
    const view = await fallbackAfter(openHome);
    expect(view.type).toBe('home');
    expect(JSON.stringify(view)).toMatch(/went wrong on my side, so your digests cannot be shown right now/);
    const line = await eventually(() => t.logs.find((l) => l.includes(`views.publish for ${user} failed`)));
    expect(line).toMatch(/invalid_arguments \(\[ERROR\] must be less than 151 characters \[json-pointer:\/view\/blocks\/0\/text\/text\]\)/);
  });

  it('after a click on the tab (Next page): the same, saying the click may not have worked', async () => {
    const view = await fallbackAfter(() =>
      postSigned(
        t.eventsUrl,
        buttonClickBody({ actionId: ActionId.homePageNext, value: homeButtonValue(0, 1), teamId: 'T1', userId: 'U1', container: { type: 'view', view_id: 'V1' }, view: { id: 'V1', type: 'home', hash: 'h' } }),
        SIGNING_SECRET,
      ),
    );
    expect(JSON.stringify(view)).toMatch(/what you clicked may not have worked/);
  });

  it('a failure that is not about the tab (the Home tab switched off in the app settings) is one log line, no second publish', async () => {
    const before = t.slack.callsTo('views.publish').length;
    t.slack.answerNext('views.publish', { body: { ok: false, error: 'not_enabled' } });
    expect((await openHome()).status).toBe(200);
    await eventually(() => t.logs.find((l) => /views\.publish for \S+ failed: not_enabled$/.test(l)));
    // The next open publishes normally: had a second (fallback) publish been sent, it would be counted before it.
    expect((await openHome()).status).toBe(200);
    await t.slack.waitFor('views.publish', before + 2);
    const published = t.slack.callsTo('views.publish').slice(before);
    expect(published).toHaveLength(2);
    expect(JSON.stringify(published[1]?.params)).not.toMatch(/went wrong/);
  });

  it('rate limited as it is opened (429, Retry-After: 30): one WARN, no retry held for the Retry-After; the next open publishes the tab', async () => {
    const before = t.slack.callsTo('views.publish').length;
    const logsBefore = t.logs.length;
    t.slack.answerNext('views.publish', { status: 429, headers: { 'Retry-After': '30' }, body: { ok: false, error: 'ratelimited' } });
    expect((await openHome()).status).toBe(200);
    // Waiting out the 30 s and publishing again would log nothing until then (this test would time out).
    const line = await eventually(() => t.logs.slice(logsBefore).find((l) => l.includes(`views.publish for ${user} failed`)));
    expect(line).toMatch(/ratelimited; the next time the Home tab is opened publishes it/);
    expect(t.slack.callsTo('views.publish').length).toBe(before + 1);
    expect(t.logs.slice(logsBefore).filter((l) => l.includes(`views.publish for ${user} failed`))).toHaveLength(1);

    expect((await openHome()).status).toBe(200);
    const calls = await t.slack.waitFor('views.publish', before + 2);
    const view = (calls.at(-1)?.params as { view: { type: string } }).view;
    expect(view.type).toBe('home');
  });
});
