import { subscriptionScheduleText } from './top-papers.ts';
import type { Logger } from '../logger.ts';
import type { Store, Subscription } from '../store/store.ts';
import { pauseByPerson, resumeByPerson } from './user-pauses.ts';
import { HOME_SAVED_PAGE_SIZE, homeView, type HomeItem, type HomeView, type HomeViewInput } from '../views/home.ts';
import type { SavedPaperService } from './saved-paper-service.ts';
import { resetNoticeText } from '../views/reset-answers.ts';
import { resetExamplesAndRatings } from './example-subscriptions.ts';
import { isWordless, subscriptionName } from './subscription-examples.ts';
import { digestOutlook } from './digest-outlook.ts';
import { formatNextRun, scheduleFromRecord } from './schedule.ts';
import { ratingsText } from '../views/rating-count.ts';

/** The channels a user is a member of, as the chat platform says; null when it would not say. */
export interface UserChannels {
  of(teamId: string, userId: string): Promise<Set<string> | null>;
}

export interface HomeDeps {
  store: Store;
  logger: Logger;
  clock: () => Date;
  userChannels: UserChannels;
  /** The user's saved papers, shown below the digests (issue 17). */
  saved?: SavedPaperService;
}

interface Visible {
  subscriptions: Subscription[];
  basis: HomeViewInput['basis'];
}

/**
 * The App Home tab: which subscriptions a user sees, and what its buttons do.
 *
 * The tab shows the workspace's subscriptions that are in a channel the user is a member of (UserChannels),
 * plus the ones the user started. If Slack will not list the user's channels, only the ones the user started
 * are shown, and the footer says so.
 * Pausing, resuming and unsubscribing are allowed on exactly what the user sees.
 */
export class HomeService {
  constructor(private readonly deps: HomeDeps) {}

  /** The user's Home tab, rendered (`savedPage`: which page of saved papers). */
  async view(teamId: string, userId: string, page = 0, notice: string | null = null, savedPage = 0): Promise<HomeView> {
    const [visible, workspace, saved, follows] = await Promise.all([
      this.visible(teamId, userId),
      this.deps.store.getWorkspace(teamId),
      this.deps.saved?.page(teamId, userId, savedPage, HOME_SAVED_PAGE_SIZE),
      this.deps.store.listTeamFollows(teamId),
    ]);
    // Follows ride on digests: shown for the channels whose digests the user sees, and those the user followed in.
    const channels = new Set(visible.subscriptions.map((s) => s.channelId));
    const [shaped, channelRatings] = await Promise.all([this.shapedBy(teamId, visible.subscriptions), this.#untaggedCounts(teamId, [...channels])]);
    return homeView({
      channelRatings,
      follows: follows.filter((f) => channels.has(f.channelId) || f.createdBy === userId),
      ...(saved ? { saved: { ...saved, pageSize: HOME_SAVED_PAGE_SIZE } } : {}),
      items: await Promise.all(visible.subscriptions.map(async (s) => ({ ...(await this.item(s, workspace?.pausedReason ?? null)), ...shaped.get(s.id) }))),
      page,
      basis: visible.basis,
      workspacePausedReason: workspace?.pausedReason ?? null,
      notice,
    });
  }

  async pause(teamId: string, userId: string, id: number): Promise<string> {
    const subscription = await this.#find(teamId, userId, id);
    if (!subscription) return GONE;
    if (!(await pauseByPerson(this.deps, subscription, userId, 'home'))) return `"${await this.#name(subscription)}" was already paused.`;
    return `Paused "${await this.#name(subscription)}". The channel gets no digest until someone resumes it.`;
  }

  async resume(teamId: string, userId: string, id: number): Promise<string> {
    const subscription = await this.#find(teamId, userId, id);
    if (!subscription) return GONE;
    if (!(await resumeByPerson(this.deps, subscription, userId, 'home'))) return `"${await this.#name(subscription)}" is already running.`;
    return `Resumed "${await this.#name(subscription)}".`;
  }

  async unsubscribe(teamId: string, userId: string, id: number): Promise<string> {
    const subscription = await this.#find(teamId, userId, id);
    if (!subscription) return GONE;
    const name = await this.#name(subscription);
    const removed = await this.deps.store.removeSubscription(teamId, subscription.channelId, subscription.topicKey);
    if (!removed) return GONE;
    this.deps.logger.info(`home: ${userId} unsubscribed #${id} "${removed.topic}" in ${teamId}/${removed.channelId}`);
    return `Unsubscribed the channel from "${name}". Papers it already got won't be sent again if someone subscribes later.`;
  }

  /** Reset: forget the subscription's example papers (a feed without words keeps them) and its digests' ratings. */
  async reset(teamId: string, userId: string, id: number): Promise<string> {
    const subscription = await this.#find(teamId, userId, id);
    if (!subscription) return GONE;
    const outcome = await resetExamplesAndRatings(this.deps.store, subscription);
    this.deps.logger.info(`home: ${userId} reset #${id} in ${teamId}/${subscription.channelId}: ${outcome.examplesCleared} example(s), ${outcome.ratingsCleared} rating(s)`);
    return resetNoticeText({ ...outcome, subscriptionId: id });
  }

  /** Reset a channel's ratings given outside digests: only in a channel whose digests the user sees. */
  async resetChannelRatings(teamId: string, userId: string, channelId: string): Promise<string> {
    const { subscriptions } = await this.visible(teamId, userId);
    if (!subscriptions.some((s) => s.channelId === channelId)) return CHANNEL_GONE;
    const cleared = await this.deps.store.clearRatings(teamId, channelId, null);
    this.deps.logger.info(`home: ${userId} reset the ratings outside digests in ${teamId}/${channelId}: ${cleared} rating(s)`);
    return cleared > 0
      ? `Forgot ${ratingsText(cleared)} given outside digests in that channel. Its digests no longer learn from them; ratings clicked on a digest stay.`
      : 'That channel has no ratings given outside digests any more: nothing to forget.';
  }

  /** How many ratings were given outside digests in each channel, in the order given. */
  async #untaggedCounts(teamId: string, channels: readonly string[]): Promise<Array<{ channelId: string; count: number }>> {
    const counts = await Promise.all(channels.map((channelId) => this.deps.store.untaggedRatingCount(teamId, channelId)));
    return channels.map((channelId, i) => ({ channelId, count: counts[i] ?? 0 }));
  }

  /** Each subscription's name, example titles and rating count (issue 16), by id. */
  private async shapedBy(teamId: string, subscriptions: readonly Subscription[]): Promise<Map<number, Pick<HomeItem, 'topic' | 'examples' | 'ratings' | 'wordless'>>> {
    const { store } = this.deps;
    const channels = [...new Set(subscriptions.map((s) => s.channelId))];
    const [examples, counts] = await Promise.all([
      store.listSubscriptionExamples(subscriptions.map((s) => s.id)),
      Promise.all(channels.map((channel) => store.ratingCountsBySubscription(teamId, channel))),
    ]);
    const ratings = new Map(counts.flatMap((map) => [...map]));
    return new Map(
      subscriptions.map((s) => {
        const list = examples.get(s.id) ?? [];
        return [s.id, { topic: subscriptionName(s, list), examples: list.map((e) => e.title), ratings: ratings.get(s.id) ?? 0, wordless: isWordless(s) }];
      }),
    );
  }

  /** The subscriptions the user sees, by channel then age. */
  async visible(teamId: string, userId: string): Promise<Visible> {
    const all = await this.deps.store.listTeamSubscriptions(teamId);
    // Only ask Slack when some subscription is not the user's own.
    if (all.every((s) => s.createdBy === userId)) return { subscriptions: all, basis: 'membership' };
    const channels = await this.deps.userChannels.of(teamId, userId);
    if (channels === null) return { subscriptions: all.filter((s) => s.createdBy === userId), basis: 'created' };
    return { subscriptions: all.filter((s) => s.createdBy === userId || channels.has(s.channelId)), basis: 'membership' };
  }

  /** `workspacePausedReason`: the whole workspace is paused (its banner says why), so no digest of it has a next time. */
  async item(subscription: Subscription, workspacePausedReason: string | null): Promise<HomeItem> {
    const schedule = scheduleFromRecord(subscription);
    const outlook = await digestOutlook(this.deps.store, subscription, workspacePausedReason, this.deps.clock());
    return {
      id: subscription.id,
      channelId: subscription.channelId,
      topic: subscription.topic,
      scheduleText: subscriptionScheduleText(subscription, schedule),
      nextRunText: outlook.nextRunText,
      pausedReason: subscription.pausedReason,
      pausedUntilText: outlook.pause?.untilText ?? null,
      lastDigest:
        subscription.lastDigestAt && subscription.lastDigestStatus
          ? { atText: formatNextRun(subscription.lastDigestAt, schedule.timezone), status: subscription.lastDigestStatus }
          : null,
    };
  }

  /** What the subscription is called: its topic, or the papers a feed without words is like. */
  async #name(subscription: Subscription): Promise<string> {
    if (!isWordless(subscription)) return subscription.topic;
    return subscriptionName(subscription, (await this.deps.store.listSubscriptionExamples([subscription.id])).get(subscription.id));
  }

  /** The subscription if it exists in this workspace and the user may act on it. */
  async #find(teamId: string, userId: string, id: number): Promise<Subscription | null> {
    const subscription = await this.deps.store.getSubscription(teamId, id);
    if (!subscription) return null;
    if (subscription.createdBy === userId) return subscription;
    const channels = await this.deps.userChannels.of(teamId, userId);
    return channels?.has(subscription.channelId) ? subscription : null;
  }
}

const GONE = 'That digest no longer exists, or is not in one of your channels.';
const CHANNEL_GONE = 'That channel has no digest you can see any more, so nothing was reset.';
