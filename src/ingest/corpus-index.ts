/**
 * The search index follows the papers table. The seeds are upserted into the table at start (idempotent:
 * a second start changes nothing), the index is built from the table, and `refresh()` updates it only
 * when the table's revision moved: after an ingest by this instance, another instance or the CLI. The
 * new search is swapped in whole (`SearchState.swap`), so commands keep being answered by the old one
 * until then and never see a half-ingested corpus.
 */
import type { Logger } from '../logger.ts';
import { toPaperInput } from '../papers/corpus-merge.ts';
import { loadSeedPapers } from '../papers/load-seeds.ts';
import type { Paper } from '../papers/paper.ts';
import { paperFingerprint } from '../search/index-cache.ts';
import { corpusChanges, extendSearch, recentLimit, type BaseSearch } from '../search/index-builder.ts';
import { createPaperSearch } from '../search/paper-index.ts';
import type { SearchState } from '../search/search-state.ts';
import type { PaperSearch } from '../search/types.ts';
import type { PaperStore } from '../store/paper-store.ts';

export interface SeedReport {
  files: string[];
  papers: number;
  added: number;
  updated: number;
}

/** Parse the seed pages and upsert them into the papers table (parse warnings are logged). */
export async function seedCorpus(store: PaperStore, seedsDir: string, logger: Logger, now: Date): Promise<SeedReport> {
  const { papers, warnings, files } = await loadSeedPapers(seedsDir, { reference: now });
  for (const warning of warnings) logger.warn(`${warning.source}:${warning.line}: ${warning.message}`);
  const result = await store.upsertPapers(papers.map(toPaperInput), { now });
  for (const conflict of result.conflicts) logger.warn(`seed paper "${conflict.title}" not stored: ${conflict.reason}`);
  if (result.added.length + result.updated.length > 0) {
    logger.info(`seed pages: ${result.added.length} papers added, ${result.updated.length} updated in the store`);
  }
  return { files, papers: papers.length, added: result.added.length, updated: result.updated.length };
}

/** A full build: the search, and the one-index base it is or extends. */
export interface CorpusBuild {
  search: PaperSearch;
  base: BaseSearch;
  /** Papers `search` holds in a recent index on top of `base` (0 when it is the base). */
  recent: number;
}

export interface CorpusIndexDeps {
  store: PaperStore;
  searchState: SearchState;
  logger: Logger;
  /**
   * Builds the search over all papers (default: in-process). `full`: index every paper (a merge), rather than reuse
   * a cached index as a base.
   */
  build?: (papers: Paper[], options: { full: boolean }) => Promise<CorpusBuild>;
  /** Layers added and changed papers on a base search (default: `extendSearch`, in a worker when many). */
  extend?: (base: PaperSearch, changed: Paper[], removedIds: string[]) => Promise<PaperSearch>;
  /** Papers in the recent index from which a merge (a full build in the background) starts (default `mergeThreshold`). */
  mergeAt?: (baseSize: number) => number;
}

/** Recent papers that start a merge: a twentieth of the base, at least 500. */
export function mergeThreshold(baseSize: number): number {
  return Math.max(500, Math.floor(baseSize / 20));
}

const buildInProcess = (papers: Paper[]): Promise<CorpusBuild> => {
  const search = createPaperSearch(papers);
  return Promise.resolve({ search, base: { search, papers }, recent: 0 });
};

const extendInProcess = async (base: PaperSearch, changed: Paper[], removedIds: string[]): Promise<PaperSearch> =>
  (await extendSearch(base, changed, removedIds)).search;

/** The base the current search extends: its search and the fingerprint of each of its papers. */
interface CurrentBase {
  search: PaperSearch;
  fingerprints: Map<string, string>;
}

function baseOf(built: BaseSearch): CurrentBase {
  return { search: built.search, fingerprints: new Map(built.papers.map((paper) => [paper.id, paperFingerprint(paper)])) };
}

/**
 * Keeps the served search in step with the papers table. A change of a few papers (an ingest) is indexed alone, in a
 * recent index on top of the base (milliseconds), and swapped in; once the recent index holds many papers a full
 * build runs in the background (a worker for large corpora), becomes the new base and rewrites the index cache.
 */
export class CorpusIndex {
  readonly #deps: CorpusIndexDeps;
  #revision: number | null = null;
  #size = 0;
  #queue: Promise<unknown> = Promise.resolve();
  #base: CurrentBase | null = null;
  #merge: Promise<void> | null = null;

  constructor(deps: CorpusIndexDeps) {
    this.#deps = deps;
  }

  /** Revision of the papers table the current index was built from (null before the first build). */
  get revision(): number | null {
    return this.#revision;
  }

  get size(): number {
    return this.#size;
  }

  /** Settles once no merge is running (one started meanwhile included). */
  async merged(): Promise<void> {
    while (this.#merge) await this.#merge;
  }

  /**
   * Bring the index up to date with the papers table if it changed since the last refresh (always with `force`).
   * Calls are serialized; resolves true when a new search was swapped in.
   */
  refresh(options: { force?: boolean } = {}): Promise<boolean> {
    return this.#enqueue(() => this.#refresh(options.force ?? false));
  }

  #enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(job);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #refresh(force: boolean): Promise<boolean> {
    const { store, searchState, logger } = this.#deps;
    // Read the revision first: a commit landing between the two reads makes the next refresh rebuild
    // again (harmless), never leaves a stale index marked as current.
    const revision = await store.papersRevision();
    if (!force && revision === this.#revision) return false;
    const started = performance.now();
    const papers = await store.listPapers();
    const base = this.#base;
    const changes = base ? corpusChanges(base.fingerprints, papers) : null;
    let search: PaperSearch;
    let recent: number;
    if (base && changes && changes.changed.length + changes.removedIds.length <= recentLimit(changes.unchanged.length)) {
      recent = changes.changed.length;
      search =
        recent + changes.removedIds.length === 0
          ? base.search
          : await (this.#deps.extend ?? extendInProcess)(base.search, changes.changed, changes.removedIds);
    } else {
      const built = await (this.#deps.build ?? buildInProcess)(papers, { full: false });
      this.#base = baseOf(built.base);
      search = built.search;
      recent = built.recent;
    }
    const swapped = search !== searchState.current;
    if (swapped) searchState.swap(search, { logger });
    this.#revision = revision;
    this.#size = papers.length;
    const layout = recent > 0 ? ` (${recent} in the recent index)` : '';
    logger.info(
      `indexed ${papers.length} papers${layout} (corpus revision ${revision}) in ${Math.round(performance.now() - started)} ms`,
    );
    const baseSize = this.#base?.fingerprints.size ?? 0;
    if (recent > 0 && recent >= (this.#deps.mergeAt ?? mergeThreshold)(baseSize)) this.#startMerge();
    return swapped;
  }

  /** A full build in the background; once done it becomes the base and the latest papers are layered on it. */
  #startMerge(): void {
    if (this.#merge) return;
    const { store, logger } = this.#deps;
    const build = this.#deps.build ?? buildInProcess;
    this.#merge = (async () => {
      const started = performance.now();
      const papers = await store.listPapers();
      const built = await build(papers, { full: true });
      await this.#enqueue(async () => {
        this.#base = baseOf(built.base);
        logger.info(`index: merged ${papers.length} papers into one index in ${Math.round(performance.now() - started)} ms`);
        await this.#refresh(true);
      });
    })()
      .catch((error: unknown) => {
        logger.warn(`index: merge failed (${error instanceof Error ? error.message : String(error)}); the recent index keeps serving`);
      })
      .finally(() => {
        this.#merge = null;
      });
  }
}
