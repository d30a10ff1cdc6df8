/**
 * Example-seeded subscriptions (issue 16): the papers named after `like` found (or looked up), the key of a feed
 * without words, and the readable name such a feed goes by. Independent of Slack or the console.
 *
 * Choices:
 * - Subscribing again to a topic with `like` ADDS the new papers to its examples (up to `MAX_EXAMPLES`); to replace
 *   them, `/paper reset <topic>` first. A feed without words is its set of papers: `like A B` and `like A C` are two
 *   feeds, `like B A` is the same one again.
 * - A feed without words has the topic '' and the key `like:` + its sorted arXiv ids; it is called "papers like
 *   “Title A”, “Title B”" in messages.
 */
import { errorText } from '../error-text.ts';
import type { Logger } from '../logger.ts';
import type { Paper } from '../papers/paper.ts';
import type { Store, Subscription, SubscriptionExample } from '../store/store.ts';

/** The most example papers one subscription holds. */
export const MAX_EXAMPLES = 10;

/** Titles named in a feed's name before "and N more". */
const TITLES_NAMED = 3;
const TITLE_MAX = 70;

export interface ExampleLookupDeps {
  store: Pick<Store, 'getPaperByArxivId'>;
  /** A paper the corpus lacks, fetched and stored (Hugging Face, then arXiv); null when no source has it. */
  lookup?: (arxivId: string) => Promise<Paper | null>;
  logger: Logger;
}

export type FoundExamples =
  | { ok: true; papers: Paper[] }
  /** `unknown`: no source has them; `unreachable`: a source could not be asked; `withdrawn`: stored, but withdrawn. */
  | { ok: false; unknown: string[]; unreachable: string[]; withdrawn: Paper[] };

/** The papers behind the arXiv ids, in order: from the corpus, else looked up (and so added to it). */
export async function findExamplePapers(deps: ExampleLookupDeps, arxivIds: readonly string[]): Promise<FoundExamples> {
  const answers = await Promise.all(
    arxivIds.map(async (id): Promise<Paper | 'unknown' | 'unreachable'> => {
      const stored = await deps.store.getPaperByArxivId(id);
      // A withdrawn paper is out of search and digests: as an example it would seed a feed with what it never sends.
      if (stored) return stored;
      if (!deps.lookup) return 'unknown';
      try {
        return (await deps.lookup(id)) ?? 'unknown';
      } catch (error) {
        deps.logger.warn(`examples: looking up ${id} failed (${errorText(error)})`);
        return 'unreachable';
      }
    }),
  );
  const papers = answers.filter((answer): answer is Paper => typeof answer === 'object');
  const withdrawn = papers.filter((paper) => paper.withdrawnAt !== undefined);
  if (papers.length === arxivIds.length && withdrawn.length === 0) return { ok: true, papers };
  return {
    ok: false,
    withdrawn,
    unknown: arxivIds.filter((_, i) => answers[i] === 'unknown'),
    unreachable: arxivIds.filter((_, i) => answers[i] === 'unreachable'),
  };
}

/** The key of a feed without words: its arXiv ids, sorted, so the same papers in any order are the same feed. */
export function exampleFeedKey(arxivIds: readonly string[]): string {
  return `${FEED_KEY_PREFIX}${[...new Set(arxivIds)].sort().join(',')}`;
}

const FEED_KEY_PREFIX = 'like:';

/** Whether a typed target is a feed key (`/paper unsubscribe like 2502.11089` arrives as `like:2502.11089`). */
export function isExampleFeedKey(target: string): boolean {
  return target.startsWith(FEED_KEY_PREFIX);
}

function shortTitle(title: string): string {
  const clean = title.replace(/\s+/g, ' ').trim();
  return [...clean].length > TITLE_MAX ? `${[...clean].slice(0, TITLE_MAX - 1).join('')}…` : clean;
}

/** "papers like “Title A”, “Title B” and 2 more" (plain text; views escape it). */
export function papersLikeName(titles: readonly string[]): string {
  const named = titles.slice(0, TITLES_NAMED).map((title) => `\u201c${shortTitle(title)}\u201d`);
  const more = titles.length - named.length;
  if (named.length === 0) return 'papers like its examples';
  return `papers like ${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/** What a subscription is called in messages: its topic, or for a feed without words, the papers it is like. */
export function subscriptionName(subscription: Pick<Subscription, 'topic'>, examples: readonly SubscriptionExample[] | undefined): string {
  return subscription.topic.trim() !== '' ? subscription.topic : papersLikeName((examples ?? []).map((e) => e.title));
}

/** A feed of papers like its examples, with no words (its digests come from the examples alone). */
export function isWordless(subscription: Pick<Subscription, 'topic'>): boolean {
  return subscription.topic.trim() === '';
}

/** Names of the subscriptions, by id (one store query for all). */
export async function subscriptionNames(store: Pick<Store, 'listSubscriptionExamples'>, subscriptions: readonly Subscription[]): Promise<Map<number, string>> {
  const wordless = subscriptions.filter(isWordless);
  const examples = wordless.length > 0 ? await store.listSubscriptionExamples(wordless.map((s) => s.id)) : new Map<number, SubscriptionExample[]>();
  return new Map(subscriptions.map((s) => [s.id, subscriptionName(s, examples.get(s.id))]));
}
