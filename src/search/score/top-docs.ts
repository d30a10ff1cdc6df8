/**
 * The `size` best papers by a score, best first (ties: lower doc first), kept while papers are offered one by one:
 * the same answer as sorting every offered paper and keeping the first `size`, without sorting tens of thousands of
 * papers to keep thirty. Most offers lose to the worst kept one and cost one comparison. Each paper's score is kept
 * as offered (the caller may clear its own copy meanwhile).
 */
export class TopDocs {
  readonly docs: number[] = [];
  readonly #scores: number[] = [];
  readonly #size: number;

  constructor(size: number) {
    this.#size = Math.max(0, Math.floor(size));
  }

  offer(doc: number, score: number): void {
    const { docs } = this;
    const scores = this.#scores;
    if (this.#size === 0) return;
    let at = docs.length;
    if (at === this.#size && !before(doc, score, docs[at - 1] ?? 0, scores[at - 1] ?? 0)) return;
    while (at > 0 && before(doc, score, docs[at - 1] ?? 0, scores[at - 1] ?? 0)) at -= 1;
    docs.splice(at, 0, doc);
    scores.splice(at, 0, score);
    if (docs.length > this.#size) {
      docs.pop();
      scores.pop();
    }
  }
}

/** Whether paper `a` (score `sa`) ranks before paper `b` (score `sb`). */
function before(a: number, sa: number, b: number, sb: number): boolean {
  return sa > sb || (sa === sb && a < b);
}
