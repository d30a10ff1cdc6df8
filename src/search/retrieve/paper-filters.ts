/**
 * Retrieve, the query's filters (`author:`, `has:code`, `since:`, `upvotes:`; plan/filters.ts) as one predicate on a
 * paper number: what a match must also pass. Cheap tests first (a field of the paper, the corpus's day numbers);
 * each paper's author names are made into words once, on the first `author:` query that reaches it.
 */
import { authorNameWords, authorWordsMatch } from '../../papers/author-names.ts';
import type { Paper } from '../../papers/paper.ts';
import type { FilterRule, QueryFilter } from '../plan/filters.ts';
import type { Corpus } from './corpus.ts';

const authorWordsOf = new WeakMap<Paper, readonly string[][]>();

function paperAuthorWords(paper: Paper): readonly string[][] {
  let known = authorWordsOf.get(paper);
  if (known === undefined) {
    known = paper.authors.map(authorNameWords).filter((words) => words.length > 0);
    authorWordsOf.set(paper, known);
  }
  return known;
}

/** Cheapest rules first: a field, a number, then author names. */
const COST: Record<FilterRule['kind'], number> = { 'has-code': 0, upvotes: 1, since: 2, author: 3 };

function passes(rule: FilterRule, paper: Paper, day: number): boolean {
  switch (rule.kind) {
    case 'has-code':
      return typeof paper.githubRepo === 'string' && paper.githubRepo.trim() !== '';
    case 'since':
      return day !== 0 && day >= rule.day;
    case 'upvotes': {
      const upvotes = paper.upvotes;
      if (upvotes === null || !Number.isFinite(upvotes)) return false;
      switch (rule.op) {
        case '>':
          return upvotes > rule.value;
        case '>=':
          return upvotes >= rule.value;
        case '<':
          return upvotes < rule.value;
        case '<=':
          return upvotes <= rule.value;
      }
      return false;
    }
    case 'author':
      return paperAuthorWords(paper).some((name) => authorWordsMatch(rule.words, name));
  }
}

/** The predicate of a query's filters (false: leave the paper out), or null when it has none. */
export function paperFilter(corpus: Corpus, filters: readonly QueryFilter[]): ((doc: number) => boolean) | null {
  if (filters.length === 0) return null;
  const ordered = [...filters].sort((a, b) => COST[a.rule.kind] - COST[b.rule.kind]);
  const days = ordered.some((filter) => filter.rule.kind === 'since') ? corpus.dayNumbers() : null;
  const { entries } = corpus;
  return (doc) => {
    const paper = entries[doc]?.paper;
    if (!paper) return false;
    const day = days?.[doc] ?? 0;
    for (const filter of ordered) {
      if (passes(filter.rule, paper, day) === filter.negated) return false;
    }
    return true;
  };
}

/** Two predicates as one (either may be absent). */
export function bothFilters(
  a: ((doc: number) => boolean) | null,
  b: ((doc: number) => boolean) | null,
): ((doc: number) => boolean) | null {
  if (a === null) return b;
  if (b === null) return a;
  return (doc) => a(doc) && b(doc);
}
