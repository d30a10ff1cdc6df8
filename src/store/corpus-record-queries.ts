/**
 * The corpus's own record (the `paper_corpus` row) beside its papers: the seed pages' digest a start compares to skip
 * parsing unchanged pages, and when the last scheduled ingest succeeded (a start after a missed one catches up).
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

export async function readSeedPagesDigest(db: Kysely<Database>): Promise<string | null> {
  const row = await db.selectFrom('paper_corpus').select('seed_pages_digest').where('id', '=', 1).executeTakeFirst();
  return row?.seed_pages_digest ?? null;
}

export async function writeSeedPagesDigest(db: Kysely<Database>, digest: string): Promise<void> {
  await db.updateTable('paper_corpus').set({ seed_pages_digest: digest }).where('id', '=', 1).execute();
}

export async function readLastIngestAt(db: Kysely<Database>): Promise<Date | null> {
  const row = await db.selectFrom('paper_corpus').select('last_ingest_at').where('id', '=', 1).executeTakeFirst();
  return row?.last_ingest_at ? new Date(row.last_ingest_at) : null;
}

export async function writeLastIngestAt(db: Kysely<Database>, at: Date): Promise<void> {
  const iso = at.toISOString();
  await db
    .updateTable('paper_corpus')
    .set({ last_ingest_at: iso })
    .where('id', '=', 1)
    .where((eb) => eb.or([eb('last_ingest_at', 'is', null), eb('last_ingest_at', '<', iso)]))
    .execute();
}
