/** The records of author follows (issue 18); the `Store` methods are in store.ts. */

/**
 * A channel following an author (issue 18): by a Hugging Face account when one is known (`hfUser`: papers that
 * account claimed, under any spelling), else by name (`nameKey`: authors written the same way, author-names.ts).
 */
export interface Follow {
  id: number;
  teamId: string;
  channelId: string;
  /** The name as typed, or for an account follow the name its papers carry (the username when none is known). */
  name: string;
  /** `authorKey(name)`. */
  nameKey: string;
  hfUser: string | null;
  createdBy: string;
  createdAt: Date;
}

/** A new follow: the follow's fields but its id and time, which the store gives it (`now`, for tests, sets the time). */
export type AddFollowInput = Omit<Follow, 'id' | 'createdAt'> & {
  now?: Date;
  /**
   * The most follows the channel may have: a new one beyond it throws `ChannelFullError` and nothing is written.
   * Counted and inserted atomically, so concurrent calls, from any instance, cannot take the channel past it.
   */
  maxPerChannel?: number;
};
