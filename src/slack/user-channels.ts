import type { webApi } from '@slack/bolt';
import type { UserChannels } from '../digests/home-service.ts';
import type { Logger } from '../logger.ts';
import { slackErrorCode } from './slack-errors.ts';

/** How long a user's channel list is reused (opening the tab, then clicking, asks Slack once). */
const CHANNELS_TTL_MS = 60_000;
const CHANNELS_CACHE_MAX = 500;
/** users.conversations pages of 1,000 asked at most (10,000 channels). */
const MAX_CHANNEL_PAGES = 10;

/**
 * Slack gives no "channels of this user" for free: `users.conversations` with `user=…` (the bot token and the
 * channels:read/groups:read scopes the app already has suffice) lists the public and private channels the user
 * is a member of. Null when Slack will not say.
 */
export class SlackUserChannels implements UserChannels {
  readonly #channels = new Map<string, { at: number; channels: Set<string> | null }>();

  constructor(
    private readonly clientFor: (teamId: string) => webApi.WebClient | Promise<webApi.WebClient>,
    private readonly logger: Logger,
  ) {}

  async of(teamId: string, userId: string): Promise<Set<string> | null> {
    const key = `${teamId}:${userId}`;
    const now = Date.now();
    const cached = this.#channels.get(key);
    if (cached && now - cached.at < CHANNELS_TTL_MS) return cached.channels;
    let channels: Set<string> | null = new Set();
    try {
      const client = await this.clientFor(teamId);
      let cursor: string | undefined;
      for (let page = 0; page < MAX_CHANNEL_PAGES; page++) {
        const result = await client.users.conversations({
          user: userId,
          types: 'public_channel,private_channel',
          exclude_archived: false,
          limit: 1000,
          ...(cursor ? { cursor } : {}),
        });
        for (const channel of result.channels ?? []) if (channel.id) channels.add(channel.id);
        cursor = result.response_metadata?.next_cursor || undefined;
        if (!cursor) break;
      }
    } catch (error) {
      this.logger.warn(`users.conversations for ${userId} failed (${slackErrorCode(error) ?? 'unknown'}); Home shows only their own digests`);
      channels = null;
    }
    if (this.#channels.size >= CHANNELS_CACHE_MAX) this.#channels.clear();
    this.#channels.set(key, { at: now, channels });
    return channels;
  }
}
