import { describe, expect, it } from 'vitest';
import { BoundedBonus } from '../../src/search/rerank/bounded.ts';
import type { Ranked } from '../../src/search/score/order.ts';

/** 40 matches scored 40, 39, …, 1; every 7th has the bonus (6.5); a later stage adds 25 to paper 28 only. */
const BONUS = 6.5;
const pool = (): Ranked[] => Array.from({ length: 40 }, (_, doc) => ({ doc, score: 40 - doc, matched: 2, tier: 0 }));
const bonusOf = (doc: number): number => (doc % 7 === 0 ? BONUS : 0);
const added = (item: Ranked): number => (item.doc === 28 ? 25 : 0);
const topOf = (items: readonly Ranked[], k: number): Array<[number, number]> =>
  [...items].sort((a, b) => b.score - a.score || a.doc - b.doc).slice(0, k).map((item) => [item.doc, item.score]);

describe('a bonus found only where it can matter (max-score pruning)', () => {
  it('ranks the best exactly as finding every bonus does, finding far fewer', () => {
    // Every bonus found, then the later stage's addition: the reference.
    const full = pool();
    for (const item of full) item.score += bonusOf(item.doc);
    const earlyFull = topOf(full, 3);
    for (const item of full) item.score += added(item);

    let asked = 0;
    const bounded = new BoundedBonus((doc) => (asked++, bonusOf(doc)), BONUS, 3, 5);
    const pruned = pool();
    expect(bounded.apply(pruned, Number.POSITIVE_INFINITY)).toBe(true);
    // What the next stage reads (its best 3) is exact: paper 7 (33 + 6.5) passes papers 1 and 2 on its bonus.
    expect(topOf(pruned, 3)).toEqual(earlyFull);
    expect(earlyFull.map(([doc]) => doc)).toEqual([0, 7, 1]);
    bounded.settle(pruned, added);
    for (const item of pruned) item.score += added(item);
    // Paper 28 (12) reaches the best 5 only with both its bonus and the addition: 12 + 6.5 + 25 = 43.5.
    expect(topOf(pruned, 5)).toEqual(topOf(full, 5));
    expect(topOf(full, 5).map(([doc]) => doc)).toEqual([0, 28, 7, 1, 2]);
    expect(asked).toBeLessThan(15);
  });

  it('without a later addition leaves the best as they are and changes nothing when out of time', () => {
    const bounded = new BoundedBonus(bonusOf, BONUS, 3, 5);
    const late = pool();
    expect(bounded.apply(late, Number.NEGATIVE_INFINITY)).toBe(false);
    bounded.settle(late, () => 0);
    expect(late).toEqual(pool());

    const full = pool();
    for (const item of full) item.score += bonusOf(item.doc);
    const pruned = pool();
    bounded.apply(pruned, Number.POSITIVE_INFINITY);
    bounded.settle(pruned, () => 0);
    expect(topOf(pruned, 5)).toEqual(topOf(full, 5));
  });
});
