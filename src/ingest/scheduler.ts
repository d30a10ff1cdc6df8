/**
 * The ingest schedule, run by every instance next to the digest scheduler:
 * - at `INGEST_CRON` (UTC; default 06:30, shortly before typical 07:00+ digests) fetch the daily papers
 *   of the last 7 days (today's list is new; the older ones are re-read because upvotes keep changing after a paper
 *   is listed, and top lists rank by them), then rebuild the index if the corpus changed;
 * - every minute, a cheap revision check picks up papers another instance or the CLI ingested;
 * - at start, when the last successful scheduled ingest (recorded in the store) is older than the cron's last time
 *   (the process was down then), one catch-up ingest in the background: the day's list does not wait for tomorrow;
 *   with none on record (a new install) the Slack app runs a first ingest the same way (first-ingest.ts), the local
 *   console (offline starts) waits for the cron;
 * - `INGEST_CRON=off` (cron null): no scheduled ingest, so none at start either; the revision check still runs.
 * Ingests are idempotent and serialized in the database, so all instances running them is safe.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../logger.ts';
import { lastCronRun } from './cron-times.ts';
import { debugOnly, FIRST_INGEST_LABEL, firstIngestFailure } from './first-ingest.ts';
import { recentDays } from './dates.ts';
import { ingestHfDays, summarizeReport, type IngestDeps, type IngestReport } from './ingest.ts';

export const DEFAULT_INGEST_CRON = '30 6 * * *';
/**
 * The scheduled ingest fetches this many days, ending today (UTC): yesterday's list is complete by then, and a week of
 * re-reads keeps the upvotes of the papers `/paper top week` ranks current (a re-read that changes nothing writes
 * nothing; one that changes upvotes updates the paper in place, so no channel gets it again).
 */
export const SCHEDULED_INGEST_DAYS = 7;
/**
 * node-cron drops a run whose timer fires over a second late (a busy event loop, a GC pause) and waits for the next
 * match: a day later for the daily ingest, so that day's digests would go out without its papers. Late is better.
 */
const MISSED_INGEST_TOLERANCE_MS = 30 * 60_000;

export interface IngestSchedulerOptions {
  /** Cron expression, in UTC; null (`INGEST_CRON=off`): no scheduled ingest, none at start either. */
  cron: string | null;
  /**
   * A database with no scheduled ingest on record fetches at start, in the background (one INFO or WARN line), instead
   * of waiting for the cron: true for the Slack app (a new install should show today's papers), false for the local
   * console (offline starts stay offline).
   */
  firstIngest: boolean;
  deps: IngestDeps;
  /** Rebuild the index if the corpus changed (resolves true when it did). */
  refresh: () => Promise<boolean>;
  logger: Logger;
  /** How often to check for papers ingested elsewhere (default every minute; null: never). */
  refreshCron?: string | null;
}

export interface IngestScheduler {
  /** One scheduled ingest now (what the cron job runs); shares a run already in progress. */
  ingestNow(): Promise<IngestReport>;
  /** The catch-up or first ingest started at start (null: none was due, or it could not be told); never rejects. */
  readonly catchUp: Promise<IngestReport | null>;
  /** One revision check now (what the minute job runs). */
  refreshNow(): Promise<boolean>;
  /** Stops scheduling and waits for a run in progress. */
  stop(): Promise<void>;
}

export function startIngestScheduler(options: IngestSchedulerOptions): IngestScheduler {
  const { deps, logger } = options;
  let inFlight: Promise<IngestReport> | null = null;

  const refreshNow = async (): Promise<boolean> => {
    try {
      return await options.refresh();
    } catch (error) {
      logger.error('rebuilding the search index failed; the current index keeps serving', error);
      return false;
    }
  };

  /**
   * One ingest of the last days; a success is recorded (its start), so a start after it knows nothing was missed. A
   * first ingest logs one line only: its details at DEBUG, a failure as one WARN line naming HF_API_URL's host.
   */
  const run = async (label: string, first: boolean): Promise<IngestReport> => {
    try {
      const started = deps.clock();
      const report = await ingestHfDays(first ? { ...deps, logger: debugOnly(logger) } : deps, recentDays(started, SCHEDULED_INGEST_DAYS));
      const line = `${label}: ${summarizeReport(report)}`;
      if (report.ok) {
        await deps.store.recordScheduledIngest(started);
        logger.info(line);
      } else if (first) {
        logger.warn(firstIngestFailure(deps.hfApiUrl, report));
      } else {
        logger.error(`${line}; the next scheduled run tries again`);
      }
      return report;
    } finally {
      await refreshNow();
    }
  };

  const ingestNow = (label = 'scheduled ingest', first = false): Promise<IngestReport> => {
    if (inFlight) return inFlight;
    const current = run(label, first);
    inFlight = current;
    void current.finally(() => {
      if (inFlight === current) inFlight = null;
    }).catch(() => undefined);
    return current;
  };

  const tasks: ScheduledTask[] = [];
  if (options.cron !== null) {
    tasks.push(
      cron.schedule(
        options.cron,
        async () => {
          try {
            await ingestNow();
          } catch (error) {
            logger.error('scheduled ingest failed; the next scheduled run tries again', error);
          }
        },
        { name: 'paper-ingest', noOverlap: true, timezone: 'UTC', missedExecutionTolerance: MISSED_INGEST_TOLERANCE_MS },
      ),
    );
  }
  const refreshCron = options.refreshCron === undefined ? '* * * * *' : options.refreshCron;
  if (refreshCron !== null) {
    tasks.push(cron.schedule(refreshCron, () => refreshNow(), { name: 'paper-index-refresh', noOverlap: true, timezone: 'UTC' }));
  }

  let stopped = false;
  // Not awaited by the caller: the start (and /healthz) never waits on Hugging Face.
  const catchUp = (async (): Promise<IngestReport | null> => {
    if (options.cron === null) return null;
    let first = false;
    try {
      const now = deps.clock();
      const last = await deps.store.lastScheduledIngestAt();
      if (stopped) return null;
      // Never recorded (a new database, or one just migrated): the Slack app fetches now, the local console waits.
      if (last === null) {
        first = options.firstIngest;
        return first ? await ingestNow(FIRST_INGEST_LABEL, true) : null;
      }
      const due = lastCronRun(options.cron, now);
      if (due === null || last >= due) return null;
      return await ingestNow(`catch-up ingest (the scheduled one of ${due.toISOString()} did not run; last one ${last.toISOString()})`);
    } catch (error) {
      if (first) logger.warn(firstIngestFailure(deps.hfApiUrl, { error }));
      else logger.error('catch-up ingest failed; the next scheduled run tries again', error);
      return null;
    }
  })();

  return {
    ingestNow: () => ingestNow(),
    refreshNow,
    catchUp,
    async stop() {
      stopped = true;
      for (const task of tasks) {
        await task.stop();
        await task.destroy();
      }
      await catchUp;
      if (inFlight) await inFlight.catch(() => undefined);
    },
  };
}
