/** Every action_id the app sends and listens for. Listeners and views import these; never spell them twice. */
export const ActionId = {
  /** Next page of search results; value: JSON `ShowMoreValue`. */
  showMore: 'search_show_more',
  /** Post one paper to the channel; value: the paper id. */
  share: 'paper_share',
  /** Stop a channel's digest (the button under each digest); value: JSON `UnsubscribeValue`. */
  unsubscribe: 'digest_unsubscribe',
} as const;

export type ActionIdValue = (typeof ActionId)[keyof typeof ActionId];

/** The state a "Show more" button carries: the query and where the next page starts. */
export interface ShowMoreValue {
  q: string;
  o: number;
}

/** The state an "Unsubscribe" button carries: the subscription's id. */
export interface UnsubscribeValue {
  id: number;
}
