/**
 * What a digest holds: the one place that decides, for a subscription (or a topic previewed without one), which
 * papers go out. The runner posts it, the preview shows it; both read the same answer. Later sources (learned
 * preferences, followed authors, top lists) add to this function, not to the runner.
 */
import type { PaperSearch, SearchHit } from '../search/types.ts';
import type { Store } from '../store/store.ts';
import { composeDigest } from './compose.ts';

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
}

export interface DigestContent {
  /** The papers, best first; the message may show fewer (Slack's limits), and only those shown count as sent. */
  hits: SearchHit[];
}

/** The papers of the target's next digest at `now`: the best the channel was never sent. */
export async function digestContent(deps: DigestContentDeps, target: DigestTarget, now: Date): Promise<DigestContent> {
  const sent = await deps.store.deliveredPaperIds(target.teamId, target.channelId);
  return { hits: composeDigest(deps.search, target.topic, sent, deps.digestSize, { now }) };
}
