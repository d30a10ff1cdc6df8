import type { webApi } from '@slack/bolt';
import { DeliveryError, type DeliveryTag, type DigestPoster, type DigestTarget, type PostedDigest } from '../digests/poster.ts';
import type { Message } from '../views/message.ts';
import { slackErrorCode } from './slack-errors.ts';

/** `metadata.event_type` of every digest message; the payload carries the delivery id and paper ids. */
export const DIGEST_EVENT_TYPE = 'paper_digest_delivered';

/** conversations.history pages read when looking for an earlier attempt's message (Slack allows up to 999 a page). */
const HISTORY_PAGE_SIZE = 200;
const HISTORY_PAGES = 10;

// A channel that takes no posts from the app: gone, archived, or one only some people may post in (a channel's posting
// permissions, a workspace preference, an admin's EKM suspension). The message never landed; retrying cannot help.
const CHANNEL_ERRORS = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  'ekm_access_denied',
]);
// missing_scope: the token lacks a scope (chat:write, or channels:history for findPosted); only a reinstall fixes it.
// token_unreadable: ours, not Slack's (oauth/installation-store.ts): the stored token was sealed with another key.
const WORKSPACE_ERRORS = new Set(['invalid_auth', 'account_inactive', 'token_revoked', 'not_authed', 'team_disabled', 'missing_scope', 'token_unreadable']);
// Refusals of the message itself: the same blocks fail on every attempt, so the run is given up (and logged) at once.
const MESSAGE_ERRORS = new Set(['invalid_blocks', 'invalid_blocks_format', 'msg_too_long', 'too_many_attachments', 'invalid_metadata_format', 'invalid_metadata_schema', 'metadata_too_large']);

function retryAfterMs(error: unknown): number | null {
  const seconds = (error as { retryAfter?: unknown }).retryAfter;
  return typeof seconds === 'number' && Number.isFinite(seconds) ? seconds * 1000 : null;
}

/** The request got no answer within the client's timeout (it may still have reached Slack). */
function timedOut(error: unknown): boolean {
  const original = (error as { original?: unknown }).original;
  return original instanceof Error && (original.name === 'TimeoutError' || original.name === 'AbortError');
}

/** An HTTP status other than 200 and 429 (Slack's 5xx): the client's error carries no Slack code, only the status. */
function httpStatus(error: unknown): number | null {
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  return code === 'slack_webapi_http_error' && typeof statusCode === 'number' ? statusCode : null;
}

export function classifySlackError(error: unknown): DeliveryError {
  if (timedOut(error)) return new DeliveryError('retry', 'timeout');
  const status = httpStatus(error);
  // `http_503`, shown in /paper list and the App Home, rather than the client's sentence about a protocol error.
  if (status !== null) return new DeliveryError('retry', `http_${status}`, retryAfterMs(error));
  const code = slackErrorCode(error) ?? (error instanceof Error ? error.message : 'unknown_error');
  if (CHANNEL_ERRORS.has(code)) return new DeliveryError('channel', code);
  if (WORKSPACE_ERRORS.has(code)) return new DeliveryError('workspace', code);
  if (MESSAGE_ERRORS.has(code)) return new DeliveryError('message', code);
  return new DeliveryError('retry', code, retryAfterMs(error));
}

/**
 * Posts digests with the Web API. The client should not retry on its own (`retries: 0`,
 * `rejectRateLimitedCalls: true`): the digest runner owns retries, so a 429 becomes a scheduled retry
 * that honours Retry-After instead of a blocked scheduler tick.
 */
export class SlackDigestPoster implements DigestPoster {
  /** `clientFor`: the workspace's client (one bot token, or the team's OAuth installation). */
  constructor(private readonly clientFor: (teamId: string) => webApi.WebClient | Promise<webApi.WebClient>) {}

  async post(target: DigestTarget, message: Message, tag: DeliveryTag): Promise<{ ts: string }> {
    try {
      const result = await (await this.clientFor(target.teamId)).chat.postMessage({
        channel: target.channelId,
        text: message.text,
        // Block Kit has no empty block list: a message without blocks is its text alone.
        ...(message.blocks.length > 0 ? { blocks: message.blocks } : {}),
        unfurl_links: false,
        unfurl_media: false,
        metadata: {
          event_type: DIGEST_EVENT_TYPE,
          event_payload: { delivery_id: tag.deliveryId, paper_ids: tag.paperIds.join(' ') },
        },
      });
      if (!result.ts) throw new DeliveryError('retry', 'no_ts_in_response');
      return { ts: result.ts };
    } catch (error) {
      throw error instanceof DeliveryError ? error : classifySlackError(error);
    }
  }

  /**
   * Reads the history since `since` page by page (people may have written hundreds of messages after the digest); a
   * history longer than HISTORY_PAGES pages cannot be searched to the end, which throws rather than answer "not there".
   *
   * A public channel the bot posts in without being a member (chat:write.public) answers not_in_channel: the bot joins
   * it (channels:join) and reads again. A workspace that installed the app before that scope gets the not_in_channel,
   * with what would fix it, and the caller gives the digest up rather than risk posting it twice.
   */
  async findPosted(target: DigestTarget, deliveryId: string, since: Date): Promise<PostedDigest | null> {
    try {
      const client = await this.clientFor(target.teamId);
      try {
        return await searchHistory(client, target.channelId, deliveryId, since);
      } catch (error) {
        if (slackErrorCode(error) !== 'not_in_channel') throw error;
        await joinPublicChannel(client, target.channelId);
        return await searchHistory(client, target.channelId, deliveryId, since);
      }
    } catch (error) {
      throw error instanceof DeliveryError ? error : classifySlackError(error);
    }
  }
}

async function searchHistory(client: webApi.WebClient, channel: string, deliveryId: string, since: Date): Promise<PostedDigest | null> {
  let cursor: string | undefined;
  for (let page = 0; page < HISTORY_PAGES; page++) {
    const history = await client.conversations.history({
      channel,
      oldest: String(Math.floor(since.getTime() / 1000) - 1),
      include_all_metadata: true,
      limit: HISTORY_PAGE_SIZE,
      ...(cursor ? { cursor } : {}),
    });
    for (const message of history.messages ?? []) {
      const metadata = message.metadata;
      const payload = metadata?.event_payload as Record<string, unknown> | undefined;
      if (metadata?.event_type === DIGEST_EVENT_TYPE && payload?.delivery_id === deliveryId && message.ts) {
        const ids = typeof payload.paper_ids === 'string' ? payload.paper_ids.split(' ').filter(Boolean) : [];
        return { ts: message.ts, paperIds: ids };
      }
    }
    cursor = history.response_metadata?.next_cursor;
    if (!history.has_more || !cursor) return null;
  }
  throw new DeliveryError('channel', 'history_too_long');
}

/**
 * conversations.join, or the DeliveryError that stands for the history the bot still cannot read: not_in_channel when
 * Slack will not let it join (a private channel, an archived one), with the fix when the install lacks channels:join.
 * A dead token or no answer is that error itself (the workspace is paused, or the attempt retried).
 */
async function joinPublicChannel(client: webApi.WebClient, channel: string): Promise<void> {
  try {
    await client.conversations.join({ channel });
  } catch (error) {
    const refused = classifySlackError(error);
    if (refused.code === 'missing_scope') throw new DeliveryError('channel', 'not_in_channel: reinstall the app to grant channels:join');
    if (refused.kind === 'retry' || refused.kind === 'workspace') throw refused;
    throw new DeliveryError('channel', 'not_in_channel');
  }
}
