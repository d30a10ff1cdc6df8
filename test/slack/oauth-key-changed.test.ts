/**
 * OAuth mode after SLACK_TOKEN_ENCRYPTION_KEY was changed: a workspace's stored installation was sealed with the old
 * key and cannot be opened. Its digests must not be retried all day with the decryption error: the operator gets one
 * ERROR line naming SLACK_TOKEN_ENCRYPTION_KEY and the workspace (no key, no token), the workspace's digests pause
 * with a reason saying so, and installing the app again (its token sealed with the current key) resumes them.
 * Through the real HTTP receiver's OAuth routes, the digest runner on an injected clock and the fake Slack Web API.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackApp } from '../../src/app.ts';
import { TokenSealer } from '../../src/slack/oauth/token-crypto.ts';
import { pausedReasonText } from '../../src/views/pause-reasons.ts';
import { ClockedApp } from '../support/clocked-app.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { beginInstall, botInstallAnswer } from '../support/oauth.ts';

const KEY = randomBytes(32).toString('base64');
const OLD_KEY = randomBytes(32);
const OLD_TOKEN = 'xoxb-1111-2222-SealedWithTheOldKey';
const NEW_TOKEN = 'xoxb-5555-6666-ReinstalledWithTheNewKey';
const TEAM = 'T_KEY';
const CHANNEL = 'C_KEY';

describe('OAuth: a workspace whose stored token the current SLACK_TOKEN_ENCRYPTION_KEY cannot open', () => {
  const t = new ClockedApp('2026-12-03T08:00:00Z');
  let slack: FakeSlack;
  let subscriptionId = 0;

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    slack.respondTo('oauth.v2.access', () => botInstallAnswer({ accessToken: NEW_TOKEN, botUserId: 'UBOTK', team: { id: TEAM, name: 'Key' } }));
    slack.respondTo('auth.test', () => ({ body: { ok: true, team_id: TEAM, user_id: 'UBOTK', bot_id: 'BK' } }));
    await t.start({
      slack,
      env: { SLACK_BOT_TOKEN: '', SLACK_CLIENT_ID: '111.222', SLACK_CLIENT_SECRET: 'client-secret-key-0123', SLACK_STATE_SECRET: 'state-secret-key-0123', SLACK_TOKEN_ENCRYPTION_KEY: KEY },
    });
    const { store } = t.app.runtime;
    const installation = { team: { id: TEAM }, bot: { token: OLD_TOKEN, userId: 'UBOTK', scopes: [] }, user: { id: 'U_ADMIN' } };
    await store.saveInstallation({ teamId: TEAM, enterpriseId: null, appId: 'A1', botUserId: 'UBOTK', installedBy: 'U_ADMIN', sealed: new TokenSealer(OLD_KEY).seal(JSON.stringify(installation), TEAM), now: t.now });
    const { subscription } = await store.upsertSubscription({ teamId: TEAM, channelId: CHANNEL, topic: 'sparse attention', createdBy: 'U1', time: '09:00', timezone: 'UTC', cadence: 'daily', now: t.now });
    subscriptionId = subscription.id;
  });
  afterAll(async () => {
    await t.stop();
  });

  const errors = (): string[] => t.app.logs.filter((line) => / ERROR /.test(line));

  it('the digest is not retried all day: one ERROR line naming the variable and the workspace, the workspace paused', async () => {
    await t.tick('2026-12-03T09:00:00Z');
    const { store } = t.app.runtime;
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
    const run = await store.getDigestRun(subscriptionId, '2026-12-03');
    expect(run).toMatchObject({ status: 'failed', nextAttemptAt: null });
    expect((await store.getWorkspace(TEAM))?.pausedReason).toBe('token_unreadable');
    expect(pausedReasonText('token_unreadable')).toMatch(/install/i);

    // The rest of the day: nothing tried again, nothing logged again.
    for (const at of ['2026-12-03T09:01:00Z', '2026-12-03T09:30:00Z', '2026-12-03T13:00:00Z', '2026-12-03T20:00:00Z']) await t.tick(at);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
    expect((await store.getDigestRun(subscriptionId, '2026-12-03'))?.attempts).toBe(1);
    expect(errors()).toHaveLength(1);
    expect(errors()[0]).toMatch(/SLACK_TOKEN_ENCRYPTION_KEY/);
    expect(errors()[0]).toMatch(new RegExp(`workspace ${TEAM}`));
    expect(errors()[0]).toMatch(/install the app again/);
    const everything = t.app.logs.join('\n');
    for (const secret of [KEY, OLD_KEY.toString('base64'), OLD_TOKEN]) expect(everything).not.toContain(secret);
  });

  it('installing the app again stores the token under the current key and resumes the digests', async () => {
    const { state, cookie } = await beginInstall(t.app.url);
    const done = await fetch(`${t.app.url}/slack/oauth_redirect?code=c&state=${encodeURIComponent(state)}`, { headers: { cookie } });
    expect(done.status).toBe(200);
    expect((await t.app.runtime.store.getWorkspace(TEAM))?.pausedReason ?? null).toBeNull();

    await t.tick('2026-12-04T09:00:00Z');
    const posts = slack.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.params.channel).toBe(CHANNEL);
    expect(posts[0]?.authorization).toBe(`Bearer ${NEW_TOKEN}`);
    expect((await t.app.runtime.store.getDigestRun(subscriptionId, '2026-12-04'))?.status).toBe('posted');
    expect(errors()).toHaveLength(1);
  });
});

describe('OAuth: the previous SLACK_TOKEN_ENCRYPTION_KEY restored instead of reinstalling', () => {
  const t = new ClockedApp('2026-12-03T08:00:00Z');
  let slack: FakeSlack;

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    await t.start({
      slack,
      env: { SLACK_BOT_TOKEN: '', SLACK_CLIENT_ID: '111.222', SLACK_CLIENT_SECRET: 'client-secret-key-0123', SLACK_STATE_SECRET: 'state-secret-key-0123', SLACK_TOKEN_ENCRYPTION_KEY: KEY },
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('the start finds the stored token readable again and resumes the workspace the other key paused', async () => {
    const { store } = t.app.runtime;
    const installation = { team: { id: TEAM }, bot: { token: OLD_TOKEN, userId: 'UBOTK', scopes: [] }, user: { id: 'U_ADMIN' } };
    const sealer = new TokenSealer(Buffer.from(KEY, 'base64'));
    await store.saveInstallation({ teamId: TEAM, enterpriseId: null, appId: 'A1', botUserId: 'UBOTK', installedBy: 'U_ADMIN', sealed: sealer.seal(JSON.stringify(installation), TEAM), now: t.now });
    const { subscription } = await store.upsertSubscription({ teamId: TEAM, channelId: CHANNEL, topic: 'sparse attention', createdBy: 'U1', time: '09:00', timezone: 'UTC', cadence: 'daily', now: t.now });
    // What a run under another key left: the workspace paused because its token could not be read.
    await store.setWorkspacePaused(TEAM, 'token_unreadable', t.now);

    t.now = new Date('2026-12-03T10:00:00Z');
    await createSlackApp(t.app.runtime, 'http').checkToken();
    expect((await store.getWorkspace(TEAM))?.pausedReason ?? null).toBeNull();
    expect(t.app.logs.join('\n')).toMatch(new RegExp(`workspace ${TEAM}.*readable again`));

    await t.tick('2026-12-04T09:00:00Z');
    const posts = slack.callsTo('chat.postMessage');
    expect(posts.map((post) => post.params.channel)).toEqual([CHANNEL]);
    expect(posts[0]?.authorization).toBe(`Bearer ${OLD_TOKEN}`);
    expect((await store.getDigestRun(subscription.id, '2026-12-04'))?.status).toBe('posted');
  });
});
