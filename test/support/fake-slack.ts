import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { blockKitErrors } from './block-kit-schema.ts';

/** One request the app made to the fake Slack: a Web API method or a `response_url` post. */
export interface RecordedCall {
  /** Web API method (`chat.postMessage`) or `response_url` for posts to `/respond/<id>`. */
  method: string;
  /** For `response_url` calls: the id in the path. */
  responseId?: string;
  params: Record<string, unknown>;
  authorization: string | undefined;
  at: number;
}

/** A scripted answer: HTTP status, JSON body and headers (e.g. a 429 with Retry-After). */
export interface FakeAnswer {
  status?: number;
  body?: Record<string, unknown>;
  headers?: Record<string, string>;
  /** Answer only after this many ms (a slow Slack). */
  delayMs?: number;
  /** Never answer (a Slack call that hangs); the connection is dropped when the fake stops. */
  hang?: boolean;
}

type Responder = (call: RecordedCall) => FakeAnswer | undefined;

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    // The WebClient sends blocks, metadata and attachments as JSON strings inside the form.
    params[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return params;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Methods whose `blocks` (or `view`) Slack checks against Block Kit before it accepts them. */
const MESSAGE_METHODS = new Set(['chat.postMessage', 'chat.postEphemeral', 'chat.update', 'response_url']);
const VIEW_METHODS = new Set(['views.publish', 'views.open', 'views.update', 'views.push']);

/** A payload the app sent that Slack's Block Kit schema (../shared/schemas) rejects. */
export interface BlockKitViolation {
  method: string;
  errors: string[];
}

function violationsOf(call: RecordedCall): string[] {
  if (MESSAGE_METHODS.has(call.method) && call.params.blocks !== undefined) return blockKitErrors(call.params);
  if (VIEW_METHODS.has(call.method)) {
    const view = call.params.view;
    if (typeof view !== 'object' || view === null) return ['/view is missing'];
    const { type, blocks } = view as { type?: unknown; blocks?: unknown };
    return type === 'home' || type === 'modal' ? blockKitErrors({ ...view, type, blocks }) : [`/view/type ${JSON.stringify(type)} is not home or modal`];
  }
  return [];
}

/**
 * A local stand-in for Slack's Web API (`clientOptions.slackApiUrl`) and for `response_url`s: it records
 * every call and answers `{ ok: true }` unless a test scripts an error, a 5xx, a 429, a slow answer or none. Like
 * Slack, it refuses a message or view whose blocks break Block Kit (`invalid_blocks`, `invalid_arguments`), and
 * lists each such payload in `blockKitViolations`.
 */
export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly blockKitViolations: BlockKitViolation[] = [];
  #server: Server | undefined;
  #scripted: Array<{ method: string; answer: FakeAnswer }> = [];
  #responders = new Map<string, Responder>();
  #messageCounter = 0;
  #waiters: Array<() => void> = [];

  get url(): string {
    const address = this.#server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('FakeSlack is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  /** Base URL for `clientOptions.slackApiUrl`. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.url}/respond/${id}`;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      void (async () => {
        const raw = await readBody(req);
        const path = req.url ?? '/';
        const respondMatch = /^\/respond\/([^/?]+)/.exec(path);
        const method = respondMatch ? 'response_url' : path.replace(/^\/api\//, '').replace(/\?.*$/, '');
        const call: RecordedCall = {
          method,
          params: parseBody(raw, req.headers['content-type']),
          authorization: req.headers.authorization,
          at: Date.now(),
          ...(respondMatch?.[1] ? { responseId: respondMatch[1] } : {}),
        };
        this.calls.push(call);
        const answer = this.#answerFor(call);
        if (answer.hang) {
          for (const wake of this.#waiters.splice(0)) wake();
          return;
        }
        if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
        res.end(JSON.stringify(answer.body ?? { ok: true }));
        for (const wake of this.#waiters.splice(0)) wake();
      })();
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.#server = undefined;
  }

  /** The next call to `method` gets this answer (queued in order), then the defaults resume. */
  answerNext(method: string, answer: FakeAnswer): void {
    this.#scripted.push({ method, answer });
  }

  /** Every call to `method` is answered by `responder` (when it returns an answer). */
  respondTo(method: string, responder: Responder): void {
    this.#responders.set(method, responder);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Resolves once `count` calls to `method` have arrived, or rejects after `timeoutMs`. */
  async waitFor(method: string, count = 1, timeoutMs = 5_000): Promise<RecordedCall[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.callsTo(method).length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${count} ${method} call(s); saw ${this.callsTo(method).length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.callsTo(method);
  }

  #answerFor(call: RecordedCall): FakeAnswer {
    const violations = violationsOf(call);
    if (violations.length > 0) {
      this.blockKitViolations.push({ method: call.method, errors: violations });
      const error = VIEW_METHODS.has(call.method) ? 'invalid_arguments' : 'invalid_blocks';
      return { body: { ok: false, error, response_metadata: { messages: violations } } };
    }
    const index = this.#scripted.findIndex((entry) => entry.method === call.method);
    if (index >= 0) return this.#scripted.splice(index, 1)[0]?.answer ?? {};
    const custom = this.#responders.get(call.method)?.(call);
    if (custom) return custom;
    switch (call.method) {
      case 'auth.test':
        return { body: { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'paper', team: 'Test' } };
      case 'chat.postMessage':
        this.#messageCounter += 1;
        return { body: { ok: true, channel: call.params.channel, ts: `1700000000.${String(this.#messageCounter).padStart(6, '0')}` } };
      default:
        return { body: { ok: true } };
    }
  }
}

/** conversations.info for every channel: a public channel, not archived, with the bot in it unless `member` is false. */
export function openChannels(slack: FakeSlack, member = true): void {
  slack.respondTo('conversations.info', (call) => ({
    body: { ok: true, channel: { id: call.params.channel, is_private: false, is_member: member, is_archived: false } },
  }));
}
