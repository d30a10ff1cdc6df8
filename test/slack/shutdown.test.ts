import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Subscription } from '../../src/store/index.ts';
import { startAppProcess, type AppProcess } from '../support/app-process.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { eventually } from '../support/slack-events.ts';
import { BOT_TOKEN, SIGNING_SECRET, tempSqliteUrl } from '../support/test-app.ts';
import { digestsDueAMinuteAgo } from '../support/due-digests.ts';

/** `npm start` in HTTP mode: the real entry point, its scheduler ticking every second (DIGEST_TICK_CRON). */
function startApp(databaseUrl: string, slack: FakeSlack): AppProcess {
  return startAppProcess({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    DATABASE_URL: databaseUrl,
    DIGEST_TICK_CRON: '* * * * * *',
    // One digest at a time, so that SIGTERM finds one post in flight and two not yet started.
    DIGEST_CONCURRENCY: '1',
    HF_API_URL: `${slack.url}/hf-unused`,
  });
}

/**
 * SIGTERM (what Heroku sends before every restart) while a digest is being posted: the post finishes and is
 * recorded, the process exits 0 within 10 s, digests not yet started are left unclaimed, and the next
 * instance posts them. Nothing is lost, nothing is posted twice.
 */
describe('graceful shutdown on SIGTERM', () => {
  const databaseUrl = tempSqliteUrl();
  let slack: FakeSlack;
  let subscriptions: Subscription[] = [];
  let digestDate = '';
  const running: AppProcess[] = [];

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    let posted = 0;
    // A slow Slack: each post takes 1.5 s to be answered.
    slack.respondTo('chat.postMessage', (call) => {
      posted += 1;
      return { delayMs: 1500, body: { ok: true, channel: call.params.channel, ts: `1700000000.${String(posted).padStart(6, '0')}` } };
    });
    // Three channels whose digest was due a minute ago.
    const due = await digestsDueAMinuteAgo(databaseUrl, ['C_ONE', 'C_TWO', 'C_THREE']);
    subscriptions.push(...due.subscriptions);
    digestDate = due.digestDate;
  });

  afterAll(async () => {
    for (const r of running) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
    await slack.stop();
  });

  it('finishes the digest being posted, records it, leaves the others unclaimed, and exits 0 within 10 s', async () => {
    const app = startApp(databaseUrl, slack);
    running.push(app);
    // The first post has reached Slack and is waiting for its answer.
    await eventually(() => slack.callsTo('chat.postMessage').length >= 1, 60_000);
    const sentAt = Date.now();
    app.child.kill('SIGTERM');
    const { code, at } = await app.exited;
    expect(app.output()).toMatch(/SIGTERM received/);
    expect(code, app.output()).toBe(0);
    expect(at - sentAt).toBeLessThan(10_000);
    expect(app.output()).toMatch(/shutdown complete/);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);

    const store = await openStore(databaseUrl);
    try {
      const first = slack.callsTo('chat.postMessage')[0];
      const postedSub = subscriptions.find((s) => s.channelId === first?.params.channel);
      if (!postedSub) throw new Error('posted to an unknown channel');
      const run = await store.getDigestRun(postedSub.id, digestDate);
      expect(run).toMatchObject({ status: 'posted', messageTs: '1700000000.000001' });
      expect((await store.deliveredPaperIds('T1', postedSub.channelId)).size).toBeGreaterThan(0);
      for (const other of subscriptions.filter((s) => s.id !== postedSub.id)) {
        expect(await store.getDigestRun(other.id, digestDate)).toBeNull();
      }
    } finally {
      await store.close();
    }
  }, 90_000);

  it('the next instance posts the remaining digests once each, and stops cleanly when idle', async () => {
    const app = startApp(databaseUrl, slack);
    running.push(app);
    await eventually(() => slack.callsTo('chat.postMessage').length >= 3, 60_000);
    const store = await openStore(databaseUrl);
    try {
      await eventually(async () => {
        const runs = await Promise.all(subscriptions.map((s) => store.getDigestRun(s.id, digestDate)));
        return runs.every((run) => run?.status === 'posted');
      }, 10_000);
    } finally {
      await store.close();
    }
    app.child.kill('SIGTERM');
    const { code } = await app.exited;
    expect(code, app.output()).toBe(0);
    const channels = slack.callsTo('chat.postMessage').map((call) => call.params.channel);
    expect([...channels].sort()).toEqual(['C_ONE', 'C_THREE', 'C_TWO']);
  }, 90_000);
});
