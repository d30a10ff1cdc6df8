import type { webApi } from '@slack/bolt';
import type { ChannelAccess, ChannelAccessResult, ConversationKind } from '../digests/channel-access.ts';
import type { Logger } from '../logger.ts';
import { slackErrorCode } from './slack-errors.ts';

/**
 * Asks `conversations.info` (scopes channels:read, groups:read). A private channel the bot is not in is
 * invisible to it (`channel_not_found`); a public one is fine thanks to `chat:write.public`. Anything
 * else Slack says (missing scope, outage) does not block the subscription: the digest run reports it.
 */
export class SlackChannelAccess implements ChannelAccess {
  constructor(
    private readonly clientFor: (teamId: string) => webApi.WebClient | Promise<webApi.WebClient>,
    private readonly logger: Logger,
  ) {}

  async check(teamId: string, channelId: string, said?: ConversationKind): Promise<ChannelAccessResult> {
    try {
      const { channel } = await (await this.clientFor(teamId)).conversations.info({ channel: channelId });
      if (channel?.is_archived) return { ok: false, reason: 'archived' };
      if (channel?.is_im || channel?.is_mpim) return { ok: false, reason: 'not_a_channel' };
      if (channel?.is_private && !channel.is_member) return { ok: false, reason: 'private_not_member' };
      return { ok: true };
    } catch (error) {
      const code = slackErrorCode(error);
      // A direct message between people (D…): the bot is not part of it and cannot be invited, so whatever Slack
      // answers (channel_not_found, or missing_scope: reading a DM would take im:read, which the app does not ask
      // for), no digest could ever be posted there. A group DM (its slash command says `mpdm-…`) is the same: reading
      // it takes mpim:read, and its id may start with G or C like a channel's.
      if (channelId.startsWith('D') || said !== undefined) return { ok: false, reason: 'not_a_channel' };
      if (code === 'channel_not_found') return { ok: false, reason: 'private_not_member' };
      this.logger.warn(`conversations.info for ${channelId} failed (${code ?? 'unknown'}); subscribing anyway`);
      return { ok: true };
    }
  }
}
