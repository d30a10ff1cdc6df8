/**
 * Recent first (`recentFirst`, a digest leading with news): papers dated or listed on Hugging Face on or after the
 * day rank above every other tier. Ties of equal tier and score go to more upvotes, then the more recent date (score/order.ts).
 */
import { dayNumber } from '../retrieve/corpus.ts';
import type { RerankStage } from './stage.ts';

/** Tier added for a recent paper: above every AND-before-OR tier (at most 32 concepts). */
const RECENT_TIER = 64;

export const recencyStage: RerankStage = {
  name: 'recent papers first, when asked',
  prepare({ run, corpus }) {
    if (run.recentFirst === undefined) return null;
    const since = dayNumber(run.recentFirst);
    const days = corpus.newsDayNumbers();
    return { tier: (doc) => ((days[doc] ?? 0) >= since ? RECENT_TIER : 0) };
  },
};
