/**
 * Which of a channel's ratings shape which digest (issue 16): a subscription learns from the ratings clicked on its
 * own digests plus the channel's untagged ones (clicked on search results, shared papers, unfolded links), and from
 * its example papers. Several people's votes on a paper are summed: net 👍 is a like, net 👎 "not for us", a tie
 * neither. Every paper the channel rated, whichever digest it came from, is never offered again.
 */
import type { SearchPreferences } from '../search/types.ts';
import type { PaperRating } from '../store/store.ts';

export interface ChannelPreferences {
  preferences: SearchPreferences;
  /** Every paper anyone in the channel rated. */
  rated: Set<string>;
}

export function channelPreferences(
  ratings: readonly PaperRating[],
  subscriptionId: number | null,
  examples: readonly string[] = [],
): ChannelPreferences {
  const rated = new Set<string>();
  const net = new Map<string, number>();
  for (const rating of ratings) {
    rated.add(rating.paperId);
    if (rating.subscriptionId !== null && rating.subscriptionId !== subscriptionId) continue;
    net.set(rating.paperId, (net.get(rating.paperId) ?? 0) + rating.value);
  }
  const liked: string[] = [];
  const disliked: string[] = [];
  for (const [paperId, sum] of net) {
    if (sum > 0) liked.push(paperId);
    else if (sum < 0) disliked.push(paperId);
  }
  return { preferences: { liked, disliked, examples: [...examples] }, rated };
}
