import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Subscription } from '../../src/store/index.ts';
import { startReadyApp, type AppProcess } from '../support/app-process.ts';
import { FakeSlack, type RecordedCall } from '../support/fake-slack.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';
import { FakeSocketMode } from '../support/fake-socket-mode.ts';
import { eventually } from '../support/slack-events.ts';
import { BOT_TOKEN, tempSqliteUrl } from '../support/test-app.ts';
import { digestsDueAMinuteAgo } from '../support/due-digests.ts';

const APP_TOKEN = 'xapp-1-A111-0000-shutdown-secret';
/** The ts Slack gave the post whose answer never came back. */
const HUNG_POST_TS = '1700000000.900001';

/**
 * SIGTERM in Socket Mode while Slack never answers the digest being posted: readiness fails at once, liveness
 * holds until the process ends, the socket closes, the hung call does not keep the process past its deadline,
 * and the digest is left for the next instance, which finds it in the channel history (no loss, no double).
 */
describe('shutdown while a Slack call hangs (real app process, Socket Mode)', () => {
  const databaseUrl = tempSqliteUrl();
  let slack: FakeSlack;
  let socket: FakeSocketMode;
  const subscriptions: Subscription[] = [];
  let digestDate = '';
  const apps: AppProcess[] = [];

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    socket = await new FakeSocketMode(slack, APP_TOKEN).start();
    // The first digest post reaches Slack, which posts it, but its answer never comes back.
    slack.answerNext('chat.postMessage', { hang: true });
    // The channel history holds every message Slack received, the hung one included.
    slack.respondTo('conversations.history', (call) => ({
      body: { ok: true, has_more: false, messages: postsTo(String(call.params.channel)) },
    }));
    const due = await digestsDueAMinuteAgo(databaseUrl, ['C_ONE', 'C_TWO', 'C_THREE']);
    subscriptions.push(...due.subscriptions);
    digestDate = due.digestDate;
  });

  afterAll(async () => {
    for (const app of apps) app.kill();
    await socket.stop();
    await slack.stop();
  });

  function postsTo(channel: string): Array<Record<string, unknown>> {
    const posts = slack.callsTo('chat.postMessage');
    return posts.flatMap((call: RecordedCall, i) =>
      call.params.channel === channel
        ? [{ type: 'message', text: call.params.text, metadata: call.params.metadata, ts: i === 0 ? HUNG_POST_TS : `1700000000.00000${i}` }]
        : [],
    );
  }

  async function start(): Promise<{ app: AppProcess; url: string }> {
    const started = await startReadyApp(slack, { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, DATABASE_URL: databaseUrl, DIGEST_TICK_CRON: '* * * * * *' });
    apps.push(started.app);
    return started;
  }

  const statusOf = async (url: string): Promise<{ status: number; body: unknown }> => {
    const res = await fetch(url);
    return { status: res.status, body: await res.json() };
  };

  it('on SIGTERM /healthz is 503 at once, /livez 200 until the end, and the hung post does not hold the process past its deadline', async () => {
    const { app, url } = await start();
    const connection = await socket.waitForConnections(1);
    // Digests post concurrently: the other two channels' posts are answered while the first one hangs.
    await slack.waitFor('chat.postMessage', 3, 60_000);
    expect((await statusOf(`${url}/healthz`)).status).toBe(200);

    app.child.kill('SIGTERM');
    const stopping = await eventually(async () => {
      const health = await statusOf(`${url}/healthz`);
      return health.status === 503 ? health : undefined;
    }, 5_000);
    expect(stopping.body).toEqual({ status: 'stopping' });
    // Still alive: a liveness probe must not restart a process that is finishing its work.
    expect((await statusOf(`${url}/livez`)).status).toBe(200);
    // The socket closes so Slack sends new requests to another connection.
    await socket.waitForClose(connection, 5_000);

    // Exit 0 with "shutdown complete": the graceful end, not the forced exit 1 at the shutdown's deadline (what a hung
    // call holding the process would come to); the hung post was abandoned, not waited for.
    const exit = await app.exited;
    expect(exit.code, app.output()).toBe(0);
    expect(app.output()).toMatch(/interrupted_by_shutdown/);
    expect(app.output()).toMatch(/shutdown complete/);
    // One post per channel: the hung one is not posted again by the instance that is stopping.
    expect(slack.callsTo('chat.postMessage')).toHaveLength(3);

    const store = await openStore(databaseUrl);
    try {
      const hungChannel = slack.callsTo('chat.postMessage')[0]?.params.channel;
      const hung = subscriptions.find((s) => s.channelId === hungChannel);
      if (!hung) throw new Error('posted to an unknown channel');
      // Released for the next instance straight away (the retry floor of a second after its claim) rather than after
      // the claim's lease runs out: both times are the run's own, so no wall clock is read here.
      const run = await store.getDigestRun(hung.id, digestDate);
      expect(run).toMatchObject({ status: 'failed', messageTs: null });
      expect(run?.error).toMatch(/interrupted_by_shutdown/);
      if (!run?.nextAttemptAt) throw new Error('the interrupted run has no next attempt');
      expect(run.nextAttemptAt.getTime() - run.claimedAt.getTime()).toBeLessThanOrEqual(1_000);
      for (const other of subscriptions.filter((s) => s.id !== hung.id)) {
        expect(await store.getDigestRun(other.id, digestDate)).toMatchObject({ status: 'posted' });
      }
    } finally {
      await store.close();
    }
  }, 120_000);

  it('the next instance finds the hung post in the channel history and records it without posting it again; the others are posted once', async () => {
    const { app } = await start();
    const hungChannel = slack.callsTo('chat.postMessage')[0]?.params.channel;
    const store = await openStore(databaseUrl);
    try {
      await eventually(async () => {
        const runs = await Promise.all(subscriptions.map((s) => store.getDigestRun(s.id, digestDate)));
        return runs.every((run) => run?.status === 'posted');
      }, 60_000);
      const hung = subscriptions.find((s) => s.channelId === hungChannel);
      expect((await store.getDigestRun(hung?.id ?? 0, digestDate))?.messageTs).toBe(HUNG_POST_TS);
      expect((await store.deliveredPaperIds('T1', String(hungChannel))).size).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
    expect(slack.callsTo('conversations.history').map((call) => call.params.channel)).toContain(hungChannel);
    for (const post of slack.callsTo('chat.postMessage')) expect(blockKitErrors(post.params)).toEqual([]);
    const channels = slack.callsTo('chat.postMessage').map((call) => String(call.params.channel));
    expect([...channels].sort()).toEqual(['C_ONE', 'C_THREE', 'C_TWO']);

    app.child.kill('SIGTERM');
    const exit = await app.exited;
    expect(exit.code, app.output()).toBe(0);
  }, 120_000);
});
