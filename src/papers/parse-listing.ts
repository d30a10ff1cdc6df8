import { detectLayout, looksBinary, splitLines, type ListingLayout } from './listing-lines.ts';
import { ListingParser, type ParsedPaper, type ParseWarning } from './listing-parser.ts';
import { stripChrome, stripFooter } from './page-chrome.ts';
import type { PageAnchor } from './page-dates.ts';

export { looksLikeAbstract, MAX_TITLE_LENGTH, type ListingLayout } from './listing-lines.ts';
export type { ParsedPaper, ParseWarning } from './listing-parser.ts';

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

  const { lines: headless, chrome } = stripChrome(splitLines(input));
  const lines = stripFooter(headless);
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
