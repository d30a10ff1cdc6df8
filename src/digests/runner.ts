import type { Logger } from '../logger.ts';
import type { SearchState } from '../search/search-state.ts';
import { digestMessage, digestShown } from '../views/digest.ts';
import { topDigestMessage, topDigestShownCount } from '../views/top-papers.ts';
import type { DigestRun, Store, Subscription } from '../store/store.ts';
import { digestContent } from './digest-content.ts';
import { DigestPacing, SINGLE_ATTEMPT_POLICY } from './pacing.ts';
import { DeliveryError, type DigestPoster, type PostedDigest } from './poster.ts';
import { pausedSince, skipDigestsDueWhilePaused } from './resume-skips.ts';
import { dueDigests, dueSince, scheduleFromRecord, type Occurrence } from './schedule.ts';

export interface DigestRunnerDeps {
  store: Store;
  searchState: SearchState;
  poster: DigestPoster;
  logger: Logger;
  /** Names this process in claims (host + pid + random), so runs show who posted them. */
  instanceId: string;
  digestSize: number;
  /** A digest missed by less than this (bot down, deploy) still goes out once; older ones are skipped. */
  catchUpMs: number;
  /** True once the process is shutting down: the tick stops before the next digest (unclaimed ones wait). */
  shouldStop?: () => boolean;
  /**
   * Aborted when the process starts shutting down: a wait between attempts (Retry-After, backoff) ends there and its
   * run is released as a retry due when the wait would have ended, for the next instance.
   */
  stopping?: AbortSignal;
  /**
   * Aborted when the shutdown deadline passes: a Slack call still hanging is abandoned and the run released as a
   * retry due at once, so the next instance checks the channel's history before posting (no loss, no double).
   */
  deadline?: AbortSignal;
  /**
   * Shared by every tick of the process: concurrency, retries within a run, 429 holds per workspace. Without it a
   * tick posts 4 at a time and makes one attempt per digest (a failure is retried by a later tick).
   */
  pacing?: DigestPacing;
}

export const DEFAULT_CATCH_UP_MS = 12 * 60 * 60 * 1000;
const MAX_BACKOFF_MS = 60 * 60 * 1000;

export type DigestOutcome = 'posted' | 'nothing_new' | 'skipped' | 'failed' | 'paused' | 'recovered';

type TickOutcome = { subscriptionId: number; digestDate: string; outcome: DigestOutcome; detail?: string };

export interface DigestTickReport {
  outcomes: TickOutcome[];
}

/** Exponential backoff for a failed post: 1, 2, 4 … minutes, at most an hour; Slack's Retry-After wins. */
export function retryDelayMs(attempts: number, retryAfterMs: number | null): number {
  if (retryAfterMs !== null) return Math.max(retryAfterMs, 1000);
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

/**
 * One scheduler tick: every active subscription whose digest is due at `now` (or was due within the
 * catch-up window) gets it, exactly once across instances: the database claim decides who posts.
 * Digests go out a few at a time (`deps.pacing`), so one slow or hung Slack call never holds back the
 * other channels; a channel's own digests go one after another, each leaving out what the one before it posted.
 * Outcomes are reported in subscription order.
 */
export async function runDueDigests(deps: DigestRunnerDeps, now: Date): Promise<DigestTickReport> {
  if (!deps.searchState.current) return { outcomes: [] };
  const pacing = deps.pacing ?? new DigestPacing(SINGLE_ATTEMPT_POLICY, () => now);
  // Timed pauses (`/paper pause … for 3 days`) whose end has come run again from this tick on.
  const ended = await deps.store.resumeTimedPauses(now);
  for (const resumed of ended) {
    deps.logger.info(`digest #${resumed.id} "${resumed.topic}" in ${resumed.teamId}/${resumed.channelId}: its timed pause ended, resumed`);
  }
  // As every resume: the digest due while it was paused (from when the pause began, which the store returns with
  // each) is recorded as skipped (resume-skips.ts).
  await skipDigestsDueWhilePaused(
    deps,
    ended.flatMap((s) => (s.pausedUntil === null ? [] : [{ subscription: s, pausedSince: pausedSince(s), endedAt: s.pausedUntil }])),
    now,
  );
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
  return { outcomes: outcomes.flat() };
}

/**
 * The subscriptions whose digests carry their channel's follow section (issue 18): the oldest active one per channel.
 * One per channel, decided the same way by every instance, so a followed paper is never in two of a channel's
 * digests at once; a paused one hands the section to the next.
 */
export function followCarriers(subscriptions: readonly Subscription[]): Set<number> {
  const oldest = new Map<string, number>();
  for (const s of subscriptions) {
    if (s.kind === 'top') continue; // a top list has no follow section
    const channel = `${s.teamId}\u0000${s.channelId}`;
    const held = oldest.get(channel);
    if (held === undefined || s.id < held) oldest.set(channel, s.id);
  }
  return new Set(oldest.values());
}

/**
 * The subscription a channel's followed authors are named with in replies (`/paper follow`, `/paper list`): its oldest
 * active digest that is not a top list, else its oldest such digest even if paused; undefined when it has none.
 */
export function followsCarrier(channelSubscriptions: readonly Subscription[]): Subscription | undefined {
  return channelSubscriptions.find((s) => s.pausedReason === null && s.kind !== 'top') ?? channelSubscriptions.find((s) => s.kind !== 'top');
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
  const { due, missed } = dueDigests(schedule, now, deps.catchUpMs, { since: dueSince(subscription), maxMissed: 1 });
  const newestMissed = missed[0];
  if (!due && newestMissed) await skipMissed(deps, subscription, newestMissed, now, report);
  if (!due) return report.outcomes;
  // A cheap read first: on most ticks today's digest is long settled, and claiming is a write.
  if (isSettled(await deps.store.getDigestRun(subscription.id, due.digestDate), now)) return report.outcomes;
  // Another instance may be posting an older subscription's digest in this channel right now: this one waits (that
  // instance goes on to it next, or a later tick does), so the two digests never hold the same paper.
  if (await olderDigestUnderWay(deps, before, now)) return report.outcomes;
  // Claimed at the time of the claim, not of the tick (a busy tick reaches some digests minutes late): the lease
  // starts when the work does.
  const run = await deps.store.claimDigest(subscription.id, due.digestDate, deps.instanceId, pacing.clock());
  if (!run) return report.outcomes;
  // Back inside today's window after a long downtime: the older missed digest is recorded and logged
  // too (once a day, with today's claim; after an ordinary day it is yesterday's, already done: a no-op).
  if (newestMissed) await skipMissed(deps, subscription, newestMissed, now, report);
  try {
    const outcome = await deliver(deps, pacing, subscription, run, now, withFollows);
    if (outcome) report.outcomes.push({ subscriptionId: subscription.id, digestDate: due.digestDate, ...outcome });
  } catch (error) {
    // Anything unexpected (database hiccup, bug) leaves the claim to expire and be retried, never lost.
    deps.logger.error(`digest #${subscription.id} for ${due.digestDate} failed unexpectedly`, error);
    report.outcomes.push({ subscriptionId: subscription.id, digestDate: due.digestDate, outcome: 'failed', detail: 'unexpected error' });
  }
  return report.outcomes;
}

/** Whether one of `older` has a digest due that is not yet claimed, or claimed and not done. */
async function olderDigestUnderWay(deps: DigestRunnerDeps, older: readonly Subscription[], now: Date): Promise<boolean> {
  for (const other of older) {
    // Counted as `runSubscription` counts them: a digest it will never send (kept back by a timed pause) holds nothing back.
    const { due } = dueDigests(scheduleFromRecord(other), now, deps.catchUpMs, { since: dueSince(other), maxMissed: 0 });
    if (!due) continue;
    const run = await deps.store.getDigestRun(other.id, due.digestDate);
    if (run === null || run.status === 'claimed') return true;
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
  // Due before the subscription last changed (paused then, resumed or moved since): not missed by a bot that was down.
  if (missed.at <= subscription.updatedAt) return;
  const earlier = await deps.store.getDigestRun(subscription.id, missed.digestDate);
  if (isSettled(earlier, now)) return;
  const run = await deps.store.claimDigest(subscription.id, missed.digestDate, deps.instanceId, now);
  if (!run) return;
  if (earlier?.status === 'failed' && earlier.error !== 'interrupted_by_shutdown') {
    // Tried and refused until the window closed (Slack failing all day): failed, with Slack's error, not "bot was down".
    const hours = Math.round(deps.catchUpMs / 3_600_000);
    const error = earlier.error ?? 'unknown error';
    await deps.store.failDigest(run, `${error}; given up after ${hours} h`, null, now);
    deps.logger.warn(`digest #${subscription.id} "${subscription.topic}" for ${missed.digestDate} given up: Slack kept failing (${error}) for ${hours} h`);
    report.outcomes.push({ subscriptionId: subscription.id, digestDate: missed.digestDate, outcome: 'failed', detail: error });
    return;
  }
  await deps.store.completeDigest(run, { status: 'skipped', now });
  deps.logger.warn(
    `digest #${subscription.id} "${subscription.topic}" for ${missed.digestDate} was due at ${missed.at.toISOString()}, ` +
      'outside the catch-up window: skipped',
  );
  report.outcomes.push({ subscriptionId: subscription.id, digestDate: missed.digestDate, outcome: 'skipped' });
}

type Delivered = { outcome: DigestOutcome; detail?: string };

/**
 * Delivers one claimed run. Within the claim, a failure that may pass (timeout, 5xx, network) is retried with
 * backoff, and a 429 holds the whole workspace for its Retry-After without using up an attempt; every attempt
 * after one whose fate is unknown (it may have reached the channel) first looks for it in the channel's history.
 * Whatever cannot be settled within the claim's attempts and waits is left to a later tick (`failDigest`). The waits
 * can outlast the claim's lease, so the claim is renewed after each one (and before each post, see `attempt`); null
 * when another instance took it over.
 */
async function deliver(
  deps: DigestRunnerDeps,
  pacing: DigestPacing,
  subscription: Subscription,
  run: DigestRun,
  tickNow: Date,
  withFollows: boolean,
): Promise<Delivered | null> {
  const label = `digest #${subscription.id} "${subscription.topic}" for ${run.digestDate} in ${subscription.channelId}`;
  const { policy } = pacing;
  // A retried claim: an earlier attempt may have posted and died before recording it.
  let checkHistory = run.attempts > 1;
  let failures = 0;
  let rateLimited = 0;
  let now = tickNow;
  let waited = false;
  for (;;) {
    const held = pacing.heldMs(subscription.teamId);
    if (held > 0) {
      // Slack asked this workspace to slow down: no call until then (neither this digest's nor another's).
      const error = new DeliveryError('retry', 'ratelimited', held);
      if (held > policy.maxWaitMs || rateLimited >= policy.maxRateLimitedWaits || stopping(deps)) {
        return handleDeliveryError(deps, subscription, run, error, now, label);
      }
      rateLimited += 1;
      const waitedOut = await pacing.waitOutsideSlot(held, waitInterrupt(deps));
      now = pacing.clock();
      // Shutting down: released for the next instance, due when Slack said.
      if (!waitedOut) return handleDeliveryError(deps, subscription, run, new DeliveryError('retry', 'ratelimited', pacing.heldMs(subscription.teamId)), now, label);
      waited = true;
    }
    if (waited) {
      if (!(await deps.store.renewDigestClaim(run, now))) {
        deps.logger.warn(`${label}: another instance took this digest over while this one waited; leaving it to that one`);
        return null;
      }
      waited = false;
    }
    try {
      return await attempt(deps, subscription, run, checkHistory, now, label, withFollows, pacing.clock);
    } catch (error) {
      if (!(error instanceof DeliveryError)) throw error;
      if (error.kind !== 'retry' || stopping(deps)) return handleDeliveryError(deps, subscription, run, error, now, label);
      if (error.code === 'ratelimited') {
        pacing.hold(subscription.teamId, Math.max(error.retryAfterMs ?? 0, 1000));
        continue;
      }
      failures += 1;
      // The request may have reached Slack (a timeout, a 5xx after the write): never repost without looking.
      checkHistory = true;
      const delay = pacing.backoffMs(failures);
      if (failures >= policy.attemptsPerClaim || delay > policy.maxWaitMs) return handleDeliveryError(deps, subscription, run, error, now, label);
      deps.logger.info(`${label}: ${error.code}; attempt ${failures + 1} in ${Math.round(delay / 100) / 10} s`);
      const waitedOut = await pacing.waitOutsideSlot(delay, waitInterrupt(deps));
      now = pacing.clock();
      // Shutting down: released for the next instance (which checks the history first), due when the wait would end.
      if (!waitedOut) return handleDeliveryError(deps, subscription, run, new DeliveryError('retry', error.code, delay), now, label);
      waited = true;
    }
  }
}

function stopping(deps: DigestRunnerDeps): boolean {
  return (deps.shouldStop?.() ?? false) || (deps.stopping?.aborted ?? false) || (deps.deadline?.aborted ?? false);
}

/** What ends a wait between attempts early: the shutdown (a wait is never worth holding the process for). */
function waitInterrupt(deps: DigestRunnerDeps): AbortSignal | undefined {
  const signals = [deps.stopping, deps.deadline].filter((signal): signal is AbortSignal => signal !== undefined);
  return signals.length > 1 ? AbortSignal.any(signals) : signals[0];
}

/**
 * One attempt: look in the history first when asked, then compose, post and record. Throws `DeliveryError`; null when
 * another instance took the run over before the post.
 */
async function attempt(
  deps: DigestRunnerDeps,
  subscription: Subscription,
  run: DigestRun,
  checkHistory: boolean,
  now: Date,
  label: string,
  withFollows: boolean,
  clock: () => Date,
): Promise<Delivered | null> {
  const { store, poster, logger } = deps;
  const target = { teamId: subscription.teamId, channelId: subscription.channelId };
  if (checkHistory) {
    // Paused since (the bot removed from the channel while this run waited): the history check would have the bot
    // join a public channel back. Left to lapse as below; a resume checks the history then.
    const unwanted = await noLongerWanted(store, subscription);
    if (unwanted) {
      logger.info(`${label}: not checked or posted: ${unwanted} since this run began`);
      return null;
    }
    const earlier = await findEarlierPost(deps, target, run, label, now);
    if (earlier === 'unverifiable') return { outcome: 'failed', detail: 'unverifiable' };
    if (earlier) {
      await store.completeDigest(run, { status: 'posted', messageTs: earlier.ts, deliveredPaperIds: earlier.paperIds, now });
      logger.info(`${label}: found the message an earlier attempt posted (${earlier.ts}); recorded, not reposted`);
      return { outcome: 'recovered' };
    }
  }
  const search = deps.searchState.current;
  if (!search) throw new DeliveryError('retry', 'index_not_ready');
  const content = await digestContent(
    { store, search, digestSize: deps.digestSize },
    { ...target, topic: subscription.topic, subscriptionId: subscription.id, withFollows, kind: subscription.kind, cadence: subscription.cadence },
    now,
  );
  const { hits, followed, followedWaiting, reasons, name } = content;
  if (hits.length === 0 && followed.length === 0) {
    await store.completeDigest(run, { status: 'nothing_new', now });
    logger.info(`${label}: nothing new, no post`);
    return { outcome: 'nothing_new' };
  }
  const input = { topic: name ?? subscription.topic, wordless: name !== undefined, digestDate: run.digestDate, hits, followed, followedWaiting, subscriptionId: subscription.id, reasons };
  // A top list (issue 18) has its own message; what it shows counts as sent like a digest's papers.
  const topInput = content.top ? { list: content.top, digestDate: run.digestDate, subscriptionId: subscription.id } : null;
  const message = topInput ? topDigestMessage(topInput) : digestMessage(input);
  // Only what the message really shows counts as sent (the view drops papers that would break Slack's limits). The
  // ids ride in the message's metadata, so the history check above records the follow section's papers too.
  const shown = topInput ? { followed: 0, topic: topDigestShownCount(topInput) } : digestShown(input);
  const paperIds = [...followed.slice(0, shown.followed), ...hits.slice(0, shown.topic)].map((hit) => hit.paper.id);
  // Unsubscribed or paused since the tick read it (a click during a Retry-After wait, the app uninstalled): not posted,
  // and the claim left to lapse, so a resume within the catch-up window still gets the digest (after a history check).
  const unwanted = await noLongerWanted(store, subscription);
  if (unwanted) {
    logger.info(`${label}: not posted: ${unwanted} since this run began`);
    return null;
  }
  // The process may have stood still since the claim (a GC pause, a suspended VM) past the lease, and another instance
  // taken the run over: the claim is confirmed, and its lease restarted, right before the post.
  if (!(await store.renewDigestClaim(run, clock()))) {
    logger.warn(`${label}: another instance took this digest over before it was posted; leaving it to that one`);
    return null;
  }
  const { ts } = await unlessPastDeadline(deps.deadline, () => poster.post(target, message, { deliveryId: run.deliveryId, paperIds }));
  await store.completeDigest(run, { status: 'posted', messageTs: ts, deliveredPaperIds: paperIds, now });
  logger.info(`${label}: posted ${paperIds.length} papers (ts ${ts})`);
  return { outcome: 'posted' };
}

/** Why the channel no longer wants this subscription's digest (unsubscribed, paused, workspace paused), or null. */
async function noLongerWanted(store: Store, subscription: Subscription): Promise<string | null> {
  const current = await store.getSubscription(subscription.teamId, subscription.id);
  if (!current) return 'unsubscribed';
  if (current.pausedReason) return `paused (${current.pausedReason})`;
  const workspace = await store.getWorkspace(subscription.teamId);
  return workspace?.pausedReason ? `workspace paused (${workspace.pausedReason})` : null;
}

/**
 * The message an earlier attempt of this run posted, if any. When Slack cannot tell us (no history access),
 * the run is given up for that date: a missing digest is better than the same digest twice.
 */
async function findEarlierPost(
  deps: DigestRunnerDeps,
  target: { teamId: string; channelId: string },
  run: DigestRun,
  label: string,
  now: Date,
): Promise<PostedDigest | null | 'unverifiable'> {
  const since = new Date(run.claimedAt.getTime() - 24 * 60 * 60 * 1000);
  try {
    return await unlessPastDeadline(deps.deadline, () => deps.poster.findPosted(target, run.deliveryId, since));
  } catch (error) {
    if (error instanceof DeliveryError && error.kind === 'retry') throw error;
    const code = error instanceof DeliveryError ? error.code : String(error);
    await deps.store.failDigest(run, `unverifiable: ${code}`, null, now);
    deps.logger.error(`${label}: cannot check whether an earlier attempt posted (${code}); not posting again`);
    return 'unverifiable';
  }
}

/**
 * `work()`, unless the deadline passes first: then a retry due at once (`retryAfterMs` 0). The abandoned request
 * may still reach Slack, which is why a retry's first step is the history check (`findEarlierPost`).
 */
function unlessPastDeadline<T>(deadline: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
  const interrupted = () => new DeliveryError('retry', 'interrupted_by_shutdown', 0);
  if (!deadline) return work();
  if (deadline.aborted) return Promise.reject(interrupted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(interrupted());
    deadline.addEventListener('abort', onAbort, { once: true });
    work()
      .then(resolve, reject)
      .finally(() => deadline.removeEventListener('abort', onAbort));
  });
}

async function handleDeliveryError(
  deps: DigestRunnerDeps,
  subscription: Subscription,
  run: DigestRun,
  error: DeliveryError,
  now: Date,
  label: string,
): Promise<{ outcome: DigestOutcome; detail: string }> {
  const { store, logger } = deps;
  switch (error.kind) {
    case 'channel':
      await store.pauseChannel(subscription.teamId, subscription.channelId, error.code, now);
      await store.failDigest(run, error.code, null, now);
      logger.warn(`${label}: Slack said ${error.code}; paused this channel's digests`);
      return { outcome: 'paused', detail: error.code };
    case 'workspace':
      await store.setWorkspacePaused(subscription.teamId, error.code, now);
      await store.failDigest(run, error.code, null, now);
      // Not always Slack's word: token_unreadable is the app's own (its stored token cannot be decrypted).
      const said = error.code === 'token_unreadable' ? 'token_unreadable (its stored token cannot be decrypted)' : `Slack said ${error.code}`;
      logger.warn(`${label}: ${said}; paused workspace ${subscription.teamId}`);
      return { outcome: 'paused', detail: error.code };
    case 'message':
      // A bug of ours, not Slack's mood: retrying the same message all day would fail the same way.
      await store.failDigest(run, error.code, null, now);
      logger.error(`${label}: Slack refused the message (${error.code}); not retrying this digest`);
      return { outcome: 'failed', detail: error.code };
    case 'retry': {
      const delay = retryDelayMs(run.attempts, error.retryAfterMs);
      await store.failDigest(run, error.code, new Date(now.getTime() + delay), now);
      logger.warn(`${label}: ${error.code}; retrying in ${Math.round(delay / 1000)} s (attempt ${run.attempts})`);
      return { outcome: 'failed', detail: error.code };
    }
  }
}
