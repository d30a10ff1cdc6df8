/** The state machine that reads a listing page's classified lines into papers (see `parseListing`). */
import { hasExplicitYear, listingDateParts } from './dates.ts';
import { looksLikeAbstract, SENTENCE_END, type Line, type ListingLayout, type MetaLine, type TextLine } from './listing-lines.ts';
import type { Chrome } from './page-chrome.ts';
import { resolvePageDates, type PageAnchor } from './page-dates.ts';

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

function quote(text: string, max = 60): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

/** A paper with title and abstract, still collecting its metadata block. */
interface Draft {
  paper: ParsedPaper;
  authorsLine: number | null;
  separatorLine: number | null;
  /** Line of the date, or of whatever unrecognised line stood in its place. */
  dateLine: number | null;
}

/** The state machine behind `parseListing`: one instance per page. */
export class ListingParser {
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
