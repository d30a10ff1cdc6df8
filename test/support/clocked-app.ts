import { runDueDigests } from '../../src/digests/runner.ts';
import { paperCommand, type SlackReply } from './slack-reply.ts';
import { startTestApp, type RunningTestApp, type TestAppOptions } from './test-app.ts';

/**
 * The test app on a clock the test moves, for tests that walk a channel through days: `/paper` typed in a channel
 * (through the real receiver) and the digest runner's tick at a given minute, as the scheduler runs it.
 */
export class ClockedApp {
  now: Date;
  #app: RunningTestApp | undefined;

  constructor(start: string) {
    this.now = new Date(start);
  }

  /** Starts (or, after `stop`, restarts) the app on this clock. */
  async start(options: Omit<TestAppOptions, 'clock'>): Promise<RunningTestApp> {
    this.#app = await startTestApp({ ...options, clock: () => this.now });
    return this.#app;
  }

  get app(): RunningTestApp {
    if (!this.#app) throw new Error('app not started');
    return this.#app;
  }

  async stop(options?: { keepSlack?: boolean }): Promise<void> {
    await this.#app?.stop(options);
  }

  /** `/paper <text>` in `channel`; the reply. */
  readonly command = (text: string, channel = 'C_RESEARCH'): Promise<SlackReply> => paperCommand(this.app, { text, channel });

  /** The clock moved to `at` and the runner's tick run there. */
  readonly tick = async (at: string): Promise<void> => {
    this.now = new Date(at);
    await runDueDigests(this.app.runtime.runnerDeps(this.app.poster), this.now);
  };
}
