/**
 * How digest posts share Slack: a few at a time, quick retries with backoff inside a run, and a workspace that
 * answered 429 held (no call of any digest to it) until its Retry-After has passed. One `DigestPacing` lives as
 * long as the process, so the holds and the slots span overlapping scheduler ticks.
 *
 * A digest waiting (backoff, hold) gives its slot back, so a slow or hung call holds one slot at most for one
 * request timeout and never the others.
 */

export interface PacingPolicy {
  /** Digests talking to Slack at once, across every tick of this process. */
  concurrency: number;
  /** Attempts per claim for failures other than 429 (timeout, 5xx, network); then the run is left to a later tick. */
  attemptsPerClaim: number;
  /** Backoff before the 2nd attempt, doubled each time, at most `maxWaitMs`. */
  baseDelayMs: number;
  /** A wait (backoff or Retry-After hold) longer than this is not waited in the run: a later tick takes over. */
  maxWaitMs: number;
  /** 429s waited out within one claim; more, and a later tick takes over. */
  maxRateLimitedWaits: number;
}

export const DEFAULT_PACING_POLICY: PacingPolicy = {
  concurrency: 4,
  attemptsPerClaim: 4,
  baseDelayMs: 2_000,
  maxWaitMs: 30_000,
  maxRateLimitedWaits: 10,
};

/** One tick on its own (no retries within the run): what a tick without shared pacing does. */
export const SINGLE_ATTEMPT_POLICY: PacingPolicy = { ...DEFAULT_PACING_POLICY, attemptsPerClaim: 1, maxWaitMs: 0, maxRateLimitedWaits: 0 };

/** A counting semaphore, first come first served. */
export class Slots {
  #free: number;
  readonly #waiting: Array<() => void> = [];

  constructor(size: number) {
    this.#free = Math.max(1, Math.floor(size));
  }

  async acquire(): Promise<void> {
    if (this.#free > 0) {
      this.#free -= 1;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#free += 1;
  }
}

/**
 * Work queued per key, one at a time per key, in the order asked. The runner keys digests by channel: a channel's
 * next digest is composed only once the one before it recorded what it posted, so no paper is in both.
 */
export class KeyedQueue {
  readonly #tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let done: () => void = () => undefined;
    const tail = previous.then(() => new Promise<void>((resolve) => (done = resolve)));
    this.#tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      done();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}

export class DigestPacing {
  readonly slots: Slots;
  /** One digest at a time per channel, across every tick of this process. */
  readonly channels = new KeyedQueue();
  readonly #holds = new Map<string, number>();

  constructor(
    readonly policy: PacingPolicy,
    /** The clock of holds and of the times recorded after a wait. */
    readonly clock: () => Date,
    readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    this.slots = new Slots(policy.concurrency);
  }

  /** Slack said 429 for `teamId`: nothing goes to that workspace for `ms`. */
  hold(teamId: string, ms: number): void {
    const until = this.clock().getTime() + ms;
    if (until > (this.#holds.get(teamId) ?? 0)) this.#holds.set(teamId, until);
  }

  /** How long `teamId` is still held (0 when it is not). */
  heldMs(teamId: string): number {
    const until = this.#holds.get(teamId);
    if (until === undefined) return 0;
    const left = until - this.clock().getTime();
    if (left <= 0) this.#holds.delete(teamId);
    return Math.max(0, left);
  }

  /** Backoff before attempt `failures + 1`. */
  backoffMs(failures: number): number {
    return Math.min(this.policy.baseDelayMs * 2 ** Math.max(0, failures - 1), this.policy.maxWaitMs);
  }

  /**
   * Sleeps `ms` without holding a slot (the caller holds one before and after). Ends early when `interrupt` aborts
   * (the process is shutting down); false then, true when the whole wait passed.
   */
  async waitOutsideSlot(ms: number, interrupt?: AbortSignal): Promise<boolean> {
    if (interrupt?.aborted) return false;
    this.slots.release();
    let onAbort = (): void => undefined;
    try {
      const interrupted = new Promise<false>((resolve) => {
        onAbort = () => resolve(false);
        interrupt?.addEventListener('abort', onAbort, { once: true });
      });
      return await Promise.race([this.sleep(ms).then(() => true), interrupted]);
    } finally {
      interrupt?.removeEventListener('abort', onAbort);
      await this.slots.acquire();
    }
  }
}
