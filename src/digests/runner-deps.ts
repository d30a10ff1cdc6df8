/**
 * What the digest runner is given (store, search, poster, settings, shutdown signals) and what it reports: shared
 * by the tick (runner.ts), the delivery of one claimed run (digest-delivery.ts) and its failure handling
 * (delivery-failures.ts).
 */
import type { Logger } from '../logger.ts';
import type { SearchState } from '../search/search-state.ts';
import type { Store } from '../store/store.ts';
import type { DigestPacing } from './pacing.ts';
import type { DigestPoster } from './poster.ts';

export interface DigestRunnerDeps {
  store: Store;
  searchState: SearchState;
  poster: DigestPoster;
  logger: Logger;
  /** Names this process in claims (host + pid + random), so runs show who posted them. */
  instanceId: string;
  digestSize: number;
  /** A digest missed by less than this (bot down, deploy) still goes out once; older ones are skipped. */
  catchUpMs: number;
  /** True once the process is shutting down: the tick stops before the next digest (unclaimed ones wait). */
  shouldStop?: () => boolean;
  /**
   * Aborted when the process starts shutting down: a wait between attempts (Retry-After, backoff) ends there and its
   * run is released as a retry due when the wait would have ended, for the next instance.
   */
  stopping?: AbortSignal;
  /**
   * Aborted when the shutdown deadline passes: a Slack call still hanging is abandoned and the run released as a
   * retry due at once, so the next instance checks the channel's history before posting (no loss, no double).
   */
  deadline?: AbortSignal;
  /**
   * Shared by every tick of the process: concurrency, retries within a run, 429 holds per workspace. Without it a
   * tick posts 4 at a time and makes one attempt per digest (a failure is retried by a later tick).
   */
  pacing?: DigestPacing;
}

export const DEFAULT_CATCH_UP_MS = 12 * 60 * 60 * 1000;

export type DigestOutcome = 'posted' | 'nothing_new' | 'skipped' | 'failed' | 'paused' | 'recovered';

export type TickOutcome = { subscriptionId: number; digestDate: string; outcome: DigestOutcome; detail?: string };

export interface DigestTickReport {
  outcomes: TickOutcome[];
}

/** What delivering one claimed run came to. */
export type Delivered = { outcome: DigestOutcome; detail?: string };
