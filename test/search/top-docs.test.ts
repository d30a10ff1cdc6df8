import { describe, expect, it } from 'vitest';
import { TopDocs } from '../../src/search/score/top-docs.ts';

describe('TopDocs', () => {
  it('keeps the same papers, in the same order, as sorting all and keeping the first few', () => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const size of [0, 1, 3, 30]) {
      const scores = Float64Array.from({ length: 2000 }, () => Math.round(random() * 50) / 10);
      const offered = Array.from({ length: 2000 }, (_, i) => i).sort(() => random() - 0.5).slice(0, 1500);
      const top = new TopDocs(size);
      for (const doc of offered) top.offer(doc, scores[doc] ?? 0);
      const sorted = [...offered].sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b).slice(0, size);
      expect(top.docs).toEqual(sorted);
    }
  });
});
