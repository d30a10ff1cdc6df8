/**
 * The digest a pause found under way when it began: due before the pause, still being retried (Slack failing, a
 * Retry-After) or its claim left to lapse by an attempt that saw the pause. As on every resume (resume-skips.ts), it
 * was due before the pause: once the pause has ended (a person's Resume or `/paper resume`, a channel or workspace
 * back, the scheduler ending a timed pause) it goes out if it is still within the catch-up window of its time, and is
 * recorded as skipped (logged) otherwise, never left pending; sent for after the resume and refused by Slack until the
 * window closes, it is given up as failed (runner.ts), whichever resume it was. After a timed pause the runner counts from the pause's
 * end (schedule.ts `dueSince`), so it looks for this digest itself (`heldAfterPauseEnd`).
 */
import type { Logger } from '../logger.ts';
import { USER_PAUSE_REASON, type DigestRun, type Store, type Subscription } from '../store/store.ts';
import { dueDigests, scheduleFromRecord, type Occurrence } from './schedule.ts';

export interface PauseHeldDigest {
  occurrence: Occurrence;
  /** Within the catch-up window of its time: it still goes out. Otherwise it is recorded as skipped. */
  fresh: boolean;
}

/** The last digest of `subscription` due at or before `pausedSince`, when its pause ends at `now`. */
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

/**
 * While a person's timed pause runs: what the tick that ends it will find (`heldAfterPauseEnd` at the end), so answers
 * can name a retry that goes out then. Null under any other pause, or none.
 */
export function heldUntilPauseEnds(subscription: Subscription, now: Date, catchUpMs: number): PauseHeldDigest | null {
  const end = subscription.pausedUntil;
  if (subscription.pausedReason !== USER_PAUSE_REASON || end === null || end <= now) return null;
  return heldAfterPauseEnd({ ...subscription, pausedReason: null }, end, catchUpMs);
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

export interface HeldSkipDeps {
  store: Store;
  logger: Logger;
  /** Claims the run to settle it (the runner's own id; a resume outside the runner names itself 'resume'). */
  claimedBy: string;
  catchUpMs: number;
}

/**
 * At a resume (`now`, the pause ended): the digest under way when the pause began (`pausedSince`), if too old to send
 * now, is recorded as skipped and logged; its date, or null (none, fresh: it goes out, or held by another instance).
 */
export async function skipStaleHeldDigest(deps: HeldSkipDeps, subscription: Subscription, pausedSince: Date, now: Date): Promise<string | null> {
  const held = heldAtPauseStart(subscription, pausedSince, now, deps.catchUpMs);
  if (!held || held.fresh) return null;
  const earlier = await deps.store.getDigestRun(subscription.id, held.occurrence.digestDate);
  if (!underWay(earlier)) return null;
  return (await skipHeldDigest(deps, subscription, held, earlier, now)) ? held.occurrence.digestDate : null;
}

/** Records `held` (under way as `earlier`, too old to send) as skipped and logs it; false when another instance holds it. */
export async function skipHeldDigest(deps: HeldSkipDeps, subscription: Subscription, held: PauseHeldDigest, earlier: DigestRun, now: Date): Promise<boolean> {
  const { digestDate, at } = held.occurrence;
  // Null when another instance holds it, or its retry is not due yet: looked at again later (runner.ts).
  const run = await deps.store.claimDigest(subscription.id, digestDate, deps.claimedBy, now);
  if (!run) return false;
  await deps.store.completeDigest(run, { status: 'skipped', now });
  const state = earlier.status === 'failed' ? `being retried (${earlier.error ?? 'unknown error'})` : 'under way';
  const hours = Math.round(deps.catchUpMs / 3_600_000);
  deps.logger.warn(
    `digest #${subscription.id} "${subscription.topic}" for ${digestDate} was ${state} when its pause began; due at ${at.toISOString()}, ` +
      `more than ${hours} h before the pause ended: skipped, not sent late`,
  );
  return true;
}
