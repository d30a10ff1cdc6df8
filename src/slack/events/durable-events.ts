import { errorText } from '../../error-text.ts';
import type { Logger } from '../../logger.ts';

/**
 * Waits before each new attempt at recording a lifecycle event. Bolt acknowledges an event before its listener runs,
 * so Slack never sends it again: a database that fails for a moment must not lose it.
 */
export const LIFECYCLE_RETRY_DELAYS_MS: readonly number[] = [1_000, 5_000, 30_000];

async function durably(what: string, logger: Logger, work: () => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await work();
      return;
    } catch (error) {
      const delay = LIFECYCLE_RETRY_DELAYS_MS[attempt];
      if (delay === undefined) {
        logger.error(`${what}: not recorded after ${attempt + 1} attempts (${errorText(error)}); Slack will not send it again`);
        return;
      }
      logger.warn(`${what}: could not be recorded (${errorText(error)}); trying again in ${delay / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/**
 * Records lifecycle events durably and, for one key (a channel, a workspace), in the order they arrived: a pause
 * being retried is recorded before a later resume of the same channel, which would otherwise be undone by it (the bot
 * removed while the database failed, then invited back within the retries, would end paused while in the channel).
 */
export function durableEvents(logger: Logger): (key: string, what: string, work: () => Promise<void>) => Promise<void> {
  const queues = new Map<string, Promise<void>>();
  return (key, what, work) => {
    // `durably` never rejects, so a queue never stops on a failed event.
    const next = (queues.get(key) ?? Promise.resolve()).then(() => durably(what, logger, work));
    queues.set(key, next);
    void next.then(() => {
      if (queues.get(key) === next) queues.delete(key);
    });
    return next;
  };
}
