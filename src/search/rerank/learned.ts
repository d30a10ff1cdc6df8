/**
 * Learned from the channel: given its ratings and examples (`run.preferences`), the profile of what it likes
 * (learn/profile.ts) is added to the query. Its positive words are looked up with small boosts: papers like the
 * liked ones rise, and (for a digest, `neighbours`) the closest papers lacking some of the query's words become
 * matches, marked off-topic so the digest can cap them (the topic stays the anchor). Its negative words count
 * against a paper: papers like the disliked ones sink. In a `/paper` search (no neighbours) the profile counts less
 * and only when related to the query (learned-search.ts), and a disliked paper keeps its own score (a search for it
 * finds it). Without preferences the stage does nothing (the search is the one without it, at the same cost).
 */
import { hasPreferences, learnedNote, learnProfile } from '../learn/profile.ts';
import type { LearnedNote } from '../types.ts';
import { searchProfile } from './learned-search.ts';
import type { RerankStage } from './stage.ts';
import { TopDocs } from '../score/top-docs.ts';

/** All the concept bits of a query of `count` concepts. */
function fullMask(count: number): number {
  return count >= 32 ? 0xffffffff : ((1 << count) - 1) >>> 0;
}

export const learnedStage: RerankStage = {
  name: 'learned from the channel',
  prepare({ plan, run, ranking, corpus, accumulator }) {
    if (!hasPreferences(run.preferences)) return null;
    const typed = new Set([...plan.boosts.keys(), ...plan.expansions.map((expansion) => expansion.stem)]);
    const titleWeight = ranking.bm25.titleWeight;
    const options = ranking.learn;
    const learned = learnProfile(corpus, run.preferences, titleWeight, typed, options);
    if (!learned) return null;
    // A digest (`neighbours`) follows the taste in full; a search weighs it by how related it is to the query.
    const digest = run.preferences.neighbours === true;
    const profile = digest ? learned : searchProfile(corpus, learned, typed, titleWeight, options);
    if (!profile) return null;
    const widening = digest && plan.concepts.length > 0;
    /** In a search a paper the channel marked "not for us" stays where the query's words put it (a search is a lookup). */
    const disliked = digest ? null : new Set(profile.disliked);
    const full = fullMask(plan.concepts.length);
    /** Papers lacking some of the query's words that are close enough to the profile to be let in. */
    /** 1 per paper number (a flag rather than a set: `widen` asks it for every touched paper lacking a word). */
    let candidates: Uint8Array | null = null;
    /** Those of them that were let in (their mask lacked a concept when collected). */
    const offTopic = new Set<number>();
    const notes = new Map<number, LearnedNote>();
    /**
     * A digest's pass: every paper of the profile's lists is scored, but only the closest few of those lacking some of
     * the query's words can become matches (`widen`), and of those the query's words did not reach at all only they are
     * touched (admitted): the thousands of others are cleared unseen by the query's later passes.
     */
    const withNeighbours = (touchedSoFar: number): number => {
      const { scores, extra, minus, masks, touched: order, outside: listed } = accumulator;
      let touched = touchedSoFar;
      const outside = accumulator.accumulateOutside(profile.positive, extra, plan.titleScale);
      // On every paper scored, so that one pass over the touched ones both picks neighbours and settles scores.
      if (profile.negative.size > 0) accumulator.accumulateTouched(profile.negative, minus, Number.POSITIVE_INFINITY, plan.titleScale, true);
      // How the liked papers themselves score on the profile: the bar a neighbour is measured against.
      let reference = 0;
      for (const paper of profile.liked) reference += extra[paper.doc] ?? 0;
      reference /= Math.max(1, profile.liked.length);
      const bar = options.neighbourMin * reference;
      const closest = new TopDocs(options.neighbours);
      for (let i = 0; i < touched; i++) {
        const doc = order[i] ?? 0;
        const gain = extra[doc] ?? 0;
        if (bar > 0 && gain >= bar && ((masks[doc] ?? 0) & full) !== full) closest.offer(doc, gain);
        scores[doc] = (scores[doc] ?? 0) + gain - (minus[doc] ?? 0);
        extra[doc] = 0;
        minus[doc] = 0;
      }
      // Outside papers hold none of the query's concepts.
      if (bar > 0) {
        for (let i = 0; i < outside; i++) {
          const doc = listed[i] ?? 0;
          const gain = extra[doc] ?? 0;
          if (gain >= bar) closest.offer(doc, gain);
        }
      }
      if (closest.docs.length > 0) candidates = new Uint8Array(corpus.slots);
      for (const doc of closest.docs) {
        if (candidates) candidates[doc] = 1;
        const before = touched;
        touched = accumulator.admit(doc, touched);
        if (touched === before) continue;
        scores[doc] = (scores[doc] ?? 0) + (extra[doc] ?? 0) - (minus[doc] ?? 0);
        extra[doc] = 0;
        minus[doc] = 0;
      }
      accumulator.clearOutside(outside, extra, minus);
      return touched;
    };
    return {
      accumulate(touchedSoFar) {
        if (widening && profile.positive.size > 0) return withNeighbours(touchedSoFar);
        const { scores, extra, minus, touched: order } = accumulator;
        const positive = profile.positive.size > 0;
        const negative = profile.negative.size > 0;
        if (positive) accumulator.accumulateTouched(profile.positive, extra, Number.POSITIVE_INFINITY, plan.titleScale);
        if (negative) accumulator.accumulateTouched(profile.negative, minus, Number.POSITIVE_INFINITY, plan.titleScale);
        if (positive || negative) {
          for (let i = 0; i < touchedSoFar; i++) {
            const doc = order[i] ?? 0;
            if (disliked === null || !disliked.has(doc)) scores[doc] = (scores[doc] ?? 0) + (extra[doc] ?? 0) - (minus[doc] ?? 0);
            extra[doc] = 0;
            minus[doc] = 0;
          }
        }
        return touchedSoFar;
      },
      ...(widening
        ? {
            widen(doc: number, mask: number): number {
              if ((mask & full) === full || candidates === null || candidates[doc] !== 1) return mask;
              offTopic.add(doc);
              return (mask | full) >>> 0;
            },
          }
        : {}),
      note(doc) {
        let note = notes.get(doc);
        if (!note) {
          // A neighbour is there because of the liked papers: it always names the closest one.
          const off = offTopic.has(doc);
          note = learnedNote(corpus, profile, doc, titleWeight, options, off, off);
          notes.set(doc, note);
        }
        return note;
      },
    };
  },
};
