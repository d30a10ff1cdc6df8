/**
 * Long forms: a concept whose multi-word alternative ("key value" for "kv") a paper holds as a whole, its words next
 * to each other, counts as contained, checked on the paper's stems after retrieval (lunr only saw the words).
 */
import { StemSequence } from '../tables/paper-text.ts';
import type { RerankStage } from './stage.ts';

export const longFormsStage: RerankStage = {
  name: 'multi-word long forms count as the concept',
  prepare({ plan, corpus }) {
    const multiWord: Array<{ bit: number; alternatives: StemSequence[] }> = [];
    plan.concepts.forEach((concept, c) => {
      const long = concept.alternatives.filter((alternative) => alternative.length > 1);
      if (long.length > 0) multiWord.push({ bit: (1 << c) >>> 0, alternatives: long.map((alternative) => new StemSequence(alternative)) });
    });
    if (multiWord.length === 0) return null;
    return {
      widen(doc, mask) {
        const entry = corpus.entries[doc];
        if (!entry) return mask;
        let out = mask;
        for (const { bit, alternatives } of multiWord) {
          if ((out & bit) !== 0) continue;
          const found = alternatives.some((alternative) => corpus.hasAll(doc, alternative) && entry.hasContentSequence(alternative));
          if (found) out = (out | bit) >>> 0;
        }
        return out;
      },
    };
  },
};
