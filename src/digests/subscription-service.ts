import type { Logger } from '../logger.ts';
import type { Paper } from '../papers/paper.ts';
import type { SearchState } from '../search/search-state.ts';
import type { AnswerSurface, Message } from '../views/message.ts';
import { digestPreviewMessage } from '../views/digest.ts';
import { errorMessage } from '../views/error.ts';
import { channelFullMessage, notSubscribedMessage, whichDigestMessage, subscribedMessage, unsubscribedMessage } from '../views/subscriptions.ts';
import { subscriptionListMessage, type SubscriptionListItem } from '../views/subscription-list.ts';
import { channelRatingsResetMessage } from '../views/reset-answers.ts';
import { ChannelFullError, topicKey, type Store, type Subscription } from '../store/store.ts';
import { channelAccessProblem, type ChannelAccess, type ConversationKind } from './channel-access.ts';
import { countMatches } from './compose.ts';
import { resubscribeCommand } from './resubscribe-command.ts';
import { digestContent } from './digest-content.ts';
import { findChannelSubscription, pickSubscription, resetSubscription, subscribeLike } from './example-subscriptions.ts';
import { pauseInChannel, resumeInChannel, type PauseAsked } from './channel-pauses.ts';
import { digestOutlook } from './digest-outlook.ts';
import { followsCarrier } from './follow-carriers.ts';
import { isExampleFeedKey, subscriptionNames } from './subscription-examples.ts';
import { subscriptionScheduleText, topListLabel, topListTopic, topPapers } from './top-papers.ts';
import { topPreviewMessage, topSubscribedMessage } from '../views/top-papers.ts';
import {
  describeSchedule,
  formatNextRun,
  resolveSchedule,
  scheduleChanges,
  scheduleFromRecord,
  type ScheduleDefaults,
  type ScheduleOptions,
} from './schedule.ts';

export interface SubscriptionServiceDeps {
  store: Store;
  searchState: SearchState;
  channelAccess: ChannelAccess;
  defaults: ScheduleDefaults;
  digestSize: number;
  clock: () => Date;
  logger: Logger;
  /** A paper named after `like` that the corpus lacks, fetched and stored (issue 16); absent: corpus papers only. */
  lookup?: (arxivId: string) => Promise<Paper | null>;
  /** The surface answering: a paused digest's answers name the App Home's Resume only where it has one. */
  surface: AnswerSurface;
}

export interface Where {
  teamId: string;
  channelId: string;
  userId: string;
  /** A direct message or group DM, when the surface says so (refused as a digest's channel even if Slack won't describe it). */
  conversation?: ConversationKind;
}

/** Keeps `/paper list` inside one message and a channel's digests readable. */
export const MAX_SUBSCRIPTIONS_PER_CHANNEL = 25;

const WARMING_UP = 'The paper index is still loading. Give me a few seconds and try again.';

/** `/paper subscribe|unsubscribe|list|digest`: the rules, independent of Slack or the console. */
export class SubscriptionService {
  constructor(private readonly deps: SubscriptionServiceDeps) {}

  async subscribe(
    where: Where,
    asked: { topic: string; examples?: readonly string[]; top?: true } & ScheduleOptions,
  ): Promise<Message> {
    if (asked.examples !== undefined && asked.examples.length > 0) {
      return subscribeLike({ ...this.deps, maxPerChannel: MAX_SUBSCRIPTIONS_PER_CHANNEL }, where, { ...asked, examples: asked.examples });
    }
    const { store, clock } = this.deps;
    const now = clock();
    // A top list (issue 18) is stored under its label (`top …`), weekly unless told otherwise.
    const kind = asked.top ? 'top' : 'topic';
    const request = asked.top ? { ...asked, topic: topListLabel(asked.topic) } : asked;
    const existing = (await store.listSubscriptions(where.teamId, where.channelId)).find(
      (subscription) => subscription.topicKey === topicKey(request.topic),
    );
    if (existing && existing.kind !== kind) {
      return errorMessage(
        `This channel already has a ${existing.kind === 'top' ? 'top list' : 'digest'} named "${existing.topic}" (#${existing.id}). Unsubscribe it first (\`/paper unsubscribe ${existing.id}\`), or pick other words.`,
      );
    }
    if (!existing) {
      // Answered before asking Slack about the channel; the store holds the cap itself (people subscribing at once).
      const count = (await store.listSubscriptions(where.teamId, where.channelId)).length;
      if (count >= MAX_SUBSCRIPTIONS_PER_CHANNEL) return channelFullMessage(count);
    }
    const access = await this.deps.channelAccess.check(where.teamId, where.channelId, where.conversation);
    if (!access.ok) return errorMessage(channelAccessProblem(access.reason));

    const requested = definedOnly({ time: request.time, timezone: request.timezone, cadence: request.cadence, weekday: request.weekday });
    const base = { ...where, createdBy: where.userId, topic: request.topic, maxPerChannel: MAX_SUBSCRIPTIONS_PER_CHANNEL, now };
    let upserted;
    try {
      upserted = existing
        ? await store.upsertSubscription({ ...base, ...scheduleChanges(requested, existing, now) })
        : await store.upsertSubscription({
            ...base,
            ...resolveSchedule(asked.top && requested.cadence === undefined ? { ...requested, cadence: 'weekly' } : requested, this.deps.defaults, now),
            kind,
          });
    } catch (error) {
      if (error instanceof ChannelFullError) return channelFullMessage(error.existing);
      throw error;
    }
    const { subscription, created } = upserted;
    const changed = existing !== undefined && scheduleChanged(existing, subscription);
    const schedule = scheduleFromRecord(subscription);
    const workspace = await store.getWorkspace(where.teamId);
    const { nextRunText, pause } = await digestOutlook(store, subscription, workspace?.pausedReason ?? null, now);
    const search = this.deps.searchState.current;
    this.deps.logger.info(
      `${created ? 'subscribed' : changed ? 'updated' : 'kept'} #${subscription.id} "${subscription.topic}" in ${where.teamId}/${where.channelId}`,
    );
    if (subscription.kind === 'top') {
      const topic = topListTopic(subscription.topic);
      const list = search ? await topPapers({ store, search }, { period: 'week', topic, now }) : null;
      return topSubscribedMessage({
        topic,
        created,
        changed,
        scheduleText: describeSchedule(schedule),
        nextRunText,
        pause,
        onListNow: list?.matching ?? 0,
        subscriptionId: subscription.id,
        surface: this.deps.surface,
      });
    }
    // Subscribed again, a digest seeded with example papers keeps them: they are never sent, so not counted.
    const examples = existing ? ((await store.subscriptionExamples([subscription.id])).get(subscription.id) ?? []) : [];
    return subscribedMessage({
      topic: subscription.topic,
      created,
      changed,
      scheduleText: describeSchedule(schedule),
      nextRunText,
      pause,
      matchingNow: search ? countMatches(search, subscription.topic, new Set(examples)) : 0,
      besidesExamples: examples.length > 0,
      subscriptionId: subscription.id,
      surface: this.deps.surface,
    });
  }

  async unsubscribe(where: Where, target: string): Promise<Message> {
    const { store } = this.deps;
    const found = await findChannelSubscription(store, where, target);
    // Named before removal: a feed without words is called by its examples, which go with it.
    const name = found ? (await subscriptionNames(store, [found])).get(found.id) : undefined;
    const examples = found ? ((await store.listSubscriptionExamples([found.id])).get(found.id) ?? []) : [];
    const removed = found ? await store.removeSubscription(where.teamId, where.channelId, found.topicKey) : null;
    if (removed) {
      this.deps.logger.info(`unsubscribed #${removed.id} "${removed.topicKey}" in ${where.teamId}/${where.channelId}`);
      const topList = removed.kind === 'top' ? { topic: topListTopic(removed.topic) } : undefined;
      return unsubscribedMessage(name ?? removed.topic, removed.id, resubscribeCommand(removed, examples), topList);
    }
    return this.notSubscribed(where, target);
  }

  /** `/paper pause <topic or id>` (channel-pauses.ts). */
  async pause(where: Where, asked: PauseAsked & { until: string | null }): Promise<Message> {
    return pauseInChannel(this.deps, where, asked);
  }

  /** `/paper resume <topic or id>` (channel-pauses.ts). */
  async resume(where: Where, asked: PauseAsked): Promise<Message> {
    return resumeInChannel(this.deps, where, asked);
  }

  /** `/paper reset <topic or id>`: forget the subscription's example papers and the ratings from its digests. */
  async reset(where: Where, target: string): Promise<Message> {
    return (await resetSubscription(this.deps, where, target)) ?? this.notSubscribed(where, target);
  }

  /** `/paper reset ratings`: forget the channel's ratings given outside digests (a digest's own stay with it). */
  async resetRatings(where: Where): Promise<Message> {
    const cleared = await this.deps.store.clearRatings(where.teamId, where.channelId, null);
    this.deps.logger.info(`reset ratings in ${where.teamId}/${where.channelId} by ${where.userId}: ${cleared} untagged rating(s) forgotten`);
    return channelRatingsResetMessage(cleared);
  }

  private async askWhichDigest(subscriptions: Subscription[]): Promise<Message> {
    if (subscriptions.length === 0) {
      return errorMessage('Tell me a topic for the digest: `/paper digest sparse attention` previews it. This channel has no digest yet; `/paper subscribe sparse attention` starts one.');
    }
    const names = await subscriptionNames(this.deps.store, subscriptions);
    return whichDigestMessage(subscriptions.map((s) => ({ id: s.id, name: names.get(s.id) ?? s.topic })));
  }

  private async notSubscribed(where: Where, target: string): Promise<Message> {
    const subscriptions = await this.deps.store.listSubscriptions(where.teamId, where.channelId);
    const names = await subscriptionNames(this.deps.store, subscriptions);
    return notSubscribedMessage(target, subscriptions.map((s) => ({ id: s.id, name: names.get(s.id) ?? s.topic })));
  }

  async list(where: Where): Promise<Message> {
    const { store, clock } = this.deps;
    const now = clock();
    const [subscriptions, workspace, unfurlLinks, ratings, untaggedRatings, follows] = await Promise.all([
      store.listSubscriptions(where.teamId, where.channelId),
      store.getWorkspace(where.teamId),
      store.channelUnfurlEnabled(where.teamId, where.channelId),
      store.ratingCountsBySubscription(where.teamId, where.channelId),
      store.untaggedRatingCount(where.teamId, where.channelId),
      store.listFollows(where.teamId, where.channelId),
    ]);
    const examples = await store.listSubscriptionExamples(subscriptions.map((s) => s.id));
    const names = await subscriptionNames(store, subscriptions);
    const items = await Promise.all(subscriptions.map(async (subscription): Promise<SubscriptionListItem> => {
      const schedule = scheduleFromRecord(subscription);
      const pausedReason = workspace?.pausedReason ?? subscription.pausedReason;
      const outlook = await digestOutlook(store, subscription, workspace?.pausedReason ?? null, now);
      return {
        id: subscription.id,
        topic: names.get(subscription.id) ?? subscription.topic,
        examples: (examples.get(subscription.id) ?? []).map((e) => e.title),
        ratings: ratings.get(subscription.id) ?? 0,
        scheduleText: subscriptionScheduleText(subscription, schedule),
        nextRunText: outlook.nextRunText,
        pausedReason,
        pausedUntilText: outlook.pause?.untilText ?? null,
        lastDigest:
          subscription.lastDigestAt && subscription.lastDigestStatus
            ? { atText: formatNextRun(subscription.lastDigestAt, schedule.timezone), status: subscription.lastDigestStatus }
            : null,
      };
    }));
    // The follow section rides on the oldest active digest that is not a top list (as in /paper follow's answer).
    const carrier = followsCarrier(subscriptions);
    const carrierName = carrier ? (names.get(carrier.id) ?? carrier.topic) : null;
    return subscriptionListMessage({ items, unfurlLinks, untaggedRatings, follows, followsCarrier: carrierName, surface: this.deps.surface });
  }

  /**
   * What the next digest for `asked` would hold in this channel; records nothing. `asked` names one of the channel's
   * digests (topic or `#id`, as unsubscribe takes them) or any topic; '' is the channel's only digest. `scheduleProblem`:
   * the words end in a schedule subscribe refuses (grammar.ts), the answer when they name none of the channel's digests.
   * `typed`: the words as typed when schedule words were read off `asked` (`x every mon`): a digest named so (stored
   * before those words were read as a schedule) is the one previewed.
   */
  async preview(where: Where, asked: string, scheduleProblem?: string, typed?: string): Promise<Message> {
    const search = this.deps.searchState.current;
    if (!search) return errorMessage(WARMING_UP);
    const { store, clock, digestSize } = this.deps;
    const subscriptions = await store.listSubscriptions(where.teamId, where.channelId);
    if (asked === '' && subscriptions.length !== 1) return this.askWhichDigest(subscriptions);
    const named = typed === undefined ? null : pickSubscription(subscriptions, typed);
    const subscription = asked === '' ? subscriptions[0] : (named ?? pickSubscription(subscriptions, asked) ?? undefined);
    if (!subscription && /^#\d+$/.test(asked.trim())) return this.notSubscribed(where, asked);
    // `digest black friday` naming no digest: as `/paper subscribe black friday` answers it.
    if (!subscription && scheduleProblem !== undefined) return errorMessage(scheduleProblem);
    const topic = subscription?.topic ?? asked;
    if (!subscription && isExampleFeedKey(topic)) {
      return errorMessage('This channel has no feed of papers like those. `/paper subscribe like <arXiv id> …` starts one; `/paper list` shows what it has.');
    }
    const workspacePaused = subscription ? ((await store.getWorkspace(where.teamId))?.pausedReason ?? null) : null;
    const outlook = subscription ? await digestOutlook(store, subscription, workspacePaused, clock()) : null;
    const paused = Boolean(outlook?.pause);
    // The follow section rides on the channel's oldest active digest (see followCarriers in follow-carriers.ts): preview it there.
    const withFollows = subscription !== undefined && subscriptions.find((s) => s.pausedReason === null && s.kind !== 'top')?.id === subscription.id;
    const target = {
      teamId: where.teamId,
      channelId: where.channelId,
      topic: subscription?.topic ?? topic,
      subscriptionId: subscription?.id ?? null,
      withFollows,
      // `top [topic]` is a top list, subscribed or not (as `/paper subscribe top …` reads it).
      ...(subscription ? { kind: subscription.kind, cadence: subscription.cadence } : /^top(?:\s|$)/i.test(topic.trim()) ? { kind: 'top' as const } : {}),
    };
    const content = await digestContent({ store, search, digestSize }, target, clock());
    const nextRunText = paused ? null : (outlook?.nextRunText ?? null);
    if (content.top) return topPreviewMessage({ list: content.top, nextRunText, paused });
    const { hits, followed, followedWaiting, reasons, name } = content;
    return digestPreviewMessage({
      topic: name ?? subscription?.topic ?? topic,
      wordless: name !== undefined,
      hits,
      followed,
      followedWaiting,
      reasons,
      nextRunText,
      paused,
      subscriptionId: subscription?.id ?? null,
      ...(hits.length === 0 && name === undefined ? { matching: countMatches(search, subscription?.topic ?? topic) } : {}),
    });
  }

  /** The Unsubscribe button on a digest: only within the channel the digest was posted in. */
  /** The answer, and whether this call stopped the digest (false: it was stopped before, by someone or another copy). */
  async unsubscribeById(where: Where, id: number): Promise<{ message: Message; stopped: boolean }> {
    const subscription = await this.deps.store.getSubscription(where.teamId, id);
    if (!subscription || subscription.channelId !== where.channelId) {
      return { message: errorMessage('That digest was already stopped. `/paper list` shows what this channel still gets.'), stopped: false };
    }
    return { message: await this.unsubscribe(where, subscription.topicKey), stopped: true };
  }
}

function definedOnly<T extends Record<string, unknown>>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/** Whether the digest now goes out at another time, zone or cadence, or (weekly) on another day. */
function scheduleChanged(before: Subscription, after: Subscription): boolean {
  return describeSchedule(scheduleFromRecord(before)) !== describeSchedule(scheduleFromRecord(after));
}
