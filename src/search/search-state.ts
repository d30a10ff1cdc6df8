import { errorText } from '../error-text.ts';
import type { Paper } from '../papers/paper.ts';
import type { PaperSearch } from './types.ts';

/** Where a failed warm-up is reported (the app's logger fits). */
export interface WarmUpLogger {
  warn(message: string): void;
}

/**
 * The index currently serving queries. Surfaces read `current` on every request, so a rebuilt index can be
 * swapped in without restarting anything; `null` until the first index is ready.
 *
 * A swapped-in index that can warm up (`PaperSearch.warmUp`) starts doing so at once, in the background and in small
 * slices; swapping in a newer one aborts it.
 */
export class SearchState {
  #current: PaperSearch | null = null;
  #warming: AbortController | null = null;
  #warmed: Promise<void> = Promise.resolve();
  #busy: (() => boolean) | undefined;
  #catchUp: (() => Promise<unknown>) | undefined;

  /** A warm-up pauses while `busy` says so (the Slack app: while requests are being answered). */
  pauseWarmUpWhile(busy: () => boolean): void {
    this.#busy = busy;
  }

  /** How `find` brings the index up to date with the papers table after a miss (the runtime's corpus refresh). */
  catchUpWith(refresh: () => Promise<unknown>): void {
    this.#catchUp = refresh;
  }

  /**
   * The paper with this id: from the index serving now or, when it lacks the id, from the index once caught up with
   * the papers table. A button can name a paper this instance has not indexed yet: another instance just stored it
   * (a pasted link it looked up), and the regular refresh comes only each minute. Undefined while no index is loaded,
   * and for a paper in neither (a failed refresh counts as not found).
   */
  async find(id: string): Promise<Paper | undefined> {
    const found = this.#current?.get(id);
    if (found || !this.#current || !this.#catchUp) return found;
    try {
      await this.#catchUp();
    } catch {
      return undefined;
    }
    return this.#current.get(id);
  }

  get current(): PaperSearch | null {
    return this.#current;
  }

  get ready(): boolean {
    return this.#current !== null;
  }

  /** Whether the current index is still warming up (it answers meanwhile, some first queries more slowly). */
  get warmingUp(): boolean {
    return this.#warming !== null;
  }

  /** Settles when the current index's warm-up has finished, failed or been aborted (never rejects). */
  get warmed(): Promise<void> {
    return this.#warmed;
  }

  swap(next: PaperSearch, options: { logger?: WarmUpLogger } = {}): void {
    // The first index primes the query code before anyone is served from it (~0.2 s at 50k papers), so the first
    // request after a start does not pay for compiling it; later indexes share the compiled code.
    if (this.#current === null) {
      try {
        next.prime?.();
      } catch (error) {
        warn(options.logger, `index: priming failed (${errorText(error)}); the first queries compile the query code`);
      }
    }
    this.#warming?.abort();
    this.#warming = null;
    this.#current = next;
    if (!next.warmUp) {
      this.#warmed = Promise.resolve();
      return;
    }
    const controller = new AbortController();
    this.#warming = controller;
    const busy = this.#busy;
    this.#warmed = next.warmUp({ signal: controller.signal, ...(busy ? { busy } : {}) }).then(
      () => {
        if (this.#warming === controller) this.#warming = null;
      },
      (error: unknown) => {
        if (this.#warming === controller) this.#warming = null;
        warn(options.logger, `index: warm-up failed (${errorText(error)}); queries derive what they need on first use`);
      },
    );
  }
}

function warn(logger: WarmUpLogger | undefined, message: string): void {
  if (logger) logger.warn(message);
  else console.warn(message);
}
