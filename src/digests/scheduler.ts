import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../logger.ts';
import { runDueDigests, type DigestRunnerDeps, type DigestTickReport } from './runner.ts';

/** How late a tick's timer may fire and still run (node-cron's default is 1 s); less than the minute between ticks. */
const MISSED_TICK_TOLERANCE_MS = 50_000;

export interface DigestScheduler {
  /** Runs one tick now (also what the cron job calls every minute). */
  tick(): Promise<DigestTickReport>;
  /**
   * Stops scheduling and waits for a tick in progress to finish. With `abortAfterMs`, a Slack call still hanging
   * then is abandoned and its digest released for the next instance (see DigestRunnerDeps.deadline).
   */
  stop(options?: { abortAfterMs?: number }): Promise<void>;
}

/**
 * Every minute, on the minute, run the digests that are due. Times are honoured to the minute; the
 * database claim makes the tick safe to run on every instance at once, and within one process at once too:
 * a tick still posting (slow Slack, retries) when the next minute comes does not hold it back. The next tick
 * starts on time, skips what is already claimed and shares the Slack slots and 429 holds (`deps.pacing`).
 */
export function startDigestScheduler(
  deps: DigestRunnerDeps,
  options: { clock?: () => Date; logger: Logger; /** node-cron expression; every minute by default. */ cron?: string },
): DigestScheduler {
  const clock = options.clock ?? (() => new Date());
  const inFlight = new Set<Promise<DigestTickReport>>();
  // Once stopping, a tick in progress finishes the digest it is posting and leaves the rest to the next instance.
  const stopping = new AbortController();
  const deadline = new AbortController();
  const runnerDeps: DigestRunnerDeps = {
    ...deps,
    shouldStop: () => stopping.signal.aborted || (deps.shouldStop?.() ?? false),
    stopping: deps.stopping ? AbortSignal.any([deps.stopping, stopping.signal]) : stopping.signal,
    deadline: deps.deadline ? AbortSignal.any([deps.deadline, deadline.signal]) : deadline.signal,
  };
  const tick = async (): Promise<DigestTickReport> => {
    const current = runDueDigests(runnerDeps, clock());
    inFlight.add(current);
    try {
      return await current;
    } finally {
      inFlight.delete(current);
    }
  };
  const task: ScheduledTask = cron.schedule(
    options.cron ?? '* * * * *',
    async () => {
      try {
        await tick();
      } catch (error) {
        options.logger.error('digest tick failed; the next tick retries', error);
      }
    },
    // node-cron drops a run whose timer fires over a second late (a busy event loop, a GC pause) and waits for the
    // next minute; late is still better than a minute late, so the minute's tick runs.
    { name: 'paper-digests', missedExecutionTolerance: MISSED_TICK_TOLERANCE_MS },
  );
  return {
    tick,
    async stop(stopOptions = {}) {
      stopping.abort();
      const { abortAfterMs } = stopOptions;
      const timer = abortAfterMs === undefined ? undefined : setTimeout(() => deadline.abort(), abortAfterMs);
      try {
        await task.stop();
        await task.destroy();
        await Promise.all([...inFlight].map((tick) => tick.catch(() => undefined)));
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
