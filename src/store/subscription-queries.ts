/** The subscriptions table: a channel's topics, their schedule, and why one is paused. */
import type { Kysely, Updateable } from 'kysely';
import { refuseOverCap } from './channel-cap.ts';
import { lockChannelRows } from './dialect.ts';
import { pauseStart } from './pause-start.ts';
import { isOutcomeStatus, toIso, toSubscription } from './row-values.ts';
import type { Database, SubscriptionsTable } from './schema.ts';
import {
  DEFAULT_CADENCE,
  DEFAULT_DIGEST_TIME,
  DEFAULT_TIMEZONE,
  USER_PAUSE_REASON,
  isCadence,
  type DigestOutcomeStatus,
  type PauseReason,
  type Subscription,
  type UpsertSubscriptionInput,
  type UpsertSubscriptionResult,
} from './store.ts';
import { StoreValidationError, isDbId, isValidTime, isValidTimezone, requireText, topicKey } from './validation.ts';

/**
 * Create or update a subscription. With `maxPerChannel`, counting the channel's subscriptions and inserting the new
 * one happen in one transaction that holds the channel (see `lockChannelRows` in dialect.ts), so people subscribing at
 * the same moment cannot take the channel past the cap.
 */
export async function upsertSubscription(db: Kysely<Database>, input: UpsertSubscriptionInput): Promise<UpsertSubscriptionResult> {
  if (input.maxPerChannel === undefined) return upsertSubscriptionIn(db, input);
  return db.transaction().execute(async (trx) => {
    await lockChannelRows(trx, 'subscriptions', input.teamId, input.channelId);
    return upsertSubscriptionIn(trx, input);
  });
}

/** `upsertSubscription` on `db` as it is: with `maxPerChannel`, `db` is a transaction holding the channel's lock. */
export async function upsertSubscriptionIn(db: Kysely<Database>, input: UpsertSubscriptionInput): Promise<UpsertSubscriptionResult> {
  if (input.maxPerChannel !== undefined && (!Number.isSafeInteger(input.maxPerChannel) || input.maxPerChannel < 0)) {
    throw new StoreValidationError(`maxPerChannel must be a whole number >= 0, got ${input.maxPerChannel}`);
  }
  requireText('teamId', input.teamId);
  requireText('channelId', input.channelId);
  requireText('createdBy', input.createdBy);
  const key = topicKey(input.topic) || (input.topicKey === undefined ? '' : topicKey(input.topicKey));
  if (key === '') throw new StoreValidationError('topic must not be empty');
  if (input.time !== undefined && !isValidTime(input.time)) {
    throw new StoreValidationError(`time must be HH:MM (00:00–23:59), got "${input.time}"`);
  }
  if (input.timezone !== undefined && !isValidTimezone(input.timezone)) {
    throw new StoreValidationError(`unknown IANA timezone "${input.timezone}"`);
  }
  if (input.cadence !== undefined && !isCadence(input.cadence)) {
    throw new StoreValidationError(`cadence must be daily, weekdays or weekly, got "${String(input.cadence)}"`);
  }
  if (input.weekday !== undefined && input.weekday !== null && !(Number.isInteger(input.weekday) && input.weekday >= 0 && input.weekday <= 6)) {
    throw new StoreValidationError(`weekday must be 0 (Sunday) … 6 (Saturday), got ${String(input.weekday)}`);
  }
  if (input.kind !== undefined && input.kind !== 'topic' && input.kind !== 'top') {
    throw new StoreValidationError(`kind must be topic or top, got "${String(input.kind)}"`);
  }
  if (input.kind === 'top' && !/^top(?: |$)/.test(key)) throw new StoreValidationError('a top list\'s topic starts with the word "top"');
  const nowIso = toIso(input.now ?? new Date());
  const topic = input.topic.normalize('NFKC').trim().replace(/\s+/g, ' ');

  const changes: Updateable<SubscriptionsTable> = {};
  if (input.time !== undefined) changes.time = input.time;
  if (input.timezone !== undefined) changes.timezone = input.timezone;
  if (input.cadence !== undefined) changes.cadence = input.cadence;
  if (input.weekday !== undefined) changes.weekday = input.weekday;

  const findExisting = () =>
    Object.keys(changes).length > 0
      ? db
          .updateTable('subscriptions')
          // Compared with the row as it was: the schedule changed only when one of the values given is new.
          .set((eb) => {
            const differs = [
              ...(changes.time === undefined ? [] : [eb('time', '<>', changes.time)]),
              ...(changes.timezone === undefined ? [] : [eb('timezone', '<>', changes.timezone)]),
              ...(changes.cadence === undefined ? [] : [eb('cadence', '<>', changes.cadence)]),
              ...(input.weekday === undefined ? [] : [eb(eb.fn.coalesce('weekday', eb.val(-1)), '<>', input.weekday ?? -1)]),
            ];
            const changedAt = eb.case().when(eb.or(differs)).then(nowIso).else(eb.ref('schedule_changed_at')).end();
            return { ...changes, updated_at: nowIso, schedule_changed_at: changedAt };
          })
          .where('team_id', '=', input.teamId)
          .where('channel_id', '=', input.channelId)
          .where('topic_key', '=', key)
          .returningAll()
          .executeTakeFirst()
      : db
          .selectFrom('subscriptions')
          .selectAll()
          .where('team_id', '=', input.teamId)
          .where('channel_id', '=', input.channelId)
          .where('topic_key', '=', key)
          .executeTakeFirst();

  // Update first, then insert-or-nothing: an insert that meets the row would use up an id (a Postgres sequence value,
  // SQLite's AUTOINCREMENT), so subscribing again to the same topic would leave a gap in the #ids people see. Tells
  // created from updated in both dialects; retried in case the row appears or goes between the two statements.
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await findExisting();
    if (existing) return { subscription: toSubscription(existing), created: false };

    const inserted = await db
      .insertInto('subscriptions')
      .values({
        team_id: input.teamId,
        channel_id: input.channelId,
        topic,
        topic_key: key,
        time: input.time ?? DEFAULT_DIGEST_TIME,
        timezone: input.timezone ?? DEFAULT_TIMEZONE,
        cadence: input.cadence ?? DEFAULT_CADENCE,
        created_by: input.createdBy,
        created_at: nowIso,
        updated_at: nowIso,
        paused_reason: null,
        last_digest_at: null,
        last_digest_status: null,
        kind: input.kind ?? 'topic',
        weekday: input.weekday ?? null,
      })
      .onConflict((oc) => oc.columns(['team_id', 'channel_id', 'topic_key']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) {
      if (input.maxPerChannel !== undefined) await refuseOverCap(db, 'subscriptions', input.teamId, input.channelId, input.maxPerChannel);
      return { subscription: toSubscription(inserted), created: true };
    }
  }
  throw new Error(`upsertSubscription: subscription "${key}" kept changing concurrently; giving up`);
}

export async function listSubscriptions(db: Kysely<Database>, teamId: string, channelId: string): Promise<Subscription[]> {
  const rows = await db
    .selectFrom('subscriptions')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('channel_id', '=', channelId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toSubscription);
}

export async function getSubscription(db: Kysely<Database>, teamId: string, id: number): Promise<Subscription | null> {
  if (!isDbId(id)) return null;
  const row = await db
    .selectFrom('subscriptions')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toSubscription(row) : null;
}

export async function removeSubscription(db: Kysely<Database>, teamId: string, channelId: string, topicOrId: string): Promise<Subscription | null> {
  const key = topicKey(topicOrId);
  if (key === '') return null;
  const idMatch = /^#?(\d{1,10})$/.exec(key);
  const id = idMatch?.[1] === undefined ? NaN : Number(idMatch[1]);
  return db.transaction().execute(async (trx) => {
    const remove = (column: 'topic_key' | 'id', value: string | number) =>
      trx.deleteFrom('subscriptions').where('team_id', '=', teamId).where('channel_id', '=', channelId).where(column, '=', value).returningAll().executeTakeFirst();
    const removed = (await remove('topic_key', key)) ?? (isDbId(id) ? await remove('id', id) : undefined);
    if (!removed) return null;
    // Its 👍/👎 still say what the channel likes: no digest owns them any more, so they count for the whole channel (as
    // a vote clicked outside digests does), where every digest learns from them and `/paper reset ratings` reaches them.
    await trx
      .updateTable('paper_ratings')
      .set({ subscription_id: null })
      .where('team_id', '=', teamId)
      .where('channel_id', '=', channelId)
      .where('subscription_id', '=', removed.id)
      .execute();
    return toSubscription(removed);
  });
}

export async function allActiveSubscriptions(db: Kysely<Database>): Promise<Subscription[]> {
  const rows = await db
    .selectFrom('subscriptions as s')
    .leftJoin('workspaces as w', 'w.team_id', 's.team_id')
    .selectAll('s')
    .where('s.paused_reason', 'is', null)
    .where('w.paused_reason', 'is', null)
    .orderBy('s.id')
    .execute();
  return rows.map(toSubscription);
}

export async function setSubscriptionPaused(
  db: Kysely<Database>,
  teamId: string,
  id: number,
  reason: PauseReason | null,
  now: Date = new Date(),
  until: Date | null = null,
): Promise<Subscription | null> {
  if (reason !== null) requireText('reason', reason);
  if (until !== null && (reason !== USER_PAUSE_REASON || Number.isNaN(until.getTime()))) {
    throw new StoreValidationError('a pause with an end is a person\'s pause, with a valid Date');
  }
  if (!isDbId(id)) return null;
  const row = await db
    .updateTable('subscriptions')
    .set({
      paused_reason: reason,
      paused_until: until === null ? null : toIso(until),
      paused_at: reason === null ? null : pauseStart(now),
      updated_at: toIso(now),
    })
    .where('team_id', '=', teamId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row ? toSubscription(row) : null;
}

export async function pauseChannel(db: Kysely<Database>, teamId: string, channelId: string, reason: PauseReason, now: Date = new Date()): Promise<number> {
  requireText('reason', reason);
  const result = await db
    .updateTable('subscriptions')
    .set({ paused_reason: reason, paused_at: pauseStart(now), updated_at: toIso(now) })
    .where('team_id', '=', teamId)
    .where('channel_id', '=', channelId)
    // A subscription a person paused stays paused for that reason (so a channel resume won't restart it).
    .where((eb) => eb.or([eb('paused_reason', 'is', null), eb('paused_reason', '!=', USER_PAUSE_REASON)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Timed pauses that ended at or before `now` resume; `paused_until` stays, as the time they resumed. Each is returned
 * with the `pausedAt` its pause had (RETURNING gives the row as updated, so it is read first): the resume counts from
 * it. The update checks the end again, so a row another instance resumed in between is not returned twice, and its
 * start cannot have changed (a row keeps `paused_at` while paused; a new pause would have an end still to come).
 */
export async function resumeTimedPauses(db: Kysely<Database>, now: Date): Promise<Subscription[]> {
  const nowIso = toIso(now);
  const ended = await db
    .selectFrom('subscriptions')
    .select(['id', 'paused_at'])
    .where('paused_reason', '=', USER_PAUSE_REASON)
    .where('paused_until', 'is not', null)
    .where('paused_until', '<=', nowIso)
    .execute();
  if (ended.length === 0) return [];
  const startOf = new Map(ended.map((row) => [row.id, row.paused_at]));
  const rows = await db
    .updateTable('subscriptions')
    .set({ paused_reason: null, paused_at: null, updated_at: nowIso })
    .where('id', 'in', [...startOf.keys()])
    .where('paused_reason', '=', USER_PAUSE_REASON)
    .where('paused_until', 'is not', null)
    .where('paused_until', '<=', nowIso)
    .returningAll()
    .execute();
  return rows.map((row) => toSubscription({ ...row, paused_at: startOf.get(row.id) ?? null }));
}

export async function resumeChannel(db: Kysely<Database>, teamId: string, channelId: string, now: Date = new Date()): Promise<number> {
  const result = await db
    .updateTable('subscriptions')
    .set({ paused_reason: null, paused_until: null, paused_at: null, updated_at: toIso(now) })
    .where('team_id', '=', teamId)
    .where('channel_id', '=', channelId)
    .where('paused_reason', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function recordDigestOutcome(db: Kysely<Database>, subscriptionId: number, at: Date, status: DigestOutcomeStatus): Promise<void> {
  if (!isOutcomeStatus(status)) throw new StoreValidationError(`invalid digest outcome status "${status}"`);
  if (!isDbId(subscriptionId)) return;
  await db
    .updateTable('subscriptions')
    .set({ last_digest_at: toIso(at), last_digest_status: status })
    .where('id', '=', subscriptionId)
    .execute();
}

export async function listTeamSubscriptions(db: Kysely<Database>, teamId: string): Promise<Subscription[]> {
  const rows = await db
    .selectFrom('subscriptions')
    .selectAll()
    .where('team_id', '=', teamId)
    .orderBy('channel_id')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toSubscription);
}

export async function pauseChannelFor(db: Kysely<Database>, teamId: string, channelId: string, reason: PauseReason, now: Date = new Date()): Promise<number> {
  requireText('reason', reason);
  const result = await db
    .updateTable('subscriptions')
    .set({ paused_reason: reason, paused_at: pauseStart(now), updated_at: toIso(now) })
    .where('team_id', '=', teamId)
    .where('channel_id', '=', channelId)
    .where((eb) => eb.or([eb('paused_reason', 'is', null), eb('paused_reason', 'not in', [reason, USER_PAUSE_REASON])]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function resumeChannelPausedFor(
  db: Kysely<Database>,
  teamId: string,
  channelId: string,
  reasons: readonly PauseReason[],
  now: Date = new Date(),
): Promise<number> {
  if (reasons.length === 0) return 0;
  const result = await db
    .updateTable('subscriptions')
    .set({ paused_reason: null, paused_at: null, updated_at: toIso(now) })
    .where('team_id', '=', teamId)
    .where('channel_id', '=', channelId)
    .where('paused_reason', 'in', [...reasons])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
