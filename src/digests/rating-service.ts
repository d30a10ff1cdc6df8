import type { Logger } from '../logger.ts';
import type { SearchState } from '../search/search-state.ts';
import type { RatingValue, Store } from '../store/store.ts';
import { errorMessage } from '../views/error.ts';
import type { Message } from '../views/message.ts';
import { ratingOutcomeMessage } from '../views/rating-buttons.ts';
import type { ChannelAccess } from './channel-access.ts';
import { channelSearchTaste, type SearchTaste } from './preferences.ts';
import { paperOfButton, withdrawnTitle } from './button-paper.ts';

export interface RatingDeps {
  store: Store;
  searchState: SearchState;
  /** Whether the bot can serve the channel at all (a vote where no digest can go would steer nothing). */
  channelAccess: ChannelAccess;
  logger: Logger;
  clock: () => Date;
}

/** Who clicked and where; `channelId` null when the click came from outside a conversation (Home tab, a modal). */
export interface RatingWhere {
  teamId: string;
  channelId: string | null;
  userId: string;
}

/** What a 👍 / 👎 / Undo button names, as `parseRatingButtonValue` read it (null: unreadable). */
export interface RatedPaperRef {
  paperId: string;
  subscriptionId: number | null;
}

export const RATING_MALFORMED =
  "I couldn't read that button (it may come from an old or edited message), so nothing was recorded. Search for the paper again and rate the new result.";
export const RATING_NO_CHANNEL =
  "Ratings count for a channel, and I couldn't tell which channel this button is in. Rate the paper from a message in the channel that gets the digests.";
export const RATING_PAPER_GONE = "I couldn't find that paper any more, so nothing was recorded. Search for it again and rate the new result.";
export const RATING_WARMING_UP = 'The paper index is still loading, so nothing was recorded. Give me a few seconds and try again.';
/** A paper withdrawn since the button was drawn: it is in no search or digest any more, so a vote on it steers nothing. */
export function ratingWithdrawn(title: string): string {
  return `${withdrawnTitle(title)} was withdrawn, so it no longer comes up in digests or searches and a vote on it would change nothing: nothing was recorded.`;
}
const SUBSCRIPTION_GONE = 'The digest this came from has since been stopped, so your vote counts for the channel as a whole.';
const OTHER_CHANNELS_DIGEST = 'This paper comes from a digest of another channel, so your vote counts for this channel as a whole.';

const CANNOT_SERVE: Record<'private_not_member' | 'archived' | 'not_a_channel', string> = {
  private_not_member:
    "I can't see this channel (it is private and I'm not a member), so a rating here can't shape its digests and nothing was recorded. Invite me with `/invite @paper` first.",
  archived: 'This channel is archived and gets no digests, so nothing was recorded.',
  not_a_channel:
    "Ratings shape a channel's digests and this conversation gets none, so nothing was recorded. Rate papers in the channel that gets the digest.",
};

/**
 * 👍 More like this / 👎 Not for us (issue 16): one vote per person and paper in a channel, kept in the store for the
 * digests to learn from; a second click of the other button changes the vote, Undo removes it. Every outcome is a
 * message for the clicker only.
 */
export class RatingService {
  constructor(private readonly deps: RatingDeps) {}

  /**
   * The subscription id to tag the vote with: only one of this channel that still exists. `note`: why the vote is not
   * tagged with the digest the button came from (stopped since, or a digest of another channel, its message shared here).
   */
  async #subscriptionOf(teamId: string, channelId: string, subscriptionId: number | null): Promise<{ id: number | null; note: string | null }> {
    if (subscriptionId === null) return { id: null, note: null };
    const subscription = await this.deps.store.getSubscription(teamId, subscriptionId);
    if (!subscription) return { id: null, note: SUBSCRIPTION_GONE };
    return subscription.channelId === channelId ? { id: subscription.id, note: null } : { id: null, note: OTHER_CHANNELS_DIGEST };
  }

  async rate(where: RatingWhere, vote: RatingValue, ref: RatedPaperRef | null): Promise<Message> {
    if (ref === null) return errorMessage(RATING_MALFORMED);
    const { teamId, channelId, userId } = where;
    if (channelId === null || channelId.trim() === '') return errorMessage(RATING_NO_CHANNEL);
    if (!this.deps.searchState.current) return errorMessage(RATING_WARMING_UP);
    const paper = await paperOfButton(this.deps, ref.paperId);
    if (!paper) return errorMessage(RATING_PAPER_GONE);
    if (paper.withdrawnAt !== undefined) return errorMessage(ratingWithdrawn(paper.title));
    const access = await this.deps.channelAccess.check(teamId, channelId);
    if (!access.ok) return errorMessage(CANNOT_SERVE[access.reason]);
    const subscription = await this.#subscriptionOf(teamId, channelId, ref.subscriptionId);
    const { rating, previous } = await this.deps.store.ratePaper({
      teamId,
      channelId,
      userId,
      paperId: paper.id,
      value: vote,
      subscriptionId: subscription.id,
      now: this.deps.clock(),
    });
    this.deps.logger.info(`rating: ${userId} in ${teamId}/${channelId} rated ${paper.id} ${vote > 0 ? '+1' : '-1'}${previous === null ? '' : ` (was ${previous > 0 ? '+1' : '-1'})`}`);
    return ratingOutcomeMessage({
      outcome: { kind: 'rated', vote, previous },
      title: paper.title,
      channelId,
      paperId: paper.id,
      subscriptionId: rating.subscriptionId,
      // Stopped between the check above and the vote (another instance): the store left the vote untagged.
      note: subscription.id !== null && rating.subscriptionId === null ? SUBSCRIPTION_GONE : subscription.note,
    });
  }

  /**
   * What a `/paper` search in the channel learns from: all the channel's ratings (none: the plain search). Null when
   * the store can't be read: a search needs only the index, so it still answers, without the channel's taste.
   */
  async searchTaste(teamId: string, channelId: string): Promise<SearchTaste | null> {
    try {
      return channelSearchTaste(await this.deps.store.channelRatings(teamId, channelId));
    } catch (error) {
      this.deps.logger.warn(`ratings of ${teamId}/${channelId} unreadable, searching without them: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }

  /**
   * Undo: the clicker's vote on the paper in this channel is removed (a paper gone from the corpus can still be undone).
   * `fromConfirmation`: the Undo button, shown only under a vote the clicker made; finding no vote then means it was
   * already taken back (a double click, or another Undo), so the answer is the same "Undone", not "no vote to undo".
   */
  async undo(where: RatingWhere, ref: RatedPaperRef | null, fromConfirmation = false): Promise<Message> {
    if (ref === null) return errorMessage(RATING_MALFORMED);
    const { teamId, channelId, userId } = where;
    if (channelId === null || channelId.trim() === '') return errorMessage(RATING_NO_CHANNEL);
    const removed = await this.deps.store.removeRating(teamId, channelId, userId, ref.paperId);
    if (removed) this.deps.logger.info(`rating: ${userId} in ${teamId}/${channelId} took back their vote on ${ref.paperId}`);
    const paper = this.deps.searchState.current ? await paperOfButton(this.deps, ref.paperId) : null;
    return ratingOutcomeMessage({
      outcome: removed || fromConfirmation ? { kind: 'undone' } : { kind: 'nothing_to_undo' },
      title: paper?.title ?? null,
      channelId,
      paperId: ref.paperId,
      subscriptionId: ref.subscriptionId,
    });
  }
}
