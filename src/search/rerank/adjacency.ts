/**
 * Adjacency: a bonus for each pair of consecutive query words that also sit next to each other in the paper
 * ("remote sensing" prefers papers saying "remote sensing"), in units of the pair's mean idf.
 */
import { StemSequence } from '../tables/paper-text.ts';
import type { RerankStage } from './stage.ts';

export const adjacencyStage: RerankStage = {
  name: 'query words next to each other',
  prepare({ plan, corpus }) {
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
    return {
      rescore(pool, { deadline }) {
        const bonuses = new Float64Array(pool.length);
        for (let i = 0; i < pool.length; i++) {
          if (i % 32 === 0 && performance.now() >= deadline) return false;
          const item = pool[i];
          const entry = item ? corpus.entries[item.doc] : undefined;
          if (!item || !entry) continue;
          for (const pair of pairs) {
            if (pair.hasA(item.doc) && pair.hasB(item.doc) && entry.hasContentSequence(pair.sequence)) {
              bonuses[i] = (bonuses[i] ?? 0) + pair.bonus;
            }
          }
        }
        pool.forEach((item, i) => (item.score += bonuses[i] ?? 0));
        return true;
      },
    };
  },
};
