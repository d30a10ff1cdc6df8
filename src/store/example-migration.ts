/**
 * Migration 0015_subscription_examples (its own file: migrations.ts is near the size limit). Example papers that seed
 * a subscription (issue 16: `/paper subscribe <topic> like <id> …`), in the order added. The title is copied when
 * added, so lists show it while the index warms up. A removed subscription's examples go with it (on delete cascade:
 * SQLite connections run with foreign_keys on).
 */
import type { Kysely, Migration } from 'kysely';

export const subscriptionExamplesMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('subscription_examples')
      .ifNotExists()
      .addColumn('subscription_id', 'integer', (c) => c.notNull().references('subscriptions.id').onDelete('cascade'))
      .addColumn('paper_id', 'text', (c) => c.notNull())
      .addColumn('arxiv_id', 'text')
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('added_by', 'text', (c) => c.notNull())
      .addColumn('added_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('subscription_examples_pkey', ['subscription_id', 'paper_id'])
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('subscription_examples').ifExists().execute();
  },
};
