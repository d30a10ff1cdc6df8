/**
 * A local stand-in for the arXiv API (`GET /api/query?id_list=<id>`, node:http on 127.0.0.1, a free port): per-id
 * Atom feeds, one-off scripted answers (429, 500, HTML, hanging), and a log of the ids asked for. An id it was not
 * given is answered as arXiv answers it: 200 with a feed of no entries.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { FixtureAnswer } from './hf-fixture.ts';

const FIXTURES = resolve(import.meta.dirname, 'fixtures');

/** A hand-written Atom answer in test/ingest/fixtures (faithful to what export.arxiv.org sends). */
export function atomFixture(name: string): string {
  return readFileSync(resolve(FIXTURES, name), 'utf8');
}

export class ArxivFixture {
  /** `id_list` of every request, in order. */
  readonly requests: string[] = [];
  readonly #feeds = new Map<string, FixtureAnswer>();
  readonly #queue: FixtureAnswer[] = [];
  #server: Server | null = null;
  #port = 0;

  async start(): Promise<this> {
    const server = createServer((req, res) => this.#handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.#server = server;
    this.#port = (server.address() as AddressInfo).port;
    return this;
  }

  /** What ARXIV_API_URL is set to. */
  get url(): string {
    return `http://127.0.0.1:${this.#port}/api/query`;
  }

  setFeed(arxivId: string, answer: FixtureAnswer): void {
    this.#feeds.set(arxivId, answer);
  }

  answerNext(...answers: FixtureAnswer[]): void {
    this.#queue.push(...answers);
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fixture');
    if (url.pathname !== '/api/query') {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>Not Found</body></html>');
      return;
    }
    const id = url.searchParams.get('id_list') ?? '';
    this.requests.push(id);
    const answer = this.#queue.shift() ?? this.#feeds.get(id) ?? { raw: atomFixture('arxiv-no-entries.atom.xml') };
    if (answer.hang === 'before-headers') return;
    const body = answer.raw ?? JSON.stringify(answer.json ?? null);
    res.writeHead(answer.status ?? 200, { 'content-type': 'application/atom+xml; charset=utf-8', ...answer.headers });
    if (answer.hang === 'mid-body') {
      res.write(body.slice(0, Math.max(1, Math.floor(body.length / 2))));
      return;
    }
    res.end(body);
  }
}
