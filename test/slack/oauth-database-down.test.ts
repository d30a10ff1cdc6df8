/**
 * The database is down while an admin installs the app (the state cannot be checked or the installation saved):
 * the browser gets a page in words saying nothing was installed and to try again in a minute (503), not a generic
 * 500 or a request that never ends; the operator gets one log line, without a stack trace or a secret.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { beginInstall, botInstallAnswer } from '../support/oauth.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { startTestApp, type RunningTestApp } from '../support/test-app.ts';

const CLIENT_SECRET = 'client-secret-db-down-0123';
const STATE_SECRET = 'state-secret-db-down-0123';
const KEY = randomBytes(32).toString('base64');
const TOKEN = 'xoxb-4444-5555-DatabaseDownBotToken';

describe('OAuth install while the database is down', () => {
  let slack: FakeSlack;
  let t: RunningTestApp;

  beforeEach(async () => {
    slack = await new FakeSlack().start();
    slack.respondTo('oauth.v2.access', () => botInstallAnswer({ accessToken: TOKEN, botUserId: 'UBOTD', team: { id: 'T_DB', name: 'Db' } }));
    slack.respondTo('auth.test', () => ({ body: { ok: true, team_id: 'T_DB', user_id: 'UBOTD', bot_id: 'BD' } }));
    t = await startTestApp({
      slack,
      env: { SLACK_BOT_TOKEN: '', SLACK_CLIENT_ID: '111.222', SLACK_CLIENT_SECRET: CLIENT_SECRET, SLACK_STATE_SECRET: STATE_SECRET, SLACK_TOKEN_ENCRYPTION_KEY: KEY },
    });
  });
  afterEach(async () => {
    await t.stop();
  });

  function expectTryAgainPage(status: number, html: string): void {
    expect(status).toBe(503);
    expect(html).toMatch(/<html/);
    expect(html).toMatch(/nothing was installed/i);
    expect(html).toMatch(/try again in a minute/i);
    expect(html).toContain('href="/slack/install"');
    expect(html).not.toMatch(/Oops|reason:|slack_oauth_|Error|destroyed|\bat [A-Za-z.]+ \(/);
    for (const secret of [CLIENT_SECRET, STATE_SECRET, KEY, TOKEN]) expect(html).not.toContain(secret);
  }

  function expectOneLine(from: number): void {
    const logged = t.logs.slice(from).filter((line) => !/ DEBUG /.test(line));
    expect(logged, logged.join('\n')).toHaveLength(1);
    expect(logged[0]).toMatch(/install not finished: the database could not be reached/);
    expect(logged[0]).not.toMatch(/\n\s+at /);
    for (const secret of [CLIENT_SECRET, STATE_SECRET, KEY, TOKEN]) expect(logged[0]).not.toContain(secret);
  }

  it('the redirect back from Slack: "try again in a minute", one log line', async () => {
    const { state, cookie } = await begin();
    await t.runtime.store.close();
    const before = t.logs.length;
    const res = await fetch(`${t.url}/slack/oauth_redirect?code=c&state=${encodeURIComponent(state)}`, { headers: { cookie }, redirect: 'manual' });
    expectTryAgainPage(res.status, await res.text());
    expectOneLine(before);
  });

  it('the installation cannot be saved after Slack granted it: the same page, one log line', async () => {
    const { state, cookie } = await begin();
    // The state is checked (the database answers), then the database goes before the installation is saved.
    slack.respondTo('oauth.v2.access', () => {
      void t.runtime.store.close();
      return botInstallAnswer({ accessToken: TOKEN, botUserId: 'UBOTD', team: { id: 'T_DB', name: 'Db' } });
    });
    const before = t.logs.length;
    const res = await fetch(`${t.url}/slack/oauth_redirect?code=c&state=${encodeURIComponent(state)}`, { headers: { cookie }, redirect: 'manual' });
    expectTryAgainPage(res.status, await res.text());
    expectOneLine(before);
  });

  it('/slack/install itself: the same page at once, one log line', async () => {
    await t.runtime.store.close();
    const before = t.logs.length;
    const res = await fetch(`${t.url}/slack/install`, { redirect: 'manual', signal: AbortSignal.timeout(5_000) });
    expectTryAgainPage(res.status, await res.text());
    expectOneLine(before);
  });

  it('/slack/install with a database that answers its check, then dies before the state is saved: the same page, one log line', async () => {
    const store = t.runtime.store;
    const forget = store.forgetOAuthStatesBefore.bind(store);
    // The install's check (forgetting old states) goes through; the database is gone right after it.
    store.forgetOAuthStatesBefore = async (now) => {
      const forgotten = await forget(now);
      await store.close();
      return forgotten;
    };
    const before = t.logs.length;
    const res = await fetch(`${t.url}/slack/install`, { redirect: 'manual', signal: AbortSignal.timeout(5_000) });
    expectTryAgainPage(res.status, await res.text());
    expectOneLine(before);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  async function begin(): Promise<{ state: string; cookie: string }> {
    const started = await beginInstall(t.url);
    expect(started.status).toBe(302);
    return started;
  }
});
