import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { beginInstall, botInstallAnswer } from '../support/oauth.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { startTestApp, type RunningTestApp } from '../support/test-app.ts';

const CLIENT_SECRET = 'client-secret-redirect-pages-0123';
const STATE_SECRET = 'state-secret-redirect-pages-0123';
const KEY = randomBytes(32).toString('base64');

/**
 * What the admin's browser shows when an install does not finish (consent denied, a stale or foreign state, Slack
 * refusing the code, an org-wide install): a page that says what happened and how to start again, in words, with
 * the right status, never Bolt's "Oops, Something Went Wrong! (reason: slack_oauth_…)", a stack trace or a secret.
 */
describe('OAuth redirect pages when an install does not finish', () => {
  let slack: FakeSlack;
  let t: RunningTestApp;
  let orgWide = false;

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    slack.respondTo('oauth.v2.access', (call) => {
      if (call.params.code !== 'code-from-slack') return { body: { ok: false, error: 'invalid_code' } };
      return botInstallAnswer({
        accessToken: 'xoxb-7777-8888-RedirectPagesBotToken',
        botUserId: 'UBOT7',
        team: orgWide ? null : { id: 'T7', name: 'Team Seven' },
        enterprise: orgWide ? { id: 'E7', name: 'Grid' } : null,
      });
    });
    slack.respondTo('auth.test', () => ({ body: { ok: true, team_id: 'T7', user_id: 'UBOT7', bot_id: 'B7', url: 'https://grid.enterprise.slack.com/' } }));
    t = await startTestApp({
      slack,
      env: { SLACK_BOT_TOKEN: '', SLACK_CLIENT_ID: '111.222', SLACK_CLIENT_SECRET: CLIENT_SECRET, SLACK_STATE_SECRET: STATE_SECRET, SLACK_TOKEN_ENCRYPTION_KEY: KEY },
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  const begin = (): Promise<{ state: string; cookie: string }> => beginInstall(t.url);

  /** The redirect as the browser comes back with it; `logged`: the lines above debug it logged. */
  async function land(query: string, cookie?: string): Promise<{ status: number; html: string; logged: string[] }> {
    const before = t.logs.length;
    const res = await fetch(`${t.url}/slack/oauth_redirect?${query}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
    const html = await res.text();
    return { status: res.status, html, logged: t.logs.slice(before).filter((line) => !/ DEBUG /.test(line)) };
  }

  /** What an operator reads: one line, no stack trace, not an ERROR (nothing is wrong with the app). */
  function expectOneQuietLine(logged: string[], pattern: RegExp): void {
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(pattern);
    expect(logged[0]).not.toMatch(/ ERROR |\n\s+at /);
  }

  function expectFriendly(html: string): void {
    expect(html).toMatch(/<html/);
    expect(html).not.toMatch(/Oops|reason:|slack_oauth_|Error:|\bat [A-Za-z.]+ \(/);
    for (const secret of [CLIENT_SECRET, STATE_SECRET, KEY, 'xoxb-']) expect(html).not.toContain(secret);
    // Every page says how to start again.
    expect(html).toContain('href="/slack/install"');
  }

  it('the admin clicks Cancel on Slack\'s consent page: "installation cancelled", not a server error', async () => {
    const { state, cookie } = await begin();
    const page = await land(`error=access_denied&state=${encodeURIComponent(state)}`, cookie);
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/cancelled/i);
    expect(page.html).toMatch(/nothing was installed/i);
    expectFriendly(page.html);
    expect(slack.callsTo('oauth.v2.access')).toHaveLength(0);
    expectOneQuietLine(page.logged, / INFO .*install cancelled on Slack's consent page/);
  });

  it('the redirect opened without the install cookie (another browser) or with a forged state: start again, 400', async () => {
    const { state, cookie } = await begin();
    for (const page of [await land(`code=code-from-slack&state=${encodeURIComponent(state)}`), await land('code=code-from-slack&state=forged', 'slack-app-oauth-state=forged'), await land(`code=code-from-slack`, cookie)]) {
      expect(page.status).toBe(400);
      expect(page.html).toMatch(/same browser/i);
      expect(page.html).toMatch(/nothing was installed/i);
      expectFriendly(page.html);
      expectOneQuietLine(page.logged, / WARN .*install not finished: /);
    }
    expect(slack.callsTo('oauth.v2.access')).toHaveLength(0);
    expect(await t.runtime.store.getInstallation('T7')).toBeNull();
  });

  it('an expired state (the consent page left open over 10 minutes): start again, 400', async () => {
    const { state, cookie } = await begin();
    // Only Date is faked (the server's timers run as usual): the state was issued 11 minutes ago.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 11 * 60_000);
    try {
      const page = await land(`code=code-from-slack&state=${encodeURIComponent(state)}`, cookie);
      expect(page.status).toBe(400);
      expect(page.html).toMatch(/expired/i);
      expectFriendly(page.html);
    } finally {
      vi.useRealTimers();
    }
  });

  it('Slack refuses the code (the redirect replayed or reloaded): try again, nothing stored', async () => {
    const { state, cookie } = await begin();
    const page = await land(`code=used-code&state=${encodeURIComponent(state)}`, cookie);
    expect(page.status).toBe(500);
    expect(page.html).toMatch(/did not finish/i);
    expectFriendly(page.html);
    expect(await t.runtime.store.getInstallation('T7')).toBeNull();
  });

  it('an org-wide (Enterprise Grid) install is refused in words: install it workspace by workspace', async () => {
    orgWide = true;
    try {
      const { state, cookie } = await begin();
      const page = await land(`code=code-from-slack&state=${encodeURIComponent(state)}`, cookie);
      expect(page.status).toBe(400);
      expect(page.html).toMatch(/each workspace/i);
      expectFriendly(page.html);
      expectOneQuietLine(page.logged, / WARN .*install not finished: Org-wide/);
    } finally {
      orgWide = false;
    }
  });

  it('a finished install still lands on the "Thank you" page', async () => {
    const { state, cookie } = await begin();
    const page = await land(`code=code-from-slack&state=${encodeURIComponent(state)}`, cookie);
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/Thank you/);
    expect(await t.runtime.store.getInstallation('T7')).toMatchObject({ teamId: 'T7' });
  });
});
