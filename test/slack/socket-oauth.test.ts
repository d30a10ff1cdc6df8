import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beginInstall, botInstallAnswer } from '../support/oauth.ts';
import { startReadyApp, type AppProcess } from '../support/app-process.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { FakeSocketMode, slashCommandEnvelope } from '../support/fake-socket-mode.ts';
import { eventually } from '../support/slack-events.ts';
import { tempSqliteUrl } from '../support/test-app.ts';

const APP_TOKEN = 'xapp-1-A111-0000-oauth-socket-secret';
const TOKEN_T2 = 'xoxb-2222-3333-InstalledOverSocketModeTeamTwo';
const CLIENT_SECRET = 'client-secret-0123456789abcdef';

/**
 * Socket Mode with OAuth (several workspaces), `npm start` as a child process: SLACK_API_URL reaches every client
 * it makes: the socket's apps.connections.open, the installer's oauth.v2.access (served on PORT beside /healthz),
 * and the installed workspace's own client in a listener.
 */
describe('Socket Mode with OAuth: every Slack client goes to SLACK_API_URL', () => {
  let slack: FakeSlack;
  let socket: FakeSocketMode;
  let app: AppProcess;
  let url = '';

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    socket = await new FakeSocketMode(slack, APP_TOKEN).start();
    slack.respondTo('oauth.v2.access', (call) =>
      call.params.code === 'code-from-slack' && call.params.client_secret === CLIENT_SECRET
        ? botInstallAnswer({ appId: 'A111', accessToken: TOKEN_T2, botUserId: 'UBOT2', team: { id: 'T2', name: 'Team Two' } })
        : { body: { ok: false, error: 'invalid_code' } },
    );
    slack.respondTo('auth.test', (call) =>
      call.authorization === `Bearer ${TOKEN_T2}` ? { body: { ok: true, team_id: 'T2', user_id: 'UBOT2', bot_id: 'B2', team: 'Team Two' } } : undefined,
    );
    ({ app, url } = await startReadyApp(slack, {
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_CLIENT_ID: '111.222',
      SLACK_CLIENT_SECRET: CLIENT_SECRET,
      SLACK_STATE_SECRET: 'state-secret-0123456789abcdef',
      SLACK_TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      DATABASE_URL: tempSqliteUrl(),
    }));
  }, 120_000);

  afterAll(async () => {
    app.kill();
    await app.exited;
    await socket.stop();
    await slack.stop();
  });

  it('connects with the app token, installs a workspace through the fake oauth.v2.access, and answers it with its own token', async () => {
    await socket.waitForConnections(1);
    expect(slack.callsTo('apps.connections.open')[0]?.authorization).toBe(`Bearer ${APP_TOKEN}`);

    const { status, state, cookie } = await beginInstall(url);
    expect(status).toBe(302);
    const done = await fetch(`${url}/slack/oauth_redirect?code=code-from-slack&state=${encodeURIComponent(state)}`, {
      headers: { cookie },
      redirect: 'manual',
    });
    expect(done.status).toBe(200);
    expect(slack.callsTo('oauth.v2.access')).toHaveLength(1);

    const command = socket.send(
      slashCommandEnvelope({ text: 'subscribe sparse attention', teamId: 'T2', channelId: 'C2', responseUrl: slack.responseUrl('t2') }),
    );
    const ack = await socket.waitForAck(command.envelope_id);
    const reply = /Working on it/.test(String(ack.payload.text))
      ? (await eventually(() => slack.callsTo('response_url').find((call) => call.responseId === 't2'), 30_000)).params
      : ack.payload;
    expect(String(reply.text)).toMatch(/Subscribed this channel to \*sparse attention\*/);
    const info = slack.callsTo('conversations.info').at(-1);
    expect(info?.params.channel).toBe('C2');
    expect(info?.authorization).toBe(`Bearer ${TOKEN_T2}`);
  });
});
