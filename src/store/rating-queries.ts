/**
 * Paper ratings (migration 0011_paper_ratings): each person's 👍/👎 on a paper in a channel (issue 16). One vote per
 * (team, channel, user, paper); rating again replaces it, undo deletes it. A vote is tagged only with a subscription
 * of its channel that exists as it is stored (else untagged); removing the subscription untags its votes (they still
 * describe the channel); `clearRatings` is how they are forgotten on purpose.
 */
import { PostgresAdapter, type ExpressionBuilder, type Kysely, type Selectable, type Transaction } from 'kysely';
import { toIso } from './row-values.ts';
import type { Database, PaperRatingsTable } from './schema.ts';
import type { PaperRating, RatePaperInput, RatingValue } from './rating-records.ts';
import { isDbId, requireText, StoreValidationError } from './validation.ts';

/** Ids per `IN (…)` list: well under SQLite's and Postgres's bound-parameter limits. */
const IN_CHUNK = 500;

function isRatingValue(value: unknown): value is RatingValue {
  return value === 1 || value === -1;
}

function toRating(row: Selectable<PaperRatingsTable>): PaperRating {
  const value = Number(row.value);
  if (!isRatingValue(value)) throw new Error(`paper_ratings row has unknown value ${String(row.value)}`);
  return {
    teamId: row.team_id,
    channelId: row.channel_id,
    userId: row.user_id,
    paperId: row.paper_id,
    value,
    subscriptionId: row.subscription_id === null ? null : Number(row.subscription_id),
    ratedAt: new Date(row.rated_at),
  };
}

/** The row of one person's vote on one paper in a channel (the table's key). */
const oneVote =
  (teamId: string, channelId: string, userId: string, paperId: string) =>
  (eb: ExpressionBuilder<Database, 'paper_ratings'>) =>
    eb.and({ team_id: teamId, channel_id: channelId, user_id: userId, paper_id: paperId });

function requireChannel(teamId: string, channelId: string): void {
  requireText('teamId', teamId);
  requireText('channelId', channelId);
}

export async function ratePaper(db: Kysely<Database>, input: RatePaperInput): Promise<{ rating: PaperRating; previous: RatingValue | null }> {
  const { teamId, channelId, userId, paperId, value } = input;
  requireChannel(teamId, channelId);
  requireText('userId', userId);
  requireText('paperId', paperId);
  if (!isRatingValue(value)) throw new StoreValidationError(`value must be 1 or -1, got ${String(value)}`);
  const subscriptionId = input.subscriptionId ?? null;
  if (subscriptionId !== null && !isDbId(subscriptionId)) {
    throw new StoreValidationError(`subscriptionId must be a positive 32-bit integer or null, got ${String(subscriptionId)}`);
  }
  const ratedAt = toIso(input.now ?? new Date());

  return db.transaction().execute(async (trx) => {
    // The digest named must still be this channel's: the caller checked it before this transaction, and a removal
    // since (another instance) untagged its votes already, so a vote tagged with it now would belong to no digest.
    // Postgres: the key-share lock makes a removal under way finish first (then nothing is found) or wait for this
    // vote (then it untags it too); taken before the vote's row, the order a removal takes them in. SQLite: read after
    // the first write below, which holds the one write lock (a read first would have to upgrade to a write).
    const postgres = trx.getExecutor().adapter instanceof PostgresAdapter;
    const liveTag = (): Promise<number | null> => (subscriptionId === null ? Promise.resolve(null) : liveSubscription(trx, teamId, channelId, subscriptionId, postgres));
    let tag = postgres ? await liveTag() : null;
    // A write first: it locks the person's row (Postgres) or takes the write lock (SQLite), so the vote read next is
    // the one this call replaces.
    await trx
      .updateTable('paper_ratings')
      .set((eb) => ({ rated_at: eb.ref('rated_at') }))
      .where(oneVote(teamId, channelId, userId, paperId))
      .execute();
    if (!postgres) tag = await liveTag();
    const before = await trx
      .selectFrom('paper_ratings')
      .select('value')
      .where(oneVote(teamId, channelId, userId, paperId))
      .executeTakeFirst();
    const row = await trx
      .insertInto('paper_ratings')
      .values({ team_id: teamId, channel_id: channelId, user_id: userId, paper_id: paperId, value, subscription_id: tag, rated_at: ratedAt })
      .onConflict((oc) =>
        oc.columns(['team_id', 'channel_id', 'user_id', 'paper_id']).doUpdateSet({ value, subscription_id: tag, rated_at: ratedAt }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    const previous = before === undefined ? null : Number(before.value);
    return { rating: toRating(row), previous: isRatingValue(previous) ? previous : null };
  });
}

/** `id` when it is a subscription of this channel (locked against removal on Postgres until the vote is in), else null. */
async function liveSubscription(trx: Transaction<Database>, teamId: string, channelId: string, id: number, postgres: boolean): Promise<number | null> {
  const query = trx.selectFrom('subscriptions').select('id').where('id', '=', id).where('team_id', '=', teamId).where('channel_id', '=', channelId);
  const row = await (postgres ? query.forKeyShare() : query).executeTakeFirst();
  return row === undefined ? null : Number(row.id);
}

export async function removeRating(db: Kysely<Database>, teamId: string, channelId: string, userId: string, paperId: string): Promise<boolean> {
  requireChannel(teamId, channelId);
  requireText('userId', userId);
  requireText('paperId', paperId);
  const result = await db
    .deleteFrom('paper_ratings')
    .where(oneVote(teamId, channelId, userId, paperId))
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function channelRatings(db: Kysely<Database>, teamId: string, channelId: string): Promise<PaperRating[]> {
  requireChannel(teamId, channelId);
  const rows = await db
    .selectFrom('paper_ratings')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('channel_id', '=', channelId)
    .orderBy('rated_at', 'asc')
    .orderBy('user_id', 'asc')
    .orderBy('paper_id', 'asc')
    .execute();
  return rows.map(toRating);
}

export async function ratingCounts(
  db: Kysely<Database>,
  teamId: string,
  channelId: string,
  paperIds: readonly string[],
): Promise<Map<string, { up: number; down: number }>> {
  requireChannel(teamId, channelId);
  const ids = [...new Set(paperIds)];
  const counts = new Map<string, { up: number; down: number }>();
  for (let i = 0; i < ids.length; i += IN_CHUNK) {
    const rows = await db
      .selectFrom('paper_ratings')
      .select(['paper_id', 'value'])
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('team_id', '=', teamId)
      .where('channel_id', '=', channelId)
      .where('paper_id', 'in', ids.slice(i, i + IN_CHUNK))
      .groupBy(['paper_id', 'value'])
      .execute();
    for (const row of rows) {
      const entry = counts.get(row.paper_id) ?? { up: 0, down: 0 };
      if (Number(row.value) === 1) entry.up += Number(row.n);
      else entry.down += Number(row.n);
      counts.set(row.paper_id, entry);
    }
  }
  return counts;
}

export async function ratingCountsBySubscription(db: Kysely<Database>, teamId: string, channelId: string): Promise<Map<number, number>> {
  requireChannel(teamId, channelId);
  const rows = await db
    .selectFrom('paper_ratings')
    .select('subscription_id')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('team_id', '=', teamId)
    .where('channel_id', '=', channelId)
    .where('subscription_id', 'is not', null)
    .groupBy('subscription_id')
    .execute();
  const counts = new Map<number, number>();
  for (const row of rows) if (row.subscription_id !== null) counts.set(Number(row.subscription_id), Number(row.n));
  return counts;
}

export async function untaggedRatingCount(db: Kysely<Database>, teamId: string, channelId: string): Promise<number> {
  requireChannel(teamId, channelId);
  const row = await db
    .selectFrom('paper_ratings')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('team_id', '=', teamId)
    .where('channel_id', '=', channelId)
    .where('subscription_id', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function clearRatings(db: Kysely<Database>, teamId: string, channelId: string, subscriptionId: number | null): Promise<number> {
  requireChannel(teamId, channelId);
  // An id that cannot be stored has no ratings (and would make Postgres throw on int4).
  if (subscriptionId !== null && !isDbId(subscriptionId)) return 0;
  const result = await db
    .deleteFrom('paper_ratings')
    .where('team_id', '=', teamId)
    .where('channel_id', '=', channelId)
    .where('subscription_id', subscriptionId === null ? 'is' : '=', subscriptionId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
