import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenSealer } from '../../src/slack/oauth/token-crypto.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { postSigned } from '../support/signed-request.ts';
import { BLOCK_ACTIONS_FIXTURE } from '../support/slack-reply.ts';
import { SIGNING_SECRET, startTestApp, type RunningTestApp } from '../support/test-app.ts';

const KEY = randomBytes(32).toString('base64');
const CLIENT_SECRET = 'client-secret-not-installed-0123';

/** Slack's own slash command payload (a workspace of an Enterprise Grid), as `/paper <text>` from `teamId`. */
function slashCommand(slack: FakeSlack, teamId: string, id: string): string {
  const form = new URLSearchParams(readFileSync('../shared/fixtures/slack-payloads/bolt-python/slash_command.form.txt', 'utf8').trim());
  form.set('team_id', teamId);
  form.set('command', '/paper');
  form.set('text', 'sparse attention');
  form.set('response_url', slack.responseUrl(id));
  return form.toString();
}

/**
 * OAuth mode, a workspace whose installation the app cannot use: never stored (the deployment just moved from one
 * SLACK_BOT_TOKEN to OAuth and nobody opened /slack/install yet), or sealed under another SLACK_TOKEN_ENCRYPTION_KEY
 * (the key was changed). Slack still sends that workspace's /paper and button clicks; the person gets told to have
 * the app installed again, instead of nothing at all.
 */
describe('OAuth: /paper from a workspace without a usable installation', () => {
  let slack: FakeSlack;
  let t: RunningTestApp;

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    t = await startTestApp({
      slack,
      env: { SLACK_BOT_TOKEN: '', SLACK_CLIENT_ID: '111.222', SLACK_CLIENT_SECRET: CLIENT_SECRET, SLACK_STATE_SECRET: 'state-secret-not-installed', SLACK_TOKEN_ENCRYPTION_KEY: KEY },
    });
    // T_ROTATED installed under a key the app no longer has.
    const oldSealer = new TokenSealer(randomBytes(32));
    const installation = { team: { id: 'T_ROTATED' }, bot: { token: 'xoxb-9999-old-key-token', userId: 'UBOT', scopes: [] }, user: { id: 'U_ADMIN' } };
    await t.runtime.store.saveInstallation({ teamId: 'T_ROTATED', enterpriseId: null, appId: 'A1', botUserId: 'UBOT', installedBy: 'U_ADMIN', sealed: oldSealer.seal(JSON.stringify(installation), 'T_ROTATED'), now: new Date() });
  });
  afterAll(async () => {
    await t.stop();
  });

  function expectReinstallAnswer(reply: Record<string, unknown> | undefined): void {
    expect(reply?.response_type).toBe('ephemeral');
    expect(String(reply?.text)).toMatch(/installed again/i);
    expect(String(reply?.text)).toMatch(/admin/i);
    expect(String(reply?.text)).not.toMatch(/key|encrypt|xox|slack_bolt/i);
    expect(blockKitErrors(reply ?? {})).toEqual([]);
  }

  for (const teamId of ['T_NEVER', 'T_ROTATED']) {
    it(`${teamId}: /paper is answered privately with "ask an admin to install it again"; nothing is run`, async () => {
      const before = slack.callsTo('response_url').length;
      const res = await postSigned(t.eventsUrl, slashCommand(slack, teamId, `cmd-${teamId}`), SIGNING_SECRET);
      expect(res.status).toBe(200);
      const [reply] = (await slack.waitFor('response_url', before + 1)).filter((call) => call.responseId === `cmd-${teamId}`);
      expectReinstallAnswer(reply?.params);
      expect(slack.callsTo('conversations.info')).toHaveLength(0);
      expect(await t.runtime.store.listTeamSubscriptions(teamId)).toEqual([]);
    });
  }

  it('a button click from such a workspace gets the same private answer', async () => {
    const before = slack.callsTo('response_url').length;
    const payload = { ...BLOCK_ACTIONS_FIXTURE, team: { id: 'T_ROTATED', domain: 'rotated' }, response_url: slack.responseUrl('click-rotated') };
    const res = await postSigned(t.eventsUrl, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), SIGNING_SECRET);
    expect(res.status).toBe(200);
    await slack.waitFor('response_url', before + 1);
    const reply = slack.callsTo('response_url').find((call) => call.responseId === 'click-rotated');
    expectReinstallAnswer(reply?.params);
    expect(reply?.params.replace_original).toBe(false);
  });

  it('the operator\'s log says why, in one warning per request, with no token or key; a changed key is one ERROR naming it', () => {
    const lines = t.logs.filter((line) => !/ DEBUG /.test(line));
    const log = lines.join('\n');
    expect(log).toMatch(/WARN .*workspace T_ROTATED: request not authorized: .*encrypted with another key/);
    expect(log).toMatch(/WARN .*workspace T_NEVER: request not authorized: .*no installation for workspace T_NEVER/);
    // Two requests from T_ROTATED, one ERROR line: what the operator must fix (the key), not one per request.
    const errors = lines.filter((line) => / ERROR /.test(line));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/workspace T_ROTATED cannot be decrypted with the current SLACK_TOKEN_ENCRYPTION_KEY/);
    for (const secret of [KEY, CLIENT_SECRET, 'xoxb-9999']) expect(t.logs.join('\n')).not.toContain(secret);
  });
});
