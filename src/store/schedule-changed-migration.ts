/**
 * When a subscription's schedule last changed (a new time, zone, cadence or day): `subscriptions.schedule_changed_at`.
 * A slot whose time was already past then is not due (digests/schedule-change.ts): moving a digest onto a time earlier
 * today does not send it at once. Null for every stored subscription, and for one whose schedule never changed.
 */
import type { Kysely, Migration } from 'kysely';

export const scheduleChangedAtMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('subscriptions').addColumn('schedule_changed_at', 'text').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('subscriptions').dropColumn('schedule_changed_at').execute();
  },
};
