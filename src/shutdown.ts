import type { Logger } from './logger.ts';

/** Docker and most platforms SIGKILL 10 s after SIGTERM (Heroku: 30 s); everything is bounded well inside. */
export const SHUTDOWN_TIMINGS = {
  /** Requests already received get their acks out (Slack waits 3 s) before the Socket Mode socket closes. */
  ackWindowMs: 2_500,
  /** Listeners still running (late command answers) are waited for this long. */
  inFlightMs: 7_000,
  /** A digest post still hanging then is abandoned and left for the next instance to verify in history. */
  abandonSlackCallsMs: 7_000,
  /** Whatever is still running then (a database that hangs) is cut short: exit 1. */
  exitMs: 9_000,
} as const;

export interface ShutdownParts {
  logger: Logger;
  /** /healthz answers 503 from now on; /livez stays 200 until the process ends. */
  markStopping(): void;
  /** Resolves true once no Slack request is in flight, false after `timeoutMs`. */
  idle(timeoutMs: number): Promise<boolean>;
  activeRequests(): number;
  /** Socket Mode: close the socket so Slack sends new requests elsewhere. */
  stopReceiving(): Promise<void>;
  stopScheduler(options: { abortAfterMs: number }): Promise<void>;
  stopIngest(): Promise<void>;
  /** Closes the HTTP server (health routes included). */
  stopApp(): Promise<void>;
  closeRuntime(): Promise<void>;
  exit(code: number): void;
}

/**
 * SIGTERM/SIGINT: readiness fails at once, new work stops (no new digest; in Socket Mode the socket closes once
 * received requests are acked), started work finishes (the digest being posted, commands still answering), and the
 * process exits 0. Nothing here can keep it alive past `exitMs`.
 */
export function gracefulShutdown(parts: ShutdownParts, signal: string, timings = SHUTDOWN_TIMINGS): void {
  const { logger } = parts;
  parts.markStopping();
  logger.info(`${signal} received: /healthz says "stopping"; finishing in-flight work, then exiting`);
  const forced = setTimeout(() => {
    logger.error(`shutdown took longer than ${timings.exitMs / 1000} s; exiting anyway (unrecorded digests are retried by the next instance)`);
    parts.exit(1);
  }, timings.exitMs);
  forced.unref();
  (async () => {
    await Promise.all([
      parts.idle(timings.ackWindowMs).then(() => parts.stopReceiving()),
      parts.stopScheduler({ abortAfterMs: timings.abandonSlackCallsMs }),
      parts.stopIngest(),
      parts.idle(timings.inFlightMs).then((idle) => {
        if (!idle) logger.warn(`${parts.activeRequests()} Slack request(s) still running at shutdown`);
      }),
    ]);
    await parts.stopApp();
    await parts.closeRuntime();
    logger.info('shutdown complete');
  })().then(
    () => parts.exit(0),
    (error: unknown) => {
      logger.error('shutdown failed', error);
      parts.exit(1);
    },
  );
}
