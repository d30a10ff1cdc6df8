/**
 * Migrations of "what's hot" (issue 18), kept out of migrations.ts for its size.
 */
import type { Kysely, Migration } from 'kysely';

/**
 * The day a paper was on Hugging Face's daily papers list (top lists count by it). Null until an API re-read fills it
 * in; a paper from the seed pages never has one (top lists then count by its date).
 */
export const paperListedOnMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('papers').addColumn('listed_on', 'text').execute();
    await db.schema.createIndex('papers_listed_on').ifNotExists().on('papers').column('listed_on').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('papers_listed_on').ifExists().execute();
    await db.schema.alterTable('papers').dropColumn('listed_on').execute();
  },
};

/**
 * What a subscription posts: 'topic' (a digest of new papers on its topic, every subscription before this) or 'top'
 * (the week's most upvoted papers, optionally on a topic). Existing rows become 'topic'.
 */
export const subscriptionKindMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('subscriptions').addColumn('kind', 'text', (c) => c.notNull().defaultTo('topic')).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('subscriptions').dropColumn('kind').execute();
  },
};
