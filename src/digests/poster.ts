import type { Message } from '../views/message.ts';

/** Where a digest goes: one channel of one workspace. */
export interface DigestTarget {
  teamId: string;
  channelId: string;
}

/** Rides along with the posted message, so a later attempt can prove the post happened. */
export interface DeliveryTag {
  deliveryId: string;
  paperIds: readonly string[];
}

export interface PostedDigest {
  ts: string;
  paperIds: string[];
}

/**
 * Outcome classes for a failed post, decided by the poster (it knows its platform's errors):
 * - `channel`: this channel can't take posts (not_in_channel, channel_not_found, is_archived, restricted_action: only
 *   some people may post there) → pause it;
 * - `workspace`: the token is dead (invalid_auth, account_inactive, token_revoked) → pause the workspace;
 * - `retry`: try again later (429, 5xx, network), after `retryAfterMs` when the platform said.
 */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    /** `message`: Slack refused this message itself (its blocks, its size); sending it again cannot help. */
    readonly kind: 'channel' | 'workspace' | 'message' | 'retry',
    readonly code: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(code);
  }
}

/** The delivery side of a digest; Slack's Web API in production, the terminal in the local console. */
export interface DigestPoster {
  /** Posts the message tagged with the delivery; resolves with the message ts or throws `DeliveryError`. */
  post(target: DigestTarget, message: Message, tag: DeliveryTag): Promise<{ ts: string }>;
  /**
   * The message an earlier attempt posted for `deliveryId` (posted after `since`), or null when there is
   * none. Throws `DeliveryError` when it cannot tell, so the caller never posts twice on a guess.
   */
  findPosted(target: DigestTarget, deliveryId: string, since: Date): Promise<PostedDigest | null>;
}
