import { createLogger, LogLevel, type Logger } from '../../src/logger.ts';
import type { IngestDeps } from '../../src/ingest/ingest.ts';
import type { FetchPolicy } from '../../src/ingest/hf-client.ts';
import type { PaperStore } from '../../src/store/index.ts';

/** A logger that keeps its lines (and prints nothing). */
export function memoryLogger(level: LogLevel = LogLevel.DEBUG): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger({ level, write: (line) => lines.push(line) }), lines };
}

/** Records requested sleeps instead of sleeping. */
export function fakeSleep(): { sleeps: number[]; sleep: (ms: number) => Promise<void> } {
  const sleeps: number[] = [];
  return {
    sleeps,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
  };
}

export function ingestDeps(
  store: PaperStore,
  hfApiUrl: string,
  policy: Partial<FetchPolicy>,
  options: { now?: Date; logger?: Logger } = {},
): IngestDeps {
  const now = options.now ?? new Date('2025-02-17T06:30:00.000Z');
  return { store, hfApiUrl, logger: options.logger ?? memoryLogger().logger, clock: () => now, fetchPolicy: policy };
}
