import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../logger.ts';
import { runDueDigests, type DigestRunnerDeps, type DigestTickReport } from './runner.ts';

export interface DigestScheduler {
  /** Runs one tick now (also what the cron job calls every minute). */
  tick(): Promise<DigestTickReport>;
  /** Stops scheduling and waits for a tick in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Every minute, on the minute, run the digests that are due. Times are honoured to the minute; the
 * database claim makes the tick safe to run on every instance at once. A tick that overruns the
 * minute is not started twice (`noOverlap`).
 */
export function startDigestScheduler(deps: DigestRunnerDeps, options: { clock?: () => Date; logger: Logger }): DigestScheduler {
  const clock = options.clock ?? (() => new Date());
  let inFlight: Promise<DigestTickReport> | null = null;
  const tick = async (): Promise<DigestTickReport> => {
    const current = runDueDigests(deps, clock());
    inFlight = current;
    try {
      return await current;
    } finally {
      if (inFlight === current) inFlight = null;
    }
  };
  const task: ScheduledTask = cron.schedule(
    '* * * * *',
    async () => {
      try {
        await tick();
      } catch (error) {
        options.logger.error('digest tick failed; the next tick retries', error);
      }
    },
    { name: 'paper-digests', noOverlap: true },
  );
  return {
    tick,
    async stop() {
      await task.stop();
      await task.destroy();
      if (inFlight) await inFlight.catch(() => undefined);
    },
  };
}
