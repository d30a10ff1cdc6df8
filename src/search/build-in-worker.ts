/**
 * The main thread's side of the build worker (build-worker.ts): starting it, handing it the papers a chunk at a time,
 * and its packed index back.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { Paper } from '../papers/paper.ts';
import { BUILD_JOB_KIND, type BuildJob, type BuildReply, type PapersMessage, type WorkerBuild } from './build-worker.ts';
import type { RankingOptions } from './paper-index.ts';

/**
 * From this many papers on, the index is built in a worker thread. Below it an in-process build blocks about a
 * second at most (2,000 papers: 1.2 s on a 2-core machine), while the worker adds about a second of wall time and
 * spares the main thread the Lunr build, the packing and the corpus tables.
 */
export const WORKER_MIN_PAPERS = 2000;

/**
 * The build worker. Compiled (dist/, `npm run build`): build-worker.js, an ES module. From TypeScript: an eval'd
 * bootstrap registering tsx's require hook, then build-worker.ts (on Node 20 `execArgv: ['--import', 'tsx']` leaves
 * a worker unable to load .ts files: module hooks registered in a worker do not apply to it).
 */
function startBuildWorker(options: { workerData: BuildJob; resourceLimits: { maxOldGenerationSizeMb: number } }): Worker {
  if (import.meta.url.endsWith('.js')) return new Worker(new URL('./build-worker.js', import.meta.url), options);
  const tsxCjs = createRequire(import.meta.url).resolve('tsx/cjs/api');
  const entry = fileURLToPath(new URL('./build-worker.ts', import.meta.url));
  return new Worker(`require(${JSON.stringify(tsxCjs)}).register();\nrequire(${JSON.stringify(entry)});\n`, { ...options, eval: true });
}

/**
 * Builds the packed index of `papers` in a worker thread (and writes the cache file there when `cache` is given);
 * `tables`: with the corpus tables (a base index; a cache file always has them).
 */
export function buildIndexInWorker(
  papers: readonly Paper[],
  ranking: Partial<RankingOptions> = {},
  cache: { file: string; key: string } | null = null,
  tables = true,
): Promise<WorkerBuild> {
  const job: BuildJob = { kind: BUILD_JOB_KIND, ranking, cache, tables };
  return new Promise((resolve, reject) => {
    // The worker gets the main thread's heap limit (so `--max-old-space-size` applies to it too), not V8's default.
    const maxOldGenerationSizeMb = Math.floor(getHeapStatistics().heap_size_limit / 2 ** 20);
    const worker = startBuildWorker({ workerData: job, resourceLimits: { maxOldGenerationSizeMb } });
    let settled = false;
    worker.once('message', (reply: BuildReply) => {
      settled = true;
      if (reply.ok) {
        resolve({ body: reply.body, buildMillis: reply.buildMillis, cacheBytes: reply.cacheBytes, cacheError: reply.cacheError });
      } else {
        reject(new Error(`index build worker failed: ${reply.error}`));
      }
      void worker.terminate();
    });
    worker.once('error', (error) => {
      if (settled) return;
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (settled) return;
      settled = true;
      reject(new Error(`index build worker exited with code ${code} before replying`));
    });
    void sendPapers(worker, papers, () => settled);
  });
}

/** Papers copied into a worker per message (about 15 ms of the main thread's time each at 50k-paper sizes). */
const PAPERS_PER_MESSAGE = 2000;

/** The papers to a build worker, a chunk at a time with the event loop let run between chunks, then `done`. */
async function sendPapers(worker: Worker, papers: readonly Paper[], stopped: () => boolean): Promise<void> {
  for (let start = 0; start < papers.length; start += PAPERS_PER_MESSAGE) {
    if (stopped()) return;
    worker.postMessage({ papers: papers.slice(start, start + PAPERS_PER_MESSAGE) } satisfies PapersMessage);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (!stopped()) worker.postMessage({ done: true } satisfies PapersMessage);
}
