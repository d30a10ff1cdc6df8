/**
 * Entry point of the store: `openStore(process.env.DATABASE_URL)`.
 *
 * - DATABASE_URL unset/empty → SQLite file `data/paper-digest.sqlite` (directory created);
 *   `sqlite:<path>` / `sqlite::memory:` → SQLite; `postgres://…` / `postgresql://…` → Postgres.
 * - Pending migrations are applied before the store is returned (safe with several instances
 *   starting at once, see migrations.ts). `npm run migrate` does the same without starting the bot.
 * - Postgres schema: whatever the connection's search_path selects (current_schema()), e.g.
 *   `postgres://…/db?options=-c%20search_path%3Dpaper_digest`; the schema must exist.
 * - Several instances may share one Postgres. With SQLite use one Store per process per file:
 *   better-sqlite3 is synchronous, so two connections in one process waiting on each other's
 *   transaction would block the event loop (separate processes on one file are fine).
 * - Lease takeovers compare the caller's `now` with the stored claimed_at: instance clocks must
 *   agree to well within the lease (5 minutes by default).
 */
import { AdvisoryClaimHolders, ProcessClaimHolders } from './claim-holders.ts';
import { connect, parseDatabaseUrl, type ConnectOptions } from './dialect.ts';
import { DEFAULT_CLAIM_LEASE_MS, KyselyStore } from './kysely-store.ts';
import { migrateToLatest, type MigrationReport } from './migrations.ts';
import type { Store } from './store.ts';

export * from './store.ts';
export type { PaperInput, PaperStore, UpsertPapersOptions, UpsertPapersResult } from './paper-store.ts';
export { DEFAULT_CLAIM_LEASE_MS, KyselyStore } from './kysely-store.ts';
export { newInstanceId } from './claim-holders.ts';
export { DEFAULT_SQLITE_PATH, parseDatabaseUrl, redactDatabaseUrl, type DatabaseTarget } from './dialect.ts';
export { MigrationError, migrationNames, type MigrationReport } from './migrations.ts';

export interface OpenStoreOptions extends ConnectOptions {
  /** Lease of a digest claim before another instance may take it over (default 5 minutes). */
  leaseMs?: number;
  /** Apply pending migrations first (default true). */
  migrate?: boolean;
  /** Called with the migration report (e.g. to log what was applied at start). */
  onMigrated?: (report: MigrationReport) => void;
}

export async function openStore(url?: string, options: OpenStoreOptions = {}): Promise<Store> {
  const target = parseDatabaseUrl(url);
  const connection = await connect(target, options);
  try {
    if (options.migrate !== false) {
      const report = await migrateToLatest(connection);
      options.onMigrated?.(report);
    }
    const holders =
      target.kind === 'postgres'
        ? new AdvisoryClaimHolders(target.connectionString, connection.db, options.onPoolError ?? ((error: Error) => process.emitWarning(error)))
        : new ProcessClaimHolders();
    return new KyselyStore(connection.db, { leaseMs: options.leaseMs ?? DEFAULT_CLAIM_LEASE_MS, holders });
  } catch (error) {
    await connection.db.destroy();
    throw error;
  }
}

/** Apply pending migrations and disconnect (what `npm run migrate` does). */
export async function migrateDatabase(
  url?: string,
  options: ConnectOptions = {},
): Promise<MigrationReport & { database: string }> {
  const connection = await connect(parseDatabaseUrl(url), options);
  try {
    const report = await migrateToLatest(connection);
    return { ...report, database: connection.description };
  } finally {
    await connection.db.destroy();
  }
}
