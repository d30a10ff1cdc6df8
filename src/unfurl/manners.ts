/**
 * The manners of unfolding links (what users asked of GitHub's Slack app): a paper unfolded in a channel is not
 * unfolded again there for 30 minutes, and one message unfolds at most 3 papers. The 30-minute memory is in the
 * store, shared by every instance behind the load balancer (Slack sends each link_shared to any of them) and kept
 * across restarts: unfolding is claimed there atomically, so of two instances handling the same paste exactly one
 * unfolds it. The clock is injected.
 */
import { errorText } from '../error-text.ts';
import type { Logger } from '../logger.ts';
import type { Store, UnfurlClaim } from '../store/store.ts';

export const REPEAT_WINDOW_MS = 30 * 60_000;
export const MAX_PER_MESSAGE = 3;
/** Unfolds older than the window are deleted at most this often per instance (one indexed DELETE). */
export const PRUNE_EVERY_MS = 5 * 60_000;

export interface UnfurlMannersOptions {
  store: Pick<Store, 'claimPaperUnfurl' | 'releasePaperUnfurl' | 'forgetPaperUnfurlsBefore'>;
  clock: () => Date;
  logger: Logger;
  windowMs?: number;
  perMessage?: number;
}

export class UnfurlManners {
  readonly #options: UnfurlMannersOptions;
  readonly windowMs: number;
  readonly perMessage: number;
  #prunedAt = Number.NEGATIVE_INFINITY;

  constructor(options: UnfurlMannersOptions) {
    this.#options = options;
    this.windowMs = options.windowMs ?? REPEAT_WINDOW_MS;
    this.perMessage = options.perMessage ?? MAX_PER_MESSAGE;
  }

  /** The right to unfold the paper in the channel now; null when it was unfolded there within the window. */
  async claim(teamId: string, channelId: string, arxivId: string): Promise<UnfurlClaim | null> {
    const now = this.#options.clock();
    await this.#prune(now);
    return this.#options.store.claimPaperUnfurl({ teamId, channelId, arxivId }, now, this.windowMs);
  }

  /** Nothing was unfolded after all (the paper was not found): the next paste may try again. */
  async release(claim: UnfurlClaim): Promise<void> {
    try {
      await this.#options.store.releasePaperUnfurl(claim);
    } catch (error) {
      this.#options.logger.warn(`unfurl: could not release ${claim.arxivId} in ${claim.teamId}/${claim.channelId} (${errorText(error)}); it may not unfold there for ${Math.round(this.windowMs / 60_000)} minutes`);
    }
  }

  async #prune(now: Date): Promise<void> {
    if (now.getTime() - this.#prunedAt < PRUNE_EVERY_MS) return;
    this.#prunedAt = now.getTime();
    try {
      await this.#options.store.forgetPaperUnfurlsBefore(new Date(now.getTime() - this.windowMs));
    } catch (error) {
      this.#options.logger.warn(`unfurl: pruning old unfolds failed (${errorText(error)}); tried again in 5 minutes`);
    }
  }
}
