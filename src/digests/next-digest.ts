import type { DigestRun, Store, Subscription } from '../store/store.ts';
import { nextRun, scheduleFromRecord, type Occurrence } from './schedule.ts';

/**
 * When the subscription's next digest really goes out: `nextRun`, passing over a local date that already had its
 * digest (one per subscription and date), e.g. a time moved later on a day whose digest went out at the old time.
 */
export async function nextDigest(store: Pick<Store, 'getDigestRun'>, subscription: Subscription, now: Date): Promise<Occurrence> {
  const schedule = scheduleFromRecord(subscription);
  let next = nextRun(schedule, now);
  // A zone moved a day west can meet two dates that are done; more cannot happen.
  for (let i = 0; i < 2 && taken(await store.getDigestRun(subscription.id, next.digestDate)); i++) next = nextRun(schedule, next.at);
  return next;
}

/** The date's digest is done or under way; only a failed run with a retry to come can still go out at the new time. */
function taken(run: DigestRun | null): boolean {
  return run !== null && !(run.status === 'failed' && run.nextAttemptAt !== null);
}
