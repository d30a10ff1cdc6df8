/**
 * What a digest holds: the one place that decides, for a subscription (or a topic previewed without one), which
 * papers go out and why. The runner posts it, the preview shows it; both read the same answer. Later sources
 * (top lists) add to this function, not to the runner.
 */
import { subDays } from 'date-fns/subDays';
import type { PaperSearch, SearchHit } from '../search/types.ts';
import type { Store, SubscriptionExample, SubscriptionKind } from '../store/store.ts';
import type { DigestReason } from '../views/digest-reason.ts';
import { composeDigest } from './compose.ts';
import { FOLLOWED_LOOKBACK_DAYS, followedPapers, followedShare } from './followed-papers.ts';
import { channelPreferences } from './preferences.ts';
import type { Cadence } from './schedule.ts';
import { papersLikeName } from './subscription-examples.ts';
import { TOP_LIST_SIZE, topListTopic, topPapers, type TopList } from './top-papers.ts';

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
  /** The subscription's example papers ("papers like these"); absent: read from the store for `subscriptionId`. */
  examples?: readonly string[];
  /** `top`: a top list (issue 18); the topic is its label (`top …`). Absent: a topic digest. */
  kind?: SubscriptionKind;
  /**
   * How often the digest goes out: the follow section looks back far enough that papers waiting from the previous
   * digest are still there (`FOLLOWED_LOOKBACK_DAYS`). Absent: daily.
   */
  cadence?: Cadence;
}

export interface DigestContent {
  /** The papers, best first; the message may show fewer (Slack's limits), and only those shown count as sent. */
  hits: SearchHit[];
  /** Fresh papers by the authors the channel follows ("From people you follow"), newest first; never also in `hits`. */
  followed: SearchHit[];
  /** Fresh papers by followed authors over the section's share (and not among `hits`): they wait for a later digest. */
  followedWaiting: number;
  /** Paper id → why it is among `hits` (every hit has one). */
  reasons: Map<string, DigestReason>;
  /** A feed without words (issue 16) goes by the papers it is like ("papers like “A”, “B”"); absent otherwise. */
  name?: string;
  /** For a top list: the list the hits come from (its window, its topic), for the top-list message. */
  top?: TopList;
}

/**
 * The papers of the target's next digest at `now`: the best the channel was never sent, never rated and did not name as
 * an example, ranked as the channel's ratings and the subscription's examples taught (src/search/learn/), each with its
 * reason.
 */
export async function digestContent(deps: DigestContentDeps, target: DigestTarget, now: Date): Promise<DigestContent> {
  const [sent, ratings, stored] = await Promise.all([
    deps.store.deliveredPaperIds(target.teamId, target.channelId),
    deps.store.channelRatings(target.teamId, target.channelId),
    target.subscriptionId === null ? new Map<number, SubscriptionExample[]>() : deps.store.listSubscriptionExamples([target.subscriptionId]),
  ]);
  const exampleList = target.subscriptionId === null ? [] : (stored.get(target.subscriptionId) ?? []);
  const examples = target.examples ?? exampleList.map((example) => example.paperId);
  const { preferences, rated } = channelPreferences(ratings, target.subscriptionId, examples);
  // Papers the channel rated, and the examples it named, are not news to it (a feed never sends its examples either).
  const unseen = rated.size === 0 && examples.length === 0 ? sent : new Set([...sent, ...rated, ...examples]);
  if (target.kind === 'top') return topListContent(deps, target, unseen, now);
  const allFollowed = target.withFollows ? await followedContent(deps, target, unseen, now) : [];
  const share = allFollowed.slice(0, followedShare(deps.digestSize));
  const exclude = share.length === 0 ? unseen : new Set([...unseen, ...share.map((hit) => hit.paper.id)]);
  const size = Math.max(0, deps.digestSize - share.length);
  const hits = size === 0 ? [] : composeDigest(deps.search, target.topic, exclude, size, { now, preferences });
  const reasons = new Map(hits.map((hit) => [hit.paper.id, reasonOf(hit, target.topic)]));
  // A followed paper over the share may still come in with the topic's papers: then it is not waiting. Slots the
  // topic leaves empty go to the followed papers waiting.
  const inTopic = new Set(hits.map((hit) => hit.paper.id));
  const over = allFollowed.slice(share.length).filter((hit) => !inTopic.has(hit.paper.id));
  const spare = Math.max(0, deps.digestSize - share.length - hits.length);
  const followed = spare === 0 ? share : [...share, ...over.slice(0, spare)];
  const followedWaiting = over.length - (followed.length - share.length);
  if (target.topic.trim() === '' && exampleList.length > 0) {
    return { hits, followed, followedWaiting, reasons, name: papersLikeName(exampleList.map((e) => e.title)) };
  }
  return { hits, followed, followedWaiting, reasons };
}

/**
 * The channel's followed authors' papers dated or listed within the cadence's look-back (`FRESH_DAYS` and the time
 * since the previous digest) that it never got, newest first.
 */
async function followedContent(deps: DigestContentDeps, target: DigestTarget, sent: ReadonlySet<string>, now: Date): Promise<SearchHit[]> {
  const follows = await deps.store.listFollows(target.teamId, target.channelId);
  if (follows.length === 0) return [];
  const lookback = FOLLOWED_LOOKBACK_DAYS[target.cadence ?? 'daily'];
  const authorships = await deps.store.authorshipsSince(subDays(now, lookback).toISOString().slice(0, 10));
  return followedPapers(follows, authorships, sent, Number.POSITIVE_INFINITY).map((found) => found.hit);
}

/** Why a hit is in the digest: the topic's words, and the liked paper or example it is close to. */
function reasonOf(hit: SearchHit, topic: string): DigestReason {
  const closest = hit.learned?.closest ?? null;
  const anchored = topic.trim() !== '' && !(hit.learned?.offTopic ?? false);
  if (!closest) return { kind: 'topic', topic };
  return { kind: closest.kind, title: closest.title, topic: anchored ? topic : null };
}

/**
 * A top list's post: the most upvoted papers listed in the 7 days up to `now` that the channel never got (from any of
 * its subscriptions; "never the same paper twice" holds for top lists too, README *What's hot*) nor rated.
 */
async function topListContent(deps: DigestContentDeps, target: DigestTarget, sent: ReadonlySet<string>, now: Date): Promise<DigestContent> {
  const top = await topPapers(deps, { period: 'week', topic: topListTopic(target.topic), now, exclude: sent, limit: TOP_LIST_SIZE });
  const hits = top.papers.map((paper) => ({ paper, score: paper.upvotes ?? 0, snippet: { text: '', highlights: [], truncatedStart: false, truncatedEnd: false } }));
  const topic = topListTopic(target.topic);
  const reasons = new Map<string, DigestReason>(hits.map((hit) => [hit.paper.id, { kind: 'topic', topic: topic ?? 'the week\'s top' }]));
  return { hits, followed: [], followedWaiting: 0, reasons, top };
}
