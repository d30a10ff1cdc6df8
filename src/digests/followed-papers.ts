/**
 * The papers of followed authors (issue 18) for a channel's digest: pure. Who wrote a paper is decided per
 * authorship: an authorship a Hugging Face account claimed belongs to that account, whatever the name says; one
 * nobody claimed belongs to whoever is written that way (src/papers/author-names.ts).
 *
 * - A follow by account (`@hf:tridao`, or a name that resolved to exactly one account) matches the authorships that
 *   account claimed, under any spelling, and the unclaimed authorships written like its name. An authorship another
 *   account claimed is someone else, even with the same name.
 * - A follow by name matches every authorship written that way (claimed or not).
 */
import { authorKey } from '../papers/author-names.ts';
import type { Paper } from '../papers/paper.ts';
import type { SearchHit } from '../search/types.ts';
import type { Follow, PaperAuthorship } from '../store/store.ts';
import { FRESH_DAYS } from './compose.ts';
import type { Cadence } from './schedule.ts';

/** Whether `follow` is one of the paper's authors. */
export function followMatches(follow: Pick<Follow, 'nameKey' | 'hfUser'>, authorship: PaperAuthorship): boolean {
  const account = follow.hfUser?.toLowerCase() ?? null;
  return authorship.paper.authors.some((name, position) => {
    const claimedBy = authorship.accounts[position]?.toLowerCase() ?? null;
    if (account !== null && claimedBy !== null) return claimedBy === account;
    return follow.nameKey !== '' && authorKey(name) === follow.nameKey;
  });
}

export interface FollowedPaper {
  hit: SearchHit;
  /** The follows it matched, in the channel's order. */
  by: Follow[];
}

/**
 * The papers by any of `follows` among `authorships`, never one in `exclude` (what the channel already got), newest
 * first (by the day each became news: dated or listed, whichever is later; then most upvoted, then id), at most `limit`.
 */
export function followedPapers(
  follows: readonly Follow[],
  authorships: readonly PaperAuthorship[],
  exclude: ReadonlySet<string>,
  limit: number,
): FollowedPaper[] {
  if (follows.length === 0 || limit <= 0) return [];
  const found: FollowedPaper[] = [];
  for (const authorship of authorships) {
    if (exclude.has(authorship.paper.id)) continue;
    const by = follows.filter((follow) => followMatches(follow, authorship));
    if (by.length > 0) found.push({ hit: followedHit(authorship), by });
  }
  return found
    .sort((a, b) => {
      const da = newsDay(a.hit.paper);
      const db = newsDay(b.hit.paper);
      if (da !== db) return da < db ? 1 : -1;
      const ua = a.hit.paper.upvotes ?? 0;
      const ub = b.hit.paper.upvotes ?? 0;
      if (ua !== ub) return ub - ua;
      return a.hit.paper.id < b.hit.paper.id ? -1 : a.hit.paper.id > b.hit.paper.id ? 1 : 0;
    })
    .slice(0, limit);
}

/** The day a paper became news: the later of its date and its day on Hugging Face's daily list ('' when neither). */
function newsDay(paper: Paper): string {
  const { date, listedOn } = paper;
  if (listedOn === undefined || listedOn === null) return date ?? '';
  return date !== null && date > listedOn ? date : listedOn;
}

/** A followed paper as the digest views take papers: no query, so no snippet (the view shows its summary). */
function followedHit(authorship: PaperAuthorship): SearchHit {
  return { paper: authorship.paper, score: 0, snippet: { text: '', highlights: [], truncatedStart: false, truncatedEnd: false } };
}

/**
 * How many of a digest's `size` papers its follow section may take: at most half (rounded down), so a channel that
 * follows prolific authors still gets its topic (a 1-paper digest's paper is the topic's). Papers over the share wait
 * for the next digest (they stay new); slots the topic leaves empty go to them (digest-content.ts).
 */
export function followedShare(size: number): number {
  return Math.max(0, Math.floor(size / 2));
}

/**
 * How far back (days) the follow section looks, by cadence: the days a paper counts as news (`FRESH_DAYS`) and the
 * longest gap since the previous digest (a day; Friday to Monday; a week), so a paper waiting over the previous
 * digest's share is still in the window when the next one goes out.
 */
export const FOLLOWED_LOOKBACK_DAYS: Readonly<Record<Cadence, number>> = { daily: FRESH_DAYS + 1, weekdays: FRESH_DAYS + 3, weekly: FRESH_DAYS + 7 };
