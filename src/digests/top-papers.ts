/**
 * "What's hot" (issue 18): the most upvoted papers listed in a period ending at an instant, optionally only those
 * matching a topic (every word, as a digest matches). Used by `/paper top` and by top-list subscriptions.
 *
 * - A period is whole listing days (UTC, as Hugging Face dates its daily lists): `week` is the 7 days ending on the
 *   UTC day of `now`, `month` the 30 days. So a weekly top list sent at 09:00 in Tokyo (00:00 UTC) covers another
 *   set of days than one sent at 09:00 in New York: the subscription's zone decides the instant, the instant the days.
 * - A paper counts by the day it was on the daily list (`Paper.listedOn`), one known only from the seed pages by its
 *   date; a paper without an upvote count is not ranked.
 * - Order: upvotes (most first), then the later listing day, then the title, then the id: the same answer every time.
 */
import type { Paper } from '../papers/paper.ts';
import { normalizeTitle } from '../papers/paper.ts';
import { MAX_LIMIT } from '../search/ranking-options.ts';
import { excludedFilterQueries } from '../search/query.ts';
import type { PaperSearch } from '../search/types.ts';
import type { SearchState } from '../search/search-state.ts';
import type { PaperStore } from '../store/paper-store.ts';
import type { Subscription } from '../store/store.ts';
import { describeSchedule, type Schedule } from './schedule.ts';
import { errorMessage } from '../views/error.ts';
import type { Message } from '../views/message.ts';
import { topPapersMessage } from '../views/top-papers.ts';

export const TOP_PERIODS = ['week', 'month'] as const;
export type TopPeriod = (typeof TOP_PERIODS)[number];

/** How many listing days each period covers, ending today (UTC). */
export const TOP_PERIOD_DAYS: Record<TopPeriod, number> = { week: 7, month: 30 };

/** Papers a top list shows at most. */
export const TOP_LIST_SIZE = 10;

export interface TopWindow {
  period: TopPeriod;
  /** First and last listing day covered, `YYYY-MM-DD` (UTC), both included. */
  from: string;
  to: string;
}

export interface TopListRequest {
  period: TopPeriod;
  /** Only papers containing every word of it; null or empty: every paper of the period. */
  topic: string | null;
  now: Date;
  limit?: number;
  /** Papers never to list (those a channel already got). */
  exclude?: ReadonlySet<string>;
}

export interface TopList extends TopWindow {
  topic: string | null;
  /** Best first; at most the limit. */
  papers: Paper[];
  /** Papers listed in the window with an upvote count (before the topic and the exclusions). */
  listedInWindow: number;
  /** Of those, how many match the topic (all of them without one), before the exclusions. */
  matching: number;
}

export interface TopPapersDeps {
  store: Pick<PaperStore, 'listPapersListedBetween'>;
  search: PaperSearch;
}

function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return utcDay(date);
}

/** The listing days a period ending at `now` covers. */
export function topWindow(period: TopPeriod, now: Date): TopWindow {
  const to = utcDay(now);
  return { period, from: addDays(to, -(TOP_PERIOD_DAYS[period] - 1)), to };
}

/** The day a paper counts by in top lists. */
export function listingDay(paper: Paper): string | null {
  return paper.listedOn ?? paper.date;
}

/** Most upvotes first, then the later listing day, then the title, then the id. */
export function compareTop(a: Paper, b: Paper): number {
  const votes = (b.upvotes ?? -1) - (a.upvotes ?? -1);
  if (votes !== 0) return votes;
  const dayA = listingDay(a) ?? '';
  const dayB = listingDay(b) ?? '';
  if (dayA !== dayB) return dayA < dayB ? 1 : -1;
  const titleA = normalizeTitle(a.title);
  const titleB = normalizeTitle(b.title);
  if (titleA !== titleB) return titleA < titleB ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The ids among `candidates` that hold every word of `topic`, by the search (paged: it answers 50 at a time). */
function matchingIds(search: PaperSearch, topic: string, candidates: readonly Paper[]): Set<string> {
  const within = new Set(candidates.map((paper) => paper.id));
  const found = new Set<string>();
  if (within.size === 0) return found;
  for (let offset = 0; ; offset += MAX_LIMIT) {
    const page = search.search(topic, { match: 'all', within, offset, limit: MAX_LIMIT });
    for (const hit of page.hits) found.add(hit.paper.id);
    if (page.hits.length < MAX_LIMIT || offset + MAX_LIMIT >= page.total) return found;
  }
}

/** The top list of a period ending at `request.now` (see the module comment for what counts and the order). */
export async function topPapers(deps: TopPapersDeps, request: TopListRequest): Promise<TopList> {
  const window = topWindow(request.period, request.now);
  const listed = await deps.store.listPapersListedBetween(window.from, window.to);
  const topic = request.topic?.trim() ? request.topic.trim() : null;
  const known = listed.filter((paper) => paper.upvotes !== null);
  let matching = known;
  const excluded = topic === null ? null : excludedFilterQueries(topic);
  if (excluded !== null) {
    // Only negated filters (`-has:code`): the list without the papers any of them selects.
    const out = new Set(excluded.flatMap((query) => [...matchingIds(deps.search, query, known)]));
    matching = known.filter((paper) => !out.has(paper.id));
  } else if (topic !== null) {
    const ids = matchingIds(deps.search, topic, known);
    matching = known.filter((paper) => ids.has(paper.id));
  }
  const exclude = request.exclude;
  const papers = matching
    .filter((paper) => !exclude?.has(paper.id))
    .sort(compareTop)
    .slice(0, request.limit ?? TOP_LIST_SIZE);
  return { ...window, topic, papers, listedInWindow: known.length, matching: matching.length };
}

export interface TopPapersServiceDeps {
  store: Pick<PaperStore, 'listPapersListedBetween'>;
  searchState: SearchState;
  clock: () => Date;
}

/** `/paper top [week|month] [topic]`: the list at the clock's now, rendered (surface-independent). */
export class TopPapersService {
  constructor(private readonly deps: TopPapersServiceDeps) {}

  async reply(period: TopPeriod, topic: string | null): Promise<Message> {
    const search = this.deps.searchState.current;
    if (!search) return errorMessage('The paper index is still loading. Give me a few seconds and try again.');
    const list = await topPapers({ store: this.deps.store, search }, { period, topic, now: this.deps.clock() });
    return topPapersMessage(list);
  }
}

/**
 * The stored topic of a top-list subscription: the word `top`, then the topic if any (`top`, `top sparse attention`).
 * Keeping the word means everything keyed on the topic (unsubscribe, the Home tab's buttons, `/paper list`) names a
 * top list as a person types it.
 */
export function topListLabel(topic: string): string {
  return `top ${topic}`.trim();
}

/** The topic a top-list subscription ranks (what follows `top` in its label), or null for all papers. */
export function topListTopic(label: string): string | null {
  const rest = label.replace(/^top(?:\s+|$)/i, '').trim();
  return rest === '' ? null : rest;
}

/** The schedule line `/paper list` and the Home tab show: a top list says it is one. */
export function subscriptionScheduleText(subscription: Pick<Subscription, 'kind'>, schedule: Schedule): string {
  const text = describeSchedule(schedule);
  return subscription.kind === 'top' ? `\uD83D\uDD25 top list (most upvoted of the 7 days before each post) \u00B7 ${text}` : text;
}
