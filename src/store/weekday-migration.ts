/**
 * The day a weekly digest goes out, as a person named it (`/paper subscribe … every monday`): `subscriptions.weekday`,
 * 0 = Sunday … 6 = Saturday, in the subscription's zone. Null for every stored subscription: a weekly one without it goes
 * out, as before, on the weekday it was created (digests/schedule.ts `scheduleFromRecord`).
 */
import { sql, type Kysely, type Migration } from 'kysely';

export const subscriptionWeekdayMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .alterTable('subscriptions')
      .addColumn('weekday', 'integer', (c) => c.check(sql`weekday between 0 and 6`))
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('subscriptions').dropColumn('weekday').execute();
  },
};
