import { normalizeTitle, paperIdFor, paperUrl, type Paper } from './paper.ts';
import type { ParsedPaper } from './parse-listing.ts';

interface Group {
  first: ParsedPaper;
  abstract: string;
  authorCount: number | null;
  /** First date that carried an explicit year. */
  datedWithYear: string | null;
  /** First date of any kind. */
  firstDate: string | null;
  upvotes: number | null;
}

function maxOrNull(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

/** Titles that normalize to nothing (e.g. all non-Latin) still only merge with the very same spelling. */
function groupKey(title: string): string {
  const normalized = normalizeTitle(title);
  return normalized ? `n:${normalized}` : `raw:${title.trim()}`;
}

function compareText(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

/** Newest date first, undated papers last, then by title: the same input always gives the same order. */
export function comparePapers(a: Paper, b: Paper): number {
  if (a.date !== b.date) {
    if (a.date === null) return 1;
    if (b.date === null) return -1;
    return compareText(b.date, a.date);
  }
  return (
    compareText(normalizeTitle(a.title), normalizeTitle(b.title)) ||
    compareText(a.title, b.title) ||
    compareText(a.id, b.id)
  );
}

/**
 * One record per paper (same `normalizeTitle`), however many pages listed it: the title as first seen,
 * the longest abstract, the largest author count and upvote count, and the first date that had an explicit
 * year (else the first date at all, since a year-less date was resolved by guess). Seed pages carry no
 * author names nor arXiv ids, so `authors` is empty and `url` is an arXiv title search.
 */
export function mergePapers(parsed: ParsedPaper[]): Paper[] {
  const groups = new Map<string, Group>();
  for (const paper of parsed) {
    const key = groupKey(paper.title);
    const group = groups.get(key);
    if (!group) {
      groups.set(key, {
        first: paper,
        abstract: paper.abstract,
        authorCount: paper.authorCount,
        datedWithYear: paper.date !== null && paper.dateHasYear ? paper.date : null,
        firstDate: paper.date,
        upvotes: paper.upvotes,
      });
      continue;
    }
    if (paper.abstract.length > group.abstract.length) group.abstract = paper.abstract;
    group.authorCount = maxOrNull(group.authorCount, paper.authorCount);
    group.upvotes = maxOrNull(group.upvotes, paper.upvotes);
    if (group.datedWithYear === null && paper.date !== null && paper.dateHasYear) group.datedWithYear = paper.date;
    if (group.firstDate === null) group.firstDate = paper.date;
  }

  const papers: Paper[] = [];
  for (const group of groups.values()) {
    const title = group.first.title;
    papers.push({
      id: paperIdFor(title),
      title,
      abstract: group.abstract,
      authors: [],
      authorCount: group.authorCount,
      date: group.datedWithYear ?? group.firstDate,
      upvotes: group.upvotes,
      arxivId: null,
      url: paperUrl(title, null),
    });
  }
  return papers.sort(comparePapers);
}
