/**
 * SIGTERM while the app is still starting (Heroku restarts or redeploys a dyno that is still loading its index): the
 * HTTP server already answers Slack then (`/paper subscribe` works without the index), so a command in flight at the
 * signal must get its answer and what it stored must stay stored; the process exits 0 within 10 s, as after start.
 * The app is the real entry point (src/main.ts) as a child process on Postgres, kept from becoming ready by another
 * session's transaction holding the row its seed upsert must update (the papers' revision, in this test's own
 * schema: no other test waits on it), so it answers /healthz 503 "starting" for as long as the test needs.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import { describePostgres, TEST_DATABASE_URL, adminClient, randomSchemaName, withSearchPath } from '../store/harness.ts';
import { freePort, startAppProcess, type AppProcess } from '../support/app-process.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { postSigned, slashCommandBody } from '../support/signed-request.ts';
import { BOT_TOKEN, SIGNING_SECRET } from '../support/test-app.ts';

await describePostgres('SIGTERM while starting', () => {
  describe('SIGTERM while the app is still loading its index', () => {
    let admin: pg.Client;
    /** Holds the papers' revision row while the app starts. */
    let blocker: pg.Client;
    let slack: FakeSlack;
    const schema = randomSchemaName('pd_starting');
    const databaseUrl = withSearchPath(TEST_DATABASE_URL, schema);
    const running: AppProcess[] = [];

    beforeAll(async () => {
      admin = await adminClient(TEST_DATABASE_URL);
      await admin.query(`create schema "${schema}"`);
      await (await openStore(databaseUrl)).close();
      blocker = await adminClient(TEST_DATABASE_URL);
      slack = await new FakeSlack().start();
    });
    afterAll(async () => {
      for (const app of running) app.kill();
      await blocker.end();
      await admin.query(`drop schema if exists "${schema}" cascade`);
      await admin.end();
      await slack.stop();
    });

    it('answers the /paper subscribe in flight, keeps the subscription, and exits 0', async () => {
      // Another session is writing papers: the app's seed upsert waits for it, so the app stays "starting".
      await blocker.query('begin');
      await blocker.query(`select revision from "${schema}".paper_corpus for update`);
      const port = await freePort();
      const app = startAppProcess({
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        INDEX_CACHE_DIR: 'off',
        HF_API_URL: `${slack.url}/hf-unused`,
      });
      running.push(app);
      await app.waitForOutput(/listening on port/, 60_000);
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/healthz`)).status).toBe(503);

      // Slack is slow to say whether the bot may post in the channel: the command is in flight for 4 s.
      slack.respondTo('conversations.info', (call) => ({
        delayMs: 4_000,
        body: { ok: true, channel: { id: call.params.channel, is_private: false, is_member: true, is_archived: false } },
      }));
      const infoCalls = slack.callsTo('conversations.info').length;
      const reply = postSigned(
        `${base}/slack/events`,
        slashCommandBody({ text: 'subscribe speculative decoding', team_id: 'T1', channel_id: 'CSTART', user_id: 'U1', response_url: slack.responseUrl('starting') }),
        SIGNING_SECRET,
      );
      await slack.waitFor('conversations.info', infoCalls + 1, 10_000);
      app.child.kill('SIGTERM');
      await app.waitForOutput(/SIGTERM received/, 5_000);
      // The other session ends: the app's start goes on while it shuts down (its database is closed at the end).
      await blocker.query('rollback');

      // Acked in time ("Working on it…"), answered at the response_url once Slack said the channel is fine.
      const response = await reply;
      expect(response.status).toBe(200);
      const ack = JSON.stringify(await response.json());
      const { code } = await app.exited;
      const answers = slack.callsTo('response_url').filter((call) => call.responseId === 'starting');
      expect([ack, ...answers.map((call) => JSON.stringify(call.params))].filter((text) => text.includes('Subscribed this channel to *speculative decoding*'))).toHaveLength(1);
      // 0: a graceful end (the 9 s forced exit is 1).
      expect(code, app.output()).toBe(0);
      expect(app.output()).toMatch(/SIGTERM received/);
      expect(app.output()).toMatch(/shutdown complete/);
      expect(app.output()).not.toMatch(/ready \(instance/);

      const store = await openStore(databaseUrl);
      try {
        expect((await store.listSubscriptions('T1', 'CSTART')).map((s) => s.topic)).toEqual(['speculative decoding']);
      } finally {
        await store.close();
      }
    }, 90_000);
  });
});
