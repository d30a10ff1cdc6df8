/**
 * Score, a query of only filters (`author:"Tri Dao"`, `has:code since:2025-06`): there are no words to weigh, so no
 * posting list is read and nothing is scored. The served papers pass the filters or not in one pass, and the first
 * `need` are put in order: newest first (undated last), then more upvotes, then the title.
 */
import type { Corpus } from '../retrieve/corpus.ts';
import { best, tieBreakOf, type Ranked } from './order.ts';

export function rankFilterOnly(corpus: Corpus, filter: (doc: number) => boolean, need: number): { ranked: Ranked[]; total: number } {
  const matches: Ranked[] = [];
  for (let doc = 0; doc < corpus.slots; doc++) {
    if (corpus.isLive(doc) && filter(doc)) matches.push({ doc, score: 0, matched: 0, tier: 0 });
  }
  const days = corpus.dayNumbers();
  // Day, then upvotes, in one number (YYYYMMDD · 10⁶ + upvotes < 2⁵³): the title comparison is left for true ties.
  const key = (item: Ranked): number => {
    const upvotes = corpus.paper(item.doc)?.upvotes ?? 0;
    return (days[item.doc] ?? 0) * 1e6 + Math.min(Math.max(Number.isFinite(upvotes) ? upvotes : 0, 0), 999_999);
  };
  const ranked = best(matches, need, key, tieBreakOf((doc) => corpus.paper(doc)));
  return { ranked, total: matches.length };
}
