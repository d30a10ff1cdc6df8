/**
 * The digest a timed pause (`/paper pause … for 3 days | until …`) found under way when it began: due before the pause,
 * still being retried (Slack failing, a Retry-After) or its claim left to lapse by an attempt that saw the pause. The
 * runner counts from the pause's end (schedule.ts `dueSince`), so without this nothing would look at it again. As on
 * every resume (resume-skips.ts), it was due before the pause: once the pause has ended it goes out if it is still
 * within the catch-up window of its time, and is recorded as skipped otherwise, never left pending. Pure.
 */
import type { DigestRun, Subscription } from '../store/store.ts';
import { dueDigests, scheduleFromRecord, type Occurrence } from './schedule.ts';

export interface PauseHeldDigest {
  occurrence: Occurrence;
  /** Within the catch-up window of its time: it still goes out. Otherwise it is recorded as skipped. */
  fresh: boolean;
}

/**
 * The last digest of `subscription` due at or before `pausedSince`, when its timed pause has just ended (the runner's
 * tick that ends it): the one a run may have been under way for when the pause began.
 */
export function heldAtPauseStart(subscription: Subscription, pausedSince: Date, now: Date, catchUpMs: number): PauseHeldDigest | null {
  return lastDueBy(subscription, pausedSince, now, catchUpMs);
}

/**
 * On every tick for `catchUpMs` after a timed pause ended (a fresh held digest cannot be older): the last digest of
 * `subscription` due before the end. A run of it that is under way was begun before the pause (none is while paused).
 * Null while paused, without an ended timed pause, or past that.
 */
export function heldAfterPauseEnd(subscription: Subscription, now: Date, catchUpMs: number): PauseHeldDigest | null {
  const end = subscription.pausedUntil;
  if (subscription.pausedReason !== null || end === null || end > now || now.getTime() - end.getTime() > catchUpMs) return null;
  return lastDueBy(subscription, new Date(end.getTime() - 1), now, catchUpMs);
}

function lastDueBy(subscription: Subscription, by: Date, now: Date, catchUpMs: number): PauseHeldDigest | null {
  const { due } = dueDigests(scheduleFromRecord(subscription), by, Number.POSITIVE_INFINITY, { since: subscription.createdAt, maxMissed: 0 });
  if (!due) return null;
  return { occurrence: due, fresh: due.at.getTime() >= now.getTime() - catchUpMs };
}

/** A run not settled and not abandoned: failed with a retry to come, or claimed. */
export function underWay(run: DigestRun | null): run is DigestRun {
  return run !== null && (run.status === 'claimed' || (run.status === 'failed' && run.nextAttemptAt !== null));
}
