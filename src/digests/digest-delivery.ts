/**
 * The delivery of one claimed digest run: retries and Slack's rate limits within the claim, the history check before a
 * retried post, composing, posting and recording it. What cannot be settled within the claim is recorded by
 * delivery-failures.ts for a later tick.
 */
import type { DigestRun, Store, Subscription } from '../store/store.ts';
import { digestMessage, digestShown } from '../views/digest.ts';
import { topDigestMessage, topDigestShownCount } from '../views/top-papers.ts';
import { handleDeliveryError } from './delivery-failures.ts';
import { digestContent } from './digest-content.ts';
import type { DigestPacing } from './pacing.ts';
import { DeliveryError, type PostedDigest } from './poster.ts';
import type { Delivered, DigestRunnerDeps } from './runner-deps.ts';

/**
 * Delivers one claimed run. Within the claim, a failure that may pass (timeout, 5xx, network) is retried with
 * backoff, and a 429 holds the whole workspace for its Retry-After without using up an attempt; every attempt
 * after one whose fate is unknown (it may have reached the channel) first looks for it in the channel's history.
 * Whatever cannot be settled within the claim's attempts and waits is left to a later tick (`failDigest`). The waits
 * can outlast the claim's lease, so the claim is renewed after each one (and before each post, see `attempt`); null
 * when another instance took it over.
 */
export async function deliver(
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
