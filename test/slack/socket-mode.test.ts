import type { KnownBlock } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/views/action-ids.ts';
import { validateMessage } from '../../src/views/limits.ts';
import { startReadyApp, type AppProcess } from '../support/app-process.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';
import { buttonsIn } from '../support/blocks.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import {
  buttonClickEnvelope,
  eventsApiEnvelope,
  FakeSocketMode,
  slackFixture,
  slashCommandEnvelope,
  type Envelope,
} from '../support/fake-socket-mode.ts';
import { eventually } from '../support/slack-events.ts';
import { BOT_TOKEN, tempSqliteUrl } from '../support/test-app.ts';

const APP_TOKEN = 'xapp-1-A111-0000-socket-secret';

interface CommandReply {
  response_type?: string;
  text?: string;
  blocks?: KnownBlock[];
}

/**
 * `npm start` in Socket Mode, as a new user runs it (SLACK_BOT_TOKEN + SLACK_APP_TOKEN, no public URL), against a
 * local stand-in for Slack: the fake Web API (SLACK_API_URL) and a WebSocket server speaking Slack's own frames.
 * One process lives through the whole file: connect, commands, clicks, events, a rotation, a cut.
 */
describe('Socket Mode end to end (real app process, local Slack stand-in)', () => {
  let slack: FakeSlack;
  let socket: FakeSocketMode;
  let app: AppProcess;
  let healthUrl = '';
  let responses = 0;

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    socket = await new FakeSocketMode(slack, APP_TOKEN).start();
    ({ app, url: healthUrl } = await startReadyApp(slack, { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, DATABASE_URL: tempSqliteUrl() }));
  }, 120_000);

  afterAll(async () => {
    app.kill();
    await app.exited;
    await socket.stop();
    await slack.stop();
  });

  async function health(): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${healthUrl}/healthz`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  /** The reply to a command envelope: in its ack when it was ready in time, else on its response_url. */
  async function answerTo(envelope: Envelope, responseId: string): Promise<CommandReply> {
    const ack = await socket.waitForAck(envelope.envelope_id);
    const inAck = ack.payload as CommandReply;
    if (!/Working on it/.test(inAck.text ?? '')) return inAck;
    await eventually(() => slack.callsTo('response_url').some((call) => call.responseId === responseId), 30_000);
    return slack.callsTo('response_url').find((call) => call.responseId === responseId)?.params as CommandReply;
  }

  function paper(text: string): { envelope: Envelope; responseId: string } {
    responses += 1;
    const responseId = `cmd-${responses}`;
    const envelope = slashCommandEnvelope({ text, responseUrl: slack.responseUrl(responseId) });
    return { envelope, responseId };
  }

  it('opens its connection through SLACK_API_URL with the app-level token, and is ready once Slack says hello', async () => {
    const first = await socket.waitForConnections(1);
    const opens = slack.callsTo('apps.connections.open');
    expect(opens.length).toBeGreaterThanOrEqual(1);
    expect(opens[0]?.authorization).toBe(`Bearer ${APP_TOKEN}`);
    expect(first.closedAt).toBeUndefined();
    // Readiness includes the socket in Socket Mode.
    const ready = await eventually(async () => {
      const h = await health();
      return h.status === 200 ? h : undefined;
    }, 30_000);
    expect(ready.body).toMatchObject({ status: 'ready', socket: 'connected' });
    expect(app.output()).toMatch(/Socket Mode: connected to Slack \(connection 1\)/);
    // The app token never shows in the logs.
    expect(app.output()).not.toContain(APP_TOKEN);
  });

  it('/paper sparse attention: the envelope is acked by its envelope_id and answered with results', async () => {
    const { envelope, responseId } = paper('sparse attention');
    socket.send(envelope);
    const reply = await answerTo(envelope, responseId);
    expect(reply.response_type).toBe('ephemeral');
    const blocks = reply.blocks ?? [];
    expect(validateMessage(blocks, { surface: 'message' })).toEqual([]);
    expect(blockKitErrors(reply)).toEqual([]);
    expect(JSON.stringify(blocks)).toMatch(/[Ss]parse/);
    expect(buttonsIn(blocks).some((button) => button.action_id === ActionId.similar)).toBe(true);
  });

  it('a Similar click (interactive envelope) is acked and answered on its response_url', async () => {
    const { envelope: command, responseId: commandId } = paper('speculative decoding');
    socket.send(command);
    const results = await answerTo(command, commandId);
    const similar = buttonsIn(results.blocks ?? []).find((button) => button.action_id === ActionId.similar);
    expect(similar?.value).toBeTruthy();

    const click = socket.send(
      buttonClickEnvelope({ actionId: ActionId.similar, value: similar?.value ?? '', responseUrl: slack.responseUrl('click-similar') }),
    );
    await socket.waitForAck(click.envelope_id);
    await eventually(() => slack.callsTo('response_url').find((call) => call.responseId === 'click-similar'), 30_000);
    const answer = slack.callsTo('response_url').find((call) => call.responseId === 'click-similar')?.params as CommandReply;
    expect(answer.response_type).toBe('ephemeral');
    expect(JSON.stringify(answer.blocks)).toMatch(/[Ss]imilar to/);
    expect(validateMessage(answer.blocks ?? [], { surface: 'message' })).toEqual([]);
    expect(blockKitErrors(answer)).toEqual([]);
  });

  it('app_home_opened (events_api envelope) is acked and publishes the Home tab for that user', async () => {
    const before = slack.callsTo('views.publish').length;
    const event = eventsApiEnvelope(slackFixture('real-captured/app_home_opened_home.json'));
    socket.send(event);
    await socket.waitForAck(event.envelope_id);
    const publishes = await slack.waitFor('views.publish', before + 1, 30_000);
    const params = publishes.at(-1)?.params as { user_id: string; view: { type: string; blocks: KnownBlock[] } };
    expect(params.user_id).toBe('U043H11ES4V');
    expect(params.view.type).toBe('home');
    expect(validateMessage(params.view.blocks, { surface: 'home' })).toEqual([]);
    expect(blockKitErrors({ type: 'home', blocks: params.view.blocks })).toEqual([]);
    expect(publishes.at(-1)?.authorization).toBe(`Bearer ${BOT_TOKEN}`);
  });

  it('a disconnect frame (refresh_requested) is followed by a new apps.connections.open, and no command is lost', async () => {
    const opensBefore = slack.callsTo('apps.connections.open').length;
    const connectionsBefore = socket.connections.length;
    const old = socket.askToReconnect('refresh_requested');
    // Someone runs /paper while the app rotates its connection: Slack holds it for the new one.
    const { envelope, responseId } = paper('retrieval augmented generation');
    socket.send(envelope);
    await socket.waitForClose(old);
    const fresh = await socket.waitForConnections(connectionsBefore + 1);
    expect(slack.callsTo('apps.connections.open').length).toBe(opensBefore + 1);
    const reply = await answerTo(envelope, responseId);
    expect(socket.ackFor(envelope.envelope_id)?.connectionId).toBe(fresh.id);
    expect(reply.blocks?.length).toBeGreaterThan(0);
    // Answered exactly once.
    expect(socket.acks.filter((ack) => ack.envelopeId === envelope.envelope_id)).toHaveLength(1);
    await app.waitForOutput(/Slack asked us to reconnect \(refresh_requested\)/);
    await app.waitForOutput(/Socket Mode: reconnected to Slack after \d+ ms down \(connection 2\)/);
  });

  it('Slack rotating the connection while a /paper is being answered: the answer still reaches the person, on its response_url', async () => {
    await eventually(async () => (await health()).status === 200, 30_000);
    const connectionsBefore = socket.connections.length;
    // The subscribe checks the channel (conversations.info); Slack rotates the connection meanwhile.
    slack.answerNext('conversations.info', {
      delayMs: 1_000,
      body: { ok: true, channel: { id: 'C1', is_private: false, is_member: true, is_archived: false } },
    });
    const infosBefore = slack.callsTo('conversations.info').length;
    const { envelope, responseId } = paper('subscribe state space models at 08:00');
    socket.send(envelope);
    // Recorded as it arrives, while its answer is still a second away.
    await eventually(() => slack.callsTo('conversations.info').length > infosBefore, 30_000);
    const old = socket.askToReconnect('refresh_requested');
    await socket.waitForClose(old);
    await socket.waitForConnections(connectionsBefore + 1, 60_000);
    // The envelope's ack had no socket to go on: Slack never got the answer there, so it goes to the response_url.
    const delivered = await eventually(() => slack.callsTo('response_url').find((call) => call.responseId === responseId), 30_000);
    const answer = delivered.params as CommandReply;
    expect(answer.response_type).toBe('ephemeral');
    expect(JSON.stringify(answer)).toMatch(/state space models/);
    expect(socket.ackFor(envelope.envelope_id)).toBeUndefined();
    expect(app.output()).not.toMatch(/unhandled error in a listener/);
  }, 90_000);

  it('a socket that dies without a frame: /healthz says "disconnected" while down, then it reconnects with backoff', async () => {
    await eventually(async () => (await health()).status === 200, 30_000);
    const connectionsBefore = socket.connections.length;
    const opensBefore = slack.callsTo('apps.connections.open').length;
    const cutAt = Date.now();
    socket.cut();
    const down = await eventually(async () => {
      const h = await health();
      return h.status === 503 ? h : undefined;
    }, 30_000);
    expect(down.body).toMatchObject({ status: 'disconnected', socket: 'disconnected' });
    await app.waitForOutput(/Socket Mode: connection to Slack lost; reconnecting with backoff/);

    const fresh = await socket.waitForConnections(connectionsBefore + 1, 60_000);
    const reopen = slack.callsTo('apps.connections.open')[opensBefore];
    // Backoff: it waits before asking for a new URL instead of hammering Slack.
    expect((reopen?.at ?? 0) - cutAt).toBeGreaterThanOrEqual(1_000);
    const up = await eventually(async () => {
      const h = await health();
      return h.status === 200 ? h : undefined;
    }, 30_000);
    expect(up.body).toMatchObject({ status: 'ready', socket: 'connected' });

    const { envelope, responseId } = paper('mixture of experts');
    socket.send(envelope);
    await answerTo(envelope, responseId);
    expect(socket.ackFor(envelope.envelope_id)?.connectionId).toBe(fresh.id);
  }, 90_000);

  it('a socket that goes silent (no pongs, no frames) is noticed by its pings, replaced, and a command held meanwhile is answered', async () => {
    await eventually(async () => (await health()).status === 200, 30_000);
    const connectionsBefore = socket.connections.length;
    const silent = socket.silence();
    const { envelope, responseId } = paper('diffusion models');
    socket.send(envelope);
    const down = await eventually(async () => {
      const h = await health();
      return h.status === 503 ? h : undefined;
    }, 60_000);
    expect(down.body).toMatchObject({ status: 'disconnected' });
    const fresh = await socket.waitForConnections(connectionsBefore + 1, 90_000);
    expect(fresh.id).not.toBe(silent.id);
    await answerTo(envelope, responseId);
    expect(socket.ackFor(envelope.envelope_id)?.connectionId).toBe(fresh.id);
  }, 120_000);

  it('Slack refusing apps.connections.open for a while (503s) during a reconnect: the app keeps trying and comes back', async () => {
    await eventually(async () => (await health()).status === 200, 30_000);
    const connectionsBefore = socket.connections.length;
    const opensBefore = slack.callsTo('apps.connections.open').length;
    for (let i = 0; i < 4; i++) slack.answerNext('apps.connections.open', { status: 503, body: { ok: false, error: 'service_unavailable' } });
    socket.cut();
    await socket.waitForConnections(connectionsBefore + 1, 90_000);
    // The four refusals and the answer that worked.
    expect(slack.callsTo('apps.connections.open').length - opensBefore).toBe(5);
    expect(app.child.exitCode).toBeNull();
    await eventually(async () => (await health()).status === 200, 30_000);
    const { envelope, responseId } = paper('sparse attention');
    socket.send(envelope);
    await answerTo(envelope, responseId);
  }, 120_000);
});
