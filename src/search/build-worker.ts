/**
 * The worker thread that builds the index (started by `buildIndexInWorker`), so the main event loop keeps answering
 * `/paper` from the previous index meanwhile. It builds the search, serializes its packed index (with the corpus
 * tables when asked: a base index; bytes transferred back without a copy) and writes the index cache file; the main
 * thread then only loads the arrays.
 *
 * From TypeScript this file is loaded through tsx's require hook (see index-builder.ts: on Node 20, `--import tsx`
 * in a worker's execArgv does not apply to the worker), so it must not use `import.meta` or top-level await.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { errorText } from '../error-text.ts';
import type { Paper } from '../papers/paper.ts';
import { writeIndexCache } from './index-cache.ts';
import { serializePackedIndex } from './retrieve/packed-index.ts';
import { createPaperSearch, packedIndexOf, type RankingOptions } from './paper-index.ts';

export const BUILD_JOB_KIND = 'paper-digest.index-build';

/** What the worker starts with; the papers follow as messages (see `PapersMessage`). */
export interface BuildJob {
  kind: typeof BUILD_JOB_KIND;
  ranking: Partial<RankingOptions>;
  /** Cache file to write, with its key; none when the cache is off. */
  cache: { file: string; key: string } | null;
  /** Also build the corpus tables (acronyms, spelling vocabulary) into the index: a base index, not a recent one. */
  tables: boolean;
}

/**
 * The papers to index, a chunk per message, then `done`: copying 50k papers into the worker at once would hold the
 * main thread for a few hundred ms, so they are sent in chunks with the event loop let run between them.
 */
export type PapersMessage = { papers: Paper[] } | { done: true };

export type BuildReply =
  | { ok: true; body: Uint8Array; buildMillis: number; cacheBytes: number | null; cacheError: string | null }
  | { ok: false; error: string };

export interface WorkerBuild {
  /** The serialized packed index (load it with `loadPackedIndex`). */
  body: Uint8Array;
  /** Time the worker spent building and serializing (cache write excluded). */
  buildMillis: number;
  /** Size of the cache file written, null when none was written. */
  cacheBytes: number | null;
  /** Why the cache file could not be written, if it could not. */
  cacheError: string | null;
}

function message(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function isBuildJob(value: unknown): value is BuildJob {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === BUILD_JOB_KIND;
}

async function runJob(job: BuildJob, papers: readonly Paper[]): Promise<BuildReply> {
  const started = performance.now();
  const search = createPaperSearch(papers, job.ranking);
  // A cache file always holds the tables: a restart from it has nothing left to build.
  const packed = packedIndexOf(search, { tables: job.tables || job.cache !== null });
  if (!packed) throw new Error('the search has no packed index');
  const body = serializePackedIndex(packed);
  const buildMillis = performance.now() - started;
  let cacheBytes: number | null = null;
  let cacheError: string | null = null;
  if (job.cache) {
    try {
      cacheBytes = await writeIndexCache(job.cache.file, job.cache.key, body, { papers, ranking: job.ranking });
    } catch (error) {
      cacheError = errorText(error);
    }
  }
  return { ok: true, body, buildMillis, cacheBytes, cacheError };
}

if (!isMainThread && parentPort && isBuildJob(workerData)) {
  const port = parentPort;
  const job = workerData;
  const papers: Paper[] = [];
  port.on('message', (received: PapersMessage) => {
    if ('papers' in received) {
      papers.push(...received.papers);
      return;
    }
    port.removeAllListeners('message');
    runJob(job, papers).then(
      (reply) => port.postMessage(reply, reply.ok ? [reply.body.buffer as ArrayBuffer] : []),
      (error: unknown) => port.postMessage({ ok: false, error: message(error) } satisfies BuildReply),
    );
  });
}
