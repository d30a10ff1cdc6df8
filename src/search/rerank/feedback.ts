/**
 * Pseudo-relevance feedback: the distinctive words of the best few papers (Rocchio-style) are looked up with small
 * boosts, their scores added to the papers already found. It reorders ("streaming speech recognition" learns "CTC"
 * from its top hits) and never adds papers: results always contain at least one typed concept.
 */
import type { RankingOptions } from '../ranking-options.ts';
import type { Corpus } from '../retrieve/corpus.ts';
import { best, tierKey, top, type Ranked } from '../score/order.ts';
import { isContentStem } from '../tables/paper-text.ts';
import type { RerankStage } from './stage.ts';

/** The most distinctive words of the top papers, as stem → low boost. */
function feedbackTerms(corpus: Corpus, ranking: RankingOptions, topItems: readonly Ranked[], typed: ReadonlySet<string>): Map<string, number> {
  const { feedbackTerms: count, feedbackWeight, bm25 } = ranking;
  const out = new Map<string, number>();
  const bestScore = topItems[0]?.score ?? 0;
  if (bestScore <= 0) return out;
  const weights = new Map<string, { weight: number; docs: number }>();
  for (const item of topItems) {
    const entry = corpus.entries[item.doc];
    if (!entry) continue;
    const share = item.score / bestScore;
    const counts = entry.termCounts();
    const length = Math.max(1, counts.length);
    for (const s of counts.stems) {
      if (typed.has(s) || !isContentStem(s)) continue;
      const tf = bm25.titleWeight * (counts.title.get(s) ?? 0) + (counts.abstract.get(s) ?? 0);
      const weight = weights.get(s) ?? { weight: 0, docs: 0 };
      weight.weight += (share * tf) / length;
      weight.docs += 1;
      weights.set(s, weight);
    }
  }
  const scored: Array<{ stem: string; weight: number }> = [];
  for (const [s, entry] of weights) {
    // A word of one feedback paper only is that paper's quirk, not the topic's.
    if (entry.docs < 2) continue;
    scored.push({ stem: s, weight: entry.weight * corpus.idf(s) });
  }
  scored.sort((a, b) => b.weight - a.weight || a.stem.localeCompare(b.stem));
  const chosen = scored.slice(0, count);
  const max = chosen[0]?.weight ?? 0;
  if (max <= 0) return out;
  for (const term of chosen) out.set(term.stem, (feedbackWeight * term.weight) / max);
  return out;
}

export const feedbackStage: RerankStage = {
  name: 'pseudo-relevance feedback',
  prepare({ plan, ranking, corpus, accumulator }) {
    if (!(ranking.feedbackTerms > 0 && ranking.feedbackDocs > 0)) return null;
    return {
      rescore(pool, { total, deadline, tieBreak, settle }) {
        if (total <= 1) return true;
        if (performance.now() >= deadline) return false;
        const docs = ranking.feedbackDocs;
        const topItems = best([...top(pool, docs, tierKey)], docs, tierKey, tieBreak);
        const feedback = feedbackTerms(corpus, ranking, topItems, new Set([...plan.boosts.keys(), ...plan.expansions.map((expansion) => expansion.stem)]));
        if (!accumulator.accumulateTouched(feedback, accumulator.extra, deadline, plan.titleScale)) return false;
        const { extra } = accumulator;
        settle((item) => extra[item.doc] ?? 0);
        for (const item of pool) item.score += extra[item.doc] ?? 0;
        return true;
      },
    };
  },
};
