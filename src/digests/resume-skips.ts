/**
 * A resume does not send late the digest whose time passed while the subscription was paused: the next one comes at
 * its next scheduled time. Recorded before the pause is lifted (so no tick in between can post it) as a 'skipped' run
 * of that date. A digest due before the pause began (a run still retrying when someone clicked Pause) still goes out
 * if the resume comes within the catch-up window of its time, and is recorded as skipped (logged) if it comes later
 * (pause-held-digest.ts): whichever resume it is, a person's, a channel's, a workspace's or a timed pause's end.
 * Downtime is not a pause: the runner catches up on it (runner.ts).
 * A timed pause the scheduler ends is recorded the same way, so nothing that reads runs (a channel's older digest
 * holding back its newer one, a pause and resume soon after) takes its skipped digest for one still to send.
 */
import type { Logger } from '../logger.ts';
import type { Store, Subscription } from '../store/store.ts';
import { skipStaleHeldDigest } from './pause-held-digest.ts';
import { DEFAULT_CATCH_UP_MS } from './runner-deps.ts';
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

export interface ResumeSkipDeps {
  store: Store;
  logger: Logger;
  /** The runner's: its instance id and catch-up window. Other resumes claim as 'resume', with the default window. */
  runner?: { instanceId: string; catchUpMs: number };
}

/**
 * Records the latest digest of each `resumed` subscription that fell due while it was paused as skipped, and the one
 * under way when its pause began if too old to send now; the dates of the latter, by subscription.
 */
export async function skipDigestsDueWhilePaused(deps: ResumeSkipDeps, resumed: readonly Resumed[], now: Date): Promise<{ subscriptionId: number; digestDate: string }[]> {
  const held = { store: deps.store, logger: deps.logger, claimedBy: deps.runner?.instanceId ?? 'resume', catchUpMs: deps.runner?.catchUpMs ?? DEFAULT_CATCH_UP_MS };
  const stale: { subscriptionId: number; digestDate: string }[] = [];
  for (const { subscription, pausedSince, endedAt } of resumed) {
    const digestDate = await skipStaleHeldDigest(held, subscription, pausedSince, now);
    if (digestDate !== null) stale.push({ subscriptionId: subscription.id, digestDate });
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
  return stale;
}
