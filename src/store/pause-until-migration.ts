/**
 * Timed pauses (`/paper pause <digest> for 3 days`): `subscriptions.paused_until`, the instant a person's pause ends
 * and the scheduler resumes the digest by itself. Null for every stored subscription: their pauses have no end.
 * After the scheduler resumed one it stays set, so digests due while it was paused are not sent late.
 */
import type { Kysely, Migration } from 'kysely';

export const subscriptionPausedUntilMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('subscriptions').addColumn('paused_until', 'text').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('subscriptions').dropColumn('paused_until').execute();
  },
};
