import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beginInstall, botInstallAnswer } from '../support/oauth.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { slackSignature } from '../support/signed-request.ts';
import { eventually } from '../support/slack-events.ts';
import { SIGNING_SECRET, startTestApp, type RunningTestApp } from '../support/test-app.ts';

const KEY = randomBytes(32).toString('base64');
const NEW_TOKEN = 'xoxb-3333-4444-ReinstalledAfterUninstall';

/**
 * Slack delivers an event again when the app did not ack it in time (`x-slack-retry-num`, up to three times over
 * about five minutes), with the original `event_time`. An uninstall re-delivered after the admin already installed
 * the app again must not pause the workspace and wipe its new token.
 */
describe('OAuth: an uninstall Slack delivers again after a reinstall', () => {
  let slack: FakeSlack;
  let t: RunningTestApp;
  let events = 0;

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    slack.respondTo('oauth.v2.access', () => botInstallAnswer({ accessToken: NEW_TOKEN, botUserId: 'UBOT3', team: { id: 'T3', name: 'Three' } }));
    slack.respondTo('auth.test', () => ({ body: { ok: true, team_id: 'T3', user_id: 'UBOT3', bot_id: 'B3' } }));
    t = await startTestApp({ slack, env: { SLACK_BOT_TOKEN: '', SLACK_CLIENT_ID: '111.222', SLACK_CLIENT_SECRET: 'client-secret-late-0123', SLACK_STATE_SECRET: 'state-secret-late-0123', SLACK_TOKEN_ENCRYPTION_KEY: KEY } });
  });
  afterAll(async () => {
    await t.stop();
  });

  async function install(): Promise<void> {
    const { state, cookie } = await beginInstall(t.url);
    const done = await fetch(`${t.url}/slack/oauth_redirect?code=c&state=${encodeURIComponent(state)}`, { headers: { cookie } });
    expect(done.status).toBe(200);
  }

  /** An Events API delivery as Slack sends it, `retry` times re-sent, for something that happened at `at`. */
  async function deliver(event: Record<string, unknown>, at: Date, retry = 0): Promise<void> {
    events += 1;
    const body = JSON.stringify({ token: 'x', team_id: 'T3', api_app_id: 'A1', type: 'event_callback', event_id: `EvLate${events}`, event_time: Math.floor(at.getTime() / 1000), event, authorizations: [{ enterprise_id: null, team_id: 'T3', user_id: 'UBOT3', is_bot: true, is_enterprise_install: false }] });
    const timestamp = Math.floor(Date.now() / 1000);
    const res = await fetch(t.eventsUrl, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, body),
        ...(retry > 0 ? { 'x-slack-retry-num': String(retry), 'x-slack-retry-reason': 'http_timeout' } : {}),
      },
    });
    expect(res.status).toBe(200);
  }

  it('a re-delivered app_uninstalled or tokens_revoked older than the installation changes nothing', async () => {
    const uninstalledAt = new Date(Date.now() - 4 * 60_000);
    await install();
    const marker = t.logs.length;
    await deliver({ type: 'tokens_revoked', tokens: { bot: ['UBOT3'] } }, uninstalledAt, 2);
    await deliver({ type: 'app_uninstalled' }, uninstalledAt, 2);
    await eventually(() => t.logs.slice(marker).filter((line) => /installed again since/.test(line)).length === 2);
    expect((await t.runtime.store.getWorkspace('T3'))?.pausedReason ?? null).toBeNull();
    expect((await t.runtime.store.getInstallation('T3'))?.sealed).toMatch(/^v1\./);
    await t.poster.post({ teamId: 'T3', channelId: 'C3' }, { text: 'still here', blocks: [] }, { deliveryId: 'late-1', paperIds: [] });
    expect(slack.callsTo('chat.postMessage').at(-1)?.authorization).toBe(`Bearer ${NEW_TOKEN}`);
  });

  it('an uninstall after the installation still pauses the workspace and wipes its token, re-delivered or not', async () => {
    await deliver({ type: 'app_uninstalled' }, new Date(Date.now() + 1000), 1);
    await eventually(async () => (await t.runtime.store.getWorkspace('T3'))?.pausedReason === 'app_uninstalled');
    expect((await t.runtime.store.getInstallation('T3'))?.sealed).toBeNull();
  });
});
