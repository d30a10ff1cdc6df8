/**
 * A local stand-in for the Hugging Face API (node:http on 127.0.0.1, a free port): the daily papers with
 * per-day answers, one paper's record (`/api/papers/<id>`, 404 for ids it was not given), one-off scripted answers (429, 500, wrong shapes, hanging), and a log of requests.
 * Items are built in the API's full shape (extra fields included) by `hfItem`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FixtureServer, sendAnswer, type FixtureAnswer } from './fixture-server.ts';

export type { FixtureAnswer };

export interface FixtureRequest {
  date: string | null;
  limit: string | null;
  path: string;
}

export class HfFixture extends FixtureServer {
  readonly requests: FixtureRequest[] = [];
  readonly #days = new Map<string, FixtureAnswer>();
  readonly #queue: FixtureAnswer[] = [];
  readonly #papers = new Map<string, FixtureAnswer>();

  /** What HF_API_URL is set to: the daily papers endpoint. */
  get url(): string {
    return `${this.base}/api/daily_papers`;
  }

  /** The API's base, the other form HF_API_URL takes. */
  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The answer for every request of `date` (default for unknown days: an empty list). */
  setDay(date: string, answer: FixtureAnswer | unknown[]): void {
    this.#days.set(date, Array.isArray(answer) ? { json: answer } : answer);
  }

  /** One-off answers, used (in order) before any per-day answer. */
  answerNext(...answers: FixtureAnswer[]): void {
    this.#queue.push(...answers);
  }

  requestsFor(date: string): number {
    return this.requests.filter((r) => r.date === date).length;
  }

  /** The answer to `GET /api/papers/<id>` (a paper record: answer `{ json: record }`); unknown ids get HF's 404. */
  setPaper(arxivId: string, answer: FixtureAnswer): void {
    this.#papers.set(arxivId, answer);
  }

  /** Answers for paper ids not set one by one (the bench: every id is a paper); undefined falls back to the 404. */
  paperFallback: ((arxivId: string) => FixtureAnswer | undefined) | null = null;

  protected handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fixture');
    this.requests.push({ date: url.searchParams.get('date'), limit: url.searchParams.get('limit'), path: url.pathname });
    if (url.pathname.startsWith('/api/papers/')) {
      const id = decodeURIComponent(url.pathname.slice('/api/papers/'.length));
      const answer = this.#queue.shift() ?? this.#papers.get(id) ?? this.paperFallback?.(id) ?? { status: 404, json: { error: 'Entry not found' } };
      sendAnswer(res, answer, 'application/json', []);
      return;
    }
    if (url.pathname !== '/api/daily_papers') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    const date = url.searchParams.get('date') ?? '';
    sendAnswer(res, this.#queue.shift() ?? this.#days.get(date) ?? { json: [] }, 'application/json', []);
  }
}

export interface ItemSpec {
  id: string;
  title: string;
  summary?: string;
  upvotes?: number;
  authors?: string[];
  /** When the paper was published (its date). */
  publishedAt?: string;
  /** When it was listed in the daily papers. */
  listedAt?: string;
}

/** One daily-papers item in the API's full shape (fields the app ignores included). */
export function hfItem(spec: ItemSpec): Record<string, unknown> {
  const summary = spec.summary ?? `${spec.title}. We study it and report results.\nThe abstract spans lines, as on arXiv.`;
  const listedAt = spec.listedAt ?? '2025-02-17T03:12:44.000Z';
  return {
    paper: {
      id: spec.id,
      authors: (spec.authors ?? ['Jingyang Yuan', 'Huazuo Gao']).map((name, i) => ({
        _id: `67b2a${i}`,
        name,
        hidden: false,
        user: i === 0 ? { _id: 'u1', avatarUrl: '/avatars/u1.svg', isPro: false, fullname: name, user: 'someone', type: 'user' } : undefined,
      })),
      publishedAt: spec.publishedAt ?? '2025-02-16T15:40:09.000Z',
      submittedOnDailyAt: listedAt,
      title: spec.title,
      summary,
      upvotes: spec.upvotes ?? 12,
      discussionId: '67b2a0f1',
      ai_summary: 'A short machine summary.',
      ai_keywords: ['sparse attention', 'long context'],
      githubRepo: 'https://github.com/example/repo',
      githubStars: 120,
    },
    publishedAt: listedAt,
    title: spec.title,
    summary,
    thumbnail: `https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/${spec.id}.png`,
    numComments: 3,
    submittedBy: { _id: 's1', avatarUrl: '/avatars/s1.svg', fullname: 'AK', name: 'akhaliq', type: 'user', isPro: true },
    isAuthorParticipating: false,
  };
}

export const DAY = '2025-02-17';
export const PREVIOUS_DAY = '2025-02-16';

/** A normal day: four papers, two about sparse attention. */
export const NORMAL_DAY = [
  hfItem({
    id: '2502.11089',
    title: 'Native Sparse Attention: Hardware-Aligned and Natively Trainable Sparse Attention',
    summary:
      'Long-context modeling is crucial for next-generation language models, yet the high computational cost of standard ' +
      'attention mechanisms poses significant challenges. Sparse attention offers a promising direction. We present NSA, ' +
      'a natively trainable sparse attention mechanism that integrates algorithmic innovations with hardware-aligned optimizations.',
    upvotes: 141,
    authors: ['Jingyang Yuan', 'Huazuo Gao', 'Damai Dai'],
  }),
  hfItem({
    id: '2502.12115',
    title: 'SWE-Lancer: Can Frontier LLMs Earn $1 Million from Real-World Freelance Software Engineering?',
    upvotes: 40,
    authors: ['Samuel Miserendino', 'Michele Wang'],
  }),
  hfItem({
    id: '2502.13923',
    title: 'MoBA: Mixture of Block Attention for Long-Context LLMs, a Sparse Attention Alternative',
    summary:
      'Scaling the effective context length is essential for advancing large language models. We introduce Mixture of Block ' +
      'Attention (MoBA), which applies the principles of Mixture of Experts to the attention mechanism: a sparse attention ' +
      'that lets the model decide where to attend.',
    upvotes: 25,
  }),
  hfItem({ id: '2502.12152', title: 'Learning Getting-Up Policies for Real-World Humanoid Robots', upvotes: 33, authors: ['Xialin He'] }),
];
