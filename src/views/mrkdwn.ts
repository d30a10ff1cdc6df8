import type { Snippet } from '../search/types.ts';

/**
 * Helpers that turn untrusted text (paper titles, abstracts, queries) into Slack mrkdwn that shows exactly what
 * it says: no mentions, no links, no broken formatting, never cut in the middle of an entity or a character.
 */

const ENTITY = /&(?:amp|lt|gt);/g;
/** Looks like `*` but is not Slack's bold marker (U+2217 ASTERISK OPERATOR). */
const ASTERISK_LOOKALIKE = '\u2217';
/** Looks like `_` but is not Slack's italic marker (U+02CD MODIFIER LETTER LOW MACRON). */
const UNDERSCORE_LOOKALIKE = '\u02CD';
/** Looks like `~` but is not Slack's strikethrough marker (U+223C TILDE OPERATOR). */
const TILDE_LOOKALIKE = '\u223C';
/** Looks like a backtick but does not open code (U+02CB MODIFIER LETTER GRAVE ACCENT). */
const BACKTICK_LOOKALIKE = '\u02CB';
/** Looks like `|` but does not end a link URL (U+2223 DIVIDES). */
const PIPE_LOOKALIKE = '\u2223';
const ELLIPSIS = '\u2026';

/** Slack's escaping rule: `&`, `<` and `>` become entities, nothing else. */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The inverse of `escapeMrkdwn` (one pass, so `&amp;lt;` becomes `&lt;`, not `<`). */
export function unescapeMrkdwn(s: string): string {
  return s.replace(ENTITY, (entity) => (entity === '&amp;' ? '&' : entity === '&lt;' ? '<' : '>'));
}

/**
 * Makes untrusted text safe to handle as a string: lone surrogates become U+FFFD, control characters (except
 * newline and tab) and bidi overrides are dropped. Does not escape; see `escapeMrkdwn`.
 */
export function cleanText(s: string): string {
  return s
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g, '');
}

/** Runs of whitespace (newlines included) become one space; ends trimmed. */
export function collapseWhitespace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

const MARKER_LOOKALIKE: Record<string, string> = { '*': ASTERISK_LOOKALIKE, _: UNDERSCORE_LOOKALIKE, '~': TILDE_LOOKALIKE, '`': BACKTICK_LOOKALIKE };
/**
 * Slack's formatting markers. `_` only formats at a word boundary, so one between two letters or digits
 * (`snake_case`) is left as typed; so are `_` and `~` inside a bare URL (`https://x.edu/~bob/a_b`), which Slack
 * links before it formats.
 */
const MARKERS = /[*`~]|(?<![\p{L}\p{N}\p{M}])_|_(?![\p{L}\p{N}\p{M}])/gu;
const URL_MARKERS = /[*`]/g;
const BARE_URL = /https?:\/\/[^\s<>]+/g;

/**
 * Replaces Slack's formatting markers (`*`, `_`, `~`, backticks) with look-alikes so untrusted text shows as typed
 * and cannot open or close bold, italics, strikethrough or code around our own markers.
 */
export function neutralizeFormatting(s: string): string {
  const replace = (m: string): string => MARKER_LOOKALIKE[m] ?? m;
  let out = '';
  let last = 0;
  for (const match of s.matchAll(BARE_URL)) {
    out += s.slice(last, match.index).replace(MARKERS, replace) + match[0].replace(URL_MARKERS, replace);
    last = match.index + match[0].length;
  }
  return out + s.slice(last).replace(MARKERS, replace);
}

const LOOKALIKES = /[\u2217\u02CD\u223C\u02CB\u2223]/g;
const TYPED: Record<string, string> = { [ASTERISK_LOOKALIKE]: '*', [UNDERSCORE_LOOKALIKE]: '_', [TILDE_LOOKALIKE]: '~', [BACKTICK_LOOKALIKE]: '`', [PIPE_LOOKALIKE]: '|' };

/**
 * The look-alikes `neutralizeFormatting` and `link` put in, back to the characters typed: for a surface that shows
 * the text without Slack's formatting (the local console, the CLI), where a look-alike would only look odd.
 */
export function restoreFormatting(s: string): string {
  return s.replace(LOOKALIKES, (c) => TYPED[c] ?? c);
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Units that must never be split: `&amp;`-style entities and grapheme clusters (so surrogate pairs too). */
function* atoms(s: string): Generator<string> {
  let last = 0;
  for (const match of s.matchAll(ENTITY)) {
    const at = match.index;
    if (at > last) for (const g of graphemes.segment(s.slice(last, at))) yield g.segment;
    yield match[0];
    last = at + match[0].length;
  }
  if (last < s.length) for (const g of graphemes.segment(s.slice(last))) yield g.segment;
}

export interface TruncateOptions {
  /** Appended when text was cut (counts toward `max`). Default `…`. */
  ellipsis?: string;
  /** Prefer to cut at a space when one is reasonably close to the limit. */
  wordBoundary?: boolean;
}

/**
 * `s` if it fits in `max` UTF-16 units, else a prefix plus an ellipsis that fits. Never cuts inside an
 * entity (`&amp;`), a surrogate pair or a grapheme cluster (an emoji with modifiers stays whole or goes).
 */
export function truncate(s: string, max: number, options: TruncateOptions = {}): string {
  const limit = Math.max(0, Math.floor(max));
  if (s.length <= limit) return s;
  const ellipsis = options.ellipsis ?? ELLIPSIS;
  const budget = limit - ellipsis.length;
  if (budget <= 0) return ellipsis.length <= limit ? ellipsis : '';
  // Atoms past `budget` are never used, so a bounded prefix is enough (entities and surrogates are short).
  let out = '';
  let lastSpace = -1;
  for (const atom of atoms(s.slice(0, limit + 16))) {
    if (out.length + atom.length > budget) break;
    if (/^\s+$/.test(atom)) lastSpace = out.length;
    out += atom;
  }
  if (options.wordBoundary && lastSpace > budget * 0.6) out = out.slice(0, lastSpace);
  return out.trimEnd() + ellipsis;
}

/**
 * Untrusted text as one line of mrkdwn: cleaned, whitespace collapsed, escaped, formatting markers neutralized, truncated to
 * `max` (measured after escaping, which is what Slack counts).
 */
export function mrkdwnText(raw: string, max: number, options: TruncateOptions = {}): string {
  // Only a bounded prefix can end up in the output (escaping never shrinks text), so a 10k abstract is not
  // cleaned and escaped in full. The bound is generous: only text that is mostly whitespace gets near it.
  let bound = Math.max(0, Math.floor(max)) * 4 + 64;
  if (isLowSurrogate(raw, bound)) bound -= 1;
  const cut = raw.length > bound;
  const text = neutralizeFormatting(escapeMrkdwn(collapseWhitespace(cleanText(cut ? raw.slice(0, bound) : raw))));
  const out = truncate(text, max, options);
  if (!cut || out !== text) return out;
  // The prefix fit although the text went on: still say it was cut.
  const ellipsis = options.ellipsis ?? ELLIPSIS;
  return text.length + ellipsis.length <= max ? `${text}${ellipsis}` : truncate(text, text.length - 1, options);
}

const CODE_SPAN = /`[^`\n]+`/g;

/**
 * Text we composed around untrusted parts (a search notice): like `mrkdwnText`, but our `` `code` `` spans stay
 * code (escaped only); everything outside them is neutralized. Untrusted parts must not carry backticks.
 */
export function composedMrkdwn(raw: string, max: number): string {
  const text = escapeMrkdwn(collapseWhitespace(cleanText(raw.length > max * 4 + 64 ? raw.slice(0, max * 4 + 64) : raw)));
  let out = '';
  let last = 0;
  for (const match of text.matchAll(CODE_SPAN)) {
    out += neutralizeFormatting(text.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  out += neutralizeFormatting(text.slice(last));
  return truncate(out, max, { wordBoundary: true });
}

/**
 * A URL that is safe inside `<…|…>`: http(s) only, parsed and normalized, with `|`, `<`, `>` and spaces
 * percent-encoded and `&` escaped. Null for anything else (javascript:, relative, unparsable).
 */
export function safeLinkUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(cleanText(url).trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  const href = parsed.href
    .replace(/\|/g, '%7C')
    .replace(/</g, '%3C')
    .replace(/>/g, '%3E')
    .replace(/\s/g, '%20');
  return escapeMrkdwn(href);
}

export interface LinkOptions {
  /** Longest label (after escaping). Default 3,000. */
  maxLabel?: number;
  /** A link whose URL is longer than this is dropped and only the label shown. Default 3,000. */
  maxUrl?: number;
}

/**
 * `<url|label>` with the label escaped and `|`, formatting markers neutralized (it is often wrapped in bold). When the URL is
 * unsafe or too long, just the escaped label: better no link than a broken or hostile one.
 */
export function link(url: string, label: string, options: LinkOptions = {}): string {
  const text = mrkdwnText(label, options.maxLabel ?? 3000).replace(/\|/g, PIPE_LOOKALIKE);
  const href = safeLinkUrl(url);
  if (!href || href.length > (options.maxUrl ?? 3000)) return text;
  return text ? `<${href}|${text}>` : `<${href}>`;
}

/** Letters, digits, marks and `_` (so `key_value` is one word, as it is to Slack's bold parser). */
const WORD_CHAR = /[\p{L}\p{N}\p{M}_]/u;

function isLowSurrogate(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code >= 0xdc00 && code <= 0xdfff;
}

/** The whole code point starting at `index` ('' at the end). */
function charAt(text: string, index: number): string {
  const cp = text.codePointAt(index);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

/** The whole code point ending just before `index` ('' at the start). */
function charBefore(text: string, index: number): string {
  if (index <= 0) return '';
  const high = text.charCodeAt(index - 2);
  const from = isLowSurrogate(text, index - 1) && high >= 0xd800 && high <= 0xdbff ? index - 2 : index - 1;
  return text.slice(from, index);
}

const isWord = (c: string): boolean => c !== '' && WORD_CHAR.test(c);

/**
 * Highlight ranges made safe for Slack bold: clamped, trimmed to word characters at both ends, grown to whole
 * words (Slack ignores `*` inside a word), sorted, and merged when they touch or are
 * separated only by whitespace (`*a**b*` would not render).
 */
function boldRanges(text: string, highlights: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const [rawStart, rawEnd] of highlights) {
    if (!Number.isFinite(rawStart) || !Number.isFinite(rawEnd)) continue;
    let start = Math.max(0, Math.min(text.length, Math.floor(rawStart)));
    let end = Math.max(0, Math.min(text.length, Math.ceil(rawEnd)));
    if (isLowSurrogate(text, start)) start -= 1;
    if (isLowSurrogate(text, end)) end += 1;
    // Bold runs start and end on word characters: `Re*-thinking*` or `*&lt;*` would not render.
    while (start < end && !isWord(charAt(text, start))) start += Math.max(1, charAt(text, start).length);
    while (end > start && !isWord(charBefore(text, end))) end -= Math.max(1, charBefore(text, end).length);
    if (end <= start) continue;
    while (start > 0 && isWord(charAt(text, start)) && isWord(charBefore(text, start))) {
      start -= charBefore(text, start).length;
    }
    while (end < text.length && isWord(charAt(text, end)) && isWord(charBefore(text, end))) {
      end += charAt(text, end).length;
    }
    ranges.push([start, end]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const previous = merged[merged.length - 1];
    if (previous && (range[0] <= previous[1] || /^\s*$/.test(text.slice(previous[1], range[0])))) {
      previous[1] = Math.max(previous[1], range[1]);
    } else {
      merged.push([range[0], range[1]]);
    }
  }
  return merged;
}

/** Like `cleanText`, but length-preserving (dropped characters become spaces) so highlight offsets still hold. */
function cleanInPlace(s: string): string {
  return s
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g, ' ');
}

/** Escaped, formatting markers neutralized, whitespace runs collapsed to one space. */
function snippetPiece(s: string): string {
  return neutralizeFormatting(escapeMrkdwn(s.replace(/\s+/g, ' ')));
}

/** `text` must already be `cleanInPlace`d. Bold ranges start and end on word characters, so no piece boundary
 * splits a whitespace run and the pieces can simply be joined. */
function renderSnippet(text: string, highlights: ReadonlyArray<readonly [number, number]>, cutStart: boolean, cutEnd: boolean): string {
  let out = '';
  let at = 0;
  for (const [start, end] of boldRanges(text, highlights)) {
    out += `${snippetPiece(text.slice(at, start))}*${snippetPiece(text.slice(start, end))}*`;
    at = end;
  }
  out += snippetPiece(text.slice(at));
  out = out.trim();
  if (!out) return '';
  if (cutStart) out = (out.startsWith('*') ? `${ELLIPSIS} ` : ELLIPSIS) + out;
  if (cutEnd) out += out.endsWith('*') ? ` ${ELLIPSIS}` : ELLIPSIS;
  return out;
}

/**
 * A search snippet as mrkdwn: every piece escaped, matched words in `*bold*`, `…` where the text was cut.
 * With `maxLength`, the snippet text is shortened (at a space when possible) until the result fits, so bold
 * markers and entities are never cut.
 */
export function snippetToMrkdwn(snippet: Snippet, options: { maxLength?: number } = {}): string {
  const max = options.maxLength ?? Infinity;
  const text = cleanInPlace(snippet.text);
  const full = renderSnippet(text, snippet.highlights, snippet.truncatedStart, snippet.truncatedEnd);
  if (full.length <= max) return full;
  // Longest prefix of the text whose rendering fits: rendering grows with the prefix, so binary search it.
  const render = (cut: number): string => {
    let end = cut;
    if (isLowSurrogate(text, end)) end -= 1;
    return renderSnippet(text.slice(0, end), snippet.highlights, snippet.truncatedStart, true);
  };
  let lo = 0;
  // Each kept character renders as at least one (bar whitespace runs and control characters), so prefixes
  // much longer than `max` cannot fit; bounding the search keeps long abstracts cheap.
  let hi = Math.min(text.length, max * 4 + 64);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (render(mid).length <= max) lo = mid;
    else hi = mid - 1;
  }
  const space = text.lastIndexOf(' ', lo);
  const cut = space > lo * 0.8 ? space : lo;
  const out = render(cut);
  return out.length <= max ? out : truncate(out.replace(/\*/g, ''), max);
}
