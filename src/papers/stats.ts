import type { Paper } from './paper.ts';

export interface CorpusStats {
  papers: number;
  withDate: number;
  withAuthors: number;
  withUpvotes: number;
  oldest: string | null;
  newest: string | null;
}

export function corpusStats(papers: readonly Paper[]): CorpusStats {
  const dates = papers.map((paper) => paper.date).filter((date): date is string => date !== null).sort();
  return {
    papers: papers.length,
    withDate: dates.length,
    withAuthors: papers.filter((paper) => paper.authorCount !== null || paper.authors.length > 0).length,
    withUpvotes: papers.filter((paper) => paper.upvotes !== null).length,
    oldest: dates[0] ?? null,
    newest: dates.at(-1) ?? null,
  };
}
