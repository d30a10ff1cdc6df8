/**
 * Share posts a paper for the whole channel, so a double click (Slack sends both clicks) must not post it twice. The
 * first click claims (team, channel, person, paper) for a minute in the store, with the same atomic claim that
 * unfolding pasted links uses (its table, under a `share:` key no arXiv id can take), so it holds whichever instance
 * each click reaches; the unfold memory's pruning clears old claims. A share Slack refused gives its claim back.
 */
import { errorText } from '../error-text.ts';
import type { Logger } from '../logger.ts';
import type { Store, UnfurlClaim } from '../store/store.ts';

export const SHARE_REPEAT_WINDOW_MS = 60_000;

export interface RecentSharesDeps {
  store: Pick<Store, 'claimPaperUnfurl' | 'releasePaperUnfurl'>;
  clock: () => Date;
  logger: Logger;
}

export type ShareClaim = UnfurlClaim;

export class RecentShares {
  constructor(private readonly deps: RecentSharesDeps) {}

  /** The right to post this share now; null when the same person shared the paper in the channel within the minute. */
  claim(teamId: string, channelId: string, userId: string, paperId: string): Promise<ShareClaim | null> {
    return this.deps.store.claimPaperUnfurl({ teamId, channelId, arxivId: `share:${userId}:${paperId}` }, this.deps.clock(), SHARE_REPEAT_WINDOW_MS);
  }

  /** Nothing was posted after all: the next click may share it. */
  async release(claim: ShareClaim): Promise<void> {
    try {
      await this.deps.store.releasePaperUnfurl(claim);
    } catch (error) {
      this.deps.logger.warn(`share: could not release ${claim.arxivId} in ${claim.teamId}/${claim.channelId} (${errorText(error)}); it can be shared again in a minute`);
    }
  }
}
