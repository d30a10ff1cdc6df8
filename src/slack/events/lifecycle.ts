import type { App } from '@slack/bolt';
import { CHANNEL_PAUSE, RESUMED_BY_JOIN, RESUMED_BY_UNARCHIVE, type DigestPauses } from '../../digests/pauses.ts';
import type { Logger } from '../../logger.ts';
import { durableEvents } from './durable-events.ts';

/**
 * Slack lifecycle events → digest pauses (see DigestPauses).
 *
 * - `app_uninstalled`, `tokens_revoked` (bot token): the workspace is paused (and its stored tokens wiped in
 *   OAuth mode). A reinstall resumes it; Slack's repeat of one that happened before the reinstall is ignored.
 * - `channel_archive`/`group_archive`, `channel_deleted`/`group_deleted`, `channel_left`/`group_left` (the bot removed
 *   from a channel: what Slack sends the bot itself), and `member_left_channel` for the bot
 *   itself: that channel's subscriptions are paused (`is_archived`, `channel_deleted`, `not_in_channel`).
 * - `channel_unarchive`/`group_unarchive` and `member_joined_channel` for the bot: those pauses are lifted.
 */
export function register(app: App, deps: { pauses: DigestPauses; logger: Logger }): void {
  const { logger } = deps;
  // Every pause and resume below is tried again when the database fails, one channel's (or workspace's) in order.
  const record = durableEvents(logger);
  const pauses = {
    pauseWorkspace: (...args: Parameters<DigestPauses['pauseWorkspace']>) =>
      record(args[0], `${args[1]} of ${args[0]}`, () => deps.pauses.pauseWorkspace(...args)),
    pauseChannel: (...args: Parameters<DigestPauses['pauseChannel']>) =>
      record(`${args[0]}/${args[1]}`, `channel ${args[1]} ${args[3]}`, () => deps.pauses.pauseChannel(...args)),
    resumeChannel: (...args: Parameters<DigestPauses['resumeChannel']>) =>
      record(`${args[0]}/${args[1]}`, `channel ${args[1]} ${args[3]}`, () => deps.pauses.resumeChannel(...args)),
  };

  app.event('app_uninstalled', async ({ body, context }) => {
    const teamId = context.teamId ?? body.team_id;
    if (teamId) await pauses.pauseWorkspace(teamId, 'app_uninstalled', redelivery(context.retryNum, body.event_time));
  });

  app.event('tokens_revoked', async ({ event, body, context }) => {
    const teamId = context.teamId ?? body.team_id;
    // Only the bot token matters: the app asks for no user tokens.
    if (teamId && (event.tokens.bot ?? []).length > 0) {
      await pauses.pauseWorkspace(teamId, 'tokens_revoked', redelivery(context.retryNum, body.event_time));
    }
  });

  for (const name of ['channel_archive', 'group_archive'] as const) {
    app.event(name, async ({ event, body, context }) => {
      const teamId = context.teamId ?? body.team_id;
      if (teamId) await pauses.pauseChannel(teamId, event.channel, CHANNEL_PAUSE.archived, 'archived');
    });
  }
  for (const name of ['channel_deleted', 'group_deleted'] as const) {
    app.event(name, async ({ event, body, context }) => {
      const teamId = context.teamId ?? body.team_id;
      if (teamId) await pauses.pauseChannel(teamId, event.channel, CHANNEL_PAUSE.deleted, 'deleted');
    });
  }
  for (const name of ['channel_unarchive', 'group_unarchive'] as const) {
    app.event(name, async ({ event, body, context }) => {
      const teamId = context.teamId ?? body.team_id;
      if (teamId) await pauses.resumeChannel(teamId, event.channel, RESUMED_BY_UNARCHIVE, 'unarchived');
    });
  }

  // Removed from a channel (or leaving it), the bot gets channel_left / group_left: Slack sends member_left_channel
  // to the channel's members, which the bot no longer is. Without a pause, chat:write.public would go on posting
  // digests in a public channel that just removed the bot.
  for (const name of ['channel_left', 'group_left'] as const) {
    app.event(name, async ({ event, body, context }) => {
      const teamId = context.teamId ?? body.team_id;
      if (teamId) await pauses.pauseChannel(teamId, event.channel, CHANNEL_PAUSE.botRemoved, 'no longer has the bot');
    });
  }
  app.event('member_left_channel', async ({ event, body, context }) => {
    const teamId = context.teamId ?? body.team_id;
    if (!teamId || !context.botUserId || event.user !== context.botUserId) return;
    await pauses.pauseChannel(teamId, event.channel, CHANNEL_PAUSE.botRemoved, 'no longer has the bot');
  });
  app.event('member_joined_channel', async ({ event, body, context }) => {
    const teamId = context.teamId ?? body.team_id;
    if (!teamId || !context.botUserId || event.user !== context.botUserId) return;
    await pauses.resumeChannel(teamId, event.channel, RESUMED_BY_JOIN, 'has the bot again');
  });
}

/**
 * A delivery Slack repeats (`x-slack-retry-num`) and when its event happened. Only repeats are checked against a
 * later reinstall: a first delivery follows the uninstall within seconds, and our clock need not agree with Slack's.
 */
function redelivery(retryNum: number | undefined, eventTime: number): { happenedAt: Date } | undefined {
  return retryNum !== undefined && retryNum > 0 && Number.isFinite(eventTime) ? { happenedAt: new Date(eventTime * 1000) } : undefined;
}
