/**
 * AND before OR: papers containing every typed concept rank before the rest (`coordination: 'all'`), or by how many
 * of them they contain (`'count'`); `match: 'all'` (digests) keeps only the first kind.
 */
import type { RerankStage } from './stage.ts';

export const allWordsStage: RerankStage = {
  name: 'papers with all the words first',
  prepare({ plan, run, ranking }) {
    const full = plan.concepts.length;
    const { coordination } = ranking;
    return {
      ...(run.matchAll ? { keep: (_doc: number, matched: number): boolean => matched >= full } : {}),
      tier: (_doc, matched) => (coordination === 'count' ? matched : coordination === 'all' && matched >= full ? 1 : 0),
    };
  },
};
