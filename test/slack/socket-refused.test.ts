import { afterEach, describe, expect, it } from 'vitest';
import { freePort, startAppProcess } from '../support/app-process.ts';
import { BOT_TOKEN } from '../support/test-app.ts';
import { createLogger, LogLevel } from '../../src/logger.ts';
import { ServiceStatus } from '../../src/slack/service-status.ts';
import { createSocketModeReceiver } from '../../src/slack/socket-connection.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { FakeSocketMode } from '../support/fake-socket-mode.ts';
import { eventually } from '../support/slack-events.ts';

const APP_TOKEN = 'xapp-1-A111-0000-refused-secret';

/**
 * Slack's Socket Mode client (real, over a real WebSocket to the local stand-in) when Slack refuses the app-level
 * token on a reconnect: the token was revoked or regenerated while the app ran, or Slack answers invalid_auth for a
 * while. The client's own restart rejects with nobody listening, which ended the process with a stack trace.
 */
describe('Socket Mode: Slack refusing SLACK_APP_TOKEN when the app reconnects', () => {
  const stops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  });

  it('is logged in one line naming SLACK_APP_TOKEN, /healthz reports it, and it tries again until Slack accepts it', async () => {
    const slack = await new FakeSlack().start();
    stops.push(() => slack.stop());
    const socket = await new FakeSocketMode(slack, APP_TOKEN).start();
    stops.push(() => socket.stop());
    const lines: string[] = [];
    const logger = createLogger({ level: LogLevel.INFO, write: (line) => lines.push(line), secrets: [APP_TOKEN] });
    const status = new ServiceStatus();
    const receiver = createSocketModeReceiver({
      appToken: APP_TOKEN,
      port: 0,
      customRoutes: [],
      logger,
      logLevel: LogLevel.INFO,
      clientOptions: { slackApiUrl: slack.apiUrl },
      oauth: {},
      installerOptions: {},
      status,
      refusedRetryMs: 300,
    });
    await receiver.start();
    stops.push(async () => {
      await receiver.stop();
    });
    expect(status.socket?.state).toBe('connected');

    slack.answerNext('apps.connections.open', { body: { ok: false, error: 'invalid_auth' } });
    socket.askToReconnect('refresh_requested');
    const refused = await eventually(() => (status.socket?.state === 'refused' ? status.socket : undefined), 30_000);
    expect(refused.reason).toBe('invalid_auth');
    const explained = lines.filter((line) => /SLACK_APP_TOKEN/.test(line));
    expect(explained).toHaveLength(1);
    expect(explained[0]).toMatch(/ ERROR .*invalid_auth/);
    expect(lines.join('\n')).not.toContain(APP_TOKEN);

    // Slack accepts the token again: the app reconnects by itself.
    await socket.waitForConnections(2, 30_000);
    await eventually(() => status.socket?.state === 'connected', 30_000);
  }, 60_000);

  it('at start (npm start): the start stops with one line naming SLACK_APP_TOKEN and Slack\'s reason, no stack, no token', async () => {
    const slack = await new FakeSlack().start();
    stops.push(() => slack.stop());
    slack.respondTo('apps.connections.open', () => ({ body: { ok: false, error: 'invalid_auth' } }));
    const app = startAppProcess({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      DATABASE_URL: 'sqlite::memory:',
      PORT: String(await freePort()),
    });
    stops.push(async () => app.kill());
    const exit = await app.exited;
    expect(exit.code).toBe(1);
    const last = app.output().trim().split('\n').at(-1) ?? '';
    expect(last).toMatch(/^paper-digest: Slack refused SLACK_APP_TOKEN .*\(invalid_auth\).*App-Level Tokens/);
    expect(app.output()).not.toMatch(/\n\s+at /);
    expect(app.output()).not.toContain(APP_TOKEN);
  }, 60_000);

  it('a token without connections:write (missing_scope, which Slack\'s client retries for ever): one line naming SLACK_APP_TOKEN and the scope, and /healthz says so instead of "starting"', async () => {
    const slack = await new FakeSlack().start();
    stops.push(() => slack.stop());
    slack.respondTo('apps.connections.open', () => ({
      body: { ok: false, error: 'missing_scope', needed: 'connections:write', provided: 'authorizations:read' },
    }));
    const port = await freePort();
    const app = startAppProcess({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      DATABASE_URL: 'sqlite::memory:',
      PORT: String(port),
    });
    stops.push(async () => {
      app.kill();
      await app.exited;
    });
    await app.waitForOutput(/ERROR .*SLACK_APP_TOKEN/, 30_000);
    const health = await eventually(async () => {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
      const body = res ? ((await res.json()) as Record<string, unknown>) : null;
      return body?.socket === 'refused' ? { status: res?.status, body } : undefined;
    }, 30_000);
    expect(health).toMatchObject({ status: 503, body: { status: 'disconnected', socket: 'refused', reason: 'missing_scope' } });
    // The client asks again (5 s, then 10 s…): the cause is still said once.
    await eventually(() => slack.callsTo('apps.connections.open').length >= 2, 30_000);
    const explained = app.output().split('\n').filter((line) => /SLACK_APP_TOKEN/.test(line));
    expect(explained).toHaveLength(1);
    expect(explained[0]).toMatch(/missing_scope: it needs connections:write/);
    expect(app.child.exitCode).toBeNull();
  }, 90_000);
});
