import { errorText } from './error-text.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { PaperCommandDeps } from './commands/paper-command.ts';
import type { ChannelAccess } from './digests/channel-access.ts';
import type { DigestPoster } from './digests/poster.ts';
import { DEFAULT_CATCH_UP_MS, type DigestRunnerDeps } from './digests/runner.ts';
import { DEFAULT_PACING_POLICY, DigestPacing } from './digests/pacing.ts';
import type { ScheduleDefaults } from './digests/schedule.ts';
import { scheduleDefaultsFromEnv } from './digests/schedule.ts';
import { TopPapersService } from './digests/top-papers.ts';
import { SubscriptionService } from './digests/subscription-service.ts';
import { CorpusIndex, seedCorpus, type SeedReport } from './ingest/corpus-index.ts';
import type { FetchPolicy } from './ingest/hf-client.ts';
import type { IngestDeps } from './ingest/ingest.ts';
import { PaperLookup } from './ingest/paper-lookup.ts';
import { SearchState } from './search/search-state.ts';
import { defaultIndexCacheDir, usableIndexCacheDir } from './search/index-cache.ts';
import { buildPaperSearch } from './search/index-builder.ts';
import { DEFAULT_SQLITE_PATH, newInstanceId, openStore, redactDatabaseUrl } from './store/index.ts';
import { openIndexSnapshots } from './store/index-snapshots.ts';
import type { Store } from './store/store.ts';
import { UnfurlManners } from './unfurl/manners.ts';
import { UnfurlService } from './unfurl/unfurl-service.ts';
import { RatingService } from './digests/rating-service.ts';
import { RecentShares } from './digests/recent-shares.ts';
import { SavedPaperService } from './digests/saved-paper-service.ts';
import { FollowService } from './digests/follow-service.ts';
import type { AnswerSurface } from './views/message.ts';

/** What every surface (Slack, local console, CLI) shares: config, store, index, services. */
export interface Runtime {
  config: Config;
  logger: Logger;
  store: Store;
  searchState: SearchState;
  defaults: ScheduleDefaults;
  instanceId: string;
  clock: () => Date;
  /** The `/paper` services for one surface: how it checks a channel, and whether it has the app's Home tab. */
  commandDeps(channelAccess: ChannelAccess, surface: AnswerSurface): PaperCommandDeps;
  runnerDeps(poster: DigestPoster): DigestRunnerDeps;
  /** Upserts the seed pages into the papers table (idempotent), then builds the index from the table. */
  loadIndex(): Promise<SeedReport>;
  /** Rebuilds the index if the papers table changed since it was built (true when it swapped one in). */
  refreshIndex(): Promise<boolean>;
  /** What ingests (scheduled and CLI) need: the store, HF_API_URL, the clock. */
  ingestDeps: IngestDeps;
  close(): Promise<void>;
}

export const SEARCH_PAGE_SIZE = 5;

export async function openRuntime(
  config: Config,
  logger: Logger,
  options: { clock?: () => Date; fetchPolicy?: Partial<FetchPolicy> } = {},
): Promise<Runtime> {
  const defaults = scheduleDefaultsFromEnv({
    DIGEST_DEFAULT_TIME: config.digest.defaultTime,
    DIGEST_DEFAULT_TZ: config.digest.defaultTimeZone,
  });
  const store = await openStore(config.databaseUrl, {
    onMigrated: (report) => {
      if (report.applied.length > 0) logger.info(`database migrations applied: ${report.applied.join(', ')}`);
    },
  }).catch((error: unknown) => {
    // The driver's words alone ("getaddrinfo ENOTFOUND db", "file is not a database") don't say it is the database.
    const which = config.databaseUrl ? redactDatabaseUrl(config.databaseUrl) : DEFAULT_SQLITE_PATH;
    throw new Error(`cannot open the database ${which} (${errorText(error)})`, { cause: error });
  });
  logger.info(`store: ${config.databaseUrl ? redactDatabaseUrl(config.databaseUrl) : 'SQLite (default file)'}`);
  const searchState = new SearchState();
  const clock = options.clock ?? (() => new Date());
  const saved = new SavedPaperService({ store, searchState, logger, clock });
  const instanceId = newInstanceId();
  // The index cache (INDEX_CACHE_DIR; `off`: none) spares restarts the build; large builds run in a worker thread.
  const indexCacheDir = await checkedIndexCacheDir(config, logger);
  // With Postgres the built index is shared through the database: a start loads it instead of building, one
  // instance builds while the others wait for its snapshot, and any extension (an ingest) is merged and republished.
  const shared = openIndexSnapshots(config.databaseUrl);
  const corpus = new CorpusIndex({
    store,
    searchState,
    logger,
    build: (papers, { full }) => buildPaperSearch(papers, { logger, cacheDir: indexCacheDir, reuseStale: !full, shared }),
    ...(shared ? { mergeAt: () => 1 } : {}),
  });

  // A pasted link to a paper the corpus lacks: Hugging Face, else arXiv; what is found is stored and indexed at once.
  const lookup = new PaperLookup({
    store,
    logger,
    clock,
    hfApiUrl: config.hfApiUrl,
    arxivApiUrl: config.arxivApiUrl,
    refreshIndex: () => corpus.refresh(),
    ...(options.fetchPolicy ? { fetchPolicy: options.fetchPolicy } : {}),
  });
  // What was unfolded where (the 30-minute rule) is kept in the store: every surface and every instance shares it.
  const unfurl = new UnfurlService({ store, manners: new UnfurlManners({ store, clock, logger }), logger, clock, lookup: (arxivId) => lookup.find(arxivId) });

  const shares = new RecentShares({ store, clock, logger });

  // One for the process: every tick shares the Slack slots and the 429 holds.
  const pacing = new DigestPacing({ ...DEFAULT_PACING_POLICY, concurrency: config.digest.concurrency }, clock);

  return {
    config,
    logger,
    store,
    searchState,
    defaults,
    instanceId,
    clock,
    commandDeps: (channelAccess, surface) => ({
      searchState,
      pageSize: SEARCH_PAGE_SIZE,
      scheduleDefaults: { time: defaults.time, timezone: defaults.timezone },
      surface,
      logger,
      unfurl,
      saved,
      follows: new FollowService({ store, clock, logger }),
      top: new TopPapersService({ store, searchState, clock }),
      ratings: new RatingService({ store, searchState, channelAccess, logger, clock }),
      shares,
      subscriptions: new SubscriptionService({
        store,
        searchState,
        channelAccess,
        defaults,
        digestSize: config.digest.size,
        clock,
        logger,
        lookup: (arxivId) => lookup.find(arxivId),
        surface,
      }),
    }),
    runnerDeps: (poster) => ({
      pacing,
      store,
      searchState,
      poster,
      logger,
      instanceId,
      digestSize: config.digest.size,
      catchUpMs: DEFAULT_CATCH_UP_MS,
    }),
    async loadIndex() {
      const seeded = await seedCorpus(store, config.seedsDir, logger, clock());
      await corpus.refresh({ force: true });
      // A button naming a paper another instance just stored finds it once this index has caught up.
      searchState.catchUpWith(() => corpus.refresh());
      return seeded;
    },
    refreshIndex: () => corpus.refresh(),
    ingestDeps: {
      store,
      logger,
      clock,
      hfApiUrl: config.hfApiUrl,
      ...(options.fetchPolicy ? { fetchPolicy: options.fetchPolicy } : {}),
    },
    async close() {
      await Promise.all([store.close(), shared?.close()]);
    },
  };
}

/** The index cache folder (INDEX_CACHE_DIR, else the default), or null (no cache) when it is off or cannot be used. */
async function checkedIndexCacheDir(config: Config, logger: Logger): Promise<string | null> {
  const dir = config.indexCacheDir === undefined ? defaultIndexCacheDir(config.databaseUrl) : config.indexCacheDir;
  if (dir === null) return null;
  const usable = await usableIndexCacheDir(dir);
  if (usable.ok) return dir;
  const which = config.indexCacheDir === undefined ? 'the index cache folder' : 'INDEX_CACHE_DIR';
  logger.warn(`index: ${which} ${dir} cannot be used (${usable.reason}); the index is built at every start, without a cache`);
  return null;
}
