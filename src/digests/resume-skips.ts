/**
 * A resume does not send late the digest whose time passed while the subscription was paused: the next one comes at
 * its next scheduled time. Recorded before the pause is lifted (so no tick in between can post it) as a 'skipped' run
 * of that date. A digest due before the pause began (a run still retrying when someone clicked Pause) is not touched:
 * it still goes out within the catch-up window (after a timed pause too, pause-held-digest.ts, which records it as
 * skipped when the pause ends later). Downtime is not a pause: the runner catches up on it (runner.ts).
 * A timed pause the scheduler ends is recorded the same way, so nothing that reads runs (a channel's older digest
 * holding back its newer one, a pause and resume soon after) takes its skipped digest for one still to send.
 */
import type { Logger } from '../logger.ts';
import type { Store, Subscription } from '../store/store.ts';
import { dueDigests, scheduleFromRecord } from './schedule.ts';

export interface Resumed {
  subscription: Subscription;
  /** When its pause began (`pausedSince` of the subscription, or of its workspace). */
  pausedSince: Date;
  /** When the pause ended, if before the resume (a timed pause the scheduler resumed a tick or a downtime late). */
  endedAt?: Date;
}

/**
 * When the pause of a paused subscription or workspace began: its `pausedAt`, which changes made while paused (a new
 * schedule, another reason, an end) leave alone. A row paused with none (not written by the store) falls back on its
 * last change.
 */
export function pausedSince(paused: { pausedAt: Date | null; updatedAt: Date }): Date {
  return paused.pausedAt ?? paused.updatedAt;
}

/** Records the latest digest of each `resumed` subscription that fell due while it was paused as skipped. */
export async function skipDigestsDueWhilePaused(deps: { store: Store; logger: Logger }, resumed: readonly Resumed[], now: Date): Promise<void> {
  for (const { subscription, pausedSince, endedAt } of resumed) {
    const since = new Date(Math.max(pausedSince.getTime(), subscription.createdAt.getTime()));
    // A digest due after the pause ended is not one it kept back: it goes out (catch-up after downtime).
    const until = endedAt === undefined || endedAt > now ? now : new Date(endedAt.getTime() - 1);
    // Only the most recent occurrence can be sent; older ones are already "missed" for the runner.
    const { due } = dueDigests(scheduleFromRecord(subscription), until, Number.POSITIVE_INFINITY, { since, maxMissed: 0 });
    if (!due || !(await deps.store.skipPausedDigest(subscription.id, due.digestDate, now))) continue;
    deps.logger.info(
      `digest #${subscription.id} "${subscription.topic}" for ${due.digestDate} was due at ${due.at.toISOString()} while paused: ` +
        'not sent late; the next one comes at its time',
    );
  }
}
