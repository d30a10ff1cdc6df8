/**
 * The OAuth `state` is single use: once a redirect to /slack/oauth_redirect has used it, the same state (with its
 * cookie) installs nothing again, on this instance or another one sharing the database, and of two redirects with the
 * same state arriving at once exactly one installs. Bolt's real install flow (/slack/install → the redirect →
 * oauth.v2.access on the fake Slack Web API), on SQLite and on two instances sharing one Postgres (skipped with a
 * warning when Postgres does not answer, unless CI or REQUIRE_POSTGRES=1).
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL, adminClient, describePostgres, randomSchemaName, withSearchPath } from '../store/harness.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { beginInstall, botInstallAnswer } from '../support/oauth.ts';
import { startTestApp, tempSqliteUrl, type RunningTestApp } from '../support/test-app.ts';

const CLIENT_SECRET = 'client-secret-single-use-0123';
const STATE_SECRET = 'state-secret-single-use-0123';
const KEY = randomBytes(32).toString('base64');
const OAUTH_ENV = { SLACK_BOT_TOKEN: '', SLACK_CLIENT_ID: '111.222', SLACK_CLIENT_SECRET: CLIENT_SECRET, SLACK_STATE_SECRET: STATE_SECRET, SLACK_TOKEN_ENCRYPTION_KEY: KEY };

/** A fake Slack whose oauth.v2.access accepts any code (Slack's own code check is not what is tested here). */
async function slackForInstalls(): Promise<FakeSlack> {
  const slack = await new FakeSlack().start();
  slack.respondTo('oauth.v2.access', () => botInstallAnswer({ accessToken: 'xoxb-5555-6666-SingleUseStateBotToken', botUserId: 'UBOT5', team: { id: 'T5', name: 'Team Five' } }));
  slack.respondTo('auth.test', () => ({ body: { ok: true, team_id: 'T5', user_id: 'UBOT5', bot_id: 'B5' } }));
  return slack;
}

/** The browser coming back from Slack's consent page: the redirect with a code, the state and the install cookie. */
async function land(app: RunningTestApp, state: string, cookie: string, code = 'code-from-slack'): Promise<{ status: number; html: string }> {
  const res = await fetch(`${app.url}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`, { headers: { cookie }, redirect: 'manual' });
  return { status: res.status, html: await res.text() };
}

function expectUsedLinkPage(page: { status: number; html: string }): void {
  expect(page.status).toBe(400);
  expect(page.html).toMatch(/already used/);
  expect(page.html).toMatch(/nothing was installed/i);
  expect(page.html).toContain('href="/slack/install"');
  expect(page.html).not.toMatch(/Oops|slack_oauth_|Thank you/);
}

describe('OAuth state is single use (SQLite)', () => {
  let slack: FakeSlack;
  let t: RunningTestApp;

  beforeAll(async () => {
    slack = await slackForInstalls();
    t = await startTestApp({ slack, databaseUrl: tempSqliteUrl(), env: OAUTH_ENV });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('the same redirect replayed (same state and cookie) installs nothing the second time', async () => {
    const { state, cookie } = await beginInstall(t.url);
    const first = await land(t, state, cookie);
    expect(first.status).toBe(200);
    expect(first.html).toMatch(/Thank you/);
    expect(slack.callsTo('oauth.v2.access')).toHaveLength(1);
    const installedAt = (await t.runtime.store.getInstallation('T5'))?.installedAt;

    const replay = await land(t, state, cookie, 'another-code');
    expectUsedLinkPage(replay);
    expect(slack.callsTo('oauth.v2.access')).toHaveLength(1);
    expect((await t.runtime.store.getInstallation('T5'))?.installedAt).toEqual(installedAt);
    // Not an error of the app: one quiet line.
    expect(t.logs.filter((line) => / ERROR /.test(line))).toEqual([]);
  });

  it('two redirects with one state at once (a double click on Allow): exactly one exchanges the code', async () => {
    const before = slack.callsTo('oauth.v2.access').length;
    const { state, cookie } = await beginInstall(t.url);
    const pages = await Promise.all([land(t, state, cookie), land(t, state, cookie), land(t, state, cookie)]);
    expect(pages.map((page) => page.status).sort()).toEqual([200, 400, 400]);
    expect(slack.callsTo('oauth.v2.access')).toHaveLength(before + 1);
  });

  it('a state survives a restart of the app (an install begun before a deploy finishes after it), still once', async () => {
    const { state, cookie } = await beginInstall(t.url);
    const databaseUrl = t.runtime.config.databaseUrl;
    await t.stop({ keepSlack: true });
    t = await startTestApp({ slack, databaseUrl, env: OAUTH_ENV });
    expect((await land(t, state, cookie)).status).toBe(200);
    expectUsedLinkPage(await land(t, state, cookie));
  });

  it('installs started at once each get their own state, saved before the redirect, and each one installs', async () => {
    const started = await Promise.all(Array.from({ length: 6 }, () => beginInstall(t.url)));
    expect(started.map((s) => s.status)).toEqual(Array(6).fill(302));
    expect(new Set(started.map((s) => s.state)).size).toBe(6);
    // Each cookie carries its own redirect's state.
    for (const { state, cookie } of started) expect(cookie).toContain(state);
    const calls = slack.callsTo('oauth.v2.access').length;
    for (const { state, cookie } of started) expect((await land(t, state, cookie)).html).toMatch(/Thank you/);
    expect(slack.callsTo('oauth.v2.access')).toHaveLength(calls + 6);
  });
});

await describePostgres('OAuth state single use across instances', () => {
  describe('OAuth state is single use across two instances on one Postgres', () => {
    let admin: pg.Client;
    const schema = randomSchemaName('pd_oauth_state');
    let slack: FakeSlack;
    let a: RunningTestApp;
    let b: RunningTestApp;

    beforeAll(async () => {
      admin = await adminClient(TEST_DATABASE_URL);
      await admin.query(`create schema "${schema}"`);
      const databaseUrl = withSearchPath(TEST_DATABASE_URL, schema);
      slack = await slackForInstalls();
      a = await startTestApp({ slack, databaseUrl, env: { ...OAUTH_ENV, INDEX_CACHE_DIR: 'off' } });
      b = await startTestApp({ slack, databaseUrl, env: { ...OAUTH_ENV, INDEX_CACHE_DIR: 'off' } });
    }, 60_000);
    afterAll(async () => {
      await Promise.all([a?.stop({ keepSlack: true }), b?.stop({ keepSlack: true })]);
      await slack?.stop();
      await admin?.query(`drop schema if exists "${schema}" cascade`);
      await admin?.end();
    });

    it('begun on one instance, finished on the other; the replay on either installs nothing', async () => {
      const { state, cookie } = await beginInstall(a.url);
      const done = await land(b, state, cookie);
      expect(done.status).toBe(200);
      expect(await a.runtime.store.getInstallation('T5')).toMatchObject({ teamId: 'T5' });
      expectUsedLinkPage(await land(a, state, cookie));
      expectUsedLinkPage(await land(b, state, cookie));
      expect(slack.callsTo('oauth.v2.access')).toHaveLength(1);
    });

    it('the same redirect reaching both instances at once installs once', async () => {
      const before = slack.callsTo('oauth.v2.access').length;
      for (let round = 0; round < 5; round++) {
        const { state, cookie } = await beginInstall(round % 2 === 0 ? a.url : b.url);
        const pages = await Promise.all([land(a, state, cookie), land(b, state, cookie)]);
        expect(pages.map((page) => page.status).sort()).toEqual([200, 400]);
      }
      expect(slack.callsTo('oauth.v2.access')).toHaveLength(before + 5);
    });
  });
});
