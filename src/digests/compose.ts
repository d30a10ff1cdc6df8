import type { PaperSearch, SearchHit } from '../search/types.ts';

/** Pages through the topic's matches; this many pages at most (50 a page) when most were already sent. */
const MAX_PAGES = 20;
const PAGE = 50;

/**
 * The digest for a topic: the best `size` papers that contain every word of the topic and that the
 * channel was never sent. Order is the search ranking, which breaks relevance ties by upvotes, then date.
 */
export function composeDigest(search: PaperSearch, topic: string, alreadySent: ReadonlySet<string>, size: number): SearchHit[] {
  const picked: SearchHit[] = [];
  for (let page = 0; page < MAX_PAGES && picked.length < size; page++) {
    const result = search.search(topic, { offset: page * PAGE, limit: PAGE, match: 'all' });
    for (const hit of result.hits) {
      if (!alreadySent.has(hit.paper.id)) picked.push(hit);
      if (picked.length >= size) break;
    }
    if ((page + 1) * PAGE >= result.total) break;
  }
  return picked;
}

/** How many papers match the topic at all (for "nothing matches this topic today"). */
export function countMatches(search: PaperSearch, topic: string): number {
  return search.search(topic, { limit: 1, match: 'all' }).total;
}
