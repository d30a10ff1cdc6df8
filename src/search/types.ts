import type { Paper } from '../papers/paper.ts';

/** A stretch of text with the spans that matched the query marked, so each surface can bold them its own way. */
export interface Snippet {
  text: string;
  /** Sorted, non-overlapping [start, end) character ranges of `text` that matched the query. */
  highlights: Array<[number, number]>;
  /** Whether text was cut at the start / end (a surface shows an ellipsis). */
  truncatedStart: boolean;
  truncatedEnd: boolean;
}

export interface SearchHit {
  paper: Paper;
  score: number;
  snippet: Snippet;
  /** Only when the search was given `preferences`: what the learned ranking knows of this hit (search/learn/). */
  learned?: LearnedNote;
}

/** What a channel told the search it wants (its ratings and example papers), by paper id. */
export interface SearchPreferences {
  /** Papers the channel liked (net 👍), and those it marked "not for us" (net 👎). */
  liked?: readonly string[];
  disliked?: readonly string[];
  /** Papers a subscription was started from ("papers like these"): count as liked. */
  examples?: readonly string[];
  /**
   * Papers close to the liked ones and examples may enter without the query's words (a digest's candidates,
   * marked `offTopic`); false (default): the matches are only reordered (a `/paper` search).
   */
  neighbours?: boolean;
}

/** Why the learned ranking holds a hit where it is. */
export interface LearnedNote {
  /** The hit lacks the query's words: it came in as a neighbour of a liked paper or an example. */
  offTopic: boolean;
  /** The liked paper or example it is closest to, when it is close to one. */
  closest: { id: string; title: string; kind: 'liked' | 'example'; similarity: number } | null;
}

export interface SearchOptions {
  offset?: number;
  limit?: number;
  /** `all`: only papers containing every query word (digests); `any` (default): those first, then the rest. */
  match?: 'all' | 'any';
  /** Papers never to return (e.g. those a channel was already sent); not counted in `total`. */
  exclude?: ReadonlySet<string>;
  /** Only these papers may match (a top list's week); not cached. */
  within?: ReadonlySet<string>;
  /** A day (YYYY-MM-DD): papers dated on or after it rank before the others (a digest leads with news). */
  recentFirst?: string;
  /**
   * A channel's ratings and examples: papers like the liked ones rise, like the disliked ones sink (search/learn/).
   * With no liked, disliked or example paper the search is exactly the one without. With examples or likes and an
   * empty query, the search is a feed of papers like them.
   */
  preferences?: SearchPreferences;
  /**
   * No time budget: every ranking layer applies however long the query takes (the CLI: it has no 3-second ack to
   * meet, and its answers must not depend on how loaded the machine is). Default: layers that would end after
   * `QUERY_BUDGET_MS` are dropped.
   */
  unbounded?: boolean;
}

export interface SearchPage {
  /** The query as the user typed it (trimmed). */
  query: string;
  /** When a typo was corrected, the query that produced the results. */
  correctedQuery: string | null;
  /** All matching papers, before paging. */
  total: number;
  offset: number;
  hits: SearchHit[];
  /** When nothing matched: indexed terms close to what was typed, best first. */
  suggestions: string[];
  /** Problems with the query a user should hear about (e.g. "only exclusions given"). */
  notice: string | null;
}

export interface WarmUpOptions {
  /** Stop warming (the promise resolves) when this aborts, e.g. once a newer index replaced this one. */
  signal?: AbortSignal;
  /** Work per slice before yielding to the event loop (default 5 ms). */
  sliceMs?: number;
  /** While this says so (e.g. requests are being answered), no slice starts. */
  busy?: () => boolean;
}

export interface PaperSearch {
  search(query: string, options?: SearchOptions): SearchPage;
  /** Look a paper up by id (for Share / Similar buttons). */
  get(id: string): Paper | undefined;
  /**
   * Papers most like the given one (more-like-this on its most distinctive words), best first, never the paper
   * itself; empty for an unknown id.
   */
  similar(id: string, limit?: number): SearchHit[];
  readonly size: number;
  /**
   * Optional: precompute what first queries would otherwise pay for, in small slices that let the event loop run.
   * Results are the same with or without it.
   */
  warmUp?(options?: WarmUpOptions): Promise<void>;
  /**
   * Optional: a few queries through every layer, at once, so the first person to ask does not pay for compiling the
   * query code. For an index nobody is served from yet (it holds the event loop for up to a few hundred ms).
   */
  prime?(): void;
}
