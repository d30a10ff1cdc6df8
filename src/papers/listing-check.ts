import { MAX_ABSTRACT_CHARS } from './paper.ts';
import { parseListing, type ParsedPaper, type ParseListingResult, type ParseWarning } from './parse-listing.ts';

/**
 * Whether a parsed file is a Hugging Face daily papers listing page at all. The parser pairs any short line with
 * the long one after it, so a README, a source file or a licence yields a few "papers" among many lines that fit
 * none; storing those would put junk into every search and digest. Real pages (both layouts, even cut off) fit
 * paper after paper: almost no stray lines, and the page chrome or metadata blocks say what they are.
 */

/** Starts an HTML or XML document: a doctype, a declaration, a comment or the root element. */
const DOCUMENT_START = /^<(?:!doctype|\?xml|!--|html[\s>])/i;
/** A line that starts with a tag (a title may too, "<think> …", but not most of a page's lines). */
const TAG_LINE = /^\s*<\/?[a-z][a-z0-9-]*(?:\s[^>]*)?\/?>/i;
/** JSON (a daily papers day saved under another name): an array or an object. */
const JSON_START = /^[[{]\s*["{[\]}]/;

function looksLikeMarkup(start: string): boolean {
  if (DOCUMENT_START.test(start)) return true;
  const lines = start.split(/\r\n|\r|\n/).filter((line) => line.trim() !== '');
  return lines.length > 0 && lines.filter((line) => TAG_LINE.test(line)).length * 2 >= lines.length;
}

/** Why `text` (parsed as `result`) is not a listing page, or null when it is one. */
function notAListingReason(text: string, result: ParseListingResult): string | null {
  const start = text.replace(/^\uFEFF+/, '').trimStart();
  if (looksLikeMarkup(start)) {
    return 'an HTML or XML document, not the text of a listing page (open the page in a browser and save it as text)';
  }
  if (JSON_START.test(start)) {
    return 'looks like JSON, not a listing page: for a day in the daily papers API\'s shape, name the file .json';
  }
  const papers = result.papers.length;
  if (papers === 0) return null;
  if (result.strayLines > papers) {
    return (
      `not a Hugging Face daily papers listing page: ${result.strayLines} of its lines fit no paper ` +
      `(a title line, then its abstract), against ${papers} paper${papers === 1 ? '' : 's'}`
    );
  }
  const metadata = result.papers.some((paper) => paper.authorCount !== null || paper.date !== null || paper.upvotes !== null);
  if (!result.pageHeader && !metadata && result.warnings.length > 0) {
    return (
      'not recognisably a Hugging Face daily papers listing page: no page header ("Daily Papers", "Subscribe", …) ' +
      `and no paper metadata ("• 3 authors", "·", a date), and not every line fits a paper (${result.warnings.length} ` +
      `warning${result.warnings.length === 1 ? '' : 's'}; keep the page header when saving a listing)`
    );
  }
  return null;
}

/**
 * The page's papers the store takes, and its warnings: a paper whose abstract is over MAX_ABSTRACT_CHARS (lines run
 * together, a broken capture) is dropped with a warning, as an API item is; the store would refuse the whole page.
 */
function storablePapers(result: ParseListingResult): { papers: ParsedPaper[]; warnings: ParseWarning[] } {
  const warnings = [...result.warnings];
  const papers = result.papers.filter((paper) => {
    if (paper.abstract.length <= MAX_ABSTRACT_CHARS) return true;
    const title = paper.title.length > 60 ? `${paper.title.slice(0, 60)}…` : paper.title;
    warnings.push({
      source: paper.source,
      line: paper.line,
      message: `abstract of ${paper.abstract.length} characters (at most ${MAX_ABSTRACT_CHARS}): paper ${JSON.stringify(title)} dropped`,
    });
    return false;
  });
  return { papers, warnings };
}

/** A file read as a listing page: refused whole (`refusal`), or its storable papers, warnings and the count parsed. */
export type ListingPageRead = { refusal: string } | { refusal: null; parsed: number; papers: ParsedPaper[]; warnings: ParseWarning[] };

/** Parses `text` as a listing page (named `source` in warnings), refusing what is not one; seed loading and `ingest <file>`. */
export function readListingPage(text: string, source: string): ListingPageRead {
  const result = parseListing(text, { source });
  const refusal = notAListingReason(text, result);
  if (refusal !== null) return { refusal };
  return { refusal: null, parsed: result.papers.length, ...storablePapers(result) };
}
