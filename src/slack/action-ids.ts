/** Every action_id the app sends and listens for. Listeners and views import these; never spell them twice. */
export const ActionId = {
  /** Next page of search results; value: JSON `ShowMoreValue`. */
  showMore: 'search_show_more',
  /** Post one paper to the channel; value: the paper id. */
  share: 'paper_share',
  /** Show papers like this one (ephemeral); value: the paper id. */
  similar: 'paper_similar',
  /** Stop a channel's digest (the button under each digest); value: JSON `UnsubscribeValue`. */
  unsubscribe: 'digest_unsubscribe',
  /** App Home: pause one subscription; value: JSON `HomeButtonValue`. */
  homePause: 'home_pause',
  /** App Home: resume one subscription; value: JSON `HomeButtonValue`. */
  homeResume: 'home_resume',
  /** App Home: stop one subscription (after a confirm dialog); value: JSON `HomeButtonValue`. */
  homeUnsubscribe: 'home_unsubscribe',
  /** App Home: previous page of subscriptions; value: JSON `HomeButtonValue` (`id` 0, `p` the page to show). */
  homePagePrev: 'home_page_prev',
  /** App Home: next page of subscriptions; value: JSON `HomeButtonValue` (`id` 0, `p` the page to show). */
  homePageNext: 'home_page_next',
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

/** The state an App Home button carries: the subscription's id and the page the view was showing. */
export interface HomeButtonValue {
  id: number;
  p: number;
}
