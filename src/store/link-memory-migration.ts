/**
 * Migration 0012_link_memory (issue 17), kept out of migrations.ts for its size: what pasted links remember across
 * instances, the 30-minute rule per (team, channel, paper) (the primary key is what makes a claim atomic,
 * link-memory-queries.ts) and the ids no source has. Old rows are pruned through the index on time.
 */
import type { Kysely, Migration } from 'kysely';

export const linkMemoryMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('unfurled_papers')
      .ifNotExists()
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('channel_id', 'text', (c) => c.notNull())
      .addColumn('arxiv_id', 'text', (c) => c.notNull())
      .addColumn('unfurled_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('unfurled_papers_pkey', ['team_id', 'channel_id', 'arxiv_id'])
      .execute();
    await db.schema.createIndex('unfurled_papers_at').ifNotExists().on('unfurled_papers').column('unfurled_at').execute();
    await db.schema
      .createTable('lookup_misses')
      .ifNotExists()
      .addColumn('arxiv_id', 'text', (c) => c.primaryKey())
      .addColumn('missed_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('lookup_misses_at').ifNotExists().on('lookup_misses').column('missed_at').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('lookup_misses').ifExists().execute();
    await db.schema.dropTable('unfurled_papers').ifExists().execute();
  },
};
