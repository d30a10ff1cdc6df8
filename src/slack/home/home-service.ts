import type { webApi } from '@slack/bolt';
import { describeSchedule, formatNextRun, nextRun, scheduleFromRecord } from '../../digests/schedule.ts';
import type { Logger } from '../../logger.ts';
import { USER_PAUSE_REASON, type Store, type Subscription } from '../../store/store.ts';
import { slackErrorCode } from '../slack-errors.ts';
import { homeView, type HomeItem, type HomeViewInput } from '../../views/home.ts';

export interface HomeDeps {
  store: Store;
  logger: Logger;
  clock: () => Date;
}

/** How long a user's channel list is reused (opening the tab, then clicking, asks Slack once). */
const CHANNELS_TTL_MS = 60_000;
const CHANNELS_CACHE_MAX = 500;
/** users.conversations pages of 1,000 asked at most (10,000 channels). */
const MAX_CHANNEL_PAGES = 10;

interface Visible {
  subscriptions: Subscription[];
  basis: HomeViewInput['basis'];
}

/**
 * The App Home tab: which subscriptions a user sees, and what its buttons do.
 *
 * Slack gives no "channels of this user" for free, so the tab shows the workspace's subscriptions that are
 * in a channel the user is a member of (`users.conversations` with `user=…`: the bot token and the
 * channels:read/groups:read scopes the app already has suffice), plus the ones the user started. If Slack
 * will not list the user's channels, only the ones the user started are shown, and the footer says so.
 * Pausing, resuming and unsubscribing are allowed on exactly what the user sees.
 */
export class HomeService {
  readonly #channels = new Map<string, { at: number; channels: Set<string> | null }>();

  constructor(private readonly deps: HomeDeps) {}

  /** Renders and publishes the user's Home tab. */
  async publish(client: webApi.WebClient, teamId: string, userId: string, page = 0, notice: string | null = null): Promise<void> {
    const [visible, workspace] = await Promise.all([this.visible(client, teamId, userId), this.deps.store.getWorkspace(teamId)]);
    const view = homeView({
      items: visible.subscriptions.map((s) => this.item(s)),
      page,
      basis: visible.basis,
      workspacePausedReason: workspace?.pausedReason ?? null,
      notice,
    });
    await client.views.publish({ user_id: userId, view });
  }

  async pause(client: webApi.WebClient, teamId: string, userId: string, id: number): Promise<string> {
    const subscription = await this.#find(client, teamId, userId, id);
    if (!subscription) return GONE;
    if (subscription.pausedReason === USER_PAUSE_REASON) return `"${subscription.topic}" was already paused.`;
    await this.deps.store.setSubscriptionPaused(teamId, id, USER_PAUSE_REASON, this.deps.clock());
    this.deps.logger.info(`home: ${userId} paused #${id} "${subscription.topic}" in ${teamId}/${subscription.channelId}`);
    return `Paused "${subscription.topic}". The channel gets no digest until someone resumes it.`;
  }

  async resume(client: webApi.WebClient, teamId: string, userId: string, id: number): Promise<string> {
    const subscription = await this.#find(client, teamId, userId, id);
    if (!subscription) return GONE;
    if (subscription.pausedReason === null) return `"${subscription.topic}" is already running.`;
    await this.deps.store.setSubscriptionPaused(teamId, id, null, this.deps.clock());
    this.deps.logger.info(`home: ${userId} resumed #${id} "${subscription.topic}" in ${teamId}/${subscription.channelId} (was: ${subscription.pausedReason})`);
    return `Resumed "${subscription.topic}".`;
  }

  async unsubscribe(client: webApi.WebClient, teamId: string, userId: string, id: number): Promise<string> {
    const subscription = await this.#find(client, teamId, userId, id);
    if (!subscription) return GONE;
    const removed = await this.deps.store.removeSubscription(teamId, subscription.channelId, subscription.topic);
    if (!removed) return GONE;
    this.deps.logger.info(`home: ${userId} unsubscribed #${id} "${removed.topic}" in ${teamId}/${removed.channelId}`);
    return `Unsubscribed the channel from "${removed.topic}". Papers it already got won't be sent again if someone subscribes later.`;
  }

  /** The subscriptions the user sees, by channel then age. */
  async visible(client: webApi.WebClient, teamId: string, userId: string): Promise<Visible> {
    const all = await this.deps.store.listTeamSubscriptions(teamId);
    // Only ask Slack when some subscription is not the user's own.
    if (all.every((s) => s.createdBy === userId)) return { subscriptions: all, basis: 'membership' };
    const channels = await this.userChannels(client, teamId, userId);
    if (channels === null) return { subscriptions: all.filter((s) => s.createdBy === userId), basis: 'created' };
    return { subscriptions: all.filter((s) => s.createdBy === userId || channels.has(s.channelId)), basis: 'membership' };
  }

  /** Ids of the public and private channels the user is a member of; null when Slack would not say. */
  async userChannels(client: webApi.WebClient, teamId: string, userId: string): Promise<Set<string> | null> {
    const key = `${teamId}:${userId}`;
    const now = Date.now();
    const cached = this.#channels.get(key);
    if (cached && now - cached.at < CHANNELS_TTL_MS) return cached.channels;
    let channels: Set<string> | null = new Set();
    try {
      let cursor: string | undefined;
      for (let page = 0; page < MAX_CHANNEL_PAGES; page++) {
        const result = await client.users.conversations({
          user: userId,
          types: 'public_channel,private_channel',
          exclude_archived: false,
          limit: 1000,
          ...(cursor ? { cursor } : {}),
        });
        for (const channel of result.channels ?? []) if (channel.id) channels.add(channel.id);
        cursor = result.response_metadata?.next_cursor || undefined;
        if (!cursor) break;
      }
    } catch (error) {
      this.deps.logger.warn(`users.conversations for ${userId} failed (${slackErrorCode(error) ?? 'unknown'}); Home shows only their own digests`);
      channels = null;
    }
    if (this.#channels.size >= CHANNELS_CACHE_MAX) this.#channels.clear();
    this.#channels.set(key, { at: now, channels });
    return channels;
  }

  item(subscription: Subscription): HomeItem {
    const schedule = scheduleFromRecord(subscription);
    return {
      id: subscription.id,
      channelId: subscription.channelId,
      topic: subscription.topic,
      scheduleText: describeSchedule(schedule),
      nextRunText: subscription.pausedReason ? null : formatNextRun(nextRun(schedule, this.deps.clock()).at, schedule.timezone),
      pausedReason: subscription.pausedReason,
      lastDigest:
        subscription.lastDigestAt && subscription.lastDigestStatus
          ? { atText: formatNextRun(subscription.lastDigestAt, schedule.timezone), status: subscription.lastDigestStatus }
          : null,
    };
  }

  /** The subscription if it exists in this workspace and the user may act on it. */
  async #find(client: webApi.WebClient, teamId: string, userId: string, id: number): Promise<Subscription | null> {
    const subscription = await this.deps.store.getSubscription(teamId, id);
    if (!subscription) return null;
    if (subscription.createdBy === userId) return subscription;
    const channels = await this.userChannels(client, teamId, userId);
    return channels?.has(subscription.channelId) ? subscription : null;
  }
}

const GONE = 'That digest no longer exists, or is not in one of your channels.';
