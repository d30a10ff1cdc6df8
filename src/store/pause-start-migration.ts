/**
 * When a pause began: `subscriptions.paused_at` and `workspaces.paused_at`, set when a pause begins, kept while it
 * is changed (another reason, an end, a new schedule), cleared on resume. A resume reads it to tell the digests that
 * fell due while paused (digests/resume-skips.ts); `updated_at` moved with every change made while paused. Rows
 * paused already get their `updated_at`, the best start known for them.
 */
import { sql, type Kysely, type Migration } from 'kysely';

const TABLES = ['subscriptions', 'workspaces'] as const;

export const pauseStartMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const table of TABLES) {
      await db.schema.alterTable(table).addColumn('paused_at', 'text').execute();
      await sql`update ${sql.table(table)} set paused_at = updated_at where paused_reason is not null`.execute(db);
    }
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of TABLES) await db.schema.alterTable(table).dropColumn('paused_at').execute();
  },
};
