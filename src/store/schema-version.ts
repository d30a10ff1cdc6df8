/**
 * Whether the database's schema is newer than this code: migrations recorded in Kysely's `kysely_migration` table that
 * this code does not know, because a newer deploy ran them (the Procfile's `release:` line runs before the old instances
 * stop). Such an instance must not post digests: it cannot see what the newer columns say (a weekly digest's day,
 * `0023_subscription_weekday`, would go out on the weekday it was made). An instance *starting* against a newer schema
 * fails already, in Kysely's migrator ("previously executed migration … is missing").
 */
import { sql, type Kysely } from 'kysely';
import { migrationNames } from './migrations.ts';
import type { Database } from './schema.ts';

export async function unknownMigrations(db: Kysely<Database>): Promise<string[]> {
  const known = new Set(migrationNames());
  const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  return rows.map((row) => row.name).filter((name) => !known.has(name)).sort();
}
