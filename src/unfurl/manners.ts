/**
 * The manners of unfolding links (what users asked of GitHub's Slack app): a paper unfolded in a channel is not
 * unfolded again there for 30 minutes, and one message unfolds at most 3 papers. Kept in memory per instance (a
 * restart forgets it, which at worst unfolds a link once more); the clock is injected.
 */

export const REPEAT_WINDOW_MS = 30 * 60_000;
export const MAX_PER_MESSAGE = 3;
/** Channels × papers remembered before the oldest are forgotten early (bounded memory). */
const MAX_REMEMBERED = 50_000;

export interface UnfurlMannersOptions {
  clock: () => Date;
  windowMs?: number;
  perMessage?: number;
}

export class UnfurlManners {
  readonly #clock: () => Date;
  readonly windowMs: number;
  readonly perMessage: number;
  /** `team channel paper` → when it was last unfolded (ms); insertion order is age order. */
  readonly #last = new Map<string, number>();

  constructor(options: UnfurlMannersOptions) {
    this.#clock = options.clock;
    this.windowMs = options.windowMs ?? REPEAT_WINDOW_MS;
    this.perMessage = options.perMessage ?? MAX_PER_MESSAGE;
  }

  #key(teamId: string, channelId: string, arxivId: string): string {
    return `${teamId}\u0000${channelId}\u0000${arxivId}`;
  }

  /** Whether the paper was unfolded in the channel within the window. */
  recentlyUnfurled(teamId: string, channelId: string, arxivId: string): boolean {
    const at = this.#last.get(this.#key(teamId, channelId, arxivId));
    return at !== undefined && this.#clock().getTime() - at < this.windowMs;
  }

  /** Remember that the paper was unfolded in the channel now. */
  record(teamId: string, channelId: string, arxivId: string): void {
    const key = this.#key(teamId, channelId, arxivId);
    this.#last.delete(key);
    this.#last.set(key, this.#clock().getTime());
    this.#forgetOld();
  }

  #forgetOld(): void {
    const cutoff = this.#clock().getTime() - this.windowMs;
    for (const [key, at] of this.#last) {
      if (at >= cutoff && this.#last.size <= MAX_REMEMBERED) break;
      this.#last.delete(key);
    }
  }
}
