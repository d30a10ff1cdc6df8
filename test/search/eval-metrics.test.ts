import { describe, expect, it } from 'vitest';
import {
  dcgAt,
  evaluateRanker,
  gradesById,
  meanMetrics,
  ndcgAt,
  precisionAt,
  reciprocalRank,
} from '../../src/search/eval-metrics.ts';

const grades = new Map([
  ['a', 2],
  ['b', 1],
  ['c', 1],
]);

describe('eval metrics', () => {
  it('DCG uses 2^g − 1 gains and log2(rank + 1) discounts', () => {
    expect(dcgAt([2, 1], 10)).toBeCloseTo(3 + 1 / Math.log2(3));
    expect(dcgAt([0, 0, 1], 2)).toBe(0);
  });

  it('nDCG is 1 for the ideal order, less otherwise, 0 without relevant documents', () => {
    expect(ndcgAt(['a', 'b', 'c'], grades)).toBeCloseTo(1);
    expect(ndcgAt(['a', 'c', 'b', 'x'], grades)).toBeCloseTo(1);
    const swapped = ndcgAt(['b', 'a', 'c'], grades);
    expect(swapped).toBeLessThan(1);
    expect(swapped).toBeGreaterThan(0.5);
    expect(ndcgAt(['x', 'y'], grades)).toBe(0);
    expect(ndcgAt(['a'], new Map())).toBe(0);
    // cut at k
    expect(ndcgAt(['x', 'a'], grades, 1)).toBe(0);
    // duplicates don't count twice
    expect(ndcgAt(['b', 'b', 'b'], grades)).toBeCloseTo(ndcgAt(['b'], grades));
  });

  it('P@k counts grade ≥ 1 in the first k, missing positions as misses', () => {
    expect(precisionAt(['a', 'x', 'b', 'y', 'z'], grades, 5)).toBeCloseTo(0.4);
    expect(precisionAt(['a'], grades, 5)).toBeCloseTo(0.2);
    expect(precisionAt([], grades, 5)).toBe(0);
    expect(precisionAt(['a', 'b'], grades, 2, 2)).toBeCloseTo(0.5);
  });

  it('MRR is 1 / rank of the first relevant document', () => {
    expect(reciprocalRank(['x', 'y', 'c'], grades)).toBeCloseTo(1 / 3);
    expect(reciprocalRank(['x'], grades)).toBe(0);
  });

  it('maps judged titles to ids and averages per query', () => {
    const papers = [
      { id: 'p1', title: 'Alpha: One' },
      { id: 'p2', title: 'Beta Two' },
    ];
    const { grades: byQuery, unknownTitles } = gradesById(
      { queries: [{ query: 'q', relevant: { 'alpha one': 2, 'Gamma': 1 } }] },
      papers,
      (t) => t.toLowerCase().replace(/[^a-z]+/g, ' ').trim(),
    );
    expect(unknownTitles).toEqual(['Gamma']);
    expect(byQuery.get('q')).toEqual(new Map([['p1', 2]]));
    const result = evaluateRanker(() => ['p2', 'p1'], byQuery);
    expect(result.perQuery[0]?.mrr).toBeCloseTo(0.5);
    expect(result.mean.p5).toBeCloseTo(0.2);
    expect(meanMetrics([])).toEqual({ ndcg10: 0, p5: 0, mrr: 0 });
  });
});
