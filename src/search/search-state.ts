import type { PaperSearch } from './types.ts';

/**
 * The index currently serving queries. Surfaces read `current` on every request, so a rebuilt index can be
 * swapped in without restarting anything; `null` until the first index is ready.
 */
export class SearchState {
  #current: PaperSearch | null = null;

  get current(): PaperSearch | null {
    return this.#current;
  }

  get ready(): boolean {
    return this.#current !== null;
  }

  swap(next: PaperSearch): void {
    this.#current = next;
  }
}
