/**
 * What the local stand-ins for outside APIs (hf-fixture.ts, arxiv-fixture.ts) share: node:http on 127.0.0.1 at a
 * free port, and a scripted answer sent as the real API would (or not at all, or stalled half way).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FixtureAnswer {
  status?: number;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is (wins over `json`). */
  raw?: string;
  /** Never answer at all, or send the headers and part of the body and then stall. */
  hang?: 'before-headers' | 'mid-body';
}

export abstract class FixtureServer {
  #server: Server | null = null;
  #port = 0;

  async start(): Promise<this> {
    const server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.#server = server;
    this.#port = (server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  protected get port(): number {
    return this.#port;
  }

  protected abstract handle(req: IncomingMessage, res: ServerResponse): void;
}

/** `answer` with `contentType` unless it sets its own; `json` when it gives neither `raw` nor `json`. */
export function sendAnswer(res: ServerResponse, answer: FixtureAnswer, contentType: string, json: unknown): void {
  if (answer.hang === 'before-headers') return; // the socket stays open, nothing is sent
  const body = answer.raw ?? JSON.stringify(answer.json ?? json);
  res.writeHead(answer.status ?? 200, { 'content-type': contentType, ...answer.headers });
  if (answer.hang === 'mid-body') {
    res.write(body.slice(0, Math.max(1, Math.floor(body.length / 2))));
    return;
  }
  res.end(body);
}
