/** Whether the bot can post digests in a channel, asked at subscribe time rather than at 9 a.m. */
export type ChannelAccessResult = { ok: true } | { ok: false; reason: 'private_not_member' | 'archived' | 'not_a_channel' };

/**
 * What the surface said the conversation is, when it said so (Slack: a slash command's `channel_name` is
 * `directmessage` in a DM and `mpdm-…` in a group DM). Absent: a channel, or not said.
 */
export type ConversationKind = 'direct_message' | 'group_dm';

export interface ChannelAccess {
  check(teamId: string, channelId: string, said?: ConversationKind): Promise<ChannelAccessResult>;
}

/** The local console posts to the terminal: always reachable. */
export const alwaysReachable: ChannelAccess = {
  check: async () => ({ ok: true }),
};

export function channelAccessProblem(reason: Extract<ChannelAccessResult, { ok: false }>['reason']): string {
  switch (reason) {
    case 'private_not_member':
      return "I can't post in this private channel because I'm not a member. Invite me with `/invite @paper`, then subscribe again.";
    case 'archived':
      return 'This channel is archived, so I cannot post digests here.';
    case 'not_a_channel':
      return 'Digests go to channels. Run `/paper subscribe` in the channel that should get them (and `/invite @paper` if it is private).';
  }
}
