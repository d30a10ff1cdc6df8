/**
 * A feed without words: a subscription made of example papers only ("papers like these"). Its papers are those
 * closest to the profile of the examples and likes (profile.ts), looked up by its positive words, papers like the
 * disliked ones lowered by its negative words. Only papers scoring at least `neighbourMin` of what the liked papers
 * themselves score count, so the feed dries up rather than drifting to papers sharing one word. The liked papers
 * and examples themselves are never in it.
 */
import type { Ranking, SearchContext } from '../pipeline.ts';
import type { RunOptions } from '../rerank/stage.ts';
import { dayNumber } from '../retrieve/corpus.ts';
import { FIELDS } from '../retrieve/lunr-index.ts';
import { best, tieBreakOf, tierKey, type Ranked } from '../score/order.ts';
import type { LearnedNote, SearchPreferences } from '../types.ts';
import { learnedNote, learnProfile } from './profile.ts';

/** Tier of a paper dated or listed on or after `recentFirst` (as rerank/recency.ts gives it). */
const RECENT_TIER = 64;

export function rankFeed(context: SearchContext, preferences: SearchPreferences, run: RunOptions): Ranking {
  const { corpus, ranking, accumulator } = context;
  const titleWeight = ranking.bm25.titleWeight;
  const options = ranking.learn;
  const empty: Ranking = { concepts: [], ranked: [], total: 0, complete: true, partial: false };
  const profile = learnProfile(corpus, preferences, titleWeight, new Set(), options);
  if (!profile || profile.positive.size === 0) return empty;
  const { scores, extra } = accumulator;
  const touched = accumulator.accumulate(profile.positive, scores, FIELDS);
  try {
    let reference = 0;
    for (const paper of profile.liked) reference += scores[paper.doc] ?? 0;
    const bar = (options.neighbourMin * reference) / Math.max(1, profile.liked.length);
    if (profile.negative.size > 0) {
      accumulator.accumulateTouched(profile.negative, extra, Number.POSITIVE_INFINITY);
      for (let i = 0; i < touched; i++) {
        const doc = accumulator.touched[i] ?? 0;
        scores[doc] = (scores[doc] ?? 0) - (extra[doc] ?? 0);
        extra[doc] = 0;
      }
    }
    const left = new Set<number>([...profile.liked.map((paper) => paper.doc), ...profile.disliked]);
    for (const id of run.exclude ?? []) {
      const doc = corpus.byId.get(id);
      if (doc !== undefined) left.add(doc);
    }
    const since = run.recentFirst === undefined ? null : dayNumber(run.recentFirst);
    const days = since === null ? null : corpus.newsDayNumbers();
    const items: Ranked[] = [];
    for (let i = 0; i < touched; i++) {
      const doc = accumulator.touched[i] ?? 0;
      const score = scores[doc] ?? 0;
      if (left.has(doc) || !corpus.isLive(doc) || !(score >= bar) || !(bar > 0)) continue;
      const tier = days !== null && since !== null && (days[doc] ?? 0) >= since ? RECENT_TIER : 0;
      items.push({ doc, score, matched: 0, tier });
    }
    const ranked = best(items, run.need, tierKey, tieBreakOf((doc) => corpus.paper(doc)));
    const notes = new Map<number, LearnedNote>();
    const note = (doc: number): LearnedNote => {
      let found = notes.get(doc);
      if (!found) {
        // Every paper of a feed is there because of the examples: it always names the closest one.
        found = learnedNote(corpus, profile, doc, titleWeight, options, false, true);
        notes.set(doc, found);
      }
      return found;
    };
    return { concepts: [], ranked, total: items.length, complete: ranked.length === items.length, partial: false, note };
  } finally {
    accumulator.reset(touched);
  }
}
