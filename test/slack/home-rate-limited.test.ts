/**
 * Slack rate-limiting the Home tab (`views.publish` → 429, Retry-After: 30) as a person opens it, through the real HTTP
 * receiver with Slack's own app_home_opened event: the app does not hold the request for the Retry-After and publish
 * again (the Web client's own retry); it logs one WARN, and the next open publishes the tab.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChannels } from '../support/fake-slack.ts';
import { postSigned } from '../support/signed-request.ts';
import { eventually } from '../support/slack-events.ts';
import { SIGNING_SECRET, startTestApp, type RunningTestApp } from '../support/test-app.ts';

/** A real app_home_opened delivery (real-captured/), its workspace swapped for the test's. */
const HOME_OPENED = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../../shared/fixtures/slack-payloads/real-captured/app_home_opened_home.json'), 'utf8'),
) as { team_id: string; event: { user: string }; authorizations: Array<{ team_id: string }> };

describe('the Home tab rate-limited as it is opened', () => {
  let t: RunningTestApp;
  const user = HOME_OPENED.event.user;

  beforeAll(async () => {
    t = await startTestApp();
    openChannels(t.slack);
  });
  afterAll(async () => {
    await t.stop();
  });

  const openHome = (): Promise<Response> => {
    const body = JSON.stringify({ ...HOME_OPENED, team_id: 'T1', authorizations: HOME_OPENED.authorizations.map((a) => ({ ...a, team_id: 'T1' })) });
    return postSigned(t.eventsUrl, body, SIGNING_SECRET, { contentType: 'application/json' });
  };

  it('one WARN and no retry held for the Retry-After; the next open publishes the tab', async () => {
    const before = t.slack.callsTo('views.publish').length;
    t.slack.answerNext('views.publish', { status: 429, headers: { 'Retry-After': '30' }, body: { ok: false, error: 'ratelimited' } });
    expect((await openHome()).status).toBe(200);
    // Waiting out the 30 s and publishing again would log nothing until then (this test would time out).
    const line = await eventually(() => t.logs.find((l) => l.includes(`views.publish for ${user} failed`)));
    expect(line).toMatch(/ratelimited; the next time the Home tab is opened publishes it/);
    expect(t.slack.callsTo('views.publish').length).toBe(before + 1);
    expect(t.logs.filter((l) => l.includes(`views.publish for ${user} failed`))).toHaveLength(1);

    expect((await openHome()).status).toBe(200);
    const calls = await t.slack.waitFor('views.publish', before + 2);
    const view = (calls.at(-1)?.params as { view: { type: string } }).view;
    expect(view.type).toBe('home');
  });
});
