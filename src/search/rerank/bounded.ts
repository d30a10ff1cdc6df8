/**
 * A bonus added to the best matches (the pool) that is costly to find and at most `most`: it is found only for the
 * matches that could still rank among the best, the answer staying the one that finds it for every match
 * (max-score pruning, exact).
 * - `apply` (the stage's rescore) goes down the pool by score, finding the bonus of each, until the next match,
 *   given the whole bonus, stays below the `early`-th best so far: what a later stage reads of the order's best
 *   `early` (feedback's papers) is then exact. The others are put aside with the score they had.
 * - `settle` (before a later stage adds to the scores, or once they all have) finds the bonus of those put aside
 *   that, given it and what the later stage adds, could rank among the best `need`; the rest keep a score below
 *   their true one and stay below the `need`-th best, where nothing reads them. The bonus is added before what the
 *   later stage adds, so each score is the same number as when every bonus is found first.
 */
import { selectKth, tierKey, type Ranked } from '../score/order.ts';

/** Room for rounding when comparing bounds: scores and tier keys are far apart compared with it. */
function slack(a: number, b: number): number {
  return 1e-9 * (1 + Math.abs(a) + Math.abs(b));
}

/** The `k`-th largest of `values` (1-based; -Infinity when there are fewer), reordering them. */
function kthLargest(values: Float64Array, k: number): number {
  if (values.length < k) return Number.NEGATIVE_INFINITY;
  return selectKth(values, values.length - k);
}

export class BoundedBonus {
  readonly #bonusOf: (doc: number) => number;
  readonly #most: number;
  readonly #early: number;
  readonly #need: number;
  /** The matches put aside by `apply` (still without their bonus), until `settle`. */
  #aside: Ranked[] = [];

  constructor(bonusOf: (doc: number) => number, most: number, early: number, need: number) {
    this.#bonusOf = bonusOf;
    this.#most = most;
    this.#early = Math.max(1, early);
    this.#need = Math.max(1, need);
  }

  /** Adds the bonus to the matches that could be among the best `early`; false (nothing changed) when out of time. */
  apply(pool: Ranked[], deadline: number): boolean {
    this.#aside = [];
    const order = [...pool].sort((a, b) => tierKey(b) - tierKey(a));
    const bonuses = new Float64Array(order.length);
    /** The best `early` keys with their bonus so far, smallest first. */
    const best: number[] = [];
    let done = order.length;
    for (let i = 0; i < order.length; i++) {
      if (i % 32 === 0 && performance.now() >= deadline) return false;
      const item = order[i] as Ranked;
      const bar = best.length >= this.#early ? (best[0] ?? Number.NEGATIVE_INFINITY) : Number.NEGATIVE_INFINITY;
      if (tierKey(item) + this.#most + slack(tierKey(item), this.#most) < bar) {
        done = i;
        break;
      }
      const bonus = this.#bonusOf(item.doc);
      bonuses[i] = bonus;
      const key = tierKey(item) + bonus;
      if (best.length < this.#early) {
        best.push(key);
        best.sort((a, b) => a - b);
      } else if (key > (best[0] ?? Number.NEGATIVE_INFINITY)) {
        best[0] = key;
        best.sort((a, b) => a - b);
      }
    }
    for (let i = 0; i < done; i++) (order[i] as Ranked).score += bonuses[i] ?? 0;
    this.#aside = order.slice(done);
    return true;
  }

  /**
   * Finds the bonus of the matches put aside that could be among the best `need` once each match of the pool gets
   * `added(item)` more (what the next stage is about to add; 0 when none will).
   */
  settle(pool: readonly Ranked[], added: (item: Ranked) => number): void {
    const aside = this.#aside;
    this.#aside = [];
    if (aside.length === 0) return;
    // Each match's score after the addition without the bonus it may lack: a lower bound of where it ends.
    const lower = new Float64Array(pool.length);
    pool.forEach((item, i) => (lower[i] = tierKey(item) + added(item)));
    const bar = kthLargest(lower, this.#need);
    for (const item of aside) {
      const high = tierKey(item) + added(item) + this.#most;
      if (high + slack(high, bar) < bar) continue;
      item.score += this.#bonusOf(item.doc);
    }
  }
}
