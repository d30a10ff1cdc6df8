/**
 * The `size` best papers by a score, best first (ties: lower doc first), kept while papers are offered one by one:
 * the same answer as sorting every offered paper and keeping the first `size`, without sorting tens of thousands of
 * papers to keep thirty. Most offers lose to the worst kept one and cost one comparison.
 */
export class TopDocs {
  readonly docs: number[] = [];
  readonly #size: number;
  readonly #scores: ArrayLike<number>;

  constructor(size: number, scores: ArrayLike<number>) {
    this.#size = Math.max(0, Math.floor(size));
    this.#scores = scores;
  }

  /** Whether `a` ranks before `b`. */
  #before(a: number, b: number): boolean {
    const sa = this.#scores[a] ?? 0;
    const sb = this.#scores[b] ?? 0;
    return sa > sb || (sa === sb && a < b);
  }

  offer(doc: number): void {
    const { docs } = this;
    if (this.#size === 0) return;
    const last = docs[docs.length - 1];
    if (docs.length === this.#size && last !== undefined && !this.#before(doc, last)) return;
    let at = docs.length;
    while (at > 0 && this.#before(doc, docs[at - 1] ?? 0)) at -= 1;
    docs.splice(at, 0, doc);
    if (docs.length > this.#size) docs.pop();
  }
}
