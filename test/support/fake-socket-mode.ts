import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FakeSlack } from './fake-slack.ts';

const FIXTURES = '../shared/fixtures/slack-payloads';

/** A JSON fixture of Slack's, from ../shared/fixtures/slack-payloads (`socket-mode/hello.json`, …). */
export function slackFixture(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${FIXTURES}/${path}`, 'utf8')) as Record<string, unknown>;
}

/** A Socket Mode envelope as Slack sends it: `envelope_id`, `type`, `payload`, `accepts_response_payload`. */
export interface Envelope {
  envelope_id: string;
  type: string;
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  [key: string]: unknown;
}

/** `/paper <text>`: Slack's slash_commands envelope with our command in it. */
export function slashCommandEnvelope(fields: { text: string; responseUrl: string; teamId?: string; channelId?: string; userId?: string }): Envelope {
  const frame = slackFixture('socket-mode/envelope.slash_commands.json') as unknown as Envelope;
  return {
    ...frame,
    envelope_id: randomUUID(),
    payload: {
      ...frame.payload,
      command: '/paper',
      text: fields.text,
      response_url: fields.responseUrl,
      ...(fields.teamId ? { team_id: fields.teamId } : {}),
      ...(fields.channelId ? { channel_id: fields.channelId } : {}),
      ...(fields.userId ? { user_id: fields.userId } : {}),
    },
  };
}

/** A button click in a message: Slack's interactive envelope, its block_actions payload aimed at our button. */
export function buttonClickEnvelope(click: { actionId: string; value: string; responseUrl: string; channelId?: string; userId?: string }): Envelope {
  const frame = slackFixture('socket-mode/envelope.interactive.block_actions_in_modal.json') as unknown as Envelope;
  // The fixture's click came from a modal; ours comes from an ephemeral message, so its view goes.
  const { view: _view, ...payload } = frame.payload;
  const team = payload.team as { id: string };
  return {
    ...frame,
    envelope_id: randomUUID(),
    payload: {
      ...payload,
      user: { ...(payload.user as Record<string, unknown>), id: click.userId ?? 'U111' },
      channel: { id: click.channelId ?? 'C111', name: 'research' },
      container: { type: 'message', message_ts: '1700000000.000100', channel_id: click.channelId ?? 'C111', is_ephemeral: true },
      response_url: click.responseUrl,
      actions: [
        { type: 'button', action_id: click.actionId, block_id: 'result_actions:0', value: click.value, action_ts: '1700000001.000200' },
      ],
      team,
    },
  };
}

/** An Events API delivery over the socket: Slack's events_api envelope around an event_callback payload. */
export function eventsApiEnvelope(callback: Record<string, unknown>): Envelope {
  const frame = slackFixture('socket-mode/envelope.events_api.app_mention.json') as unknown as Envelope;
  return { ...frame, envelope_id: randomUUID(), payload: { ...callback, event_id: `Ev${randomUUID().slice(0, 8).toUpperCase()}` } };
}

/** One WebSocket the app opened. */
export interface FakeConnection {
  id: number;
  socket: WebSocket;
  /** The TCP socket under it: destroyed for a cut, paused for a silent connection. */
  tcp: Socket;
  openedAt: number;
  closedAt?: number;
  /** No more envelopes go here: a `disconnect` frame was sent, or it was cut or silenced. */
  retired: boolean;
}

export interface Ack {
  envelopeId: string;
  payload: Record<string, unknown>;
  connectionId: number;
  at: number;
}

/**
 * A stand-in for Slack's Socket Mode endpoint, beside a FakeSlack Web API: `apps.connections.open` (with the
 * app-level token) hands out a `ws://` URL of this server; each connection gets Slack's `hello`; envelopes go to
 * the newest live connection (queued while there is none, as Slack holds them while an app reconnects); acks are
 * recorded by envelope id. Faults: a `disconnect` frame, a cut TCP socket, a socket that goes silent.
 */
export class FakeSocketMode {
  readonly connections: FakeConnection[] = [];
  readonly acks: Ack[] = [];
  readonly #changed = new EventEmitter();
  #server: WebSocketServer | undefined;
  #queue: Envelope[] = [];
  #openedUrls = 0;

  constructor(
    private readonly slack: FakeSlack,
    private readonly appToken: string,
  ) {
    this.#changed.setMaxListeners(0);
  }

  get url(): string {
    const address = this.#server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('FakeSocketMode is not started');
    return `ws://127.0.0.1:${address.port}/link`;
  }

  async start(): Promise<this> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    this.#server = server;
    await new Promise<void>((resolve) => server.once('listening', resolve));
    server.on('connection', (socket, request) => this.#accept(socket, request.socket));
    this.slack.respondTo('apps.connections.open', (call) => {
      if (call.authorization !== `Bearer ${this.appToken}`) return { body: { ok: false, error: 'invalid_auth' } };
      this.#openedUrls += 1;
      return { body: { ok: true, url: `${this.url}?ticket=${this.#openedUrls}` } };
    });
    return this;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    for (const connection of this.connections) connection.tcp.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.#server = undefined;
  }

  /** The connection envelopes go to now, if any. */
  get live(): FakeConnection | undefined {
    return this.connections.findLast((c) => !c.retired && c.closedAt === undefined);
  }

  /** Delivers `envelope` to the live connection, or holds it until the app has one again. */
  send(envelope: Envelope): Envelope {
    const live = this.live;
    if (live) live.socket.send(JSON.stringify(envelope));
    else this.#queue.push(envelope);
    return envelope;
  }

  /** Slack's warning before it rotates a connection; that connection gets no more envelopes. */
  askToReconnect(reason = 'refresh_requested'): FakeConnection {
    const live = this.#requireLive();
    live.retired = true;
    live.socket.send(JSON.stringify({ ...slackFixture('socket-mode/disconnect.json'), reason }));
    return live;
  }

  /** The connection dies without a frame (a network cut, a Slack host gone). */
  cut(): FakeConnection {
    const live = this.#requireLive();
    live.retired = true;
    live.tcp.destroy();
    return live;
  }

  /** The connection stays open but nothing comes back: no pongs, no frames (a half-open TCP connection). */
  silence(): FakeConnection {
    const live = this.#requireLive();
    live.retired = true;
    live.tcp.pause();
    return live;
  }

  ackFor(envelopeId: string): Ack | undefined {
    return this.acks.find((ack) => ack.envelopeId === envelopeId);
  }

  /** Resolves with the app's ack of `envelopeId` once it arrives. */
  waitForAck(envelopeId: string, timeoutMs = 30_000): Promise<Ack> {
    return this.#until(() => this.ackFor(envelopeId), timeoutMs, `an ack of envelope ${envelopeId}`);
  }

  /** Resolves once the app has opened `count` WebSocket connections in all. */
  waitForConnections(count: number, timeoutMs = 30_000): Promise<FakeConnection> {
    return this.#until(() => this.connections[count - 1], timeoutMs, `connection #${count}`);
  }

  /** Resolves once `connection` is closed (by either side). */
  waitForClose(connection: FakeConnection, timeoutMs = 30_000): Promise<number> {
    return this.#until(() => connection.closedAt, timeoutMs, `connection #${connection.id} to close`);
  }

  #requireLive(): FakeConnection {
    const live = this.live;
    if (!live) throw new Error('no live Socket Mode connection');
    return live;
  }

  #accept(socket: WebSocket, tcp: Socket): void {
    const connection: FakeConnection = { id: this.connections.length + 1, socket, tcp, openedAt: Date.now(), retired: false };
    this.connections.push(connection);
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      const frame = JSON.parse(data.toString()) as { envelope_id?: unknown; payload?: unknown };
      if (typeof frame.envelope_id !== 'string') return;
      const payload = typeof frame.payload === 'object' && frame.payload !== null ? (frame.payload as Record<string, unknown>) : {};
      this.acks.push({ envelopeId: frame.envelope_id, payload, connectionId: connection.id, at: Date.now() });
      this.#changed.emit('change');
    });
    socket.on('close', () => {
      connection.closedAt = Date.now();
      this.#changed.emit('change');
    });
    socket.on('error', () => undefined);
    const open = this.connections.filter((c) => c.closedAt === undefined).length;
    socket.send(JSON.stringify({ ...slackFixture('socket-mode/hello.json'), num_connections: open }));
    for (const envelope of this.#queue.splice(0)) socket.send(JSON.stringify(envelope));
    this.#changed.emit('change');
  }

  #until<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = (): boolean => {
        const value = check();
        if (value === undefined) return false;
        clearTimeout(timer);
        this.#changed.off('change', onChange);
        resolve(value);
        return true;
      };
      const onChange = (): void => {
        attempt();
      };
      const timer = setTimeout(() => {
        this.#changed.off('change', onChange);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.#changed.on('change', onChange);
      attempt();
    });
  }
}
