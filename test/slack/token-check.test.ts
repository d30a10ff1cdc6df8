/**
 * The startup check of SLACK_BOT_TOKEN (auth.test), in the real app process (HTTP mode): a token Slack refuses is
 * named as refused; a Slack that cannot be reached is not blamed on the token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../support/fake-slack.ts';
import { freePort, startAppProcess, type AppProcess } from '../support/app-process.ts';

const BOT_TOKEN = 'xoxb-1-token-check-secret';
const SIGNING_SECRET = 'token-check-signing-secret';

describe('the SLACK_BOT_TOKEN check at start (npm start, HTTP mode)', { timeout: 90_000 }, () => {
  let slack: FakeSlack;
  const apps: AppProcess[] = [];

  beforeAll(async () => {
    slack = await new FakeSlack().start();
  });
  afterAll(async () => {
    for (const app of apps) app.kill();
    await slack.stop();
  });

  async function start(apiUrl: string): Promise<AppProcess> {
    const app = startAppProcess({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: apiUrl,
      DATABASE_URL: 'sqlite::memory:',
      PORT: String(await freePort()),
    });
    apps.push(app);
    return app;
  }

  it('a Slack that cannot be reached is said to be unreachable, not to have rejected the token', async () => {
    const app = await start(`http://127.0.0.1:${await freePort()}/api/`);
    await app.waitForOutput(/ready \(instance/);
    await app.waitForOutput(/SLACK_BOT_TOKEN[^\n]*\n[^]*SLACK_BOT_TOKEN[^\n]*\n/);
    expect(app.output()).not.toMatch(/rejected SLACK_BOT_TOKEN/);
    expect(app.output()).toMatch(/WARN \[paper-digest\] could not reach Slack to check SLACK_BOT_TOKEN \(auth\.test: [^)\n]+\); it is checked again on the next request/);
    expect(app.output()).not.toContain(BOT_TOKEN);
    app.kill();
  });

  it('a token Slack accepts is checked with one auth.test at start, shared by the bot ids and the token check', async () => {
    const before = slack.callsTo('auth.test').length;
    const app = await start(slack.apiUrl);
    await app.waitForOutput(/SLACK_BOT_TOKEN checked: Slack accepts it \(workspace T1\)/);
    expect(slack.callsTo('auth.test').length - before).toBe(1);
    expect(slack.callsTo('auth.test').at(-1)?.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(app.output()).not.toContain(BOT_TOKEN);
    app.kill();
  });

  it('a token Slack refuses is named as refused, with Slack\'s error', async () => {
    slack.respondTo('auth.test', () => ({ body: { ok: false, error: 'invalid_auth' } }));
    const app = await start(slack.apiUrl);
    await app.waitForOutput(/Slack rejected SLACK_BOT_TOKEN \(invalid_auth\): if the app was reinstalled, set its new bot token/);
    expect(app.output()).not.toContain(BOT_TOKEN);
    app.kill();
  });
});
