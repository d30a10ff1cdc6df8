import type { AnswerSurface, Message } from '../views/message.ts';
import { errorMessage } from '../views/error.ts';
import {
  alreadyPausedMessage,
  notPausedMessage,
  pausedMessage,
  pausedUntilMessage,
  pauseTargetMessage,
  resumedMessage,
  timedPauseRefusedMessage,
  type PauseAction,
} from '../views/pause.ts';
import type { Store, Subscription } from '../store/store.ts';
import type { ChannelAccess, ChannelAccessResult, ConversationKind } from './channel-access.ts';
import { findChannelSubscription } from './example-subscriptions.ts';
import { nextDigest } from './next-digest.ts';
import { pauseEnd } from './pause-end.ts';
import { formatNextRun, formatPausedUntil, scheduleFromRecord } from './schedule.ts';
import { subscriptionNames } from './subscription-examples.ts';
import { pauseByPerson, resumeByPerson, type UserPauseDeps } from './user-pauses.ts';

export interface ChannelPauseDeps extends UserPauseDeps {
  channelAccess: ChannelAccess;
  /** The surface answering: the pause answer names the App Home's Resume only where it has one. */
  surface: AnswerSurface;
}

interface Where {
  teamId: string;
  channelId: string;
  userId: string;
  conversation?: ConversationKind;
}

/** What `/paper pause|resume` was asked (commands' PauseCommand, as far as the service reads it). */
export interface PauseAsked {
  target: string;
  words: string;
  searchInstead: string | null;
}

const CANNOT_RESUME: Record<Extract<ChannelAccessResult, { ok: false }>['reason'], string> = {
  private_not_member: "I'm not a member of this private channel, so its digest could not be posted. Invite me with `/invite @paper`, then resume it. Nothing was changed.",
  archived: 'This channel is archived, so its digests stay paused. Nothing was changed.',
  not_a_channel: 'Digests go to channels, and this conversation has none to resume.',
};

async function nameOf(store: Store, subscription: Subscription): Promise<string> {
  return (await subscriptionNames(store, [subscription])).get(subscription.id) ?? subscription.topic;
}

/** The channel's subscription the words name, or the answer saying they name none (listing the channel's digests). */
async function findOrExplain(deps: ChannelPauseDeps, where: Where, asked: PauseAsked, action: PauseAction, target: string): Promise<Subscription | Message> {
  const found = target === '' ? null : await findChannelSubscription(deps.store, where, target);
  if (found) return found;
  const subscriptions = await deps.store.listSubscriptions(where.teamId, where.channelId);
  const names = await subscriptionNames(deps.store, subscriptions);
  const digests = subscriptions.map((s) => ({ id: s.id, name: names.get(s.id) ?? s.topic, paused: s.pausedReason !== null }));
  return pauseTargetMessage({ action, words: asked.words, searchInstead: asked.searchInstead, digests });
}

const isMessage = (value: Subscription | Message): value is Message => 'blocks' in value;

/**
 * `/paper pause <topic|#id>`: the channel's digest stops until someone resumes it (as App Home's Pause); with a
 * trailing `for 3 days` / `for 2 weeks` / `until 2026-12-24`, until then, when the scheduler resumes it (pause-end.ts).
 * Words that name none of the channel's digests change nothing; the answer lists them and how to search for the words
 * instead. An end we cannot read pauses nothing: a pause that lasted for ever would surprise.
 */
export async function pauseInChannel(deps: ChannelPauseDeps, where: Where, asked: PauseAsked & { until: string | null }): Promise<Message> {
  // The whole text first: a digest may be called "attention until convergence".
  const whole = asked.until === null ? null : await findChannelSubscription(deps.store, where, `${asked.target} ${asked.until}`);
  const found = whole ?? (await findOrExplain(deps, where, asked, 'pause', asked.target));
  if (isMessage(found)) return found;
  const digest = { id: found.id, name: await nameOf(deps.store, found) };
  if (whole === null && asked.until !== null) {
    const timezone = scheduleFromRecord(found).timezone;
    const end = pauseEnd(asked.until, deps.clock(), timezone);
    if (!end.ok) return timedPauseRefusedMessage(end, digest);
    await pauseByPerson(deps, found, where.userId, 'command', end.at);
    return pausedUntilMessage(digest, formatPausedUntil(end.at, timezone));
  }
  return (await pauseByPerson(deps, found, where.userId, 'command')) ? pausedMessage(digest, deps.surface) : alreadyPausedMessage(digest);
}

/** `/paper resume <topic|#id>`: whatever paused the digest, it runs again (as App Home's Resume), if the bot can post here. */
export async function resumeInChannel(deps: ChannelPauseDeps, where: Where, asked: PauseAsked): Promise<Message> {
  const found = await findOrExplain(deps, where, asked, 'resume', asked.target);
  if (isMessage(found)) return found;
  const digest = { id: found.id, name: await nameOf(deps.store, found) };
  const nextRun = async (subscription: Subscription = found): Promise<string> =>
    formatNextRun((await nextDigest(deps.store, subscription, deps.clock())).at, scheduleFromRecord(subscription).timezone);
  // A digest of a paused workspace has no next digest to tell, resumed or not.
  const workspacePaused = (await deps.store.getWorkspace(where.teamId))?.pausedReason ?? null;
  if (found.pausedReason === null) return notPausedMessage(digest, await nextRun(), workspacePaused);
  const access = await deps.channelAccess.check(where.teamId, where.channelId, where.conversation);
  if (!access.ok) return errorMessage(CANNOT_RESUME[access.reason]);
  await resumeByPerson(deps, found, where.userId, 'command');
  // As it is now resumed (no end, no pause): a digest still being retried within the catch-up window is the next.
  const resumed = (await deps.store.getSubscription(where.teamId, found.id)) ?? found;
  return resumedMessage(digest, await nextRun(resumed), workspacePaused);
}
