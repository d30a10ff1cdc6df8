/**
 * The Hugging Face daily papers format (../shared/docs/hf-daily-papers.md), validated item by item.
 * The format is not versioned, so nothing is trusted: an item that does not fit is skipped with a
 * message naming it and saying why, never stored as half a paper. A body that is not an array at all
 * is a wrong shape: the whole response is refused (`WrongShapeError`).
 */
import { z } from 'zod';
import type { PaperInput } from '../papers/corpus-merge.ts';
import { HF_USERNAME } from '../papers/author-names.ts';
import { isArxivId, MAX_ABSTRACT_CHARS } from '../papers/paper.ts';
import { validatePaperInput, type PaperWithdrawal } from '../store/paper-store.ts';
import { StoreValidationError } from '../store/validation.ts';
import { oneLineText } from '../papers/clean-text.ts';

const MAX_INT4 = 2_147_483_647;
export const MAX_TITLE_CHARS = 1000;
const MAX_AUTHORS = 10_000;

const isoTime = z.iso.datetime({ offset: true, message: 'is not an ISO date-time' });

const authorSchema = z.object({
  name: z.string().refine((name) => oneLineText(name) !== '', 'is empty'),
  hidden: z.boolean().optional(),
  // A claimed authorship: the Hugging Face account (`user.user` is its username). An odd one is ignored, never the paper.
  user: z.unknown().optional(),
});

/** The username of an author's claimed account (`user: { user: "tridao", … }`), else null. */
export function claimedAccountOf(user: unknown): string | null {
  if (typeof user !== 'object' || user === null) return null;
  const name = (user as Record<string, unknown>).user;
  return typeof name === 'string' && HF_USERNAME.test(name) ? name : null;
}

const paperSchema = z.object({
  id: z.string().refine(isArxivId, 'is not an arXiv id'),
  title: z.string().optional(),
  summary: z.string().optional(),
  publishedAt: isoTime.optional(),
  upvotes: z.number().int().min(0).max(MAX_INT4),
  authors: z.array(authorSchema).max(MAX_AUTHORS),
  withdrawnAt: z.string().nullish(),
  // When it was put on the daily list (2025 on); odd or absent: the day asked for, else the item's publishedAt.
  submittedOnDailyAt: z.unknown().optional(),
  // Extras (2025 on): any may be absent, null or odd; an odd one is dropped, never the paper.
  ai_summary: z.unknown().optional(),
  githubRepo: z.unknown().optional(),
  githubStars: z.unknown().optional(),
  projectPage: z.unknown().optional(),
});

const itemSchema = z.object({
  title: z.string().optional(),
  summary: z.string().optional(),
  publishedAt: isoTime.optional(),
  paper: paperSchema,
});

export type DailyPaperItem = z.infer<typeof itemSchema>;

/** An item that was not stored, and why. */
export interface SkippedItem {
  /** Names the item: its source, 1-based position, title and arXiv id when known. */
  item: string;
  reason: string;
}

export interface ValidatedPaper {
  item: string;
  input: PaperInput;
}

/** An item saying its paper was withdrawn: a stored paper with that arXiv id is marked, nothing is added. */
export interface ItemWithdrawal extends PaperWithdrawal {
  item: string;
  /** The reason reported when no stored paper has the id: `withdrawn (<time>)`. */
  reason: string;
}

export interface ParsedDailyPapers {
  /** How many items the body held. */
  fetched: number;
  papers: ValidatedPaper[];
  withdrawals: ItemWithdrawal[];
  skipped: SkippedItem[];
}

export class WrongShapeError extends Error {
  override name = 'WrongShapeError';
}

function shorten(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The first `key` in an item stored as text (a Python repr `{'paper': {'id': '…', …}}` or JSON): its string value. */
function keyInText(text: string, key: string): string | null {
  const match = new RegExp(`['"]${key}['"]\\s*:\\s*(?:'((?:[^'\\\\]|\\\\.)*)'|"((?:[^"\\\\]|\\\\.)*)")`).exec(text);
  const value = match?.[1] ?? match?.[2];
  return value === undefined ? null : value.replace(/\\n/g, ' ');
}

/** Whatever identifies a raw item, even an invalid one (even one stored as text). */
function describeItem(source: string, index: number, raw: unknown): string {
  const parts = [`${source} #${index + 1}`];
  let title: string | null = null;
  let id: string | null = null;
  if (typeof raw === 'object' && raw !== null) {
    const record = raw as Record<string, unknown>;
    const paper = typeof record.paper === 'object' && record.paper !== null ? (record.paper as Record<string, unknown>) : {};
    title = typeof paper.title === 'string' ? paper.title : typeof record.title === 'string' ? record.title : null;
    id = typeof paper.id === 'string' ? paper.id : null;
  } else if (typeof raw === 'string') {
    title = keyInText(raw, 'title');
    id = keyInText(raw, 'id');
  }
  if (title !== null && oneLineText(title) !== '') parts.push(JSON.stringify(shorten(oneLineText(title))));
  if (id !== null && id.trim() !== '') parts.push(`(${shorten(id, 40)})`);
  return parts.join(' ');
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

export const MAX_SUMMARY_CHARS = 1000;
const MAX_LINK_CHARS = 500;

function summaryOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = oneLineText(value);
  return text === '' || text.length > MAX_SUMMARY_CHARS ? null : text;
}

/** An http(s) URL, else null (a relative path, `javascript:`, a bare word). */
export function httpUrlOf(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_LINK_CHARS) return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function starsOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_INT4 ? value : null;
}

/** The extras of a paper record (`ai_summary`, `githubRepo`, `githubStars`, `projectPage`), each null when missing or unusable. */
export function hfExtras(paper: { ai_summary?: unknown; githubRepo?: unknown; githubStars?: unknown; projectPage?: unknown }) {
  const githubRepo = httpUrlOf(paper.githubRepo);
  return {
    aiSummary: summaryOf(paper.ai_summary),
    githubRepo,
    githubStars: githubRepo === null ? null : starsOf(paper.githubStars),
    projectPage: httpUrlOf(paper.projectPage),
  };
}

/** 'YYYY-MM-DD' (UTC) of an ISO time that already passed validation. */
function dayOf(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}

/**
 * The day the item was listed on the daily papers (UTC): `paper.submittedOnDailyAt`, else the day the list was asked
 * for, else the item's `publishedAt` (before 2025 it was the listing time; now it is the paper's publication).
 */
function listedDayOf(submittedOnDailyAt: unknown, fallbackDate: string | null, itemPublishedAt: string | undefined): string | null {
  if (typeof submittedOnDailyAt === 'string' && isoTime.safeParse(submittedOnDailyAt).success) return dayOf(submittedOnDailyAt);
  if (fallbackDate !== null) return fallbackDate;
  return itemPublishedAt === undefined ? null : dayOf(itemPublishedAt);
}

const withdrawalSchema = z.object({
  paper: z.object({ id: z.string().refine(isArxivId, 'is not an arXiv id'), withdrawnAt: z.string().max(100).refine((at) => oneLineText(at) !== '') }),
});

/**
 * A withdrawn item needs only its arXiv id and `withdrawnAt` (a withdrawn record may lack the abstract or authors a
 * paper needs); null when it does not say it was withdrawn.
 */
function withdrawalOf(raw: unknown): { ok: false; reason: string; withdrawal: PaperWithdrawal } | null {
  const parsed = withdrawalSchema.safeParse(raw);
  if (!parsed.success) return null;
  const withdrawnAt = oneLineText(parsed.data.paper.withdrawnAt);
  return { ok: false, reason: `withdrawn (${withdrawnAt})`, withdrawal: { arxivId: parsed.data.paper.id.replace(/v\d+$/, ''), withdrawnAt } };
}

/**
 * One item → a paper, or the reason it is skipped (with `withdrawal` when the item says its paper was withdrawn). The paper's date is its publication date
 * (`paper.publishedAt`, the date the listing pages show), else when it was listed, else `fallbackDate`;
 * `listedOn` is the day it was on the daily list (`listedDayOf`), what top lists count by.
 */
export function validateItem(
  raw: unknown,
  fallbackDate: string | null,
): { ok: true; input: PaperInput } | { ok: false; reason: string; withdrawal?: PaperWithdrawal } {
  const parsed = itemSchema.safeParse(raw);
  if (!parsed.success) return withdrawalOf(raw) ?? { ok: false, reason: describeIssues(parsed.error) };
  const { paper } = parsed.data;
  if (paper.withdrawnAt !== undefined && paper.withdrawnAt !== null) return withdrawalOf(raw) ?? { ok: false, reason: `withdrawn (${paper.withdrawnAt})` };
  const title = oneLineText(paper.title ?? parsed.data.title ?? '');
  const abstract = oneLineText(paper.summary ?? parsed.data.summary ?? '');
  if (title === '') return { ok: false, reason: 'no title (paper.title and title are missing or empty)' };
  if (title.length > MAX_TITLE_CHARS) return { ok: false, reason: `title longer than ${MAX_TITLE_CHARS} characters` };
  if (abstract === '') return { ok: false, reason: 'no abstract (paper.summary and summary are missing or empty)' };
  if (abstract.length > MAX_ABSTRACT_CHARS) return { ok: false, reason: `abstract longer than ${MAX_ABSTRACT_CHARS} characters` };
  const authors = paper.authors.map((author) => oneLineText(author.name));
  const authorAccounts = paper.authors.map((author) => claimedAccountOf(author.user));
  const listedAt = paper.publishedAt ?? parsed.data.publishedAt;
  const input: PaperInput = {
    title,
    abstract,
    authors,
    authorCount: authors.length > 0 ? authors.length : null,
    authorAccounts,
    date: listedAt === undefined ? fallbackDate : dayOf(listedAt),
    upvotes: paper.upvotes,
    // The paper, not one version of it: `2502.11089v2` is the `2502.11089` already stored (and its HF page).
    arxivId: paper.id.replace(/v\d+$/, ''),
    listedOn: listedDayOf(paper.submittedOnDailyAt, fallbackDate, parsed.data.publishedAt),
    ...hfExtras(paper),
  };
  // What the store would refuse (a time whose UTC day is past year 9999, …) is this item's fault: skipped here, it
  // cannot fail the transaction of the whole day.
  try {
    validatePaperInput(input, 0);
  } catch (error) {
    if (error instanceof StoreValidationError) return { ok: false, reason: error.message.replace(/^papers\[0\]: /, '') };
    throw error;
  }
  return { ok: true, input };
}

/**
 * A whole response body (or JSON file) in the API's shape. `source` names it in messages
 * (`2025-02-17`, a file path); `fallbackDate` dates items that carry no date of their own.
 */
export function parseDailyPapers(body: unknown, source: string, fallbackDate: string | null): ParsedDailyPapers {
  if (!Array.isArray(body)) {
    const what = body === null ? 'null' : typeof body === 'object' ? 'an object' : typeof body;
    throw new WrongShapeError(`${source}: expected a JSON array of daily papers, got ${what}`);
  }
  const papers: ValidatedPaper[] = [];
  const withdrawals: ItemWithdrawal[] = [];
  const skipped: SkippedItem[] = [];
  body.forEach((raw: unknown, index) => {
    const item = describeItem(source, index, raw);
    const result = validateItem(raw, fallbackDate);
    if (result.ok) papers.push({ item, input: result.input });
    else if (result.withdrawal) withdrawals.push({ item, reason: result.reason, ...result.withdrawal });
    else skipped.push({ item, reason: result.reason });
  });
  return { fetched: body.length, papers, withdrawals, skipped };
}
