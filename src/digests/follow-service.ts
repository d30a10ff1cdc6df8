/**
 * `/paper follow|unfollow` (issue 18): the rules, independent of Slack or the console.
 *
 * Following by name looks the name up among the claimed Hugging Face authorships of the corpus: one account claims
 * papers under it → the follow is by that account (its papers count under any spelling, a namesake claimed by
 * another account does not); several → by name, with the accounts to pick from; none → by name. `@hf:user` follows
 * the account directly. A name or account with no paper yet is accepted ("you'll hear when one appears").
 * Follows ride on the channel's oldest active digest (follow-carriers.ts `followCarriers`); without a digest the reply says so.
 */
import type { Logger } from '../logger.ts';
import { authorKey } from '../papers/author-names.ts';
import { ChannelFullError, type Follow, type Store } from '../store/store.ts';
import { errorMessage } from '../views/error.ts';
import { followedMessage, notFollowingMessage, unfollowedMessage, type FollowResolution } from '../views/follows.ts';
import type { Message } from '../views/message.ts';
import { digestOutlook } from './digest-outlook.ts';
import { followsCarrier } from './follow-carriers.ts';
import { subscriptionNames } from './subscription-examples.ts';

/** Whom `/paper follow|unfollow` names: an author by name, or a Hugging Face account. */
export type FollowTarget = { kind: 'name'; name: string } | { kind: 'account'; hfUser: string };

export interface FollowServiceDeps {
  store: Store;
  clock: () => Date;
  logger: Logger;
}

export interface Where {
  teamId: string;
  channelId: string;
  userId: string;
}

/** Keeps `/paper list` readable and a digest's follow section about people, not a crowd. */
export const MAX_FOLLOWS_PER_CHANNEL = 50;

function channelFollowsFull(count: number): Message {
  return errorMessage(`This channel already follows ${count} authors, the most it can. Unfollow one first (\`/paper list\` shows them).`);
}

export class FollowService {
  constructor(private readonly deps: FollowServiceDeps) {}

  async follow(where: Where, target: FollowTarget): Promise<Message> {
    const { store, clock } = this.deps;
    const [follows, subscriptions] = await Promise.all([
      store.listFollows(where.teamId, where.channelId),
      store.listSubscriptions(where.teamId, where.channelId),
    ]);
    const resolved = await this.#resolve(target);
    const existing = follows.find((f) => sameFollow(f, resolved));
    // Answered before writing; the store holds the cap itself (people following at the same moment).
    if (!existing && follows.length >= MAX_FOLLOWS_PER_CHANNEL) return channelFollowsFull(follows.length);
    let added;
    try {
      added = await store.addFollow({
        ...where,
        createdBy: where.userId,
        name: resolved.name,
        nameKey: resolved.nameKey,
        hfUser: resolved.hfUser,
        maxPerChannel: MAX_FOLLOWS_PER_CHANNEL,
        now: clock(),
      });
    } catch (error) {
      if (error instanceof ChannelFullError) return channelFollowsFull(error.existing);
      throw error;
    }
    const { follow, created } = added;
    const knownPapers = resolved.papers > 0 || (await store.hasPaperByAuthor(follow.name));
    const carrierSub = followsCarrier(subscriptions);
    const carrierOutlook = async (subscription: NonNullable<typeof carrierSub>): Promise<{ nextRunText: string | null; paused: boolean }> => {
      const outlook = await digestOutlook(store, subscription, (await store.getWorkspace(where.teamId))?.pausedReason ?? null, clock());
      return { nextRunText: outlook.nextRunText, paused: outlook.pause !== null };
    };
    const carrier = carrierSub
      ? {
          // A feed without words goes by the papers it is like.
          topic: (await subscriptionNames(store, [carrierSub])).get(carrierSub.id) ?? carrierSub.topic,
          // Paused: the first digest after a timed pause, else none (digest-outlook.ts).
          ...(await carrierOutlook(carrierSub)),
        }
      : null;
    this.deps.logger.info(`${created ? 'followed' : 'kept follow'} #${follow.id} ${follow.hfUser ? `@hf:${follow.hfUser}` : `"${follow.name}"`} in ${where.teamId}/${where.channelId}`);
    const hasTopLists = subscriptions.some((s) => s.kind === 'top');
    return followedMessage({ follow, created, resolution: resolved.resolution, knownPapers, carrier, hasTopLists });
  }

  async unfollow(where: Where, target: FollowTarget): Promise<Message> {
    const follows = await this.deps.store.listFollows(where.teamId, where.channelId);
    const match = follows.find((f) => matchesTarget(f, target));
    const removed = match ? await this.deps.store.removeFollow(where.teamId, where.channelId, match.id) : null;
    if (!removed) return notFollowingMessage(target.kind === 'account' ? `@hf:${target.hfUser}` : target.name, follows);
    this.deps.logger.info(`unfollowed #${removed.id} in ${where.teamId}/${where.channelId}`);
    return unfollowedMessage(removed);
  }

  /** Whom the follow is of, as stored, and how the typed name was resolved. */
  async #resolve(target: FollowTarget): Promise<{ name: string; nameKey: string; hfUser: string | null; resolution: FollowResolution; papers: number }> {
    const { store } = this.deps;
    if (target.kind === 'account') {
      // The account's most used spelling names it; unknown yet: the username stands in.
      const names = await store.namesOfAccount(target.hfUser);
      const [known] = names;
      const papers = names.reduce((sum, a) => sum + a.papers, 0);
      const name = known?.name ?? target.hfUser;
      return { name, nameKey: authorKey(name), hfUser: known?.hfUser ?? target.hfUser, resolution: { kind: 'direct' }, papers };
    }
    const nameKey = authorKey(target.name);
    const accounts = await store.accountsNamed(nameKey);
    const [only] = accounts;
    if (only && accounts.length === 1) {
      return { name: target.name, nameKey, hfUser: only.hfUser, resolution: { kind: 'account', papers: only.papers }, papers: only.papers };
    }
    if (accounts.length > 1) return { name: target.name, nameKey, hfUser: null, resolution: { kind: 'several', accounts }, papers: 1 };
    return { name: target.name, nameKey, hfUser: null, resolution: { kind: 'name' }, papers: 0 };
  }
}

function sameFollow(follow: Follow, resolved: { nameKey: string; hfUser: string | null }): boolean {
  if (resolved.hfUser !== null) return follow.hfUser?.toLowerCase() === resolved.hfUser.toLowerCase();
  return follow.hfUser === null && follow.nameKey === resolved.nameKey;
}

/** `/paper unfollow` takes the account, or any name the follow goes by (typed name or, for an account, its name). */
function matchesTarget(follow: Follow, target: FollowTarget): boolean {
  if (target.kind === 'account') return follow.hfUser?.toLowerCase() === target.hfUser.toLowerCase();
  const key = authorKey(target.name);
  return key !== '' && follow.nameKey === key;
}
