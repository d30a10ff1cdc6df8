import { subDays } from 'date-fns';
import type { PaperSearch, SearchHit } from '../search/types.ts';

/** A paper listed this recently counts as news for a digest. */
export const FRESH_DAYS = 7;

export interface ComposeOptions {
  /** With a clock, papers dated within `FRESH_DAYS` of it go first: a digest is news before it is a reading list. */
  now?: Date;
}

/**
 * The digest for a topic: the best `size` papers that contain every word of the topic and that the channel
 * was never sent. Fresh papers first (when `now` is given), each group in search order, which is relevance
 * with upvotes, then date, breaking ties. One ranking pass: the search skips the sent papers and ranks only
 * as deep as `size`.
 */
export function composeDigest(
  search: PaperSearch,
  topic: string,
  alreadySent: ReadonlySet<string>,
  size: number,
  options: ComposeOptions = {},
): SearchHit[] {
  const freshSince = options.now ? subDays(options.now, FRESH_DAYS).toISOString().slice(0, 10) : null;
  return search.search(topic, {
    match: 'all',
    limit: size,
    exclude: alreadySent,
    ...(freshSince === null ? {} : { recentFirst: freshSince }),
  }).hits;
}

/** How many papers match the topic at all (for "nothing matches this topic today"). */
export function countMatches(search: PaperSearch, topic: string): number {
  return search.search(topic, { limit: 1, match: 'all' }).total;
}
