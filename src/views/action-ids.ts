/**
 * Every id the app puts on what it sends to Slack (action_id, block_id, callback_id). Views and listeners import
 * these; never spell one twice. Block ids that repeat per item are prefixes: `blockId(prefix, …)` adds `:<part>`.
 */

/** action_id of every button the app sends and listens for. */
export const ActionId = {
  /** Next page of search results; value: JSON `ShowMoreValue`. */
  showMore: 'search_show_more',
  /** Post one paper to the channel; value: the paper id. */
  share: 'paper_share',
  /** Show papers like this one (ephemeral); value: the paper id. */
  similar: 'paper_similar',
  /** Save the paper for later (the clicker's own list); value: the paper id. */
  save: 'paper_save',
  /** 👍 More like this / 👎 Not for us: the clicker's vote for this channel; value: JSON `RatingButtonValue`. */
  rateUp: 'paper_rate_up',
  rateDown: 'paper_rate_down',
  /** Undo under the confirmation of a vote: removes it; value: JSON `RatingButtonValue`. */
  rateUndo: 'paper_rate_undo',
  /** Stop a channel's digest (the button under each digest); value: JSON `UnsubscribeValue`. */
  unsubscribe: 'digest_unsubscribe',
  /** App Home: pause one subscription; value: JSON `HomeButtonValue`. */
  homePause: 'home_pause',
  /** App Home: resume one subscription; value: JSON `HomeButtonValue`. */
  homeResume: 'home_resume',
  /** App Home: stop one subscription (after a confirm dialog); value: JSON `HomeButtonValue`. */
  homeUnsubscribe: 'home_unsubscribe',
  /** App Home: forget a subscription's examples and ratings (after a confirm dialog); value: JSON `HomeButtonValue`. */
  homeReset: 'home_reset',
  /** App Home: forget a channel's ratings given outside digests (after a confirm dialog); value: JSON `HomeChannelButtonValue`. */
  homeResetChannelRatings: 'home_reset_channel_ratings',
  /** App Home: previous page of subscriptions; value: JSON `HomeButtonValue` (`id` 0, `p` the page to show). */
  homePagePrev: 'home_page_prev',
  /** App Home: next page of subscriptions; value: JSON `HomeButtonValue` (`id` 0, `p` the page to show). */
  homePageNext: 'home_page_next',
  /** App Home: mark one saved paper read; value: JSON `SavedButtonValue`. */
  homeSavedRead: 'home_saved_read',
  /** App Home: remove one saved paper; value: JSON `SavedButtonValue`. */
  homeSavedRemove: 'home_saved_remove',
  /** App Home: previous / next page of saved papers; value: JSON `SavedButtonValue` (`s` '', `p` the page to show). */
  homeSavedPrev: 'home_saved_prev',
  homeSavedNext: 'home_saved_next',
} as const;

/** block_id of every block the views build. */
export const BlockId = {
  error: 'error',
  helpHeader: 'help_header',
  /** Prefix: one per group of commands. */
  helpGroup: 'help_group',
  helpFooter: 'help_footer',
  /** Prefix: one per result (with its index). */
  result: 'result',
  resultMeta: 'result_meta',
  resultActions: 'result_actions',
  /** Prefix: with the page's offset (or end), so each page's blocks differ from the last page's. */
  searchSummary: 'search_summary',
  searchNotice: 'search_notice',
  searchLearned: 'search_learned',
  searchMore: 'search_more',
  searchFooter: 'search_footer',
  searchEmpty: 'search_empty',
  searchHint: 'search_hint',
  sharedBy: 'shared_by',
  sharedPaper: 'shared_paper',
  sharedMeta: 'shared_meta',
  sharedActions: 'shared_actions',
  sharedAlready: 'shared_already',
  /** The answer to 👍 / 👎 / Undo, and its Undo button. */
  ratingNotice: 'rating_notice',
  ratingHint: 'rating_hint',
  ratingActions: 'rating_actions',
  similarIntro: 'similar_intro',
  similarFooter: 'similar_footer',
  similarEmpty: 'similar_empty',
  /** `/paper <arXiv id>`: a paper that can't be shown, and why (the papers shown use the result ids). */
  namedMissing: 'named_missing',
  /** Prefix: one per paper of a digest (`digest_paper:<i>`, `digest_paper_meta:<i>`, `digest_paper_actions:<i>`). */
  digestPaper: 'digest_paper',
  digestHeader: 'digest_header',
  digestActions: 'digest_actions',
  digestDivider: 'digest_divider',
  digestMore: 'digest_more',
  digestFooter: 'digest_footer',
  digestEmpty: 'digest_empty',
  /** Where a digest's (or top list's) Unsubscribe button was, once it has been pressed (digest-stopped.ts). */
  digestStopped: 'digest_stopped',
  previewIntro: 'preview_intro',
  previewEmpty: 'preview_empty',
  previewMore: 'preview_more',
  previewFooter: 'preview_footer',
  subscribed: 'subscribed',
  subscribedHint: 'subscribed_hint',
  subscriptionsEmpty: 'subscriptions_empty',
  subscriptionsHeader: 'subscriptions_header',
  subscriptionsFooter: 'subscriptions_footer',
  subscriptionsMore: 'subscriptions_more',
  /** Prefix: one per listed subscription (with its position and id). */
  subscription: 'subscription',
  unsubscribed: 'unsubscribed',
  /** `/paper unsubscribe` / `reset`: the command that brings a digest or its examples back (command-line.ts). */
  restoreCommand: 'restore_command',
  /** `/paper pause|resume`: what happened, or which digests the words could have named. */
  pauseDone: 'pause_done',
  pauseTarget: 'pause_target',
  /** `/paper reset`: what was forgotten. `/paper list`: ratings that shape every search and digest of the channel. */
  resetDone: 'reset_done',
  subscriptionsRatings: 'subscriptions_ratings',
  notSubscribed: 'not_subscribed',
  homeHeader: 'home_header',
  homeHowTo: 'home_howto',
  homeWorkspacePaused: 'home_workspace_paused',
  homeNotice: 'home_notice',
  homeEmpty: 'home_empty',
  homeFooter: 'home_footer',
  homeDivider: 'home_divider',
  homeListHeader: 'home_list_header',
  /** Prefix: one per subscription on the Home tab (with its id). */
  homeSubscription: 'home_sub',
  homeSubscriptionActions: 'home_sub_actions',
  homePager: 'home_pager',
  /** App Home: a channel's ratings given outside digests, with Reset (`home_channel_ratings:<index>`), and the rest. */
  homeChannelRatings: 'home_channel_ratings',
  homeChannelRatingsMore: 'home_channel_ratings_more',
  /** The answer to Save, and `/paper saved` (`saved_paper:<i>` per paper). */
  savedNotice: 'saved_notice',
  savedHeader: 'saved_header',
  savedPaper: 'saved_paper',
  savedFooter: 'saved_footer',
  savedEmpty: 'saved_empty',
  /** Prefix: one BibTeX code block per page part. */
  savedBibtex: 'saved_bibtex',
  /** App Home: the saved papers list (`home_saved:<position>`, `home_saved_actions:<position>`). */
  homeSavedHeader: 'home_saved_header',
  homeSavedEmpty: 'home_saved_empty',
  homeSaved: 'home_saved',
  homeSavedActions: 'home_saved_actions',
  homeSavedPager: 'home_saved_pager',
  homeSavedDivider: 'home_saved_divider',
  /** An unfolded paper link (one card per link): the paper, its metadata and its buttons. */
  unfurlPaper: 'unfurl_paper',
  unfurlMeta: 'unfurl_meta',
  unfurlActions: 'unfurl_actions',
  /** `/paper unfurl on|off` and its state in `/paper list`. */
  unfurlSetting: 'unfurl_setting',
  subscriptionsUnfurl: 'subscriptions_unfurl',
  /** `/paper top` and top-list digests (issue 18): `top_paper:<i>`, `top_paper_meta:<i>` per paper. */
  topHeader: 'top_header',
  topWindow: 'top_window',
  topPaper: 'top_paper',
  topEmpty: 'top_empty',
  topFooter: 'top_footer',
  topActions: 'top_actions',
  topDivider: 'top_divider',
  topSubscribed: 'top_subscribed',
  /** Local console: a pasted link that is not unfolded, and why. */
  unfurlNone: 'unfurl_none',
  /** Followed authors (issue 18): a digest's "From people you follow" heading, its papers (prefix), the topic's heading. */
  digestFollowedHeader: 'digest_followed_header',
  digestFollowed: 'digest_followed',
  digestFollowedMore: 'digest_followed_more',
  previewFollowedMore: 'preview_followed_more',
  digestTopicHeader: 'digest_topic_header',
  /** `/paper follow|unfollow` replies, and the follows in `/paper list` and on the Home tab. */
  followed: 'followed',
  followNote: 'follow_note',
  unfollowed: 'unfollowed',
  notFollowing: 'not_following',
  followsList: 'follows_list',
  homeFollows: 'home_follows',
} as const;

/** callback_id of every view the app publishes. */
export const CallbackId = {
  home: 'paper_digest_home',
} as const;

/** A block_id from parts (`prefix:part:…`), cut to Slack's 255 chars. */
export function blockId(...parts: Array<string | number>): string {
  return parts.join(':').slice(0, 255);
}

export type ActionIdValue = (typeof ActionId)[keyof typeof ActionId];

/** The state a "Show more" button carries: the query and where the next page starts. */
export interface ShowMoreValue {
  q: string;
  o: number;
}

/** The state a 👍 / 👎 / Undo button carries: the paper id and, in a digest (or its preview), the subscription's id. */
export interface RatingButtonValue {
  p: string;
  s?: number;
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

/** The state an App Home button about a channel carries: the channel id and the page of digests shown. */
export interface HomeChannelButtonValue {
  c: string;
  p: number;
}

/** The state a saved-paper button on the App Home carries: the paper id and the saved-papers page shown. */
export interface SavedButtonValue {
  s: string;
  p: number;
}
