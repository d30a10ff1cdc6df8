import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/digests/poster.ts';
import { BOT_SCOPES } from '../../src/slack/oauth/scopes.ts';
import { botInstallAnswer } from '../support/oauth.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { postSigned, slashCommandBody } from '../support/signed-request.ts';
import { eventually, postEvent } from '../support/slack-events.ts';
import { SIGNING_SECRET, startTestApp, tempSqliteUrl, type RunningTestApp } from '../support/test-app.ts';

const TOKEN_T2 = 'xoxb-2222-3333-OAuthInstalledBotTokenForTeamTwo';
const TOKEN_T2_NEW = 'xoxb-2222-4444-ReinstalledBotTokenForTeamTwo';
const CLIENT_SECRET = 'client-secret-0123456789abcdef';
const STATE_SECRET = 'state-secret-0123456789abcdef';
const KEY = randomBytes(32).toString('base64');

/**
 * OAuth end to end through Bolt's real HTTP receiver and the fake Slack Web API: /slack/install →
 * Slack's consent page (simulated) → /slack/oauth_redirect → oauth.v2.access → installation stored
 * encrypted → requests and digests of that workspace use its own token.
 */
describe('multi-workspace OAuth install', () => {
  const databaseUrl = tempSqliteUrl();
  const databaseDir = dirname(databaseUrl.slice('sqlite:'.length));
  let slack: FakeSlack;
  let t: RunningTestApp;
  let issuedToken = TOKEN_T2;

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    slack.respondTo('oauth.v2.access', (call) => {
      if (call.params.code !== 'code-from-slack' || call.params.client_id !== '111.222' || call.params.client_secret !== CLIENT_SECRET) {
        return { body: { ok: false, error: 'invalid_code' } };
      }
      return botInstallAnswer({ accessToken: issuedToken, botUserId: 'UBOT2', team: { id: 'T2', name: 'Team Two' } });
    });
    slack.respondTo('auth.test', (call) =>
      call.authorization?.includes('2222-')
        ? { body: { ok: true, team_id: 'T2', user_id: 'UBOT2', bot_id: 'B2', team: 'Team Two', url: 'https://two.slack.com/' } }
        : undefined,
    );
    t = await startTestApp({
      slack,
      databaseUrl,
      env: {
        SLACK_BOT_TOKEN: '',
        SLACK_CLIENT_ID: '111.222',
        SLACK_CLIENT_SECRET: CLIENT_SECRET,
        SLACK_STATE_SECRET: STATE_SECRET,
        SLACK_TOKEN_ENCRYPTION_KEY: KEY,
      },
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  async function install(): Promise<Response> {
    const start = await fetch(`${t.url}/slack/install`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const location = new URL(start.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe('https://slack.com/oauth/v2/authorize');
    expect(location.searchParams.get('client_id')).toBe('111.222');
    expect(location.searchParams.get('scope')?.split(',').sort()).toEqual([...BOT_SCOPES].sort());
    const state = location.searchParams.get('state') ?? '';
    expect(state).not.toBe('');
    const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toBe(`slack-app-oauth-state=${state}`);
    // The admin approves on slack.com; Slack sends the browser back with a code and the same state.
    return fetch(`${t.url}/slack/oauth_redirect?code=code-from-slack&state=${encodeURIComponent(state)}`, {
      headers: { cookie },
      redirect: 'manual',
    });
  }

  it('/slack/install → consent → /slack/oauth_redirect exchanges the code and stores the installation', async () => {
    const done = await install();
    expect(done.status).toBe(200);
    expect(await done.text()).toMatch(/Thank you|slack:\/\/app/i);
    const exchange = slack.callsTo('oauth.v2.access');
    expect(exchange).toHaveLength(1);
    const installation = await t.runtime.store.getInstallation('T2');
    expect(installation).toMatchObject({ teamId: 'T2', botUserId: 'UBOT2', installedBy: 'U_ADMIN', appId: 'A1', revokedAt: null });
    expect(installation?.sealed).toMatch(/^v1\./);
    expect(installation?.sealed).not.toContain(TOKEN_T2);
  });

  it('refuses a redirect whose state does not match the browser session, storing nothing', async () => {
    const before = slack.callsTo('oauth.v2.access').length;
    const res = await fetch(`${t.url}/slack/oauth_redirect?code=code-from-slack&state=forged`, { headers: { cookie: 'slack-app-oauth-state=other' } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(slack.callsTo('oauth.v2.access')).toHaveLength(before);
  });

  it('a signed /paper from the installed workspace is answered, using that workspace\'s token', async () => {
    const res = await postSigned(
      t.eventsUrl,
      slashCommandBody({ team_id: 'T2', channel_id: 'C2', text: 'subscribe sparse attention', response_url: slack.responseUrl('t2') }),
      SIGNING_SECRET,
    );
    expect(res.status).toBe(200);
    const reply = (await res.json()) as { text?: string };
    expect(reply.text).toMatch(/Subscribed this channel to \*sparse attention\*/);
    const info = slack.callsTo('conversations.info').at(-1);
    expect(info?.params.channel).toBe('C2');
    expect(info?.authorization).toBe(`Bearer ${TOKEN_T2}`);
  });

  it('digests for that workspace are posted with its token; an unknown workspace pauses as not_authed', async () => {
    await t.poster.post({ teamId: 'T2', channelId: 'C2' }, { text: 'hello', blocks: [] }, { deliveryId: 'd1', paperIds: [] });
    expect(slack.callsTo('chat.postMessage').at(-1)?.authorization).toBe(`Bearer ${TOKEN_T2}`);
    const error = await t.poster.post({ teamId: 'T9', channelId: 'C9' }, { text: 'x', blocks: [] }, { deliveryId: 'd2', paperIds: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ kind: 'workspace', code: 'not_authed' });
  });

  it('a request from a workspace that never installed the app gets no listener', async () => {
    const before = slack.callsTo('conversations.info').length;
    const res = await postSigned(t.eventsUrl, slashCommandBody({ team_id: 'T3', text: 'subscribe rlhf', response_url: slack.responseUrl('t3') }), SIGNING_SECRET);
    expect(res.status).toBeLessThan(500);
    expect(slack.callsTo('conversations.info')).toHaveLength(before);
    expect(await t.runtime.store.listTeamSubscriptions('T3')).toEqual([]);
  });

  it('uninstalling pauses the workspace and wipes its stored token; reinstalling resumes it with the new token', async () => {
    const res = await postEvent(t.eventsUrl, SIGNING_SECRET, 'T2', { type: 'app_uninstalled' });
    expect(res.status).toBe(200);
    await eventually(async () => (await t.runtime.store.getWorkspace('T2'))?.pausedReason === 'app_uninstalled');
    await eventually(async () => (await t.runtime.store.getInstallation('T2'))?.sealed === null);
    expect((await t.runtime.store.getInstallation('T2'))?.revokedAt).toBeInstanceOf(Date);
    expect(await t.runtime.store.listTeamSubscriptions('T2')).toHaveLength(1);

    issuedToken = TOKEN_T2_NEW;
    expect((await install()).status).toBe(200);
    expect((await t.runtime.store.getWorkspace('T2'))?.pausedReason).toBeNull();
    await t.poster.post({ teamId: 'T2', channelId: 'C2' }, { text: 'again', blocks: [] }, { deliveryId: 'd3', paperIds: [] });
    expect(slack.callsTo('chat.postMessage').at(-1)?.authorization).toBe(`Bearer ${TOKEN_T2_NEW}`);
  });

  it('tokens_revoked for the bot does the same', async () => {
    await postEvent(t.eventsUrl, SIGNING_SECRET, 'T2', { type: 'tokens_revoked', tokens: { bot: ['UBOT2'] } });
    await eventually(async () => (await t.runtime.store.getInstallation('T2'))?.sealed === null);
    expect((await t.runtime.store.getWorkspace('T2'))?.pausedReason).toBe('tokens_revoked');
    issuedToken = TOKEN_T2;
    expect((await install()).status).toBe(200);
    expect((await t.runtime.store.getWorkspace('T2'))?.pausedReason).toBeNull();
  });

  it('an uninstall logs "stored tokens wiped" once, though Slack sends app_uninstalled and tokens_revoked for it', async () => {
    const marker = t.logs.length;
    await postEvent(t.eventsUrl, SIGNING_SECRET, 'T2', { type: 'app_uninstalled' });
    await eventually(() => t.logs.slice(marker).some((line) => /app_uninstalled; all its digests are paused/.test(line)));
    await postEvent(t.eventsUrl, SIGNING_SECRET, 'T2', { type: 'tokens_revoked', tokens: { bot: ['UBOT2'] } });
    await eventually(() => t.logs.slice(marker).some((line) => /tokens_revoked/.test(line) && / req=/.test(line)));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const lines = t.logs.slice(marker);
    expect(lines.filter((line) => /stored tokens wiped/.test(line))).toHaveLength(1);
    expect(lines.filter((line) => /all its digests are paused/.test(line))).toHaveLength(1);
    expect((await t.runtime.store.getWorkspace('T2'))?.pausedReason).toBe('app_uninstalled');
    expect((await install()).status).toBe(200);
  });

  it('no token is readable in the database files, and none was logged', async () => {
    expect((await t.runtime.store.getInstallation('T2'))?.sealed).toBeTruthy();
    await t.stop({ keepSlack: true });
    const files = readdirSync(databaseDir);
    expect(files.some((f) => f.endsWith('.sqlite'))).toBe(true);
    let sawSealed = false;
    for (const file of files) {
      const bytes = readFileSync(join(databaseDir, file));
      for (const secret of [TOKEN_T2, TOKEN_T2_NEW, CLIENT_SECRET, '2222-3333', '2222-4444']) {
        expect(bytes.includes(Buffer.from(secret)), `${secret} in ${file}`).toBe(false);
      }
      if (bytes.includes(Buffer.from('v1.'))) sawSealed = true;
    }
    expect(sawSealed).toBe(true);
    const log = t.logs.join('\n');
    for (const secret of [TOKEN_T2, TOKEN_T2_NEW, CLIENT_SECRET, STATE_SECRET, KEY]) expect(log).not.toContain(secret);
    // Above debug, not even an attempt the redaction had to catch (debug lines show Slack's request bodies, the
    // client secret of oauth.v2.access among them: redacted, as checked above).
    expect(t.logs.filter((line) => !/ DEBUG /.test(line)).join('\n')).not.toContain('[redacted]');
    expect(log).toMatch(/DEBUG .*"client_secret":"\[redacted\]"/);
    expect(log).toMatch(/installed in workspace T2 by U_ADMIN/);
    // Restart on the same file for afterAll's stop().
    t = await startTestApp({ slack, databaseUrl, env: { SLACK_BOT_TOKEN: '', SLACK_CLIENT_ID: '111.222', SLACK_CLIENT_SECRET: CLIENT_SECRET, SLACK_STATE_SECRET: STATE_SECRET, SLACK_TOKEN_ENCRYPTION_KEY: KEY } });
    // …and the installation opens again with the same key after the restart.
    await t.poster.post({ teamId: 'T2', channelId: 'C2' }, { text: 'after restart', blocks: [] }, { deliveryId: 'd4', paperIds: [] });
    expect(slack.callsTo('chat.postMessage').at(-1)?.authorization).toBe(`Bearer ${TOKEN_T2}`);
  });
});
