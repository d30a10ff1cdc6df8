import type { App } from '@slack/bolt';
import type { Logger } from '../../logger.ts';
import type { PauseReason, Store } from '../../store/store.ts';

export interface LifecycleDeps {
  store: Store;
  logger: Logger;
  clock: () => Date;
  /** OAuth mode: wipe the workspace's stored tokens (they are dead once uninstalled or revoked). */
  revokeInstallation?: (teamId: string) => Promise<void>;
}

/** Channel-level pause reasons each event sets, and which ones the "back" events clear. */
export const CHANNEL_PAUSE = {
  archived: 'is_archived',
  deleted: 'channel_deleted',
  botRemoved: 'not_in_channel',
} as const satisfies Record<string, PauseReason>;

/** Cleared when the channel is unarchived. */
const RESUMED_BY_UNARCHIVE: readonly PauseReason[] = [CHANNEL_PAUSE.archived];
/** Cleared when the bot is added to the channel again. */
const RESUMED_BY_JOIN: readonly PauseReason[] = [CHANNEL_PAUSE.botRemoved, 'channel_not_found'];

/**
 * Slack lifecycle events → subscription state. Nothing is ever deleted: subscriptions, runs and deliveries
 * stay, only their paused reason changes, so everything comes back as it was.
 *
 * - `app_uninstalled`, `tokens_revoked` (bot token): the workspace is paused (and its stored tokens wiped in
 *   OAuth mode). A reinstall resumes it.
 * - `channel_archive`/`group_archive`, `channel_deleted`/`group_deleted`, and `member_left_channel` for the bot
 *   itself: that channel's subscriptions are paused (`is_archived`, `channel_deleted`, `not_in_channel`).
 * - `channel_unarchive`/`group_unarchive` and `member_joined_channel` for the bot: those pauses are lifted.
 * Subscriptions a person paused from the App Home are left alone by all of these.
 */
export function register(app: App, deps: LifecycleDeps): void {
  const { store, logger, clock } = deps;

  const pauseWorkspace = async (teamId: string | undefined, reason: PauseReason): Promise<void> => {
    if (!teamId) return;
    await store.setWorkspacePaused(teamId, reason, clock());
    await deps.revokeInstallation?.(teamId);
    logger.warn(`workspace ${teamId}: ${reason}; all its digests are paused until the app is installed again`);
  };

  const pauseChannel = async (teamId: string | undefined, channelId: string, reason: PauseReason, why: string): Promise<void> => {
    if (!teamId) return;
    const count = await store.pauseChannelFor(teamId, channelId, reason, clock());
    logger.info(`channel ${channelId} ${why}: paused ${count} digest(s) (${reason})`);
  };

  const resumeChannel = async (teamId: string | undefined, channelId: string, reasons: readonly PauseReason[], why: string): Promise<void> => {
    if (!teamId) return;
    const count = await store.resumeChannelPausedFor(teamId, channelId, reasons, clock());
    logger.info(`channel ${channelId} ${why}: resumed ${count} digest(s)`);
  };

  app.event('app_uninstalled', async ({ body, context }) => {
    await pauseWorkspace(context.teamId ?? body.team_id, 'app_uninstalled');
  });

  app.event('tokens_revoked', async ({ event, body, context }) => {
    // Only the bot token matters: the app asks for no user tokens.
    if ((event.tokens.bot ?? []).length === 0) return;
    await pauseWorkspace(context.teamId ?? body.team_id, 'tokens_revoked');
  });

  app.event('channel_archive', async ({ event, body, context }) => {
    await pauseChannel(context.teamId ?? body.team_id, event.channel, CHANNEL_PAUSE.archived, 'archived');
  });
  app.event('group_archive', async ({ event, body, context }) => {
    await pauseChannel(context.teamId ?? body.team_id, event.channel, CHANNEL_PAUSE.archived, 'archived');
  });
  app.event('channel_deleted', async ({ event, body, context }) => {
    await pauseChannel(context.teamId ?? body.team_id, event.channel, CHANNEL_PAUSE.deleted, 'deleted');
  });
  app.event('group_deleted', async ({ event, body, context }) => {
    await pauseChannel(context.teamId ?? body.team_id, event.channel, CHANNEL_PAUSE.deleted, 'deleted');
  });
  app.event('channel_unarchive', async ({ event, body, context }) => {
    await resumeChannel(context.teamId ?? body.team_id, event.channel, RESUMED_BY_UNARCHIVE, 'unarchived');
  });
  app.event('group_unarchive', async ({ event, body, context }) => {
    await resumeChannel(context.teamId ?? body.team_id, event.channel, RESUMED_BY_UNARCHIVE, 'unarchived');
  });

  app.event('member_left_channel', async ({ event, body, context }) => {
    if (!context.botUserId || event.user !== context.botUserId) return;
    await pauseChannel(context.teamId ?? body.team_id, event.channel, CHANNEL_PAUSE.botRemoved, 'no longer has the bot');
  });
  app.event('member_joined_channel', async ({ event, body, context }) => {
    if (!context.botUserId || event.user !== context.botUserId) return;
    await resumeChannel(context.teamId ?? body.team_id, event.channel, RESUMED_BY_JOIN, 'has the bot again');
  });
}
