/**
 * The search index follows the papers table. The seeds are upserted into the table at start (idempotent:
 * a second start changes nothing), the index is built from the table, and `refresh()` updates it only
 * when the table's revision moved: after an ingest by this instance, another instance or the CLI. The
 * new search is swapped in whole (`SearchState.swap`), so commands keep being answered by the old one
 * until then and never see a half-ingested corpus.
 */
import { errorText } from '../error-text.ts';
import type { Logger } from '../logger.ts';
import { toPaperInput } from '../papers/corpus-merge.ts';
import { loadSeedPapers, seedPagesDigest } from '../papers/load-seeds.ts';
import { standingPapers, type Paper } from '../papers/paper.ts';
import type { BaseSearch } from '../search/index-builder.ts';
import { extendSearch, recentLimit } from '../search/index-extension.ts';
import { createPaperSearch } from '../search/paper-index.ts';
import type { SearchState } from '../search/search-state.ts';
import type { PaperSearch } from '../search/types.ts';
import type { PaperStore } from '../store/paper-store.ts';

export interface SeedReport {
  files: string[];
  /** Papers parsed from the pages; null when the pages were stored before as they are (not parsed again). */
  papers: number | null;
  added: number;
  updated: number;
}

/**
 * Parse the seed pages and upsert them into the papers table (parse warnings are logged), unless the table already
 * holds these very pages (same digest): then nothing is read but the bytes, which keeps restarts of large corpora
 * fast. Dates without a year take their year from their page (page-dates.ts), never from `now`, which only stamps
 * the rows.
 */
export async function seedCorpus(store: PaperStore, seedsDir: string, logger: Logger, now: Date): Promise<SeedReport> {
  const pages = await seedPagesDigest(seedsDir);
  if (pages.files.length > 0 && (await store.storedSeedPagesDigest()) === pages.digest) {
    logger.info(`seed pages: ${pages.files.length} unchanged since they were stored; not parsed again`);
    return { files: pages.files, papers: null, added: 0, updated: 0 };
  }
  const { papers, warnings, files } = await loadSeedPapers(seedsDir);
  for (const warning of warnings) logger.warn(`${warning.source}:${warning.line}: ${warning.message}`);
  const result = await store.upsertPapers(papers.map(toPaperInput), { now });
  if (result.added.length + result.updated.length > 0) {
    logger.info(`seed pages: ${result.added.length} papers added, ${result.updated.length} updated in the store`);
  }
  await store.recordSeedPagesDigest(pages.digest);
  return { files, papers: papers.length, added: result.added.length, updated: result.updated.length };
}

/** A full build: the search, the one-index base it is or extends, and the papers it adds on the base. */
export interface CorpusBuild {
  search: PaperSearch;
  base: BaseSearch;
  recentPapers: readonly Paper[];
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
  /** Layers added and changed papers on a base search, without `removedIds` (default: `extendSearch`, in a worker when many). */
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
  return Promise.resolve({ search, base: { search, papers }, recentPapers: [] });
};

const extendInProcess = async (base: PaperSearch, changed: Paper[], removedIds: string[]): Promise<PaperSearch> =>
  (await extendSearch(base, changed, { removedIds })).search;

/**
 * Keeps the served search in step with the papers table. Each paper row carries the corpus revision that last wrote
 * it, so a refresh reads only the papers changed since the last one (an ingest: a few hundred rows, not the whole
 * table), indexes them alone in a recent index on top of the base (milliseconds) and swaps the result in. Once the
 * recent index holds many papers, a full build runs in the background (in a worker for large corpora), becomes the
 * new base and rewrites the index cache. A withdrawn paper is in no index: the recent layer retires it from the base.
 */
export class CorpusIndex {
  readonly #deps: CorpusIndexDeps;
  #revision: number | null = null;
  #size = 0;
  #queue: Promise<unknown> = Promise.resolve();
  /** The one-index search the served one extends, and how many papers it holds. */
  #base: { search: PaperSearch; size: number } | null = null;
  /** The papers of the recent index, latest version of each (a withdrawn one: retired from the base, not indexed). */
  #recent = new Map<string, Paper>();
  /** The base changed (a merge) since the served search was made. */
  #baseMoved = false;
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
   * Bring the index up to date with the papers table if it changed since the last refresh (`force`: build it all
   * again). Calls are serialized; resolves true when a new search was swapped in.
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
    const { store } = this.#deps;
    // Read the revision first: a commit landing between the two reads is read again next time (harmless), never
    // missed.
    const revision = await store.papersRevision();
    if (!force && revision === this.#revision && !this.#baseMoved) return false;
    const started = performance.now();
    const base = this.#base;
    if (!force && base && this.#revision !== null) {
      const changed = await store.listPapersChangedSince(this.#revision);
      if (changed.length === 0 && !this.#baseMoved) {
        this.#revision = revision;
        return false;
      }
      const recent = new Map(this.#recent);
      for (const paper of changed) recent.set(paper.id, paper);
      if (recent.size <= recentLimit(base.size)) {
        const layer = [...recent.values()];
        const removed = layer.filter((paper) => paper.withdrawnAt !== undefined).map((paper) => paper.id);
        const search = recent.size === 0 ? base.search : await (this.#deps.extend ?? extendInProcess)(base.search, standingPapers(layer), removed);
        return this.#serve(search, revision, recent, started);
      }
    }
    const papers = standingPapers(await store.listPapers());
    const built = await (this.#deps.build ?? buildInProcess)(papers, { full: false });
    this.#base = { search: built.base.search, size: built.base.papers.length };
    return this.#serve(built.search, revision, new Map(built.recentPapers.map((paper) => [paper.id, paper])), started);
  }

  #serve(search: PaperSearch, revision: number, recent: Map<string, Paper>, started: number): boolean {
    const { searchState, logger } = this.#deps;
    const swapped = search !== searchState.current;
    if (swapped) searchState.swap(search, { logger });
    this.#revision = revision;
    this.#recent = recent;
    this.#baseMoved = false;
    this.#size = search.size;
    const layout = recent.size > 0 ? ` (${recent.size} in the recent index)` : '';
    logger.info(`indexed ${search.size} papers${layout} (corpus revision ${revision}) in ${Math.round(performance.now() - started)} ms`);
    const baseSize = this.#base?.size ?? 0;
    if (recent.size > 0 && recent.size >= (this.#deps.mergeAt ?? mergeThreshold)(baseSize)) this.#startMerge();
    return swapped;
  }

  /** A full build in the background; once done it becomes the base and the papers changed since go on top of it. */
  #startMerge(): void {
    if (this.#merge) return;
    const { store, logger } = this.#deps;
    const build = this.#deps.build ?? buildInProcess;
    this.#merge = (async () => {
      const started = performance.now();
      const revision = await store.papersRevision();
      const papers = standingPapers(await store.listPapers());
      const built = await build(papers, { full: true });
      await this.#enqueue(async () => {
        this.#base = { search: built.base.search, size: built.base.papers.length };
        this.#recent = new Map();
        this.#revision = revision;
        this.#baseMoved = true;
        logger.info(`index: merged ${papers.length} papers into one index in ${Math.round(performance.now() - started)} ms`);
        await this.#refresh(false);
      });
    })()
      .catch((error: unknown) => {
        logger.warn(`index: merge failed (${errorText(error)}); the recent index keeps serving`);
      })
      .finally(() => {
        this.#merge = null;
      });
  }
}
