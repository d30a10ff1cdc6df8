import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { ChannelFullError } from './validation.ts';

/**
 * Called inside the transaction that just inserted one row of `table` for the channel: throws ChannelFullError, so
 * the insert is rolled back, when the channel already had `max` rows besides it.
 */
export async function refuseOverCap(db: Kysely<Database>, table: 'subscriptions' | 'follows', teamId: string, channelId: string, max: number): Promise<void> {
  const { count } = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('team_id', '=', teamId)
    .where('channel_id', '=', channelId)
    .executeTakeFirstOrThrow();
  const others = Number(count) - 1;
  if (others >= max) throw new ChannelFullError(max, others);
}
