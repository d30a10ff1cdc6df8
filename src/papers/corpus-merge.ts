/**
 * How a paper arriving from any source (seed page, Hugging Face API, file) is folded into the stored
 * corpus. Pure functions; the store applies them inside its transaction.
 *
 * A source that knows the arXiv id (the API, a JSON file in its shape) is authoritative for what it says:
 * its title spelling, abstract, author names, date and upvotes replace the stored ones. A listing page
 * (no arXiv id) only fills gaps: it never overwrites what an authoritative source stored and keeps the larger
 * upvote and author counts. Its date moves a known one only on a record no authoritative source has seen, and
 * only earlier: a listing date is never later than the page's capture, while dates once resolved against the
 * clock at load time drifted later (issue 13 #3), so the earlier date is the one to keep. The id never
 * changes: deliveries ("never the same paper twice") stay valid.
 */
import { knownExtras, paperExtras, paperTitleKey, paperUrl, type Paper, type PaperExtras } from './paper.ts';

/** A paper as a source gives it, before it has a stored id and url. */
export interface PaperInput {
  title: string;
  abstract: string;
  /** Author names; empty when the source does not list them. */
  authors: readonly string[];
  authorCount: number | null;
  /**
   * Per author (same order as `authors`), the Hugging Face account that claimed the authorship, or null; undefined when
   * the source does not say (only the HF API does). Stored beside the paper (paper_author_accounts), not in it.
   */
  authorAccounts?: ReadonlyArray<string | null>;
  /** `YYYY-MM-DD` or null. */
  date: string | null;
  upvotes: number | null;
  arxivId: string | null;
  /** The day it was on the daily papers list (the HF API only); undefined or null when the source does not say. */
  listedOn?: string | null;
  /** Hugging Face extras; undefined when the source does not carry them (a listing page, arXiv), null when it says none. */
  aiSummary?: string | null;
  githubRepo?: string | null;
  githubStars?: number | null;
  projectPage?: string | null;
}

function maxOrNull(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

/** A brand-new stored paper (the caller chooses the id: normally `paperIdFor(title)`). */
export function newStoredPaper(id: string, input: PaperInput): Paper {
  const authors = [...input.authors];
  return {
    id,
    title: input.title,
    abstract: input.abstract,
    authors,
    authorCount: authors.length > 0 ? authors.length : input.authorCount,
    date: input.date,
    upvotes: input.upvotes,
    arxivId: input.arxivId,
    url: paperUrl(input.title, input.arxivId),
    ...(input.listedOn ? { listedOn: input.listedOn } : {}),
    ...knownExtras(paperExtras(input)),
  };
}

/** A source that carries the extras (the HF API) says what they are now, null included; others keep what is stored. */
function mergeExtras(existing: Paper, input: PaperInput): PaperExtras {
  const stored = paperExtras(existing);
  return {
    aiSummary: input.aiSummary === undefined ? stored.aiSummary : input.aiSummary,
    githubRepo: input.githubRepo === undefined ? stored.githubRepo : input.githubRepo,
    githubStars: input.githubStars === undefined ? stored.githubStars : input.githubStars,
    projectPage: input.projectPage === undefined ? stored.projectPage : input.projectPage,
  };
}

/**
 * `existing` with `input` merged in (see the module comment). `titleFree(key)` says whether the paper may
 * take a changed title key: an authoritative source may re-spell the title (and even rename the paper,
 * matched on its arXiv id) unless the store says that title is spoken for (by a listing-page record).
 */
export function mergeStoredPaper(existing: Paper, input: PaperInput, titleFree: (titleKey: string) => boolean): Paper {
  const authoritative = input.arxivId !== null;
  const arxivId = input.arxivId ?? existing.arxivId;

  let title = existing.title;
  if (authoritative && input.title !== existing.title) {
    const key = paperTitleKey(input.title);
    if (key === paperTitleKey(existing.title) || titleFree(key)) title = input.title;
  }

  let abstract = existing.abstract;
  if (authoritative) abstract = input.abstract;
  else if (existing.arxivId === null && input.abstract.length > existing.abstract.length) abstract = input.abstract;

  const authors =
    input.authors.length > 0 && (authoritative || existing.authors.length === 0) ? [...input.authors] : [...existing.authors];
  const authorCount = authors.length > 0 ? authors.length : maxOrNull(existing.authorCount, input.authorCount);

  let date = existing.date ?? input.date;
  if (authoritative && input.date !== null) date = input.date;
  else if (existing.arxivId === null && input.date !== null && existing.date !== null && input.date < existing.date) date = input.date;
  const upvotes = authoritative && input.upvotes !== null ? input.upvotes : maxOrNull(existing.upvotes, input.upvotes);

  return {
    id: existing.id,
    title,
    abstract,
    authors,
    authorCount,
    date,
    upvotes,
    arxivId,
    url: paperUrl(title, arxivId),
    ...listedOnOf(input.listedOn ?? existing.listedOn ?? null),
    ...knownExtras(authoritative ? mergeExtras(existing, input) : paperExtras(existing)),
    // Only a withdrawal notice (`withdrawnPaper`) withdraws a paper; only a source that says which papers are
    // withdrawn brings it back (`standingPaper`, decided by the store).
    ...(existing.withdrawnAt === undefined ? {} : { withdrawnAt: existing.withdrawnAt }),
  };
}

/** `existing` withdrawn at `withdrawnAt` (the first notice's time is kept). */
export function withdrawnPaper(existing: Paper, withdrawnAt: string): Paper {
  return existing.withdrawnAt === undefined ? { ...existing, withdrawnAt } : existing;
}

/** `existing` no longer withdrawn: the source that withdrew it lists it again without a withdrawal. */
export function standingPaper(existing: Paper): Paper {
  const { withdrawnAt: _withdrawnAt, ...standing } = existing;
  return standing;
}

/** Only a known listing day is carried, so a paper without one looks as it always did. */
function listedOnOf(day: string | null): Pick<Paper, 'listedOn'> {
  return day === null ? {} : { listedOn: day };
}

export function samePaper(a: Paper, b: Paper): boolean {
  const ea = paperExtras(a);
  const eb = paperExtras(b);
  return (
    ea.aiSummary === eb.aiSummary &&
    ea.githubRepo === eb.githubRepo &&
    ea.githubStars === eb.githubStars &&
    ea.projectPage === eb.projectPage &&
    a.id === b.id &&
    a.title === b.title &&
    a.abstract === b.abstract &&
    a.authorCount === b.authorCount &&
    a.date === b.date &&
    (a.listedOn ?? null) === (b.listedOn ?? null) &&
    a.withdrawnAt === b.withdrawnAt &&
    a.upvotes === b.upvotes &&
    a.arxivId === b.arxivId &&
    a.url === b.url &&
    a.authors.length === b.authors.length &&
    a.authors.every((name, i) => name === b.authors[i])
  );
}

/** A seed/listing `Paper` (from `mergePapers`) as an input for the store. */
export function toPaperInput(paper: Paper): PaperInput {
  return {
    title: paper.title,
    abstract: paper.abstract,
    authors: paper.authors,
    authorCount: paper.authorCount,
    date: paper.date,
    upvotes: paper.upvotes,
    arxivId: paper.arxivId,
    ...(paper.listedOn ? { listedOn: paper.listedOn } : {}),
    ...(paper.aiSummary === undefined ? {} : { aiSummary: paper.aiSummary }),
    ...(paper.githubRepo === undefined ? {} : { githubRepo: paper.githubRepo }),
    ...(paper.githubStars === undefined ? {} : { githubStars: paper.githubStars }),
    ...(paper.projectPage === undefined ? {} : { projectPage: paper.projectPage }),
  };
}
