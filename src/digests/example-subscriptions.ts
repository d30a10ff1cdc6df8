/**
 * `/paper subscribe [topic] like <paper> …` and `/paper reset <topic>` (issue 16), for the subscription service:
 * every paper is found (or looked up) before anything is written, the subscription and its examples are saved in one
 * transaction, and a reset forgets a subscription's examples and the ratings its digests collected.
 */
import type { Logger } from '../logger.ts';
import type { Paper } from '../papers/paper.ts';
import type { SearchState } from '../search/search-state.ts';
import { ChannelFullError, TooManyExamplesError, topicKey, type Store, type Subscription } from '../store/store.ts';
import { errorMessage } from '../views/error.ts';
import { neutralizeFormatting } from '../views/mrkdwn.ts';
import type { AnswerSurface, Message } from '../views/message.ts';
import { channelFullMessage, subscribedMessage } from '../views/subscriptions.ts';
import { resetDoneMessage } from '../views/reset-answers.ts';
import { channelAccessProblem, type ChannelAccess, type ConversationKind } from './channel-access.ts';
import { countMatches } from './compose.ts';
import { resubscribeCommand } from './resubscribe-command.ts';
import type { SubscriptionExample } from '../store/example-records.ts';
import { digestOutlook } from './digest-outlook.ts';
import { describeSchedule, resolveSchedule, scheduleChanges, scheduleFromRecord, type Cadence, type ScheduleDefaults } from './schedule.ts';
import {
  exampleFeedKey,
  findExamplePapers,
  isWordless,
  MAX_EXAMPLES,
  subscriptionName,
} from './subscription-examples.ts';

export interface ExampleSubscriptionDeps {
  store: Store;
  searchState: SearchState;
  channelAccess: ChannelAccess;
  defaults: ScheduleDefaults;
  clock: () => Date;
  logger: Logger;
  /** A paper the corpus lacks, fetched and stored; without it only papers already in the corpus can be examples. */
  lookup?: (arxivId: string) => Promise<Paper | null>;
  /** The most subscriptions a channel may have. */
  maxPerChannel: number;
  /** The surface answering: a paused digest's line names the App Home's Resume only where it has one. */
  surface: AnswerSurface;
}

export interface ChannelUser {
  teamId: string;
  channelId: string;
  userId: string;
  conversation?: ConversationKind;
}

export interface LikeRequest {
  topic: string;
  /** Canonical arXiv ids, distinct. */
  examples: readonly string[];
  time?: string;
  timezone?: string;
  cadence?: Cadence;
  /** `every monday`: weekly on that day (0 = Sunday … 6 = Saturday). */
  weekday?: number;
}

const list = (ids: readonly string[]): string => ids.map((id) => `\`${id}\``).join(', ');

function notFound(unknown: readonly string[], unreachable: readonly string[], withdrawn: readonly Paper[]): Message {
  const lines: string[] = [];
  for (const paper of withdrawn) {
    const id = paper.arxivId === null ? '' : ` (\`${paper.arxivId}\`)`;
    lines.push(`\u201c${neutralizeFormatting(paper.title)}\u201d${id} was withdrawn, so it can't be an example: leave it out.`);
  }
  if (unknown.length > 0) {
    lines.push(
      `I couldn't find ${list(unknown)} on Hugging Face or arXiv. Check the ${unknown.length === 1 ? 'id' : 'ids'} (a typo?), or leave ${unknown.length === 1 ? 'it' : 'them'} out.`,
    );
  }
  if (unreachable.length > 0) lines.push(`I couldn't reach Hugging Face or arXiv to look up ${list(unreachable)}. Try again in a minute.`);
  lines.push('Nothing was saved.');
  return errorMessage(lines.join('\n'));
}

function definedOnly<T extends Record<string, unknown>>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/** Subscribe the channel to a topic seeded with example papers, or to papers like them (topic ''). */
export async function subscribeLike(deps: ExampleSubscriptionDeps, where: ChannelUser, request: LikeRequest): Promise<Message> {
  const { store, clock, logger } = deps;
  const now = clock();
  const found = await findExamplePapers(deps, request.examples);
  if (!found.ok) return notFound(found.unknown, found.unreachable, found.withdrawn);

  const wordless = request.topic.trim() === '';
  const key = wordless ? exampleFeedKey(request.examples) : topicKey(request.topic);
  const subscriptions = await store.listSubscriptions(where.teamId, where.channelId);
  const existing = subscriptions.find((s) => s.topicKey === key);
  if (existing?.kind === 'top') {
    // A top list ranks by upvotes: examples would be stored, announced and never used.
    return errorMessage(
      `This channel already has a top list named "${existing.topic}" (#${existing.id}). Unsubscribe it first (\`/paper unsubscribe ${existing.id}\`), or pick other words.`,
    );
  }
  if (!existing && subscriptions.length >= deps.maxPerChannel) return channelFullMessage(subscriptions.length);
  const access = await deps.channelAccess.check(where.teamId, where.channelId, where.conversation);
  if (!access.ok) return errorMessage(channelAccessProblem(access.reason));

  const requested = definedOnly({ time: request.time, timezone: request.timezone, cadence: request.cadence, weekday: request.weekday });
  const schedule = existing ? scheduleChanges(requested, existing, now) : resolveSchedule(requested, deps.defaults, now);
  let result;
  try {
    result = await store.subscribeWithExamples({
      ...where,
      createdBy: where.userId,
      topic: wordless ? '' : request.topic,
      ...(wordless ? { topicKey: key } : {}),
      ...schedule,
      examples: found.papers.map((p) => ({ id: p.id, arxivId: p.arxivId, title: p.title })),
      maxExamples: MAX_EXAMPLES,
      maxPerChannel: deps.maxPerChannel,
      now,
    });
  } catch (error) {
    if (error instanceof ChannelFullError) return channelFullMessage(error.existing);
    if (!(error instanceof TooManyExamplesError)) throw error;
    const name = existing?.topic ?? request.topic;
    const room = Math.max(0, error.limit - error.existing);
    const more = room === 0 ? 'It has no room for more' : `Name at most ${room} more`;
    return errorMessage(
      `"${name}" already has ${error.existing} example papers, and a subscription takes at most ${error.limit}: with these ${error.adding} it would have ${error.existing + error.adding}, so none of them was added. ` +
        `${more}, or \`/paper reset ${existing ? `#${existing.id}` : name}\` forgets its examples so you can start over. Nothing was saved.`,
    );
  }
  const { subscription, created, added, examples } = result;
  const plan = scheduleFromRecord(subscription);
  const changed = existing !== undefined && describeSchedule(scheduleFromRecord(existing)) !== describeSchedule(plan);
  const search = deps.searchState.current;
  const name = subscriptionName(subscription, examples);
  logger.info(
    `${created ? 'subscribed' : 'updated'} #${subscription.id} "${subscription.topicKey}" with ${added.length} new example(s) (${examples.length} in all) in ${where.teamId}/${where.channelId}`,
  );
  const workspace = await deps.store.getWorkspace(where.teamId);
  const { nextRunText, pause } = await digestOutlook(deps.store, subscription, workspace?.pausedReason ?? null, now);
  return subscribedMessage({
    topic: name,
    created,
    changed,
    scheduleText: describeSchedule(plan),
    nextRunText,
    pause,
    // A digest never sends its examples: they are not among the papers that match.
    matchingNow: search && !wordless ? countMatches(search, subscription.topic, new Set(examples.map((e) => e.paperId))) : 0,
    besidesExamples: examples.length > 0,
    subscriptionId: subscription.id,
    examples: { added: added.map((e) => e.title), total: examples.length, wordless },
    surface: deps.surface,
  });
}

/** A channel's subscription named by topic, by `#id`/id, or (a feed without words) by its key. */
export async function findChannelSubscription(store: Store, where: Omit<ChannelUser, 'userId'>, target: string): Promise<Subscription | null> {
  return pickSubscription(await store.listSubscriptions(where.teamId, where.channelId), target);
}

/** The one of a channel's `subscriptions` that `target` names (see findChannelSubscription). */
export function pickSubscription(subscriptions: readonly Subscription[], target: string): Subscription | null {
  const key = topicKey(target);
  const byKey = subscriptions.find((s) => s.topicKey === key);
  if (byKey) return byKey;
  const id = /^#?(\d{1,10})$/.exec(key)?.[1];
  if (id !== undefined) return subscriptions.find((s) => s.id === Number(id)) ?? null;
  // A digest saved before quoted phrases were kept (`linear attention -vision`), named as typed now, with the quotes.
  const unquoted = (text: string): string => text.replace(QUOTE_MARKS, '').replace(/\s+/g, ' ').trim();
  const loose = subscriptions.filter((s) => unquoted(s.topicKey) === unquoted(key));
  return loose.length === 1 ? (loose[0] ?? null) : null;
}

const QUOTE_MARKS = /["\u201c\u201d\u201e]/g;

export interface ResetOutcome {
  name: string;
  examplesCleared: number;
  /** A feed without words keeps its examples: they are all it has. */
  examplesKept: number;
  ratingsCleared: number;
  /** The example papers forgotten (none for a feed without words, which keeps them). */
  forgotten: SubscriptionExample[];
}

/** Forget what shaped the subscription: its examples (unless it has no words) and the ratings from its digests. */
export async function resetExamplesAndRatings(store: Store, subscription: Subscription): Promise<ResetOutcome> {
  const examples = (await store.listSubscriptionExamples([subscription.id])).get(subscription.id) ?? [];
  const name = subscriptionName(subscription, examples);
  const wordless = isWordless(subscription);
  const examplesCleared = wordless ? 0 : await store.clearSubscriptionExamples(subscription.id);
  const ratingsCleared = await store.clearRatings(subscription.teamId, subscription.channelId, subscription.id);
  return { name, examplesCleared, examplesKept: wordless ? examples.length : 0, ratingsCleared, forgotten: wordless ? [] : examples };
}

/** `/paper reset <topic or id>`. */
export async function resetSubscription(deps: Pick<ExampleSubscriptionDeps, 'store' | 'logger'>, where: ChannelUser, target: string): Promise<Message | null> {
  const subscription = await findChannelSubscription(deps.store, where, target);
  if (!subscription) return null;
  const outcome = await resetExamplesAndRatings(deps.store, subscription);
  deps.logger.info(
    `reset #${subscription.id} in ${where.teamId}/${where.channelId} by ${where.userId}: ${outcome.examplesCleared} example(s), ${outcome.ratingsCleared} rating(s)`,
  );
  // The examples are one paste away, as after unsubscribe (the ratings can't be restored: the answer says so).
  const restorable = outcome.forgotten.filter((example) => example.arxivId !== null);
  const restore = restorable.length > 0 ? resubscribeCommand(subscription, restorable) : null;
  return resetDoneMessage({ ...outcome, subscriptionId: subscription.id }, { titles: outcome.forgotten.map((example) => example.title), restore });
}
