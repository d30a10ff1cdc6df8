import type { Logger } from '../logger.ts';
import type { PauseReason, Store } from '../store/store.ts';
import { pausedSince, skipDigestsDueWhilePaused } from './resume-skips.ts';

/**
 * Workspace pause reasons that mean "this workspace's token is gone" (uninstall, revoked, rejected). A
 * working token for the workspace again (a reinstall, or a new SLACK_BOT_TOKEN that passes auth.test at
 * start) resumes it; other workspace pauses are left alone.
 */
export const TOKEN_PAUSE_REASONS: readonly string[] = [
  'app_uninstalled',
  'tokens_revoked',
  'invalid_auth',
  'token_revoked',
  'account_inactive',
  'not_authed',
  'missing_scope',
  // The stored OAuth token cannot be decrypted (SLACK_TOKEN_ENCRYPTION_KEY changed): a reinstall stores a readable one.
  'token_unreadable',
];

/** Channel-level pause reasons each lifecycle event sets, and which ones the "back" events clear. */
export const CHANNEL_PAUSE = {
  archived: 'is_archived',
  deleted: 'channel_deleted',
  botRemoved: 'not_in_channel',
} as const satisfies Record<string, PauseReason>;

/** Cleared when the channel is unarchived. */
export const RESUMED_BY_UNARCHIVE: readonly PauseReason[] = [CHANNEL_PAUSE.archived];
/** Cleared when the bot is added to the channel again. */
export const RESUMED_BY_JOIN: readonly PauseReason[] = [CHANNEL_PAUSE.botRemoved, 'channel_not_found'];

/**
 * Resume the workspace if it was paused because its token was gone; true when it was resumed. Its digests whose time
 * passed while it was paused are not sent late (resume-skips.ts): those of every subscription, also one paused on its
 * own since (a person, its channel archived), whose own resume counts only from its own pause.
 */
export async function resumeWorkspaceWithNewToken(store: Store, teamId: string, logger: Logger, now: Date = new Date()): Promise<boolean> {
  const workspace = await store.getWorkspace(teamId);
  const reason = workspace?.pausedReason ?? null;
  if (workspace === null || reason === null || !TOKEN_PAUSE_REASONS.includes(reason)) return false;
  const subscriptions = await store.listTeamSubscriptions(teamId);
  await skipDigestsDueWhilePaused({ store, logger }, subscriptions.map((subscription) => ({ subscription, pausedSince: pausedSince(workspace) })), now);
  await store.setWorkspacePaused(teamId, null, now);
  logger.info(`workspace ${teamId} has a working token again: digests resumed (they were paused: ${reason})`);
  return true;
}

export interface PauseDeps {
  store: Store;
  logger: Logger;
  clock: () => Date;
  /** OAuth mode: wipe the workspace's stored tokens (they are dead once uninstalled or revoked). */
  revokeInstallation?: (teamId: string) => Promise<void>;
}

/**
 * What happens to digests when a workspace or channel goes away and comes back. Nothing is ever deleted:
 * subscriptions, runs and deliveries stay, only their paused reason changes, so everything comes back as it was.
 * Subscriptions a person paused from the App Home are left alone by all of these.
 */
export class DigestPauses {
  constructor(private readonly deps: PauseDeps) {}

  /**
   * The app was uninstalled or its bot token revoked: every digest of the workspace pauses. `redelivered`: when
   * Slack sends the event again (the first delivery was not acked in time) and the app has been installed again
   * since it `happenedAt`, it is ignored: it would pause the workspace and wipe the new installation's token.
   */
  async pauseWorkspace(teamId: string, reason: PauseReason, redelivered?: { happenedAt: Date }): Promise<void> {
    if (redelivered) {
      const installation = await this.deps.store.getInstallation(teamId);
      if (installation?.sealed && installation.installedAt > redelivered.happenedAt) {
        this.deps.logger.info(
          `workspace ${teamId}: ${reason} of ${redelivered.happenedAt.toISOString()} delivered again by Slack, ignored: ` +
            `the app was installed again since (${installation.installedAt.toISOString()})`,
        );
        return;
      }
    }
    // Slack sends app_uninstalled and tokens_revoked for one uninstall: the second keeps the first's reason and says so.
    const already = (await this.deps.store.getWorkspace(teamId))?.pausedReason ?? null;
    if (already === 'app_uninstalled' || already === 'tokens_revoked') {
      await this.deps.revokeInstallation?.(teamId);
      this.deps.logger.info(`workspace ${teamId}: ${reason}; its digests were already paused (${already})`);
      return;
    }
    await this.deps.store.setWorkspacePaused(teamId, reason, this.deps.clock());
    await this.deps.revokeInstallation?.(teamId);
    this.deps.logger.warn(`workspace ${teamId}: ${reason}; all its digests are paused until the app is installed again`);
  }

  /** `why` completes "channel C… <why>" in the log line. */
  async pauseChannel(teamId: string, channelId: string, reason: PauseReason, why: string): Promise<void> {
    const count = await this.deps.store.pauseChannelFor(teamId, channelId, reason, this.deps.clock());
    this.deps.logger.info(`channel ${channelId} ${why}: paused ${count} digest(s) (${reason})`);
  }

  /** Digests whose time passed while the channel was paused are not sent late (resume-skips.ts). */
  async resumeChannel(teamId: string, channelId: string, reasons: readonly PauseReason[], why: string): Promise<void> {
    const now = this.deps.clock();
    const paused = (await this.deps.store.listSubscriptions(teamId, channelId)).filter((s) => s.pausedReason !== null && reasons.includes(s.pausedReason));
    await skipDigestsDueWhilePaused(this.deps, paused.map((subscription) => ({ subscription, pausedSince: pausedSince(subscription) })), now);
    const count = await this.deps.store.resumeChannelPausedFor(teamId, channelId, reasons, now);
    this.deps.logger.info(`channel ${channelId} ${why}: resumed ${count} digest(s)`);
  }
}
