import { describe, expect, it } from 'vitest';
import { createLogger, LogLevel } from '../../src/logger.ts';
import { singleTokenAuthorize, type BotIdentity } from '../../src/slack/single-token-authorize.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { eventually, postEvent } from '../support/slack-events.ts';
import { BOT_TOKEN, SIGNING_SECRET, startTestApp } from '../support/test-app.ts';

const source = { teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false } as const;
const BOT: BotIdentity = { botId: 'BBOT', botUserId: 'UBOT' };

function quietLogger(lines: string[] = []) {
  return createLogger({ level: LogLevel.DEBUG, write: (line) => lines.push(line) });
}

describe('single-token authorization', () => {
  it('Slack unreachable as the app starts: the app keeps serving, learns the bot ids once Slack answers, logs no token', async () => {
    const slack = await new FakeSlack().start();
    slack.answerNext('auth.test', { status: 503, body: { ok: false } });
    const t = await startTestApp({ slack });
    try {
      await t.runtime.store.upsertSubscription({ teamId: 'T1', channelId: 'C1', topic: 'agents', createdBy: 'U1' });
      await eventually(() => t.logs.some((line) => line.includes('auth.test for SLACK_BOT_TOKEN failed')));
      // The bot leaving a channel needs the bot's user id: the request asks Slack again, which answers now.
      const res = await postEvent(t.eventsUrl, SIGNING_SECRET, 'T1', { type: 'member_left_channel', user: 'UBOT', channel: 'C1', channel_type: 'C', team: 'T1' });
      expect(res.status).toBe(200);
      await eventually(async () => (await t.runtime.store.listSubscriptions('T1', 'C1'))[0]?.pausedReason === 'not_in_channel');
      expect(slack.callsTo('auth.test')).toHaveLength(2);
      expect(t.logs.join('\n')).not.toContain(BOT_TOKEN);
    } finally {
      await t.stop();
    }
  });

  it('asks once while Slack answers, and keeps the answer for every later request', async () => {
    let asked = 0;
    const authorize = singleTokenAuthorize({ botToken: 'xoxb-1', identify: async () => (asked += 1, BOT), logger: quietLogger() });
    expect(await authorize(source)).toEqual({ isEnterpriseInstall: false, botToken: 'xoxb-1', ...BOT });
    expect(await authorize(source)).toEqual({ isEnterpriseInstall: false, botToken: 'xoxb-1', ...BOT });
    expect(asked).toBe(1);
  });

  it('a failed answer is asked again on the next request, and the request still gets the token', async () => {
    const answers: Array<() => Promise<BotIdentity>> = [() => Promise.reject(new Error('connect ECONNREFUSED')), async () => BOT];
    const lines: string[] = [];
    const authorize = singleTokenAuthorize({
      botToken: 'xoxb-1',
      identify: () => (answers.shift() ?? (() => Promise.reject(new Error('asked too often'))))(),
      logger: quietLogger(lines),
    });
    await eventually(() => lines.some((line) => line.includes('failed (unreachable)')));
    expect(await authorize(source)).toEqual({ isEnterpriseInstall: false, botToken: 'xoxb-1', ...BOT });
    expect(answers).toHaveLength(0);
  });

  it('a request never waits on a hanging auth.test for longer than waitMs; it runs with the token alone', async () => {
    const authorize = singleTokenAuthorize({ botToken: 'xoxb-1', identify: () => new Promise<BotIdentity>(() => {}), logger: quietLogger(), waitMs: 30 });
    expect(await authorize(source)).toEqual({ isEnterpriseInstall: false, botToken: 'xoxb-1' });
  });
});
