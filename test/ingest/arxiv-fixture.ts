/**
 * A local stand-in for the arXiv API (`GET /api/query?id_list=<id>`, node:http on 127.0.0.1, a free port): per-id
 * Atom feeds, one-off scripted answers (429, 500, HTML, hanging), and a log of the ids asked for. An id it was not
 * given is answered as arXiv answers it: 200 with a feed of no entries.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { FixtureServer, sendAnswer, type FixtureAnswer } from './fixture-server.ts';

const FIXTURES = resolve(import.meta.dirname, 'fixtures');

/** A hand-written Atom answer in test/ingest/fixtures (faithful to what export.arxiv.org sends). */
export function atomFixture(name: string): string {
  return readFileSync(resolve(FIXTURES, name), 'utf8');
}

export class ArxivFixture extends FixtureServer {
  /** `id_list` of every request, in order. */
  readonly requests: string[] = [];
  readonly #feeds = new Map<string, FixtureAnswer>();
  readonly #queue: FixtureAnswer[] = [];

  /** What ARXIV_API_URL is set to. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/api/query`;
  }

  setFeed(arxivId: string, answer: FixtureAnswer): void {
    this.#feeds.set(arxivId, answer);
  }

  answerNext(...answers: FixtureAnswer[]): void {
    this.#queue.push(...answers);
  }

  protected handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fixture');
    if (url.pathname !== '/api/query') {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>Not Found</body></html>');
      return;
    }
    const id = url.searchParams.get('id_list') ?? '';
    this.requests.push(id);
    const answer = this.#queue.shift() ?? this.#feeds.get(id) ?? { raw: atomFixture('arxiv-no-entries.atom.xml') };
    sendAnswer(res, answer, 'application/atom+xml; charset=utf-8', null);
  }
}
