/**
 * Papers withdrawn after they were stored (Hugging Face's `paper.withdrawnAt`): the row stays, so deliveries, ratings
 * and saved papers keep pointing at it, and `withdrawn_at` keeps it out of search, digests, top lists and follows.
 * Every stored paper starts as not withdrawn.
 */
import type { Kysely, Migration } from 'kysely';

export const paperWithdrawnMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('papers').addColumn('withdrawn_at', 'text').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('papers').dropColumn('withdrawn_at').execute();
  },
};
