import { hasExplicitYear, listingDateParts } from './dates.ts';
import { captureTimeOf, resolvePageDates, type PageAnchor } from './page-dates.ts';

/** One paper as read from one listing page, before papers from several pages are merged. */
export interface ParsedPaper {
  title: string;
  abstract: string;
  authorCount: number | null;
  /** `YYYY-MM-DD`, or null when the page gave no (valid) date. */
  date: string | null;
  /** Whether the page wrote the year ("Jul 24, 2024") rather than leaving it implied ("Mar 20"). */
  dateHasYear: boolean;
  upvotes: number | null;
  /** Where the paper was read from (a file path, usually). */
  source: string;
  /** 1-based line of the title in the page. */
  line: number;
}

/** Something on a page that did not fit; `line` is 1-based, or 0 when it concerns the page as a whole. */
export interface ParseWarning {
  source: string;
  line: number;
  message: string;
}

/**
 * compact: no blank lines, a title line then its abstract line (000_*.txt).
 * spaced: title, blank, abstract, blank, optional metadata block (001-003_*.txt).
 * empty: nothing that looks like a paper.
 */
export type ListingLayout = 'compact' | 'spaced' | 'empty';

export interface ParseListingOptions {
  /** Names the page in warnings and in each paper (a file path, usually). */
  source: string;
  /**
   * When the page was captured, if the caller knows (a `Captured: …` line in the page says it too). Dates without
   * a year take their year from it, else from the page itself (page-dates.ts); never from the clock.
   */
  capturedAt?: Date;
}

export interface ParseListingResult {
  papers: ParsedPaper[];
  warnings: ParseWarning[];
  layout: ListingLayout;
  /** The latest day the page's year-less dates can be, and what told it (see page-dates.ts). */
  anchor: PageAnchor;
  /** The listing's page chrome ("Daily Papers", "Subscribe", …) or a `Captured:` line stood above the papers. */
  pageHeader: boolean;
  /** Text lines that fit no paper (a title without abstract, abstract-like text without title): listing-check.ts. */
  strayLines: number;
}

/** Titles are short; anything this long is an abstract (real titles stay under 200, abstracts over 500). */
export const MAX_TITLE_LENGTH = 300;

/** Fixed page chrome of the Hugging Face listing (both layouts), only skipped before the first paper. */
const CHROME_LINES = new Set([
  'new',
  'Get trending papers in your email inbox!',
  'Get trending papers in your email inbox once a day!',
  'Subscribe',
  'Daily Papers',
  'byAK and the research community',
]);
/** A capture time recorded above the listing: "Captured: 2025-11-12T08:00:00Z" or "Captured: 2025-11-12". */
const CAPTURED_LINE = /^captured(?: at)?:\s*(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)$/i;
/** In the compact layout the first title is glued onto "Subscribe": "SubscribeThe NPU-ASLP…". */
const GLUED_SUBSCRIBE = /^Subscribe(?=[A-Z0-9"'(\[])/;

const AUTHORS_LINE = /^•\s*(\d{1,4})\s+authors?$/;
const SEPARATOR_LINE = /^·$/;
/** "Jul 24, 2024", "Mar 20", optionally followed by an upvote count: "Feb 7, 2024 2", "Sep 22 2". */
const DATE_LINE = /^([A-Z][a-z]{2} \d{1,2}(?:, \d{4})?)(?: (\d{1,7}))?$/;

/**
 * A full stop followed by another sentence. Only a full stop: titles do use "?" and "!" mid-way
 * ("How Does Attention Work in Vision Transformers? A Visual Analytics Attempt").
 */
const SENTENCE_BREAK = /[^.]\.["')\]]?\s+["'(\[]?[A-Z0-9]/;
/** Ends a sentence with a single full stop (not an ellipsis, as in "… RNNs or ...."). */
const FULL_STOP_END = /[^.]\.["')\]]?$/;
/** Any sentence end: an abstract cut off mid-sentence lacks one. */
const SENTENCE_END = /[.!?]["')\]]?$/;

/** Control characters other than tab / line ends, and the replacement character left by bad UTF-8. */
const JUNK_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/g;

type Line =
  | { kind: 'text'; line: number; text: string; afterBlank: boolean }
  | { kind: 'authors'; line: number; text: string; count: number }
  | { kind: 'separator'; line: number; text: string }
  | { kind: 'date'; line: number; text: string; dateText: string; upvotes: number | null }
  | { kind: 'unknown-meta'; line: number; text: string };

type MetaLine = Exclude<Line, { kind: 'text' }>;

/**
 * Shape check telling an abstract from a title: long, or several sentences (a full stop followed by more
 * text, ending on a full stop). Titles are short and at most end on a period.
 */
export function looksLikeAbstract(text: string): boolean {
  if (text.length >= MAX_TITLE_LENGTH) return true;
  return FULL_STOP_END.test(text) && SENTENCE_BREAK.test(text);
}

function quote(text: string, max = 60): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const junk = text.match(JUNK_CHARS)?.length ?? 0;
  return junk > 0 && junk >= text.length * 0.01;
}

function classify(raw: string, line: number, afterBlank: boolean): Line | null {
  const text = raw.replace(JUNK_CHARS, '').replace(/\s+/g, ' ').trim();
  if (text === '') return null;
  const authors = AUTHORS_LINE.exec(text);
  if (authors) return { kind: 'authors', line, text, count: Number(authors[1]) };
  if (SEPARATOR_LINE.test(text)) return { kind: 'separator', line, text };
  const date = DATE_LINE.exec(text);
  if (date) {
    const upvotes = date[2] === undefined ? null : Number(date[2]);
    return { kind: 'date', line, text, dateText: date[1] ?? text, upvotes };
  }
  if (text.startsWith('•')) return { kind: 'unknown-meta', line, text };
  return { kind: 'text', line, text, afterBlank };
}

/** Non-blank lines, classified by shape; `afterBlank` says a blank line came right before. */
function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let previousBlank = true;
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const entry = classify(raw, index + 1, previousBlank);
    previousBlank = entry === null;
    if (entry) lines.push(entry);
  });
  return lines;
}

interface Chrome {
  /** The listing date under the chrome ("Dec 26"). */
  header: string | null;
  /** The `Captured: …` line's time. */
  capturedAt: Date | null;
  /** Some chrome line or a `Captured:` line was there (a bare listing date does not count). */
  seen: boolean;
}

/** Drops the leading page chrome (keeping the listing date and any capture time from it); un-glues "SubscribeTitle". */
function stripChrome(lines: Line[]): { lines: Line[]; chrome: Chrome } {
  const chrome: Chrome = { header: null, capturedAt: null, seen: false };
  let start = 0;
  while (start < lines.length) {
    const entry = lines[start];
    if (!entry) break;
    if (entry.kind === 'text' && CHROME_LINES.has(entry.text)) {
      chrome.seen ||= entry.text !== 'new';
      start += 1;
      continue;
    }
    const captured = entry.kind === 'text' ? CAPTURED_LINE.exec(entry.text) : null;
    if (captured?.[1] !== undefined) {
      chrome.capturedAt = captureTimeOf(captured[1]) ?? chrome.capturedAt;
      chrome.seen = true;
      start += 1;
      continue;
    }
    // A lone date before any paper is the listing date ("Dec 26"), as long as it is not the tail of a
    // metadata block cut off at the top of the page (which would start with "•" or "·").
    if (entry.kind === 'date' && entry.upvotes === null) {
      chrome.header ??= entry.dateText;
      start += 1;
      continue;
    }
    if (entry.kind === 'text' && GLUED_SUBSCRIBE.test(entry.text)) {
      const rest = entry.text.slice('Subscribe'.length).trim();
      return { lines: [{ ...entry, text: rest }, ...lines.slice(start + 1)], chrome: { ...chrome, seen: true } };
    }
    break;
  }
  return { lines: lines.slice(start), chrome };
}

function detectLayout(lines: Line[]): ListingLayout {
  let adjacent = 0;
  let separated = 0;
  for (let i = 1; i < lines.length; i += 1) {
    const previous = lines[i - 1];
    const current = lines[i];
    if (previous?.kind !== 'text' || current?.kind !== 'text') continue;
    if (current.afterBlank) separated += 1;
    else adjacent += 1;
  }
  if (!lines.some((entry) => entry.kind === 'text')) return 'empty';
  return adjacent > separated ? 'compact' : 'spaced';
}

type TextLine = Extract<Line, { kind: 'text' }>;

/** A paper with title and abstract, still collecting its metadata block. */
interface Draft {
  paper: ParsedPaper;
  authorsLine: number | null;
  separatorLine: number | null;
  /** Line of the date, or of whatever unrecognised line stood in its place. */
  dateLine: number | null;
}

/** The state machine behind `parseListing`: one instance per page. */
class ListingParser {
  readonly papers: ParsedPaper[] = [];
  readonly warnings: ParseWarning[] = [];
  strayLines = 0;
  /** A title waiting for its abstract. */
  private pendingTitle: TextLine | null = null;
  private draft: Draft | null = null;
  /** Metadata lines are being skipped (orphans, or the block of a dropped paper). */
  private skippingMeta = false;
  /** Valid dates in listing order, dated once the whole page is read (their year may depend on all of it). */
  private readonly dated: Array<{ paper: ParsedPaper; text: string; line: number }> = [];

  constructor(
    private readonly lines: Line[],
    private readonly layout: ListingLayout,
    private readonly source: string,
  ) {}

  run(): void {
    this.lines.forEach((entry, index) => {
      if (entry.kind === 'text') this.onText(entry, index);
      else this.onMeta(entry);
    });
    this.dropPendingTitle();
    this.finishDraft();
  }

  /** Gives every date its year (see page-dates.ts). */
  resolveDates(chrome: Chrome): PageAnchor {
    const resolved = resolvePageDates({ header: chrome.header, capturedAt: chrome.capturedAt, dates: this.dated });
    this.dated.forEach(({ paper, text }, i) => {
      paper.date = resolved.dates[i] ?? null;
      paper.dateHasYear = paper.date !== null && hasExplicitYear(text);
    });
    for (const { line, message } of resolved.warnings) this.warn(line, message);
    return resolved.anchor;
  }

  warn(line: number, message: string): void {
    this.warnings.push({ source: this.source, line, message });
  }

  private onMeta(entry: MetaLine): void {
    if (this.pendingTitle) {
      // Metadata straight after a title: the abstract is missing, and its metadata goes with it.
      this.dropPendingTitle();
      this.skippingMeta = true;
    }
    if (this.draft) {
      this.applyMeta(this.draft, entry);
    } else if (!this.skippingMeta) {
      this.warn(entry.line, `metadata line ${quote(entry.text)} outside any paper (page starts mid-paper?); ignored`);
      this.skippingMeta = true;
    }
  }

  private onText(entry: TextLine, index: number): void {
    // In the spaced layout a metadata block has no blank lines inside: a short line glued right under
    // the "·" belongs to the block even when it is not a date (e.g. a date cut off mid-way).
    const previous = this.lines[index - 1];
    if (
      this.layout === 'spaced' &&
      !entry.afterBlank &&
      previous?.kind === 'separator' &&
      !looksLikeAbstract(entry.text)
    ) {
      if (this.draft) {
        this.draft.dateLine = entry.line;
        this.warn(entry.line, `unrecognised metadata line ${quote(entry.text)}; paper kept without a date`);
      } else if (!this.skippingMeta) {
        this.warn(entry.line, `unrecognised metadata line ${quote(entry.text)} outside any paper; ignored`);
      }
      return;
    }
    this.skippingMeta = false;

    const title = this.pendingTitle;
    if (title === null) {
      this.finishDraft();
      if (looksLikeAbstract(entry.text)) {
        this.warn(
          entry.line,
          `expected a title but found abstract-like text (${entry.text.length} chars): ` +
            'title missing or page starts mid-paper; skipped',
        );
        this.strayLines += 1;
        // Its metadata block, if any, goes with it.
        this.skippingMeta = true;
      } else {
        this.pendingTitle = entry;
      }
      return;
    }

    const isLast = index === this.lines.length - 1;
    if (looksLikeAbstract(entry.text)) {
      this.startPaper(title, entry);
      if (isLast && !SENTENCE_END.test(entry.text)) {
        this.warn(entry.line, 'abstract looks cut off at the end of the page (no closing punctuation); kept as is');
      }
      return;
    }

    // Title-shaped text where the abstract should be. Only the end of the page (a cut-off abstract) or
    // metadata right after it make it an abstract; otherwise the waiting title lost its abstract.
    const next = this.lines[index + 1];
    if (next === undefined) {
      this.startPaper(title, entry);
      this.warn(entry.line, `abstract looks cut off at the end of the page (${entry.text.length} chars); kept as is`);
      return;
    }
    if (next.kind !== 'text') {
      this.startPaper(title, entry);
      this.warn(entry.line, `abstract is unusually short for an abstract (${entry.text.length} chars); kept`);
      return;
    }
    this.dropPendingTitle();
    this.pendingTitle = entry;
  }

  private startPaper(title: TextLine, abstract: TextLine): void {
    this.pendingTitle = null;
    this.draft = {
      paper: {
        title: title.text,
        abstract: abstract.text,
        authorCount: null,
        date: null,
        dateHasYear: false,
        upvotes: null,
        source: this.source,
        line: title.line,
      },
      authorsLine: null,
      separatorLine: null,
      dateLine: null,
    };
  }

  private dropPendingTitle(): void {
    const title = this.pendingTitle;
    if (!title) return;
    this.warn(title.line, `paper cut off: no abstract for title ${quote(title.text)}; dropped`);
    this.strayLines += 1;
    this.pendingTitle = null;
  }

  private finishDraft(): void {
    const draft = this.draft;
    if (!draft) return;
    const { paper, separatorLine, authorsLine, dateLine } = draft;
    if (dateLine === null && separatorLine !== null) {
      this.warn(separatorLine, `metadata cut off: no date after "·" (paper ${quote(paper.title)})`);
    } else if (dateLine === null && authorsLine !== null) {
      this.warn(authorsLine, `metadata cut off: no date after the author count (paper ${quote(paper.title)})`);
    }
    this.papers.push(paper);
    this.draft = null;
  }

  private applyMeta(draft: Draft, entry: MetaLine): void {
    switch (entry.kind) {
      case 'authors':
        if (draft.authorsLine !== null || draft.separatorLine !== null || draft.dateLine !== null) {
          this.warn(entry.line, `unexpected metadata line ${quote(entry.text)} (author count out of place); ignored`);
          return;
        }
        draft.authorsLine = entry.line;
        draft.paper.authorCount = entry.count;
        return;
      case 'separator':
        if (draft.separatorLine !== null || draft.dateLine !== null) {
          this.warn(entry.line, `unexpected metadata line ${quote(entry.text)} (a second "·"); ignored`);
          return;
        }
        draft.separatorLine = entry.line;
        return;
      case 'date': {
        if (draft.dateLine !== null) {
          this.warn(entry.line, `unexpected metadata line ${quote(entry.text)} (a second date); ignored`);
          return;
        }
        draft.dateLine = entry.line;
        if (listingDateParts(entry.dateText) === null) {
          this.warn(entry.line, `invalid date ${quote(entry.dateText)}; paper kept without a date`);
        } else {
          this.dated.push({ paper: draft.paper, text: entry.dateText, line: entry.line });
        }
        draft.paper.upvotes = entry.upvotes;
        return;
      }
      case 'unknown-meta':
        this.warn(entry.line, `unrecognised metadata line ${quote(entry.text)}; ignored`);
        return;
    }
  }
}

/**
 * Reads one Hugging Face "Daily Papers" listing page, in either layout (detected from the page itself,
 * not from its file name).
 *
 * Lines are told apart by shape, never by the words in them (abstracts mention "authors", digits and
 * dates): titles and abstracts alternate, and a sanity check (titles are short, abstracts long or several
 * sentences) turns a broken alternation into a warning rather than a swapped title and abstract. A title
 * without an abstract is dropped with a warning; a paper whose metadata block is cut short keeps what
 * was there. Every paper has a non-empty title and abstract. Never throws.
 */
export function parseListing(text: string, options: ParseListingOptions): ParseListingResult {
  const source = typeof options?.source === 'string' ? options.source : '';
  const input = typeof text === 'string' ? text.replace(/^\uFEFF+/, '') : '';

  if (looksBinary(input)) {
    return {
      papers: [],
      warnings: [{ source, line: 0, message: 'not a text listing page (binary content); skipped' }],
      layout: 'empty',
      anchor: { day: null, basis: 'none' },
      pageHeader: false, strayLines: 0,
    };
  }

  const { lines, chrome } = stripChrome(splitLines(input));
  if (options?.capturedAt instanceof Date && !Number.isNaN(options.capturedAt.getTime())) chrome.capturedAt = options.capturedAt;
  const layout = detectLayout(lines);
  const parser = new ListingParser(lines, layout, source);
  parser.run();
  const anchor = parser.resolveDates(chrome);

  if (parser.papers.length === 0 && parser.warnings.length === 0) {
    parser.warn(0, input.trim() === '' ? 'empty page: no papers' : 'no papers found on this page');
  }
  return { papers: parser.papers, warnings: parser.warnings, layout, anchor, pageHeader: chrome.seen, strayLines: parser.strayLines };
}
