/**
 * Reference rankers for the search evaluation (dev use: scripts/eval-search.ts and the ranking test).
 * Each takes papers and returns `rank(query) → paper ids, best first`.
 */
import './lunr-patch.ts';
import lunr from 'lunr';
import MiniSearch from 'minisearch';
import type { Paper } from '../papers/paper.ts';
import { createPaperSearch } from './paper-index.ts';
import type { PaperSearch } from './types.ts';

export type Ranker = (query: string) => string[];

/** Plain lunr: fields title + abstract, no boosts, default pipeline; the query's words OR'ed. */
export function plainLunrRanker(papers: readonly Paper[]): Ranker {
  const index = lunr(function build() {
    this.ref('id');
    this.field('title');
    this.field('abstract');
    for (const paper of papers) this.add({ id: paper.id, title: paper.title, abstract: paper.abstract });
  });
  return (query) => {
    const tokens = lunr.tokenizer(query).map((token) => token.toString()).filter((token) => token.length > 0);
    if (tokens.length === 0) return [];
    return index
      .query((q) => {
        for (const token of tokens) {
          // Default presence (optional) = OR; no wildcard, so nothing typed acts as lunr syntax.
          q.term(token, { wildcard: lunr.Query.wildcard.NONE });
        }
      })
      .map((result) => result.ref);
  };
}

/** MiniSearch with default options (OR of the query's words) over title + abstract. */
export function miniSearchRanker(papers: readonly Paper[]): Ranker {
  const mini = new MiniSearch<Paper>({ fields: ['title', 'abstract'], idField: 'id' });
  mini.addAll([...papers]);
  return (query) => mini.search(query).map((result) => String(result.id));
}

/** Our search, every match in order. */
export function paperSearchRanker(papers: readonly Paper[], search: PaperSearch = createPaperSearch([...papers])): Ranker {
  return (query) => {
    const first = search.search(query, { offset: 0, limit: 1 });
    const ids: string[] = [];
    for (let offset = 0; offset < first.total; offset += 50) {
      ids.push(...search.search(query, { offset, limit: 50 }).hits.map((hit) => hit.paper.id));
    }
    return ids;
  };
}
