/**
 * The first ingest of a new install (a database no scheduled ingest has succeeded on): run by the Slack app right after
 * it is ready, so a fresh deploy does not serve only the seed papers until the next `INGEST_CRON`. It says one line
 * whatever happens: its own day-by-day lines go to DEBUG, and its outcome is one INFO line, or one WARN line naming
 * `HF_API_URL`'s host (a new deploy on a host without a route to Hugging Face is a setup matter, not an error).
 */
import { errorText } from '../error-text.ts';
import type { Logger } from '../logger.ts';
import type { IngestReport } from './ingest.ts';

export const FIRST_INGEST_LABEL = 'first ingest (no scheduled ingest on record yet)';

/** `logger` with every line turned into DEBUG: the first ingest's details, for `LOG_LEVEL=debug`. */
export function debugOnly(logger: Logger): Logger {
  return {
    debug: (...msg: unknown[]) => logger.debug(...msg),
    info: (...msg: unknown[]) => logger.debug(...msg),
    warn: (...msg: unknown[]) => logger.debug(...msg),
    error: (...msg: unknown[]) => logger.debug(...msg),
    setLevel: (level) => logger.setLevel(level),
    getLevel: () => logger.getLevel(),
    setName: (name) => logger.setName(name),
  };
}

/** The host of `HF_API_URL` (no user, password, path or query: a proxy's token stays out of the log). */
function hostOf(hfApiUrl: string): string {
  try {
    return new URL(hfApiUrl).host;
  } catch {
    return 'an unreadable URL';
  }
}

/** The one WARN line of a first ingest that failed: a report with failed days, or an error it threw. */
export function firstIngestFailure(hfApiUrl: string, outcome: IngestReport | { error: unknown }): string {
  let why: string;
  if ('error' in outcome) {
    why = errorText(outcome.error);
  } else {
    const failed = outcome.failures.length;
    const total = outcome.days?.length ?? failed;
    const first = outcome.failures[0];
    why = `${failed} of ${total} days failed${first ? `, ${first.reason}` : ''}`;
  }
  const stored = 'error' in outcome || outcome.added + outcome.updated === 0 ? 'nothing fetched' : 'the days read were stored';
  return `first ingest: the Hugging Face API (HF_API_URL, ${hostOf(hfApiUrl)}) could not be read (${why}); ${stored}, the next scheduled ingest tries again`;
}
