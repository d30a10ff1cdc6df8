/**
 * What a digest holds: the one place that decides, for a subscription (or a topic previewed without one), which
 * papers go out. The runner posts it, the preview shows it; both read the same answer. Later sources (learned
 * preferences, followed authors, top lists) add to this function, not to the runner.
 */
import type { PaperSearch, SearchHit } from '../search/types.ts';
import type { Store } from '../store/store.ts';
import { subDays } from 'date-fns';
import { composeDigest, FRESH_DAYS } from './compose.ts';
import { followedPapers, followedShare } from './followed-papers.ts';

export interface DigestContentDeps {
  store: Store;
  search: PaperSearch;
  digestSize: number;
}

/** Whom the digest is for: a channel and its topic, with the subscription when there is one (a preview may have none). */
export interface DigestTarget {
  teamId: string;
  channelId: string;
  topic: string;
  subscriptionId: number | null;
  /**
   * Whether this digest carries the channel's follow section (issue 18): only one of a channel's digests does (the
   * runner picks its oldest active subscription), so a followed paper goes out once.
   */
  withFollows?: boolean;
}

export interface DigestContent {
  /** The papers, best first; the message may show fewer (Slack's limits), and only those shown count as sent. */
  hits: SearchHit[];
  /** Fresh papers by the authors the channel follows ("From people you follow"), newest first; never also in `hits`. */
  followed: SearchHit[];
}

/** The papers of the target's next digest at `now`: the best the channel was never sent. */
export async function digestContent(deps: DigestContentDeps, target: DigestTarget, now: Date): Promise<DigestContent> {
  const sent = await deps.store.deliveredPaperIds(target.teamId, target.channelId);
  const followed = target.withFollows ? await followedContent(deps, target, sent, now) : [];
  const exclude = followed.length === 0 ? sent : new Set([...sent, ...followed.map((hit) => hit.paper.id)]);
  const size = Math.max(0, deps.digestSize - followed.length);
  return { hits: size === 0 ? [] : composeDigest(deps.search, target.topic, exclude, size, { now }), followed };
}

/** The channel's followed authors' papers dated within `FRESH_DAYS` that it never got, within their share of the size. */
async function followedContent(deps: DigestContentDeps, target: DigestTarget, sent: ReadonlySet<string>, now: Date): Promise<SearchHit[]> {
  const follows = await deps.store.listFollows(target.teamId, target.channelId);
  if (follows.length === 0) return [];
  const authorships = await deps.store.authorshipsSince(subDays(now, FRESH_DAYS).toISOString().slice(0, 10));
  return followedPapers(follows, authorships, sent, followedShare(deps.digestSize)).map((found) => found.hit);
}
