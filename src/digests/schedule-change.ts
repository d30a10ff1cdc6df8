/**
 * A schedule change does not make a slot that lies before it due: `/paper subscribe X every thursday` said on a
 * Thursday after its time, or a time moved to one already past today, means the next digest is the next slot to come
 * (next Thursday, tomorrow), not one sent at once through the catch-up meant for downtime. A digest already under way
 * (Slack failing it, a retry to come) is not dropped by the change: it still goes out or is given up as before.
 */
import type { Store, Subscription } from '../store/store.ts';
import { underWay } from './pause-held-digest.ts';
import type { Occurrence } from './schedule.ts';

/** `due`, unless its time was already past when the subscription's schedule last changed and no run of it is under way. */
export async function dueAfterScheduleChange(
  store: Pick<Store, 'getDigestRun'>,
  subscription: Pick<Subscription, 'id' | 'scheduleChangedAt'>,
  due: Occurrence | null,
): Promise<Occurrence | null> {
  const changedAt = subscription.scheduleChangedAt;
  if (due === null || changedAt === null || due.at > changedAt) return due;
  return underWay(await store.getDigestRun(subscription.id, due.digestDate)) ? due : null;
}
