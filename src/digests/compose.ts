import { subDays } from 'date-fns/subDays';
import type { PaperSearch, SearchHit, SearchPreferences } from '../search/types.ts';

/** A paper listed this recently counts as news for a digest. */
export const FRESH_DAYS = 7;
/**
 * Most of a digest that papers lacking the topic's words (neighbours of liked papers) may take: the topic stays the
 * anchor, one like never fills a digest with papers off it. Rounded down: 2 of 5, none of a 1- or 2-paper digest.
 */
export const OFF_TOPIC_SHARE = 0.4;
/** How much deeper than the digest a learned ranking is read, so the cap can skip neighbours and still fill it. */
const LEARNED_DEPTH = 3;

export interface ComposeOptions {
  /** With a clock, papers dated within `FRESH_DAYS` of it go first: a digest is news before it is a reading list. */
  now?: Date;
  /** The channel's ratings and examples: the learned ranking (search/learn/), neighbours of liked papers capped. */
  preferences?: SearchPreferences;
}

function learning(preferences: SearchPreferences | undefined): preferences is SearchPreferences {
  return (
    preferences !== undefined &&
    ((preferences.liked?.length ?? 0) > 0 || (preferences.disliked?.length ?? 0) > 0 || (preferences.examples?.length ?? 0) > 0)
  );
}

/**
 * The digest for a topic: the best `size` papers that contain every word of the topic and that the channel
 * was never sent. Fresh papers first (when `now` is given), each group in search order, which is relevance
 * with upvotes, then date, breaking ties. One ranking pass: the search skips the sent papers and ranks only
 * as deep as `size`. With preferences, the ranking is the channel's (papers like its liked ones first, like its
 * disliked ones last) and papers close to its liked ones may come in without the topic's words, at most
 * `OFF_TOPIC_SHARE` of the digest; an empty topic with examples is a feed of papers like them.
 */
export function composeDigest(
  search: PaperSearch,
  topic: string,
  alreadySent: ReadonlySet<string>,
  size: number,
  options: ComposeOptions = {},
): SearchHit[] {
  const freshSince = options.now ? subDays(options.now, FRESH_DAYS).toISOString().slice(0, 10) : null;
  const recent = freshSince === null ? {} : { recentFirst: freshSince };
  const { preferences } = options;
  if (!learning(preferences)) {
    return search.search(topic, { match: 'all', limit: size, exclude: alreadySent, ...recent }).hits;
  }
  const hits = search.search(topic, {
    match: 'all',
    limit: Math.min(50, size * LEARNED_DEPTH),
    exclude: alreadySent,
    ...recent,
    preferences: { ...preferences, neighbours: true },
  }).hits;
  return capOffTopic(hits, size);
}

/** The first `size` hits, skipping off-topic ones beyond `OFF_TOPIC_SHARE` of `size`. */
export function capOffTopic(hits: readonly SearchHit[], size: number): SearchHit[] {
  const cap = Math.floor(size * OFF_TOPIC_SHARE);
  const out: SearchHit[] = [];
  let offTopic = 0;
  for (const hit of hits) {
    if (out.length >= size) break;
    if (hit.learned?.offTopic) {
      if (offTopic >= cap) continue;
      offTopic++;
    }
    out.push(hit);
  }
  return out;
}

/**
 * How many papers match the topic at all (for "nothing matches this topic today"), leaving out `exclude`: papers its
 * digest never sends (the subscription's example papers).
 */
export function countMatches(search: PaperSearch, topic: string, exclude?: ReadonlySet<string>): number {
  return search.search(topic, { limit: 1, match: 'all', ...(exclude && exclude.size > 0 ? { exclude } : {}) }).total;
}
