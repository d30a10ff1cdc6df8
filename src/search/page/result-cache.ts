/** Recent rankings of one search instance, least recently used first (a new index is a new instance: a swap empties it). */
import type { Prepared } from '../pipeline.ts';

const RESULT_CACHE_SIZE = 256;

export class ResultCache {
  readonly #entries = new Map<string, Prepared>();

  get(key: string): Prepared | undefined {
    return this.#entries.get(key);
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** Keeps a ranking (last in line to be dropped when it is new; replacing one keeps that one's place). */
  set(key: string, prepared: Prepared): void {
    this.#entries.set(key, prepared);
    if (this.#entries.size > RESULT_CACHE_SIZE) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }
}
