/**
 * A delivery that could not be settled within its claim, recorded: the channel or workspace paused when Slack says it
 * is gone, the message given up when Slack refuses it, or a retry due after backoff (Slack's Retry-After wins).
 */
import type { DigestRun, Subscription } from '../store/store.ts';
import type { DeliveryError } from './poster.ts';
import type { DigestOutcome, DigestRunnerDeps } from './runner-deps.ts';

const MAX_BACKOFF_MS = 60 * 60 * 1000;

/** Exponential backoff for a failed post: 1, 2, 4 … minutes, at most an hour; Slack's Retry-After wins. */
export function retryDelayMs(attempts: number, retryAfterMs: number | null): number {
  if (retryAfterMs !== null) return Math.max(retryAfterMs, 1000);
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

export async function handleDeliveryError(
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
