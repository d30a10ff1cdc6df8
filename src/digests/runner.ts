import type { DigestRun, Subscription } from '../store/store.ts';
import { deliver } from './digest-delivery.ts';
import { followCarriers } from './follow-carriers.ts';
import { DigestPacing, SINGLE_ATTEMPT_POLICY } from './pacing.ts';
import { heldAfterPauseEnd, skipHeldDigest, underWay } from './pause-held-digest.ts';
import { pausedSince, skipDigestsDueWhilePaused } from './resume-skips.ts';
import type { DigestRunnerDeps, DigestTickReport, TickOutcome } from './runner-deps.ts';
import { dueDigests, dueSince, scheduleFromRecord, type Occurrence } from './schedule.ts';
import { dueAfterScheduleChange } from './schedule-change.ts';

export { DEFAULT_CATCH_UP_MS, type DigestOutcome, type DigestRunnerDeps, type DigestTickReport } from './runner-deps.ts';

/** The unknown migrations last logged per store, so an instance left behind by a deploy says so once. */
const newerWarned = new WeakMap<object, string>();

/**
 * One scheduler tick: every active subscription whose digest is due at `now` (or was due within the
 * catch-up window) gets it, exactly once across instances: the database claim decides who posts.
 * Digests go out a few at a time (`deps.pacing`), so one slow or hung Slack call never holds back the
 * other channels; a channel's own digests go one after another, each leaving out what the one before it posted.
 * Outcomes are reported in subscription order.
 */
export async function runDueDigests(deps: DigestRunnerDeps, now: Date): Promise<DigestTickReport> {
  if (!deps.searchState.current) return { outcomes: [] };
  // A newer deploy migrated the database while this instance still runs (a rolling deploy): its code cannot read what
  // the new columns say (a weekly digest's day), so it posts nothing and leaves the digests to the new instances.
  const newer = await deps.store.unknownMigrations();
  if (newer.length > 0) {
    // Once per store and set of names, not at every tick until the instance is stopped.
    const names = newer.join(', ');
    if (newerWarned.get(deps.store) !== names) {
      newerWarned.set(deps.store, names);
      deps.logger.warn(`the database has migrations this code does not know (${names}): a newer version runs; this instance posts no digests`);
    }
    return { outcomes: [] };
  }
  const pacing = deps.pacing ?? new DigestPacing(SINGLE_ATTEMPT_POLICY, () => now);
  // Timed pauses (`/paper pause … for 3 days`) whose end has come run again from this tick on.
  const ended = await deps.store.resumeTimedPauses(now);
  for (const resumed of ended) {
    deps.logger.info(`digest #${resumed.id} "${resumed.topic}" in ${resumed.teamId}/${resumed.channelId}: its timed pause ended, resumed`);
  }
  // As every resume: the digest due while it was paused (from when the pause began, which the store returns with
  // each) is recorded as skipped, and so is the one a run was still retrying when the pause began if too old now
  // (resume-skips.ts).
  const staleHeld = await skipDigestsDueWhilePaused(
    { ...deps, runner: { instanceId: deps.instanceId, catchUpMs: deps.catchUpMs } },
    ended.flatMap((s) => (s.pausedUntil === null ? [] : [{ subscription: s, pausedSince: pausedSince(s), endedAt: s.pausedUntil }])),
    now,
  );
  const stale: TickOutcome[] = staleHeld.map((held) => ({ ...held, outcome: 'skipped' }));
  const subscriptions = await deps.store.allActiveSubscriptions();
  const carriers = followCarriers(subscriptions);
  const channelOf = (s: Subscription): string => `${s.teamId}\u0000${s.channelId}`;
  const byChannel = new Map<string, Subscription[]>();
  for (const s of subscriptions) byChannel.set(channelOf(s), [...(byChannel.get(channelOf(s)) ?? []), s]);
  // A channel's digests go one after another (the queue is taken before a slot, so no slot waits on a channel).
  const outcomes = await Promise.all(
    subscriptions.map((subscription) =>
      pacing.channels.run(channelOf(subscription), async () => {
        await pacing.slots.acquire();
        try {
          const before = (byChannel.get(channelOf(subscription)) ?? []).filter((s) => s.id < subscription.id);
          return await runSubscription(deps, pacing, subscription, before, now, carriers.has(subscription.id));
        } finally {
          pacing.slots.release();
        }
      }),
    ),
  );
  return { outcomes: [...stale, ...outcomes.flat()] };
}

async function runSubscription(
  deps: DigestRunnerDeps,
  pacing: DigestPacing,
  subscription: Subscription,
  /** The channel's older subscriptions: their due digests go first. */
  before: readonly Subscription[],
  now: Date,
  withFollows: boolean,
): Promise<TickOutcome[]> {
  const report: DigestTickReport = { outcomes: [] };
  if (deps.shouldStop?.()) return report.outcomes;
  const schedule = scheduleFromRecord(subscription);
  const counted = dueDigests(schedule, now, deps.catchUpMs, { since: dueSince(subscription), maxMissed: 1 });
  // A slot already past when its schedule changed is not due (nor missed: skipMissed leaves what predates the change).
  const due = await dueAfterScheduleChange(deps.store, subscription, counted.due);
  const { missed } = counted;
  const newestMissed = missed[0];
  if (!due && newestMissed) await skipMissed(deps, subscription, newestMissed, now, report);
  // Or, after a timed pause, the digest it found being retried (due before it, so not counted above) while still fresh.
  const target = (await heldByEndedPause(deps, subscription, now, report)) ?? due;
  if (!target) return report.outcomes;
  // A cheap read first: on most ticks today's digest is long settled, and claiming is a write.
  if (isSettled(await deps.store.getDigestRun(subscription.id, target.digestDate), now)) return report.outcomes;
  // Another instance may be posting an older subscription's digest in this channel right now: this one waits (that
  // instance goes on to it next, or a later tick does), so the two digests never hold the same paper.
  if (await olderDigestUnderWay(deps, before, now)) return report.outcomes;
  // Claimed at the time of the claim, not of the tick (a busy tick reaches some digests minutes late): the lease
  // starts when the work does.
  const run = await deps.store.claimDigest(subscription.id, target.digestDate, deps.instanceId, pacing.clock());
  if (!run) return report.outcomes;
  // Back inside today's window after a long downtime: the older missed digest is recorded and logged
  // too (once a day, with today's claim; after an ordinary day it is yesterday's, already done: a no-op).
  if (newestMissed) await skipMissed(deps, subscription, newestMissed, now, report);
  try {
    const outcome = await deliver(deps, pacing, subscription, run, now, withFollows);
    if (outcome) report.outcomes.push({ subscriptionId: subscription.id, digestDate: target.digestDate, ...outcome });
  } catch (error) {
    // Anything unexpected (database hiccup, bug) leaves the claim to expire and be retried, never lost.
    deps.logger.error(`digest #${subscription.id} for ${target.digestDate} failed unexpectedly`, error);
    report.outcomes.push({ subscriptionId: subscription.id, digestDate: target.digestDate, outcome: 'failed', detail: 'unexpected error' });
  }
  return report.outcomes;
}

/** Whether one of `older` has a digest due that is not yet claimed, or claimed and not done. */
async function olderDigestUnderWay(deps: DigestRunnerDeps, older: readonly Subscription[], now: Date): Promise<boolean> {
  for (const other of older) {
    // Counted as `runSubscription` counts them: a digest it will never send (kept back by a timed pause) holds nothing back.
    const counted = dueDigests(scheduleFromRecord(other), now, deps.catchUpMs, { since: dueSince(other), maxMissed: 0 });
    const due = await dueAfterScheduleChange(deps.store, other, counted.due);
    if (due) {
      const run = await deps.store.getDigestRun(other.id, due.digestDate);
      if (run === null || run.status === 'claimed') return true;
      continue;
    }
    // The digest its ended timed pause found being retried goes out too: only while someone is posting it.
    const held = heldAfterPauseEnd(other, now, deps.catchUpMs);
    if (held?.fresh && (await deps.store.getDigestRun(other.id, held.occurrence.digestDate))?.status === 'claimed') return true;
  }
  return false;
}

/** Done, or failed with no retry due yet: nothing for this tick to claim. A 'claimed' run is left to claimDigest (stale leases). */
function isSettled(run: DigestRun | null, now: Date): boolean {
  if (!run) return false;
  if (run.status === 'failed') return run.nextAttemptAt === null || run.nextAttemptAt > now;
  return run.status !== 'claimed';
}

/**
 * A digest older than the catch-up window is never sent late: recorded (once) and logged as skipped, or as failed for
 * good when it was tried and Slack kept refusing it until then.
 */
async function skipMissed(deps: DigestRunnerDeps, subscription: Subscription, missed: Occurrence, now: Date, report: DigestTickReport): Promise<void> {
  const earlier = await deps.store.getDigestRun(subscription.id, missed.digestDate);
  // Due before the subscription last changed (paused then, resumed or moved since): not missed by a bot that was down.
  // Unless a run of it is under way (resumed in time and retried since, Slack failing until the window closed): that
  // one is settled here too, never left pending.
  if (missed.at <= subscription.updatedAt && !underWay(earlier)) return;
  if (isSettled(earlier, now)) return;
  const run = await deps.store.claimDigest(subscription.id, missed.digestDate, deps.instanceId, now);
  if (!run) return;
  if (refusedBySlack(earlier)) {
    await giveUp(deps, subscription, run, earlier, now, report);
    return;
  }
  await deps.store.completeDigest(run, { status: 'skipped', now });
  deps.logger.warn(
    `digest #${subscription.id} "${subscription.topic}" for ${missed.digestDate} was due at ${missed.at.toISOString()}, ` +
      'outside the catch-up window: skipped',
  );
  report.outcomes.push({ subscriptionId: subscription.id, digestDate: missed.digestDate, outcome: 'skipped' });
}

/** Tried and refused by Slack (not a run a shutdown let go): given up when its window closes, never "skipped". */
function refusedBySlack(run: DigestRun | null): run is DigestRun {
  return run?.status === 'failed' && run.error !== 'interrupted_by_shutdown';
}

/**
 * Tried and refused until the window closed (Slack failing all day, or since a resume that came in time): failed, with
 * Slack's error ("failed (http_500; given up after 12 h)" in `/paper list`), not skipped ("too late to send").
 */
async function giveUp(deps: DigestRunnerDeps, subscription: Subscription, run: DigestRun, earlier: DigestRun, now: Date, report: DigestTickReport): Promise<void> {
  const hours = Math.round(deps.catchUpMs / 3_600_000);
  const error = earlier.error ?? 'unknown error';
  await deps.store.failDigest(run, `${error}; given up after ${hours} h`, null, now);
  deps.logger.warn(`digest #${subscription.id} "${subscription.topic}" for ${run.digestDate} given up: Slack kept failing (${error}) for ${hours} h`);
  report.outcomes.push({ subscriptionId: subscription.id, digestDate: run.digestDate, outcome: 'failed', detail: error });
}

/**
 * The digest `subscription`'s ended timed pause found under way (pause-held-digest.ts), checked on each tick for a while
 * after the end: returned while it is still fresh, for this tick to send; older than the catch-up window, recorded
 * (once) and logged as skipped, or as given up when it was fresh at the end and Slack refused it since. Null otherwise.
 */
async function heldByEndedPause(deps: DigestRunnerDeps, subscription: Subscription, now: Date, report: DigestTickReport): Promise<Occurrence | null> {
  const held = heldAfterPauseEnd(subscription, now, deps.catchUpMs);
  if (!held) return null;
  const earlier = await deps.store.getDigestRun(subscription.id, held.occurrence.digestDate);
  if (!underWay(earlier)) return null;
  if (held.fresh) return held.occurrence;
  // Still fresh when the pause ended, so sent for since, and Slack refused it until now: given up, as after a person's
  // resume (skipMissed). Too old already at the end: never tried again, skipped.
  const end = subscription.pausedUntil;
  if (end !== null && held.occurrence.at.getTime() >= end.getTime() - deps.catchUpMs && refusedBySlack(earlier)) {
    const run = await deps.store.claimDigest(subscription.id, held.occurrence.digestDate, deps.instanceId, now);
    if (run) await giveUp(deps, subscription, run, earlier, now, report);
    return null;
  }
  if (await skipHeldDigest({ ...deps, claimedBy: deps.instanceId }, subscription, held, earlier, now)) {
    report.outcomes.push({ subscriptionId: subscription.id, digestDate: held.occurrence.digestDate, outcome: 'skipped' });
  }
  return null;
}
