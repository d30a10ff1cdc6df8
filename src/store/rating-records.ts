/** The records of 👍/👎 ratings (issue 16); the `Store` methods are in store.ts. */

/** 👍 (1: more like this) or 👎 (-1: not for us). */
export type RatingValue = 1 | -1;

/** One person's vote on one paper in one channel (issue 16). */
export interface PaperRating {
  teamId: string;
  channelId: string;
  userId: string;
  paperId: string;
  value: RatingValue;
  /** the subscription whose digest the click came from, else null (search, share, unfurl, preview of an unsubscribed topic) */
  subscriptionId: number | null;
  ratedAt: Date;
}

export interface RatePaperInput {
  teamId: string;
  channelId: string;
  userId: string;
  paperId: string;
  value: RatingValue;
  subscriptionId?: number | null;
  now?: Date;
}
