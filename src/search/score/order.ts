/**
 * Order: a match as the ranking carries it, and how the best of many are found without sorting them all (select
 * the k-th key, keep those above, sort only those). Ties go to more upvotes, then the more recent date, then the title.
 */
import type { Paper } from '../../papers/paper.ts';

export interface Ranked {
  doc: number;
  score: number;
  /** How many of the typed concepts the paper contains. */
  matched: number;
  /** Its tier (recent first, AND before OR): higher tiers rank first whatever the score. */
  tier: number;
}

/** Orders (tier, score) in one number for selecting thresholds; exact order is then settled by the comparator. */
export const TIER_SPAN = 2 ** 24;

export const tierKey = (item: Ranked): number => item.tier * TIER_SPAN + item.score;

export function compareTieBreak(a: Paper, b: Paper): number {
  const upvotes = (b.upvotes ?? 0) - (a.upvotes ?? 0);
  if (upvotes !== 0) return upvotes;
  const dateA = a.date ?? '';
  const dateB = b.date ?? '';
  if (dateA !== dateB) return dateA < dateB ? 1 : -1;
  return a.title.localeCompare(b.title);
}

/** The tie-break of two matches by their papers (by paper number when one is missing). */
export function tieBreakOf(paper: (doc: number) => Paper | undefined): (a: Ranked, b: Ranked) => number {
  return (a, b) => {
    const paperA = paper(a.doc);
    const paperB = paper(b.doc);
    return paperA && paperB ? compareTieBreak(paperA, paperB) : a.doc - b.doc;
  };
}

/** The k-th smallest of `values` (0-based), partly reordering them: Hoare's selection, linear time expected. */
export function selectKth(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1] ?? 0;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] ?? 0) < pivot) i++;
      while ((values[j] ?? 0) > pivot) j--;
      if (i <= j) {
        const swap = values[i] ?? 0;
        values[i] = values[j] ?? 0;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k] ?? 0;
  }
  return values[k] ?? 0;
}

/** The items with the `count` highest keys (ties at the edge included), unordered. */
export function top(items: Ranked[], count: number, key: (item: Ranked) => number): Ranked[] {
  if (items.length <= count) return items;
  const keys = new Float64Array(items.length);
  for (let i = 0; i < items.length; i++) keys[i] = key(items[i] as Ranked);
  const threshold = selectKth(keys.slice(), items.length - count);
  return items.filter((_, i) => (keys[i] ?? 0) >= threshold);
}

/** The best `count` items by (key, then the tie-break), in order; a full sort only of those at the top. */
export function best(items: Ranked[], count: number, key: (item: Ranked) => number, tieBreak: (a: Ranked, b: Ranked) => number): Ranked[] {
  const compare = (a: Ranked, b: Ranked): number => key(b) - key(a) || tieBreak(a, b);
  return top(items, count, key).sort(compare).slice(0, count);
}

export function popcount(mask: number): number {
  let v = mask >>> 0;
  let count = 0;
  while (v !== 0) {
    v &= v - 1;
    count++;
  }
  return count;
}
