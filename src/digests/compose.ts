import { subDays } from 'date-fns';
import type { PaperSearch, SearchHit } from '../search/types.ts';

/** Pages through the topic's matches; this many pages at most (50 a page) when most were already sent. */
const MAX_PAGES = 20;
const PAGE = 50;
/** A paper listed this recently counts as news for a digest. */
export const FRESH_DAYS = 7;

export interface ComposeOptions {
  /** With a clock, papers dated within `FRESH_DAYS` of it go first: a digest is news before it is a reading list. */
  now?: Date;
}

/**
 * The digest for a topic: the best `size` papers that contain every word of the topic and that the channel
 * was never sent. Fresh papers first (when `now` is given), each group in search order, which is relevance
 * with upvotes, then date, breaking ties.
 */
export function composeDigest(
  search: PaperSearch,
  topic: string,
  alreadySent: ReadonlySet<string>,
  size: number,
  options: ComposeOptions = {},
): SearchHit[] {
  const freshSince = options.now ? subDays(options.now, FRESH_DAYS).toISOString().slice(0, 10) : null;
  const fresh: SearchHit[] = [];
  const rest: SearchHit[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = search.search(topic, { offset: page * PAGE, limit: PAGE, match: 'all' });
    for (const hit of result.hits) {
      if (alreadySent.has(hit.paper.id)) continue;
      const isFresh = freshSince !== null && hit.paper.date !== null && hit.paper.date >= freshSince;
      (isFresh ? fresh : rest).push(hit);
    }
    // Without a clock the first `size` unsent hits are the answer; with one, every fresh match counts.
    if (freshSince === null && rest.length >= size) break;
    if ((page + 1) * PAGE >= result.total) break;
  }
  return [...fresh, ...rest].slice(0, size);
}

/** How many papers match the topic at all (for "nothing matches this topic today"). */
export function countMatches(search: PaperSearch, topic: string): number {
  return search.search(topic, { limit: 1, match: 'all' }).total;
}
