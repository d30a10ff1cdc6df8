/**
 * A short window of an abstract around where the query's words cluster most, with the matched words marked.
 * Matching is by stem, the same equivalence the index uses ("attentions" and "attention" both mark "attention").
 */
import { containsSequence, stem, tokenize, type TextToken } from '../query.ts';
import type { Snippet } from '../types.ts';

export const SNIPPET_CHARS = 220;

export interface SnippetQuery {
  /** Stems of the words to mark. */
  stems: ReadonlySet<string>;
  /** Phrases (stem sequences, stop words included) to mark as one span each. */
  phrases?: ReadonlyArray<readonly string[]>;
}

type Range = [number, number];

interface Mark {
  start: number;
  end: number;
  /** What was matched, for counting distinct query words in a window. */
  key: string;
}

/** A text's words with their stems; computed once per paper when the index is built. */
export interface AnalyzedText {
  tokens: readonly TextToken[];
  stems: readonly string[];
}

export function analyzeText(text: string): AnalyzedText {
  const tokens = tokenize(text);
  return { tokens, stems: tokens.map((token) => stem(token.word)) };
}

function findMarks({ tokens, stems }: AnalyzedText, query: SnippetQuery): Mark[] {
  const marks: Mark[] = [];
  tokens.forEach((token, i) => {
    const tokenStem = stems[i] ?? '';
    if (query.stems.has(tokenStem)) marks.push({ start: token.start, end: token.end, key: tokenStem });
  });
  for (const phrase of query.phrases ?? []) {
    if (phrase.length === 0 || !containsSequence(stems, phrase)) continue;
    const key = `"${phrase.join(' ')}"`;
    for (let i = 0; i + phrase.length <= stems.length; i++) {
      if (phrase.every((part, j) => stems[i + j] === part)) {
        const first = tokens[i];
        const last = tokens[i + phrase.length - 1];
        if (first && last) marks.push({ start: first.start, end: last.end, key });
      }
    }
  }
  return marks.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** Sorted, merged, non-overlapping ranges. */
function mergeRanges(marks: readonly Mark[]): Range[] {
  const out: Range[] = [];
  for (const mark of marks) {
    const last = out[out.length - 1];
    if (last && mark.start <= last[1]) {
      last[1] = Math.max(last[1], mark.end);
    } else {
      out.push([mark.start, mark.end]);
    }
  }
  return out;
}

/** The run of marks fitting in `width` characters with the most distinct words (then the most marks, then the earliest). */
function densestCluster(marks: readonly Mark[], width: number): { start: number; end: number } | null {
  let best: { start: number; end: number; distinct: number; count: number } | null = null;
  for (let i = 0; i < marks.length; i++) {
    const first = marks[i];
    if (!first) continue;
    const keys = new Set<string>();
    let end = first.end;
    let count = 0;
    for (let j = i; j < marks.length; j++) {
      const mark = marks[j];
      if (!mark || mark.end - first.start > width) break;
      keys.add(mark.key);
      end = Math.max(end, mark.end);
      count++;
    }
    if (!best || keys.size > best.distinct || (keys.size === best.distinct && count > best.count)) {
      best = { start: first.start, end: Math.min(end, first.start + width), distinct: keys.size, count };
    }
  }
  return best && { start: best.start, end: best.end };
}

const isSpace = (ch: string | undefined): boolean => ch !== undefined && /\s/u.test(ch);

/**
 * A window of about `width` characters of `text` around the densest cluster of query words; the start of the
 * text when nothing in it matched (e.g. only the title did). Pass `analyzed` (from `analyzeText(text)`) to skip
 * re-tokenizing a text snippets are made from often.
 */
export function makeSnippet(
  text: string,
  query: SnippetQuery,
  width: number = SNIPPET_CHARS,
  analyzed: AnalyzedText = analyzeText(text),
): Snippet {
  const marks = findMarks(analyzed, query);
  // The text without surrounding blanks is [lo, hi).
  let lo = 0;
  let hi = text.length;
  while (lo < hi && isSpace(text[lo])) lo++;
  while (hi > lo && isSpace(text[hi - 1])) hi--;

  let start = lo;
  let end = hi;
  const cluster = hi - lo > width ? densestCluster(marks, width) : null;
  if (hi - lo > width) {
    end = lo + width;
    if (cluster) {
      const slack = width - (cluster.end - cluster.start);
      start = Math.max(lo, cluster.start - Math.ceil(slack / 2));
      end = Math.min(hi, start + width);
      start = Math.max(lo, end - width);
    }
    // Snap to word boundaries without cutting into the cluster.
    const keepFrom = cluster ? cluster.start : end;
    if (start > lo && !isSpace(text[start - 1])) {
      let s = start;
      while (s < keepFrom && !isSpace(text[s])) s++;
      if (s < keepFrom) start = s;
    }
    const keepTo = cluster ? cluster.end : start;
    if (end < hi && !isSpace(text[end])) {
      let e = end;
      while (e > keepTo && !isSpace(text[e - 1])) e--;
      if (e > keepTo) end = e;
    }
    while (start < end && isSpace(text[start])) start++;
    while (end > start && isSpace(text[end - 1])) end--;
  }

  const highlights: Range[] = [];
  for (const [a, b] of mergeRanges(marks)) {
    // A mark cut by the window's edge is clipped to what is shown.
    if (b > start && a < end) highlights.push([Math.max(a, start) - start, Math.min(b, end) - start]);
  }
  return {
    text: text.slice(start, end),
    highlights,
    truncatedStart: start > lo,
    truncatedEnd: end < hi,
  };
}
