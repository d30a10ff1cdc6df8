/**
 * Adjacency: a bonus for each pair of consecutive query words that also sit next to each other in the paper
 * ("remote sensing" prefers papers saying "remote sensing"), in units of the pair's mean idf.
 * Only papers that could reach the best few are checked (bounded.ts): the answer is the one checking all of them.
 */
import { StemSequence } from '../tables/paper-text.ts';
import { BoundedBonus } from './bounded.ts';
import type { RerankStage } from './stage.ts';

export const adjacencyStage: RerankStage = {
  name: 'query words next to each other',
  prepare({ plan, run, ranking, corpus }) {
    const { concepts } = plan;
    if (!(plan.proximityBonus > 0)) return null;
    const pairs: Array<{ hasA: (doc: number) => boolean; hasB: (doc: number) => boolean; sequence: StemSequence; bonus: number }> = [];
    for (let i = 0; i + 1 < concepts.length; i++) {
      const a = concepts[i];
      const b = concepts[i + 1];
      if (!a || !b) continue;
      const sequence = new StemSequence([a.stem, b.stem]);
      pairs.push({
        hasA: corpus.hasStem(a.stem),
        hasB: corpus.hasStem(b.stem),
        sequence,
        bonus: (plan.proximityBonus * (corpus.idf(a.stem) + corpus.idf(b.stem))) / 2,
      });
    }
    if (pairs.length === 0) return null;
    let most = 0;
    for (const pair of pairs) most += pair.bonus;
    const bonusOf = (doc: number): number => {
      const entry = corpus.entries[doc];
      let bonus = 0;
      if (!entry) return bonus;
      for (const pair of pairs) {
        if (pair.hasA(doc) && pair.hasB(doc) && entry.hasContentSequence(pair.sequence)) bonus += pair.bonus;
      }
      return bonus;
    };
    // The stages after this one read its order's best `feedbackDocs` (feedback); the ranking keeps the best `need`.
    const bounded = new BoundedBonus(bonusOf, most, Math.max(1, ranking.feedbackDocs), run.need);
    return {
      rescore: (pool, { deadline }) => bounded.apply(pool, deadline),
      settle: (pool, added) => bounded.settle(pool, added),
    };
  },
};
