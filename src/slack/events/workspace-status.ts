import type { Logger } from '../../logger.ts';
import type { Store } from '../../store/store.ts';

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
];

/** Resume the workspace if it was paused because its token was gone; true when it was resumed. */
export async function resumeWorkspaceWithNewToken(store: Store, teamId: string, logger: Logger, now: Date = new Date()): Promise<boolean> {
  const workspace = await store.getWorkspace(teamId);
  const reason = workspace?.pausedReason ?? null;
  if (reason === null || !TOKEN_PAUSE_REASONS.includes(reason)) return false;
  await store.setWorkspacePaused(teamId, null, now);
  logger.info(`workspace ${teamId} has a working token again: digests resumed (they were paused: ${reason})`);
  return true;
}
