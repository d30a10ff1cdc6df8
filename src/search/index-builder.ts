/**
 * Papers → ready search, the cheap way: from the index cache when it matches the corpus; from a stale cache plus a
 * small index of the papers added or changed since it was written (when they are few); else built (in a worker
 * thread for corpora large enough that the worker's start-up cost is worth it) and the cache rewritten.
 */
import { readFile } from 'node:fs/promises';
import { errorText } from '../error-text.ts';
import type { Logger } from '../logger.ts';
import type { Paper } from '../papers/paper.ts';
import { buildIndexInWorker, WORKER_MIN_PAPERS } from './build-in-worker.ts';
import { corpusChanges, extendSearch, recentLimit } from './index-extension.ts';
import {
  checkIndexCache,
  corpusKeyInSlices,
  indexCacheFile,
  type IndexCacheRead,
  type ReusableCache,
  settingsKey,
  encodeIndexCache,
  writeIndexCache,
  writeIndexCacheBytes,
} from './index-cache.ts';
import type { SharedSnapshots, SnapshotRead } from './shared-snapshots.ts';
import { loadPackedIndex, serializePackedIndex } from './retrieve/packed-index.ts';
import { createPaperSearch, packedIndexOf, type RankingOptions } from './paper-index.ts';
import type { PaperSearch } from './types.ts';

export { buildIndexInWorker, WORKER_MIN_PAPERS } from './build-in-worker.ts';
export { corpusChanges, extendSearch, recentLimit } from './index-extension.ts';

export interface IndexBuilderOptions {
  logger: Logger;
  /** Folder of the index cache; null: no cache. */
  cacheDir: string | null;
  ranking?: Partial<RankingOptions>;
  /** Build in a worker from this many papers on (default WORKER_MIN_PAPERS; 0: always, Infinity: never). */
  workerMinPapers?: number;
  /** Use a stale cache file as a base when few papers changed (default true; false: build all, rewrite the cache). */
  reuseStale?: boolean;
  /**
   * Snapshots shared with the other instances (Postgres): loaded when the cache file does not fit; when none fits
   * either, one instance builds (holding the build lock) and publishes while the others wait for its snapshot.
   */
  shared?: SharedSnapshots | null;
  /** How often a waiting instance looks for the builder's snapshot (default 1 s). */
  snapshotPollMs?: number;
}

/** A search over all of its papers in one index: what recent papers are layered on. */
export interface BaseSearch {
  search: PaperSearch;
  papers: readonly Paper[];
}

export interface BuiltSearch {
  search: PaperSearch;
  /** The one-index search `search` is (`built`, `cache`) or extends (`cache+recent`), and its papers. */
  base: BaseSearch;
  /**
   * `cache`: the packed index came from the cache file; `cache+recent`: a stale cache file's, plus an index of the
   * papers added or changed since; `snapshot`, `snapshot+recent`: the same from the shared snapshot; `built`: it was
   * built (and the cache rewritten, the shared snapshot published).
   */
  source: 'cache' | 'cache+recent' | 'snapshot' | 'snapshot+recent' | 'built';
  /** Where a built index (or the recent one) was built. */
  builtIn: 'worker' | 'main' | null;
  /** Papers in the recent index (none unless `cache+recent`). */
  recentPapers: readonly Paper[];
  /** Wall time, papers → ready search. */
  millis: number;
  /** Of which the main thread was busy (the rest ran in the worker or waited on the disk). */
  mainThreadMillis: number;
  /** Size of the cache file written, when one was. */
  cacheBytes: number | null;
}

const round = (ms: number): number => Math.round(ms);
/** The cache file's bytes (read off the main thread), else why there are none. */
async function readCacheBytes(file: string): Promise<Buffer | IndexCacheRead> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
    return { status: 'corrupt', reason: `cannot read it (${errorText(error)})` };
  }
}

/** Builds (or loads) the search over `papers`, logging where it came from and how long it took. */
export async function buildPaperSearch(papers: readonly Paper[], options: IndexBuilderOptions): Promise<BuiltSearch> {
  const { logger, cacheDir } = options;
  const ranking = options.ranking ?? {};
  const started = performance.now();
  let mainThread = 0;
  const onMain = <T>(work: () => T): T => {
    const t = performance.now();
    try {
      return work();
    } finally {
      mainThread += performance.now() - t;
    }
  };

  const file = cacheDir === null ? null : indexCacheFile(cacheDir);
  const shared = options.shared ?? null;
  // Hashed in slices (the main thread is busy for all of it, but never for long at once).
  const keyStarted = performance.now();
  const key = file === null && shared === null ? null : await corpusKeyInSlices(papers, ranking);
  mainThread += performance.now() - keyStarted;
  if (file !== null && key !== null) {
    const bytes = await readCacheBytes(file);
    const read = Buffer.isBuffer(bytes) ? onMain(() => checkIndexCache(bytes, key, settingsKey(ranking))) : bytes;
    if (read.status === 'hit') {
      const search = onMain(() => createPaperSearch(papers, ranking, read.index));
      const millis = performance.now() - started;
      logger.info(`index: loaded from cache in ${round(millis)} ms (${papers.length} papers, ${read.bytes} bytes)`);
      return { search, base: { search, papers }, source: 'cache', builtIn: null, recentPapers: [], millis, mainThreadMillis: mainThread, cacheBytes: null };
    }
    if (read.status === 'corrupt') logger.warn(`index: cache file ${file} is corrupted (${read.reason}); rebuilding it`);
    if (read.status === 'stale' && read.reusable && options.reuseStale !== false) {
      const reused = await reuseStaleCache(read.reusable, papers, { ...options, ranking, onMain });
      if (reused) {
        const millis = performance.now() - started;
        logger.info(
          `index: loaded ${reused.base.papers.length} papers from a stale cache and indexed ${reused.recentPapers.length} added or ` +
            `changed ones in ${round(millis)} ms`,
        );
        return { ...reused, source: 'cache+recent', millis, mainThreadMillis: mainThread, cacheBytes: null };
      }
    } else if (read.status === 'stale' && !read.reusable) {
      logger.info('index: cache is stale (the search code or settings changed); rebuilding');
    }
  }

  const cache = file !== null && key !== null ? { file, key } : null;
  const context: BuildContext = { ...options, ranking, onMain, started, mainThread: () => mainThread };
  if (shared === null || key === null) return (await buildIndex(papers, cache, context)).result;

  const warned = new Set<string>();
  const seen: SnapshotsSeen = {};
  for (let waiting = false; ; waiting = true) {
    const loaded = await loadSnapshot(shared, key, papers, { ...context, warned, seen, file });
    if (loaded) return { ...loaded, millis: performance.now() - started, mainThreadMillis: mainThread };
    const lock = await shared.tryBuildLock();
    if (lock) {
      try {
        // A builder may have published between the look and the lock.
        const again = await loadSnapshot(shared, key, papers, { ...context, warned, seen, file });
        if (again) return { ...again, millis: performance.now() - started, mainThreadMillis: mainThread };
        const built = await buildIndex(papers, cache, context);
        if (built.body) await publishSnapshot(shared, key, built.body, papers, context);
        return built.result;
      } finally {
        await lock.release();
      }
    }
    if (!waiting) logger.info('index: another instance is building the index; waiting for its snapshot');
    await new Promise((resolve) => setTimeout(resolve, options.snapshotPollMs ?? 1000));
  }
}

/** The stored snapshot last found unusable (stale from other code or settings, corrupt): not read again unless replaced. */
interface SnapshotsSeen {
  unusable?: string;
}

interface BuildContext extends IndexBuilderOptions {
  ranking: Partial<RankingOptions>;
  onMain: <T>(work: () => T) => T;
  started: number;
  mainThread: () => number;
}

/** Builds the index of `papers` (in a worker when they are many) and writes the cache file; `body`: its packed bytes. */
async function buildIndex(
  papers: readonly Paper[],
  cache: { file: string; key: string } | null,
  options: BuildContext,
): Promise<{ result: BuiltSearch; body: Uint8Array | null }> {
  const { logger, ranking, onMain, started } = options;
  if (papers.length >= (options.workerMinPapers ?? WORKER_MIN_PAPERS)) {
    try {
      const built = await buildIndexInWorker(papers, ranking, cache);
      if (built.cacheError) logger.warn(`index: cannot write the cache file ${cache?.file ?? ''} (${built.cacheError})`);
      const index = onMain(() => loadPackedIndex(built.body));
      await new Promise<void>((resolve) => setImmediate(resolve));
      const search = onMain(() => createPaperSearch(papers, ranking, index));
      const millis = performance.now() - started;
      logger.info(
        `index: built in worker in ${round(millis)} ms (${papers.length} papers; main thread busy ${round(options.mainThread())} ms)`,
      );
      const result: BuiltSearch = { search, base: { search, papers }, source: 'built', builtIn: 'worker', recentPapers: [], millis, mainThreadMillis: options.mainThread(), cacheBytes: built.cacheBytes };
      return { result, body: built.body };
    } catch (error) {
      // Out of memory there means out of memory here too: fail (the previous index keeps serving) rather than crash.
      if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
        throw new Error(
          `index: the worker ran out of memory building the index of ${papers.length} papers ` +
            `(raise the heap limit, e.g. NODE_OPTIONS=--max-old-space-size=8192)`,
          { cause: error },
        );
      }
      logger.warn(`index: worker build failed (${errorText(error)}); building in-process`);
    }
  }

  const search = onMain(() => createPaperSearch(papers, ranking));
  let cacheBytes: number | null = null;
  let body: Uint8Array | null = null;
  if (cache || options.shared) {
    const packed = onMain(() => packedIndexOf(search));
    if (packed) body = onMain(() => serializePackedIndex(packed));
  }
  if (cache && body) {
    try {
      cacheBytes = await writeIndexCache(cache.file, cache.key, body, { papers, ranking });
    } catch (error) {
      logger.warn(`index: cannot write the cache file ${cache.file} (${errorText(error)})`);
    }
  }
  const millis = performance.now() - started;
  logger.info(`index: built in ${round(millis)} ms (${papers.length} papers)`);
  return { result: { search, base: { search, papers }, source: 'built', builtIn: 'main', recentPapers: [], millis, mainThreadMillis: options.mainThread(), cacheBytes }, body };
}

/**
 * The search from the shared snapshot when it fits `key` (checked as a cache file is; the local cache file is then
 * written from it), or from a stale one reused as a base; null when none fits (or it is corrupted).
 */
async function loadSnapshot(
  shared: SharedSnapshots,
  key: string,
  papers: readonly Paper[],
  options: BuildContext & { warned: Set<string>; seen: SnapshotsSeen; file: string | null },
): Promise<Omit<BuiltSearch, 'millis' | 'mainThreadMillis'> | null> {
  const { logger, ranking, onMain, warned, seen } = options;
  const warnOnce = (id: string, message: string): void => {
    if (!warned.has(id)) logger.warn(message);
    warned.add(id);
  };
  let snapshot: SnapshotRead;
  try {
    snapshot = await shared.read(key, seen.unusable);
  } catch (error) {
    warnOnce('read', `index: cannot read the shared snapshot (${errorText(error)})`);
    return null;
  }
  if (snapshot.status === 'missing' || snapshot.status === 'unchanged') return null;
  // Until something below serves it, this snapshot is of no use: the next look skips its bytes if it is still there.
  seen.unusable = snapshot.id;
  if (snapshot.status === 'corrupt') {
    warnOnce(`corrupt ${snapshot.key}`, `index: shared snapshot ${snapshot.key.slice(0, 12)} is corrupted (${snapshot.reason}); rebuilding it`);
    return null;
  }
  const { bytes } = snapshot;
  const read = onMain(() => checkIndexCache(bytes, key, settingsKey(ranking)));
  if (read.status === 'hit') {
    const search = onMain(() => createPaperSearch(papers, ranking, read.index));
    if (options.file) await writeIndexCacheBytes(options.file, bytes).catch((error: unknown) => logger.warn(`index: cannot write the cache file ${options.file ?? ''} (${errorText(error)})`));
    logger.info(`index: loaded the shared snapshot in ${round(performance.now() - options.started)} ms (${papers.length} papers, ${bytes.byteLength} bytes)`);
    return { search, base: { search, papers }, source: 'snapshot', builtIn: null, recentPapers: [], cacheBytes: null };
  }
  if (read.status === 'corrupt') {
    warnOnce(`corrupt ${snapshot.key}`, `index: shared snapshot ${snapshot.key.slice(0, 12)} is corrupted (${read.reason}); rebuilding it`);
    return null;
  }
  if (read.status === 'stale' && read.reusable && options.reuseStale !== false) {
    const reused = await reuseStaleCache(read.reusable, papers, options);
    if (reused) {
      logger.info(`index: loaded ${reused.base.papers.length} papers from the shared snapshot and indexed ${reused.recentPapers.length} added or changed ones`);
      return { ...reused, source: 'snapshot+recent', cacheBytes: null };
    }
  }
  return null;
}

/** Stores the built index as the shared snapshot (failing only costs the other instances a build). */
async function publishSnapshot(shared: SharedSnapshots, key: string, body: Uint8Array, papers: readonly Paper[], options: BuildContext): Promise<void> {
  const { logger, ranking, onMain } = options;
  try {
    const bytes = onMain(() => encodeIndexCache(key, body, { papers, ranking }));
    const written = await shared.write(key, bytes);
    logger.info(written ? `index: published the shared snapshot (${bytes.byteLength} bytes)` : 'index: the shared snapshot was already published');
  } catch (error) {
    logger.warn(`index: cannot publish the shared snapshot (${errorText(error)})`);
  }
}

/**
 * A stale cache file made by the same code as the base of the papers it indexed that did not change, with the rest
 * in a recent index; null when too much changed (or the file is corrupted) and a full build is the better deal.
 */
async function reuseStaleCache(
  reusable: ReusableCache,
  papers: readonly Paper[],
  options: IndexBuilderOptions & { ranking: Partial<RankingOptions>; onMain: <T>(work: () => T) => T },
): Promise<Pick<BuiltSearch, 'search' | 'base' | 'builtIn' | 'recentPapers'> | null> {
  const { logger, ranking, onMain } = options;
  const { unchanged, changed } = onMain(() => corpusChanges(reusable.fingerprints, papers));
  const replaced = reusable.fingerprints.size - unchanged.length;
  if (unchanged.length === 0 || changed.length + replaced > recentLimit(unchanged.length)) {
    logger.info(`index: cache is stale (${changed.length} papers added or changed since it was written); rebuilding`);
    return null;
  }
  const loaded = onMain(() => reusable.load());
  if (loaded.status === 'corrupt') {
    logger.warn(`index: stale cache file is corrupted (${loaded.reason}); rebuilding it`);
    return null;
  }
  const base = onMain(() => createPaperSearch(unchanged, ranking, loaded.index));
  if (changed.length === 0) return { search: base, base: { search: base, papers: unchanged }, builtIn: null, recentPapers: [] };
  const extended = await extendSearch(base, changed, {
    ranking,
    ...(options.workerMinPapers === undefined ? {} : { workerMinPapers: options.workerMinPapers }),
  });
  return { search: extended.search, base: { search: base, papers: unchanged }, builtIn: extended.builtIn, recentPapers: changed };
}
