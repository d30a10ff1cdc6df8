/**
 * Socket Mode when Slack's WebSocket endpoint does not answer as the app starts (apps.connections.open hangs): the
 * index still loads and the digests still go out on time (they use the Web API, not the socket); /healthz stays
 * honest (503 while the socket is not up); once Slack answers, the app connects and is ready.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import { freePort, startAppProcess, type AppProcess } from '../support/app-process.ts';
import { digestsDueAMinuteAgo } from '../support/due-digests.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { FakeSocketMode } from '../support/fake-socket-mode.ts';
import { eventually } from '../support/slack-events.ts';
import { BOT_TOKEN, tempSqliteUrl } from '../support/test-app.ts';

const APP_TOKEN = 'xapp-1-A111-0000-slow-start-secret';

describe('Socket Mode start while Slack does not open the connection (real app process)', () => {
  const databaseUrl = tempSqliteUrl();
  let slack: FakeSlack;
  let socket: FakeSocketMode;
  let app: AppProcess | undefined;
  let slackAnswers = false;
  let digestDate = '';
  let subscriptionId = 0;

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    socket = await new FakeSocketMode(slack, APP_TOKEN).start();
    // Slack's Socket Mode endpoint hangs until the test lets it answer.
    slack.respondTo('apps.connections.open', () => (slackAnswers ? { body: { ok: true, url: socket.url } } : { hang: true }));
    const due = await digestsDueAMinuteAgo(databaseUrl, ['C_SLOW']);
    digestDate = due.digestDate;
    subscriptionId = due.subscriptions[0]?.id ?? 0;
  });
  afterAll(async () => {
    app?.kill();
    await socket.stop();
    await slack.stop();
  });

  it('loads the index and posts the due digest without waiting for the socket; ready once it connects', async () => {
    const port = await freePort();
    app = startAppProcess({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      SLACK_API_TIMEOUT_MS: '500',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HF_API_URL: `${slack.url}/hf-unused`,
      DIGEST_TICK_CRON: '* * * * * *',
    });
    const health = async (): Promise<{ status: number; body: Record<string, unknown> }> => {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    await app.waitForOutput(/ready \(instance/, 60_000);
    await slack.waitFor('chat.postMessage', 1, 60_000);
    // Still no connection: Slack has not answered a single apps.connections.open.
    expect(socket.connections).toHaveLength(0);
    expect(slack.callsTo('apps.connections.open').length).toBeGreaterThanOrEqual(1);
    expect(slack.callsTo('chat.postMessage')[0]?.params.channel).toBe('C_SLOW');
    const store = await openStore(databaseUrl);
    try {
      await eventually(async () => (await store.getDigestRun(subscriptionId, digestDate))?.status === 'posted', 30_000);
    } finally {
      await store.close();
    }
    // The index is in, but Slack cannot reach the app: not ready.
    const down = await health();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'disconnected', socket: 'connecting' });

    slackAnswers = true;
    await socket.waitForConnections(1, 60_000);
    const ready = await eventually(async () => {
      const h = await health();
      return h.status === 200 ? h : undefined;
    }, 30_000);
    expect(ready.body).toMatchObject({ status: 'ready', socket: 'connected' });
    expect(app.output()).not.toContain(APP_TOKEN);

    app.child.kill('SIGTERM');
    expect((await app.exited).code, app.output()).toBe(0);
  }, 120_000);
});
