/**
 * Which of a channel's ratings shape which digest (issue 16): a subscription learns from the ratings clicked on its
 * own digests plus the channel's untagged ones (clicked on search results, shared papers, unfolded links, digests
 * since stopped), and from its example papers. Several people's votes on a paper are summed: net 👍 is a like, net 👎
 * "not for us", a tie neither. Every paper the channel rated, whichever digest it came from, is never offered again.
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
  const { liked, disliked } = netVotes(net);
  return { preferences: { liked, disliked, examples: [...examples] }, rated };
}

/** Papers by their summed votes: net 👍 liked, net 👎 disliked, a tie neither. */
function netVotes(net: ReadonlyMap<string, number>): { liked: string[]; disliked: string[] } {
  const liked: string[] = [];
  const disliked: string[] = [];
  for (const [paperId, sum] of net) {
    if (sum > 0) liked.push(paperId);
    else if (sum < 0) disliked.push(paperId);
  }
  return { liked, disliked };
}

/** What a `/paper` search in a channel learns from: every rating in the channel, from any digest or result. */
export interface SearchTaste {
  preferences: SearchPreferences;
  /** How many papers the channel has a net 👍 or 👎 on (none: nothing to learn, the plain search). */
  rated: number;
  /** How many 👍/👎 the channel's people gave (what the results message counts, as `/paper list` does). */
  votes: number;
}

/**
 * A `/paper` search learns from the whole channel (issue 16, "per channel for search"): all its ratings, whichever
 * digest or result they were clicked on, summed per paper as for a digest; no examples (those are a subscription's).
 * Only reorders: no neighbours come in (a search is what the person typed).
 */
export function channelSearchTaste(ratings: ReadonlyArray<Pick<PaperRating, 'paperId' | 'value'>>): SearchTaste {
  const net = new Map<string, number>();
  for (const rating of ratings) net.set(rating.paperId, (net.get(rating.paperId) ?? 0) + rating.value);
  const { liked, disliked } = netVotes(net);
  return { preferences: { liked, disliked }, rated: liked.length + disliked.length, votes: ratings.length };
}
