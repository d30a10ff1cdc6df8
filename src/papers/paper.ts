import { createHash } from 'node:crypto';

/** One research paper, as the index, the digests and every surface see it. */
export interface Paper {
  /** Stable id derived from the normalized title (see `paperIdFor`). */
  id: string;
  title: string;
  abstract: string;
  /** Author names when a source lists them (the HF API does; the seed pages only give a count). */
  authors: string[];
  /** Number of authors, or null when no source said. */
  authorCount: number | null;
  /**
   * The paper's date as its source shows it, `YYYY-MM-DD` (the HF API: its publication date; a listing page: the date
   * under the title), or null when unknown.
   */
  date: string | null;
  /**
   * The day (UTC, `YYYY-MM-DD`) it was on Hugging Face's daily papers list, known from the API only; absent or null
   * otherwise. Top lists count papers by it (a paper without one by `date`).
   */
  listedOn?: string | null;
  upvotes: number | null;
  /** arXiv id once a source provides one (seed pages do not). */
  arxivId: string | null;
  url: string;
  /** What Hugging Face knows beyond the abstract (issue 17); absent or null when no source said. */
  aiSummary?: string | null;
  /** The code repository (an http(s) URL) and its GitHub stars. */
  githubRepo?: string | null;
  githubStars?: number | null;
  projectPage?: string | null;
  /**
   * When a source said the paper was withdrawn (Hugging Face's `withdrawnAt`); absent for a paper that stands. A
   * withdrawn paper stays stored (deliveries, ratings and saved papers point at it) but is not searched or sent.
   */
  withdrawnAt?: string;
}

/** Papers that stand: what search, digests, top lists and follows may show. */
export function standingPapers<T extends Pick<Paper, 'withdrawnAt'>>(papers: readonly T[]): T[] {
  return papers.filter((paper) => paper.withdrawnAt === undefined);
}

/** The Hugging Face extras of a paper, each null when unknown. */
export interface PaperExtras {
  aiSummary: string | null;
  githubRepo: string | null;
  githubStars: number | null;
  projectPage: string | null;
}

export function paperExtras(paper: Pick<Paper, keyof PaperExtras>): PaperExtras {
  return {
    aiSummary: paper.aiSummary ?? null,
    githubRepo: paper.githubRepo ?? null,
    githubStars: paper.githubStars ?? null,
    projectPage: paper.projectPage ?? null,
  };
}

/** Lower-case, accents folded, punctuation and spacing collapsed: two spellings of one title match. */
export function normalizeTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** `hydra-sequentially-dependent-draft-heads-3f9a1c`: readable, short, and stable for one title. */
export function paperIdFor(title: string): string {
  const normalized = normalizeTitle(title);
  const asciiWords = normalized.split(' ').filter((word) => /^[a-z0-9]+$/.test(word));
  const slug = asciiWords.slice(0, 5).join('-').slice(0, 48).replace(/-+$/, '');
  const hash = createHash('sha1').update(normalized).digest('hex').slice(0, 6);
  return slug ? `${slug}-${hash}` : `paper-${hash}`;
}

/** Without an arXiv id the honest link is an arXiv title search. */
export function paperUrl(title: string, arxivId: string | null): string {
  if (arxivId) return `https://huggingface.co/papers/${arxivId}`;
  return `https://arxiv.org/search/?query=${encodeURIComponent(title)}&searchtype=title`;
}

/**
 * The key one paper is matched on across sources (seed pages, the API, files): the normalized title, or
 * for a title that normalizes to nothing (e.g. only symbols) the trimmed title itself.
 */
export function paperTitleKey(title: string): string {
  const normalized = normalizeTitle(title);
  return normalized ? `n:${normalized}` : `raw:${title.trim()}`;
}

/** New-style arXiv ids ("2502.11089", "0704.0001v2") and old-style ones ("hep-th/9901001", "math.GT/0309136"). */
const ARXIV_ID = /^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?$/;

/** The longest abstract the store takes (real ones stay under 2,000 characters): any source's longer one is not a paper. */
export const MAX_ABSTRACT_CHARS = 50_000;

export function isArxivId(value: string): boolean {
  return ARXIV_ID.test(value);
}

/** Only the extras that are known, so a paper without any looks as it always did (and compares equal to one). */
export function knownExtras(extras: PaperExtras): Partial<PaperExtras> {
  const known: Partial<PaperExtras> = {};
  if (extras.aiSummary !== null) known.aiSummary = extras.aiSummary;
  if (extras.githubRepo !== null) known.githubRepo = extras.githubRepo;
  if (extras.githubStars !== null) known.githubStars = extras.githubStars;
  if (extras.projectPage !== null) known.projectPage = extras.projectPage;
  return known;
}
