/** Per-channel settings (migration 0009_channel_settings): whether paper links unfold in a channel. */
import type { Kysely } from 'kysely';
import { toIso } from './row-values.ts';
import type { Database } from './schema.ts';
import { StoreValidationError } from './validation.ts';

function requireIds(teamId: string, channelId: string): void {
  if (typeof teamId !== 'string' || teamId.trim() === '') throw new StoreValidationError('teamId must be a non-empty string');
  if (typeof channelId !== 'string' || channelId.trim() === '') throw new StoreValidationError('channelId must be a non-empty string');
}

export async function channelUnfurlEnabled(db: Kysely<Database>, teamId: string, channelId: string): Promise<boolean> {
  const row = await db
    .selectFrom('channel_settings')
    .select('unfurl_links')
    .where('team_id', '=', teamId)
    .where('channel_id', '=', channelId)
    .executeTakeFirst();
  return row === undefined ? true : row.unfurl_links === 1;
}

export async function setChannelUnfurl(
  db: Kysely<Database>,
  teamId: string,
  channelId: string,
  enabled: boolean,
  updatedBy: string | null,
  now: Date = new Date(),
): Promise<void> {
  requireIds(teamId, channelId);
  const at = toIso(now);
  const value = enabled ? 1 : 0;
  await db
    .insertInto('channel_settings')
    .values({ team_id: teamId, channel_id: channelId, unfurl_links: value, updated_by: updatedBy, updated_at: at })
    .onConflict((oc) => oc.columns(['team_id', 'channel_id']).doUpdateSet({ unfurl_links: value, updated_by: updatedBy, updated_at: at }))
    .execute();
}
