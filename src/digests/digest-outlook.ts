/**
 * When a subscription's next digest goes out as the answers tell it (`/paper subscribe`, `/paper list`, the App Home,
 * `/paper digest`): while it is paused (by a person, its channel or its workspace) no "next digest" a reader would take
 * for the digest being back on; only a person's timed pause has one, the first digest after the pause ends.
 */
import { USER_PAUSE_REASON, type Store, type Subscription } from '../store/store.ts';
import type { DigestPause } from '../views/pause-reasons.ts';
import { nextDigest } from './next-digest.ts';
import { formatNextRun, formatPausedUntil, scheduleFromRecord } from './schedule.ts';

export interface DigestOutlook {
  /** "Tue Mar 3, 09:00 Europe/Berlin": the next digest, or while paused the first after a timed pause; null when not known. */
  nextRunText: string | null;
  /** Why nothing goes out for now, or null when the digest runs. */
  pause: DigestPause | null;
}

export async function digestOutlook(
  store: Pick<Store, 'getDigestRun'>,
  subscription: Subscription,
  workspacePausedReason: string | null,
  now: Date,
): Promise<DigestOutlook> {
  const { timezone } = scheduleFromRecord(subscription);
  const next = async (after: Date): Promise<string> => formatNextRun((await nextDigest(store, subscription, after)).at, timezone);
  if (workspacePausedReason) return { nextRunText: null, pause: { reason: workspacePausedReason, workspace: true } };
  const reason = subscription.pausedReason;
  if (reason === null) return { nextRunText: await next(now), pause: null };
  // `pausedUntil` outlives a timed pause (the time it ended): it is this pause's end only under a person's pause.
  const until = reason === USER_PAUSE_REASON ? subscription.pausedUntil : null;
  if (until === null) return { nextRunText: null, pause: { reason } };
  // A digest due at the very end goes out (schedule.ts dueSince); one due before it is kept back.
  const after = new Date(Math.max(now.getTime(), until.getTime() - 1));
  return { nextRunText: await next(after), pause: { reason, untilText: formatPausedUntil(until, timezone) } };
}
