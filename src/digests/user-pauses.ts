import type { Logger } from '../logger.ts';
import { USER_PAUSE_REASON, type Store, type Subscription } from '../store/store.ts';
import { pausedSince, skipDigestsDueWhilePaused } from './resume-skips.ts';

export interface UserPauseDeps {
  store: Store;
  logger: Logger;
  clock: () => Date;
}

/** Where a person paused or resumed a digest, for the log line. */
export type PauseSurface = 'home' | 'command';

/**
 * A person pauses a digest (App Home's Pause, `/paper pause`): it stays paused, whatever channel events come, until
 * someone resumes it, or with `until` (`/paper pause … for 3 days`) until the scheduler resumes it then. false when it
 * already was paused by a person without an end and no end is given; a given end replaces the one it had.
 */
export async function pauseByPerson(deps: UserPauseDeps, subscription: Subscription, userId: string, via: PauseSurface, until: Date | null = null): Promise<boolean> {
  if (subscription.pausedReason === USER_PAUSE_REASON && until === null && subscription.pausedUntil === null) return false;
  // Already paused (another end given, or a channel's pause taken over): the store keeps when the pause began
  // (`pausedAt`), which a resume reads to tell the digests it kept back (resume-skips.ts).
  await deps.store.setSubscriptionPaused(subscription.teamId, subscription.id, USER_PAUSE_REASON, deps.clock(), until);
  const end = until === null ? '' : ` until ${until.toISOString()}`;
  deps.logger.info(`${via}: ${userId} paused #${subscription.id} "${subscription.topic}" in ${subscription.teamId}/${subscription.channelId}${end}`);
  return true;
}

/**
 * A person resumes a digest (App Home's Resume, `/paper resume`), whatever paused it: a digest whose time passed
 * while it was paused is not sent late (resume-skips.ts). false when it was not paused.
 */
export async function resumeByPerson(deps: UserPauseDeps, subscription: Subscription, userId: string, via: PauseSurface): Promise<boolean> {
  if (subscription.pausedReason === null) return false;
  const now = deps.clock();
  await skipDigestsDueWhilePaused(deps, [{ subscription, pausedSince: pausedSince(subscription) }], now);
  await deps.store.setSubscriptionPaused(subscription.teamId, subscription.id, null, now);
  deps.logger.info(
    `${via}: ${userId} resumed #${subscription.id} "${subscription.topic}" in ${subscription.teamId}/${subscription.channelId} (was: ${subscription.pausedReason})`,
  );
  return true;
}
