/**
 * `cli search --batch FILE`: one query per input line, one JSON document per output line (JSON Lines), from one
 * loaded index. Every input line gets exactly one output line, in order, numbered from 1, so a caller can join
 * answers to questions even when some lines are blank or cannot be searched; nothing a line holds stops the run.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { once } from 'node:events';
import { errorText } from './error-text.ts';
import type { PaperSearch, SearchPage } from './search/types.ts';

/**
 * The answer to one query, as `search --json` prints it. `correctedQuery` when a typo was corrected (the results are
 * its), `notice` when the search had something to say about the query (a filter it cannot read, cut short…).
 */
export interface SearchJson {
  query: string;
  correctedQuery?: string;
  total: number;
  results: Array<{
    id: string;
    title: string;
    score: number;
    snippet: string;
    authors: string[] | number | null;
    date: string | null;
    upvotes: number | null;
    url: string;
  }>;
  notice?: string;
}

export function searchJson(page: SearchPage): SearchJson {
  return {
    query: page.query,
    ...(page.correctedQuery !== null ? { correctedQuery: page.correctedQuery } : {}),
    total: page.total,
    results: page.hits.map(({ paper, score, snippet }) => ({
      id: paper.id,
      title: paper.title,
      score: Number(score.toFixed(4)),
      snippet: snippet.text,
      authors: paper.authors.length > 0 ? paper.authors : paper.authorCount,
      date: paper.date,
      upvotes: paper.upvotes,
      url: paper.url,
    })),
    ...(page.notice ? { notice: page.notice } : {}),
  };
}

/** A batch line: the `search --json` document plus its input line number; `error` when the line was not searched at all. */
export type BatchLine = SearchJson & { line: number; error?: string };

export interface BatchReport {
  lines: number;
  searched: number;
  failed: number;
}

/**
 * Longest input line searched. The search reads only the first MAX_QUERY_CHARS characters anyway; this bound keeps a
 * runaway line (a binary file, a missing newline) from being echoed back whole.
 */
export const MAX_BATCH_LINE_CHARS = 4096;

/** Reads queries from `input` line by line and writes one JSON line per query to `output`, waiting when it is full. */
export async function runSearchBatch(
  search: PaperSearch,
  input: Readable,
  output: Writable,
  options: { limit: number },
): Promise<BatchReport> {
  const report: BatchReport = { lines: 0, searched: 0, failed: 0 };
  const lines = createInterface({ input, crlfDelay: Infinity });
  // A reader that went away (`| head -1`) ends the run quietly, as `search` alone does; any other failure is one.
  const sink: { failed: NodeJS.ErrnoException | null } = { failed: null };
  const stop = (error: NodeJS.ErrnoException): void => {
    sink.failed ??= error;
    lines.close();
  };
  output.on('error', stop);
  try {
    for await (const raw of lines) {
      if (sink.failed) break;
      report.lines += 1;
      const answer = answerLine(search, raw, report.lines, options.limit);
      if (answer.error === undefined) report.searched += 1;
      else report.failed += 1;
      if (!output.write(`${JSON.stringify(answer)}\n`)) await once(output, 'drain').catch(() => undefined);
    }
  } finally {
    output.off('error', stop);
  }
  if (sink.failed && sink.failed.code !== 'EPIPE') throw sink.failed;
  return report;
}

function answerLine(search: PaperSearch, raw: string, line: number, limit: number): BatchLine {
  const text = raw.length > MAX_BATCH_LINE_CHARS ? raw.slice(0, MAX_BATCH_LINE_CHARS) : raw;
  const empty = (query: string, error: string): BatchLine => ({ line, query, total: 0, results: [], error });
  if (!text.trim()) return empty('', 'blank line');
  try {
    const page = search.search(text, { limit, unbounded: true });
    return { line, ...searchJson(page) };
  } catch (error) {
    return empty(text.trim(), `search failed: ${errorText(error)}`);
  }
}
