/** Followed authors (migration 0014_follows): per channel, by Hugging Face account or by name. */
import type { Kysely, Selectable } from 'kysely';
import { toIso } from './row-values.ts';
import type { Database, FollowsTable } from './schema.ts';
import type { AddFollowInput, Follow } from './follow-records.ts';
import { refuseOverCap } from './channel-cap.ts';
import { lockChannelRows } from './dialect.ts';
import { StoreValidationError, isDbId, requireText } from './validation.ts';

/** Longest name a follow keeps (the grammar refuses longer ones with a friendly answer first). */
export const MAX_FOLLOW_NAME = 200;

/** One follow per account, else one per name key, in a channel. */
export function followKey(follow: { nameKey: string; hfUser: string | null }): string {
  return follow.hfUser === null ? `name:${follow.nameKey}` : `hf:${follow.hfUser.toLowerCase()}`;
}

function toFollow(row: Selectable<FollowsTable>): Follow {
  return {
    id: row.id,
    teamId: row.team_id,
    channelId: row.channel_id,
    name: row.name,
    nameKey: row.name_key,
    hfUser: row.hf_user,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
  };
}

export async function addFollow(db: Kysely<Database>, input: AddFollowInput): Promise<{ follow: Follow; created: boolean }> {
  const { maxPerChannel } = input;
  if (maxPerChannel === undefined) return addFollowIn(db, input);
  if (!Number.isSafeInteger(maxPerChannel) || maxPerChannel < 0) throw new StoreValidationError(`maxPerChannel must be a whole number >= 0, got ${maxPerChannel}`);
  return db.transaction().execute(async (trx) => {
    await lockChannelRows(trx, 'follows', input.teamId, input.channelId);
    const added = await addFollowIn(trx, input);
    if (added.created) await refuseOverCap(trx, 'follows', input.teamId, input.channelId, maxPerChannel);
    return added;
  });
}

/** The insert (a write first: on SQLite the transaction holds the write lock from it), else the follow there is. */
async function addFollowIn(db: Kysely<Database>, input: AddFollowInput): Promise<{ follow: Follow; created: boolean }> {
  requireText('teamId', input.teamId);
  requireText('channelId', input.channelId);
  requireText('createdBy', input.createdBy);
  requireText('name', input.name);
  if (input.name.length > MAX_FOLLOW_NAME) throw new StoreValidationError(`name longer than ${MAX_FOLLOW_NAME} characters`);
  if (input.hfUser === null && input.nameKey === '') throw new StoreValidationError('a follow needs a name key or an account');
  if (input.hfUser !== null) requireText('hfUser', input.hfUser);
  const key = followKey(input);
  const inserted = await db
    .insertInto('follows')
    .values({
      team_id: input.teamId,
      channel_id: input.channelId,
      follow_key: key,
      name: input.name,
      name_key: input.nameKey,
      hf_user: input.hfUser,
      created_by: input.createdBy,
      created_at: toIso(input.now ?? new Date()),
    })
    .onConflict((oc) => oc.columns(['team_id', 'channel_id', 'follow_key']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { follow: toFollow(inserted), created: true };
  const existing = await db
    .selectFrom('follows')
    .selectAll()
    .where('team_id', '=', input.teamId)
    .where('channel_id', '=', input.channelId)
    .where('follow_key', '=', key)
    .executeTakeFirstOrThrow();
  return { follow: toFollow(existing), created: false };
}

export async function listFollows(db: Kysely<Database>, teamId: string, channelId: string): Promise<Follow[]> {
  const rows = await db.selectFrom('follows').selectAll().where('team_id', '=', teamId).where('channel_id', '=', channelId).orderBy('id').execute();
  return rows.map(toFollow);
}

export async function listTeamFollows(db: Kysely<Database>, teamId: string): Promise<Follow[]> {
  const rows = await db.selectFrom('follows').selectAll().where('team_id', '=', teamId).orderBy('channel_id').orderBy('id').execute();
  return rows.map(toFollow);
}

export async function removeFollow(db: Kysely<Database>, teamId: string, channelId: string, id: number): Promise<Follow | null> {
  if (!isDbId(id)) return null;
  const row = await db
    .deleteFrom('follows')
    .where('team_id', '=', teamId)
    .where('channel_id', '=', channelId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row ? toFollow(row) : null;
}
