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
    const pairs: Array<{ a: string; b: string; sequence: StemSequence; bonus: number }> = [];
    for (let i = 0; i + 1 < concepts.length; i++) {
      const a = concepts[i];
      const b = concepts[i + 1];
      if (!a || !b) continue;
      const sequence = new StemSequence([a.stem, b.stem]);
      pairs.push({ a: a.stem, b: b.stem, sequence, bonus: (plan.proximityBonus * (corpus.idf(a.stem) + corpus.idf(b.stem))) / 2 });
    }
    if (pairs.length === 0 || !(plan.proximityBonus > 0)) return null;
    return {
      rescore(pool, { deadline }) {
        const bonuses = new Float64Array(pool.length);
        for (let i = 0; i < pool.length; i++) {
          if (i % 32 === 0 && performance.now() >= deadline) return false;
          const item = pool[i];
          const entry = item ? corpus.entries[item.doc] : undefined;
          if (!item || !entry) continue;
          for (const pair of pairs) {
            if (corpus.has(item.doc, pair.a) && corpus.has(item.doc, pair.b) && entry.hasContentSequence(pair.sequence)) {
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
