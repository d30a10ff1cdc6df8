/** A papers-table row ↔ a `Paper`, and the order papers are listed in. */
import type { Selectable } from 'kysely';
import { knownExtras, paperTitleKey, type Paper } from '../papers/paper.ts';
import type { PapersTable } from './schema.ts';

type PaperRow = Selectable<PapersTable>;

/** The columns a `Paper` is made of (the table's bookkeeping columns, title_key, timestamps and revision, are not read). */
export const PAPER_COLUMNS = [
  'id',
  'title',
  'abstract',
  'authors',
  'author_count',
  'date',
  'upvotes',
  'arxiv_id',
  'url',
  'listed_on',
  'withdrawn_at',
  'ai_summary',
  'github_repo',
  'github_stars',
  'project_page',
] as const;
export type StoredPaperRow = Pick<PaperRow, (typeof PAPER_COLUMNS)[number]>;

/** Newest date first (undated last), then by id. */
export function comparePapersStored(a: Paper, b: Paper): number {
  if (a.date !== b.date) {
    if (a.date === null) return 1;
    if (b.date === null) return -1;
    return a.date < b.date ? 1 : -1;
  }
  if (a.id === b.id) return 0;
  return a.id < b.id ? -1 : 1;
}

export function toRow(paper: Paper): Omit<PapersTable, 'added_at' | 'updated_at' | 'revision'> {
  return {
    id: paper.id,
    title_key: paperTitleKey(paper.title),
    arxiv_id: paper.arxivId,
    title: paper.title,
    abstract: paper.abstract,
    authors: JSON.stringify(paper.authors),
    author_count: paper.authorCount,
    date: paper.date,
    upvotes: paper.upvotes,
    url: paper.url,
    ai_summary: paper.aiSummary ?? null,
    github_repo: paper.githubRepo ?? null,
    github_stars: paper.githubStars ?? null,
    project_page: paper.projectPage ?? null,
    listed_on: paper.listedOn ?? null,
    withdrawn_at: paper.withdrawnAt ?? null,
  };
}

function parseAuthors(text: string, id: string): string[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed) || !parsed.every((name): name is string => typeof name === 'string')) {
    throw new Error(`papers.id=${id} has malformed authors`);
  }
  return parsed;
}

export function fromRow(row: StoredPaperRow): Paper {
  return {
    id: row.id,
    title: row.title,
    abstract: row.abstract,
    authors: parseAuthors(row.authors, row.id),
    authorCount: row.author_count,
    date: row.date,
    upvotes: row.upvotes,
    arxivId: row.arxiv_id,
    url: row.url,
    ...(row.listed_on === null ? {} : { listedOn: row.listed_on }),
    ...(row.withdrawn_at === null ? {} : { withdrawnAt: row.withdrawn_at }),
    ...knownExtras({ aiSummary: row.ai_summary, githubRepo: row.github_repo, githubStars: row.github_stars, projectPage: row.project_page }),
  };
}
