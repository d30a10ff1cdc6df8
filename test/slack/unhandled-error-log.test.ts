/**
 * A listener failing in a way nobody planned for (here the database gone under a pasted link's unfurl), through the
 * real HTTP receiver: the operator's ERROR line says which request it was (the event type, the command, the button's
 * action_id), never what the person wrote or a token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestKind } from '../../src/slack/request-kind.ts';
import { postEvent, eventually } from '../support/slack-events.ts';
import { postSigned, slashCommandBody } from '../support/signed-request.ts';
import { SIGNING_SECRET, BOT_TOKEN, startTestApp, type RunningTestApp } from '../support/test-app.ts';

describe('the log line of an unexpected listener failure', () => {
  let t: RunningTestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await t.runtime.store.close();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('names the event type, not the links or text in it', async () => {
    const secretLink = 'https://arxiv.org/abs/2401.99999?private-note=do-not-log';
    const res = await postEvent(t.eventsUrl, SIGNING_SECRET, 'T1', {
      type: 'link_shared',
      channel: 'C1',
      user: 'U1',
      message_ts: '1700000000.000100',
      links: [{ domain: 'arxiv.org', url: secretLink }],
    });
    expect(res.status).toBe(200);
    const line = await eventually(() => t.logs.find((l) => / ERROR .*unhandled error in a listener/.test(l)));
    expect(line).toMatch(/unhandled error in a listener \(event link_shared, workspace T1\)/);
    expect(t.logs.join('\n')).not.toContain('private-note');
    expect(t.logs.join('\n')).not.toContain(BOT_TOKEN);
  });
});

describe('the log line of a request no listener acknowledged', () => {
  let t: RunningTestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('names the command (a slash command the app has no listener for), not its text', async () => {
    // Slack stops waiting after 3 s; the receiver answers it then, and says which request went unanswered.
    const res = await postSigned(t.eventsUrl, slashCommandBody({ command: '/unknown-cmd', text: 'private words here' }), SIGNING_SECRET);
    expect(res.status).toBe(404);
    const line = t.logs.find((l) => /not acknowledged/.test(l));
    expect(line).toMatch(/ ERROR .*request not acknowledged within 3 s by any listener \(command \/unknown-cmd, workspace T1\)/);
    expect(t.logs.join('\n')).not.toContain('private words');
  }, 15_000);
});

describe('requestKind', () => {
  it('says what kind of request a body is, from its identifiers only', () => {
    expect(requestKind({ command: '/paper', text: 'secret words' })).toBe('command /paper');
    expect(requestKind({ type: 'block_actions', actions: [{ action_id: 'paper_save', value: 'x' }] })).toBe('block_actions paper_save');
    expect(requestKind({ type: 'view_submission', view: { callback_id: 'subscribe_modal' } })).toBe('view_submission subscribe_modal');
    expect(requestKind({ type: 'shortcut', callback_id: 'find_paper' })).toBe('shortcut find_paper');
    expect(requestKind({ type: 'event_callback', event: { type: 'app_mention', text: 'hi' } })).toBe('event app_mention');
    expect(requestKind({ type: 'event_callback', event: { type: 'evil type\nINJECTED' } })).toBe('event (unnamed)');
    expect(requestKind(undefined)).toBe('unknown request');
  });
});
