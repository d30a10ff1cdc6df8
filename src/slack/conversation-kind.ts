import type { ConversationKind } from '../digests/channel-access.ts';

/**
 * What a slash command's `channel_name` says about where it was typed: `directmessage` in a direct message,
 * `mpdm-<names>-1` in a group DM; anything else is a channel's name (or `privategroup`), said as nothing.
 */
export function conversationKind(channelName: string | undefined): ConversationKind | undefined {
  if (channelName === 'directmessage') return 'direct_message';
  if (channelName?.startsWith('mpdm-')) return 'group_dm';
  return undefined;
}
