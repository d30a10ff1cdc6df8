/**
 * When the last scheduled ingest of the Hugging Face daily papers succeeded (started), so a process that was down at
 * `INGEST_CRON` catches the day's list up at start (src/ingest/scheduler.ts). Null until one succeeds.
 */
import type { Kysely, Migration } from 'kysely';

export const lastIngestMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('paper_corpus').addColumn('last_ingest_at', 'text').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('paper_corpus').dropColumn('last_ingest_at').execute();
  },
};
