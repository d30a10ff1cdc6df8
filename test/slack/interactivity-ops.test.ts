import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnownBlock } from '@slack/types';
import { runDueDigests } from '../../src/digests/runner.ts';
import { createLogger, LogLevel, withLogContext } from '../../src/logger.ts';
import { ActionId } from '../../src/views/action-ids.ts';
import { InFlightRequests, requestIdOf } from '../../src/slack/request-tracking.ts';
import { openChannels } from '../support/fake-slack.ts';
import { blockActionBody, buttonClickBody, postSigned, slashCommandBody } from '../support/signed-request.ts';
import { SIGNING_SECRET, seedPaperSearch, startTestApp, type RunningTestApp } from '../support/test-app.ts';

interface Button {
  action_id?: string;
  value?: string;
  confirm?: { title?: { text: string }; text: { text: string }; confirm?: { text: string }; deny?: { text: string }; style?: string };
}

describe('the Unsubscribe button under a digest', () => {
  let clock = new Date('2026-11-23T08:00:00Z');
  let t: RunningTestApp;

  beforeAll(async () => {
    t = await startTestApp({ clock: () => clock });
    openChannels(t.slack);
  });
  afterAll(async () => {
    await t.stop();
  });

  const click = async (value: string | undefined, responseId: string): Promise<Record<string, unknown>> => {
    const before = t.slack.callsTo('response_url').length;
    const res = await postSigned(
      t.eventsUrl,
      buttonClickBody({
        actionId: ActionId.unsubscribe,
        value,
        blockId: 'digest_actions',
        userId: 'U7',
        channelId: 'C_DIGEST',
        responseUrl: t.slack.responseUrl(responseId),
        container: { type: 'message', message_ts: '1700000000.000001' },
      }),
      SIGNING_SECRET,
    );
    expect(res.status).toBe(200);
    return (await t.slack.waitFor('response_url', before + 1)).at(-1)?.params ?? {};
  };

  it('asks for confirmation in Slack, then stops the digest and tells only the clicker', async () => {
    const res = await postSigned(
      t.eventsUrl,
      slashCommandBody({ channel_id: 'C_DIGEST', text: 'subscribe sparse attention at 09:00 tz UTC', response_url: t.slack.responseUrl('s') }),
      SIGNING_SECRET,
    );
    expect(res.status).toBe(200);
    clock = new Date('2026-11-23T09:00:00Z');
    await runDueDigests(t.runtime.runnerDeps(t.poster), clock);
    const post = t.slack.callsTo('chat.postMessage').at(-1);
    const blocks = post?.params.blocks as KnownBlock[];
    const button = blocks
      .flatMap((b) => (b.type === 'actions' ? (b.elements as unknown as Button[]) : []))
      .find((b) => b.action_id === ActionId.unsubscribe);
    // Slack shows this dialog before it sends the click at all.
    expect(button?.confirm).toMatchObject({
      title: { text: 'Stop the digest for sparse attention?' },
      confirm: { text: 'Unsubscribe' },
      deny: { text: 'Keep it' },
      style: 'danger',
    });

    const reply = await click(button?.value, 'u1');
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(reply.text)).toMatch(/Unsubscribed this channel from \*sparse attention\*/);
    expect(await t.runtime.store.listSubscriptions('T1', 'C_DIGEST')).toEqual([]);
    // The digest message itself stays; a second click is harmless.
    const again = await click(button?.value, 'u2');
    expect(String(again.text)).toMatch(/already stopped/);
  });

  it('works on Enterprise Grid with an org-wide install (Slack sends team: null; the workspace is the user\'s team_id)', async () => {
    // Slack's own payload for a click in an org-wide install (bolt-python's fixture): team null, enterprise set.
    const org = JSON.parse(
      readFileSync(resolve(import.meta.dirname, '../../../shared/fixtures/slack-payloads/bolt-python/block_actions.ephemeral_org_install.json'), 'utf8'),
    ) as { user: { id: string; team_id: string }; channel: { id: string } } & Record<string, unknown>;
    const [team, channel, user] = [org.user.team_id, org.channel.id, org.user.id];
    const sub = await postSigned(
      t.eventsUrl,
      slashCommandBody({ team_id: team, channel_id: channel, user_id: user, text: 'subscribe sparse attention', response_url: t.slack.responseUrl('org-s') }),
      SIGNING_SECRET,
    );
    expect(sub.status).toBe(200);
    const [subscription] = await t.runtime.store.listSubscriptions(team, channel);
    expect(subscription).toBeDefined();
    const before = t.slack.callsTo('response_url').length;
    const payload = {
      ...org,
      response_url: t.slack.responseUrl('org-u'),
      actions: [{ action_id: ActionId.unsubscribe, block_id: 'digest_actions', type: 'button', value: JSON.stringify({ id: subscription?.id }), action_ts: '1643113877.645417' }],
    };
    expect((await postSigned(t.eventsUrl, blockActionBody(payload), SIGNING_SECRET)).status).toBe(200);
    const reply = (await t.slack.waitFor('response_url', before + 1)).at(-1)?.params ?? {};
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(reply.text)).toMatch(/Unsubscribed this channel from \*sparse attention\*/);
    expect(await t.runtime.store.listSubscriptions(team, channel)).toEqual([]);
  });
});

describe('operations: health routes, request ids, in-flight tracking', () => {
  let t: RunningTestApp;

  beforeAll(async () => {
    t = await startTestApp({ ready: false });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('/livez is 200 as soon as the process serves; /healthz is 503 until the index is ready', async () => {
    const live = await fetch(`${t.url}/livez`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'alive' });
    expect((await fetch(`${t.url}/healthz`)).status).toBe(503);
    t.runtime.searchState.swap(await seedPaperSearch());
    const ready = await fetch(`${t.url}/healthz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
  });

  it('every log line written while a request is handled carries its request id', async () => {
    await postSigned(t.eventsUrl, slashCommandBody({ text: 'subscribe agents', channel_id: 'C_LOG', response_url: t.slack.responseUrl('l') }), SIGNING_SECRET);
    const line = t.logs.find((l) => l.includes('subscribed #') && l.includes('C_LOG'));
    expect(line).toMatch(/INFO \[paper-digest\] req=[0-9a-f]{8} team=T1 subscribed #\d+ "agents"/);
    // Lines outside any request carry none.
    expect(t.logs.find((l) => l.includes('store:'))).not.toMatch(/req=/);
  });

  it('InFlightRequests: idle() waits for running work, and gives up at its deadline', async () => {
    const inFlight = new InFlightRequests();
    expect(await inFlight.idle(0)).toBe(true);
    let finish = (): void => undefined;
    const work = inFlight.run(() => new Promise<void>((resolve) => (finish = resolve)));
    expect(inFlight.active).toBe(1);
    expect(await inFlight.idle(20)).toBe(false);
    const idle = inFlight.idle(5_000);
    finish();
    await work;
    expect(await idle).toBe(true);
    expect(inFlight.active).toBe(0);
    await expect(inFlight.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(inFlight.active).toBe(0);
  });

  it('request ids: Slack\'s event id when there is one, else random; contexts nest', () => {
    expect(requestIdOf({ event_id: 'Ev123ABC' })).toBe('Ev123ABC');
    expect(requestIdOf({ event_id: 'bad id with spaces' })).toMatch(/^[0-9a-f]{8}$/);
    expect(requestIdOf(null)).toMatch(/^[0-9a-f]{8}$/);
    const lines: string[] = [];
    const logger = createLogger({ level: LogLevel.INFO, write: (line) => lines.push(line) });
    withLogContext('req=a', () => withLogContext('tick=b', () => logger.info('hello')));
    logger.info('outside');
    expect(lines[0]).toMatch(/\[paper-digest\] req=a tick=b hello$/);
    expect(lines[1]).toMatch(/\[paper-digest\] outside$/);
  });
});
