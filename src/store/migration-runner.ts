/**
 * Running migrations: kysely's Migrator over an object provider, a failed run marked so the SQLite lock adapter
 * rolls it back, and the report or the error naming the migration that failed. The migrations are in migrations.ts.
 */
import { Migrator, type Kysely, type Migration, type MigrationResult } from 'kysely';
import { errorText } from '../error-text.ts';
import type { Connection, MigrationRunState } from './dialect.ts';

/** Marks the run failed when a migration throws, so the SQLite lock adapter rolls back. */
function trackFailures(migrations: Record<string, Migration>, state: MigrationRunState): Record<string, Migration> {
  const wrapped: Record<string, Migration> = {};
  for (const [name, migration] of Object.entries(migrations)) {
    const guard =
      (step: (db: Kysely<unknown>) => Promise<void>) =>
      async (db: Kysely<unknown>): Promise<void> => {
        try {
          await step(db);
        } catch (error) {
          state.failed = true;
          throw error;
        }
      };
    const down = migration.down?.bind(migration);
    wrapped[name] = down ? { up: guard(migration.up.bind(migration)), down: guard(down) } : { up: guard(migration.up.bind(migration)) };
  }
  return wrapped;
}

export interface MigrationReport {
  /** Migrations applied by this call, in order (empty when already up to date). */
  applied: string[];
  /** All migrations known to this code. */
  known: string[];
}

export class MigrationError extends Error {
  override name = 'MigrationError';
  constructor(
    message: string,
    readonly results: readonly MigrationResult[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

function createMigrator(connection: Connection, migrations: Record<string, Migration>): Migrator {
  return new Migrator({
    db: connection.db,
    provider: { getMigrations: () => Promise.resolve(trackFailures(migrations, connection.migrationRun)) },
    ...(connection.migrationTableSchema === undefined ? {} : { migrationTableSchema: connection.migrationTableSchema }),
  });
}

/**
 * Apply `migrations` (all pending ones in one locked run; on failure nothing of the run is kept).
 * Exported for tests; the app uses `migrateToLatest`.
 */
export async function runMigrations(connection: Connection, migrations: Record<string, Migration>): Promise<MigrationReport> {
  const { error, results } = await createMigrator(connection, migrations).migrateToLatest();
  const list = results ?? [];
  if (error !== undefined) {
    const failed = list.find((r) => r.status === 'Error')?.migrationName;
    const detail = errorText(error);
    throw new MigrationError(
      `Migration ${failed ? `"${failed}" ` : ''}failed on ${connection.description}: ${detail}`,
      list,
      { cause: error },
    );
  }
  return {
    applied: list.filter((r) => r.status === 'Success' && r.direction === 'Up').map((r) => r.migrationName),
    known: Object.keys(migrations).sort(),
  };
}
