/**
 * The search index follows the papers table. The seeds are upserted into the table at start (idempotent:
 * a second start changes nothing), the index is built from the table, and `refresh()` rebuilds it only
 * when the table's revision moved: after an ingest by this instance, another instance or the CLI. The
 * new index is swapped in whole (`SearchState.swap`), so commands keep being answered by the old one
 * until then and never see a half-ingested corpus.
 */
import type { Logger } from '../logger.ts';
import { toPaperInput } from '../papers/corpus-merge.ts';
import { loadSeedPapers } from '../papers/load-seeds.ts';
import type { Paper } from '../papers/paper.ts';
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

export interface CorpusIndexDeps {
  store: PaperStore;
  searchState: SearchState;
  logger: Logger;
  /** Index builder (default: the app's Lunr index, built in-process); may build off the main thread. */
  build?: (papers: Paper[]) => PaperSearch | Promise<PaperSearch>;
}

export class CorpusIndex {
  readonly #deps: CorpusIndexDeps;
  #revision: number | null = null;
  #size = 0;
  #queue: Promise<unknown> = Promise.resolve();

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

  /**
   * Rebuild and swap in the index if the papers table changed since the last build (always with
   * `force`). Calls are serialized; resolves true when a new index was swapped in.
   */
  refresh(options: { force?: boolean } = {}): Promise<boolean> {
    const run = this.#queue.then(() => this.#refresh(options.force ?? false));
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
    const search = await (this.#deps.build ?? createPaperSearch)(papers);
    searchState.swap(search, { logger });
    this.#revision = revision;
    this.#size = papers.length;
    logger.info(`indexed ${papers.length} papers (corpus revision ${revision}) in ${Math.round(performance.now() - started)} ms`);
    return true;
  }
}
