import type { DigestRun, Store, Subscription } from '../store/store.ts';
import { heldAfterPauseEnd, heldUntilPauseEnds } from './pause-held-digest.ts';
import { DEFAULT_CATCH_UP_MS } from './runner-deps.ts';
import { dueDigests, dueSince, nextRun, scheduleFromRecord, type Occurrence } from './schedule.ts';
import { dueAfterScheduleChange } from './schedule-change.ts';

const MINUTE_MS = 60_000;

/**
 * When the subscription's next digest really goes out. One already due and not sent (after downtime, within the
 * catch-up window; a retry under way) goes out at the next minute's tick; a slot that was already past when the schedule
 * changed is not due (a time moved earlier than now: tomorrow, schedule-change.ts), and a resume records the one due
 * while paused as skipped (resume-skips.ts), so both are passed over. Otherwise `nextRun`, passing over a local date that
 * already had its digest (one per subscription and date), e.g. a time moved later on a day whose digest went out at the
 * old time.
 */
export async function nextDigest(store: Pick<Store, 'getDigestRun'>, subscription: Subscription, now: Date): Promise<Occurrence> {
  const schedule = scheduleFromRecord(subscription);
  const counted = dueDigests(schedule, now, DEFAULT_CATCH_UP_MS, { since: dueSince(subscription), maxMissed: 0 });
  // A slot already past when the schedule changed is not due (schedule-change.ts): the next one to come is.
  const due = await dueAfterScheduleChange(store, subscription, counted.due);
  // Or the one a timed pause found being retried, if still fresh when it ended (pause-held-digest.ts): it goes out too,
  // at the tick that ends the pause if it is still paused (digest-outlook.ts asks for the end).
  const held = due ? null : (heldAfterPauseEnd(subscription, now, DEFAULT_CATCH_UP_MS) ?? heldUntilPauseEnds(subscription, now, DEFAULT_CATCH_UP_MS));
  const pending = due ?? (held?.fresh ? held.occurrence : null);
  if (pending) {
    const run = await store.getDigestRun(subscription.id, pending.digestDate);
    if (!taken(run) && (due !== null || run !== null)) {
      // Ticks run on the minute: this minute's (if it is the digest's own, it may be under way) or the next one's.
      const retry = run?.nextAttemptAt ? Math.ceil(run.nextAttemptAt.getTime() / MINUTE_MS) * MINUTE_MS : 0;
      const tick = now.getTime() - pending.at.getTime() < MINUTE_MS ? pending.at.getTime() : Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
      return { digestDate: pending.digestDate, at: new Date(Math.max(tick, retry)) };
    }
  }
  let next = nextRun(schedule, now);
  // A zone moved a day west can meet two dates that are done; more cannot happen.
  for (let i = 0; i < 2 && taken(await store.getDigestRun(subscription.id, next.digestDate)); i++) next = nextRun(schedule, next.at);
  return next;
}

/** The date's digest is done or under way; only a failed run with a retry to come can still go out at the new time. */
function taken(run: DigestRun | null): boolean {
  return run !== null && !(run.status === 'failed' && run.nextAttemptAt !== null);
}
