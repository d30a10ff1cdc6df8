/**
 * Retrieve, the query's filters (`author:`, `has:code`, `since:`, `upvotes:`; plan/filters.ts) as one predicate on a
 * paper number: what a match must also pass. Cheap tests first (a field of the paper, the corpus's day numbers);
 * each paper's author names are folded into one text of words once (the first `author:` query), and only the names
 * of papers whose text holds the typed last name as a word are made into words.
 */
import { authorNameWords, authorNeedle, authorWordsMatch, authorWordsText } from '../../papers/author-names.ts';
import type { Paper } from '../../papers/paper.ts';
import type { FilterRule, QueryFilter } from '../plan/filters.ts';
import type { Corpus } from './corpus.ts';

const authorTextOf = new WeakMap<Paper, string>();
const authorWordsOf = new WeakMap<Paper, readonly string[][]>();

/** All of a paper's author names as one text of spaced words (authorWordsText): the cheap test before the words. */
function paperAuthorText(paper: Paper): string {
  let known = authorTextOf.get(paper);
  if (known === undefined) {
    known = authorWordsText(paper.authors);
    authorTextOf.set(paper, known);
  }
  return known;
}

/**
 * Whether an author of the paper is the typed name. The typed last name must be a word of the names' text before
 * any name is split into words (most papers fail that test).
 */
function hasAuthor(paper: Paper, typedWords: readonly string[], needle: string): boolean {
  if (paper.authors.length === 0 || !paperAuthorText(paper).includes(needle)) return false;
  let names = authorWordsOf.get(paper);
  if (names === undefined) {
    names = paper.authors.map(authorNameWords);
    authorWordsOf.set(paper, names);
  }
  return names.some((name) => authorWordsMatch(typedWords, name));
}

/** Cheapest rules first: a field, a number, then author names. */
const COST: Record<FilterRule['kind'], number> = { 'has-code': 0, upvotes: 1, since: 2, author: 3 };

/**
 * Whether a paper passes a rule; null when the paper lacks what the rule compares (no date for `since:`, no upvote
 * count for `upvotes:`). Such a paper passes neither the rule nor its negation: `-since:2025-06` means dated before
 * June 2025, as `upvotes:<=20` is `-upvotes:>20`, not "undated too".
 */
function passes(rule: FilterRule, paper: Paper, day: number): boolean | null {
  switch (rule.kind) {
    case 'has-code':
      return typeof paper.githubRepo === 'string' && paper.githubRepo.trim() !== '';
    case 'since':
      return day === 0 ? null : day >= rule.day;
    case 'upvotes': {
      const upvotes = paper.upvotes;
      if (upvotes === null || !Number.isFinite(upvotes)) return null;
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
      return hasAuthor(paper, rule.words, authorNeedle(rule.words));
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
      const passed = passes(filter.rule, paper, day);
      if (passed === null || passed === filter.negated) return false;
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
