/**
 * Everything that differs between SQLite and Postgres lives here: opening the connection (pragmas / pool) for
 * the target database-url.ts read from DATABASE_URL, the auto-increment id column type, and the migration lock.
 * Queries themselves are dialect-neutral kysely (INSERT … ON CONFLICT, UPDATE … RETURNING work in both).
 */
import { makeDirectory } from '../make-directory.ts';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  sql,
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type DatabaseMetadataOptions,
  type DialectAdapter,
  type SchemaMetadata,
  type TableMetadata,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { describeTarget, type DatabaseTarget, type DialectKind } from './database-url.ts';

export { DEFAULT_SQLITE_PATH, describeTarget, parseDatabaseUrl, redactDatabaseUrl, type DatabaseTarget, type DialectKind } from './database-url.ts';

/** Shared between the SQLite migration-lock adapter and the migration wrappers (see migrations.ts). */
export interface MigrationRunState {
  failed: boolean;
}

export interface Connection {
  kind: DialectKind;
  db: Kysely<Database>;
  /** Postgres: the schema the tables live in (current_schema()), passed to kysely's Migrator. */
  migrationTableSchema: string | undefined;
  migrationRun: MigrationRunState;
  description: string;
}

export interface ConnectOptions {
  /** Postgres pool size (default 10). */
  poolMax?: number;
  /** SQLite busy_timeout in ms (default 5000). */
  busyTimeoutMs?: number;
  /** Errors of idle pooled Postgres clients (default: process.emitWarning). */
  onPoolError?: (error: Error) => void;
}

export async function connect(target: DatabaseTarget, options: ConnectOptions = {}): Promise<Connection> {
  const migrationRun: MigrationRunState = { failed: false };
  if (target.kind === 'sqlite') {
    if (target.path !== ':memory:') makeDirectory(dirname(target.path));
    const busyTimeoutMs = Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000));
    const raw = new BetterSqlite3(target.path);
    try {
      raw.pragma(`busy_timeout = ${busyTimeoutMs}`);
      // Switching to WAL can fail with SQLITE_BUSY without the busy handler being called (processes
      // opening/closing the same file at that instant), so retry it ourselves.
      await retryWhileBusy(() => raw.pragma('journal_mode = WAL'), busyTimeoutMs);
      raw.pragma('synchronous = NORMAL');
      raw.pragma('foreign_keys = ON');
    } catch (error) {
      raw.close();
      throw error;
    }
    const db = new Kysely<Database>({ dialect: new LockingSqliteDialect(raw, migrationRun) });
    return { kind: 'sqlite', db, migrationTableSchema: undefined, migrationRun, description: describeTarget(target) };
  }

  const pool = new pg.Pool({ connectionString: target.connectionString, max: options.poolMax ?? 10 });
  pool.on('error', options.onPoolError ?? ((error: Error) => process.emitWarning(error)));
  const db = new Kysely<Database>({ dialect: new CurrentSchemaPostgresDialect({ pool }) });
  try {
    const row = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
    const schema = row.rows[0]?.schema ?? null;
    if (schema === null) {
      throw new Error('Postgres search_path names no existing schema (create it first or fix ?options=-c search_path=…)');
    }
    return { kind: 'postgres', db, migrationTableSchema: schema, migrationRun, description: describeTarget(target) };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

async function retryWhileBusy<T>(operation: () => T, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    try {
      return operation();
    } catch (error) {
      const code = error instanceof Error && 'code' in error ? String(error.code) : '';
      if (!code.startsWith('SQLITE_BUSY') || Date.now() + delay > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/**
 * Until `trx` ends, no other transaction adds `rows` (a capped kind of row: subscriptions, follows) to the channel
 * through this lock. Postgres: a transaction advisory lock on (rows, channel), released at commit or rollback, so it
 * holds behind a transaction-mode pooler too. SQLite: nothing to take, provided the transaction's first statement
 * writes, which gives it the database's write lock until it ends.
 */
export async function lockChannelRows(trx: Transaction<Database>, rows: 'subscriptions' | 'follows', teamId: string, channelId: string): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`select pg_advisory_xact_lock(hashtextextended(${`${rows}:${teamId}:${channelId}`}, 0))`.execute(trx);
}

/** Column type of an auto-increment integer primary key. */
export function autoIncrementIdType(kind: DialectKind): 'integer' | 'serial' {
  return kind === 'sqlite' ? 'integer' : 'serial';
}

/**
 * kysely's SqliteAdapter takes no migration lock and runs SQLite migrations outside a transaction
 * (so two processes on one file could both apply a migration). This one wraps a migration run in
 * BEGIN IMMEDIATE … COMMIT: it waits (busy_timeout) for any other writer, the whole run is atomic,
 * and a failed run is rolled back. On Postgres, kysely's own adapter is used: it takes
 * pg_advisory_lock and runs the migrations in one transaction.
 */
class LockingSqliteAdapter extends SqliteAdapter {
  constructor(
    private readonly raw: BetterSqlite3.Database,
    private readonly run: MigrationRunState,
  ) {
    super();
  }

  override async acquireMigrationLock(db: Kysely<unknown>): Promise<void> {
    this.run.failed = false;
    await sql`begin immediate`.execute(db);
  }

  override async releaseMigrationLock(db: Kysely<unknown>): Promise<void> {
    if (!this.raw.inTransaction) return;
    await sql.raw(this.run.failed ? 'rollback' : 'commit').execute(db);
  }
}

class LockingSqliteDialect extends SqliteDialect {
  constructor(
    private readonly raw: BetterSqlite3.Database,
    private readonly run: MigrationRunState,
  ) {
    super({ database: raw });
  }

  override createAdapter(): DialectAdapter {
    return new LockingSqliteAdapter(this.raw, this.run);
  }
}

/**
 * kysely's Postgres introspector (which its Migrator uses to see whether `kysely_migration` exists)
 * lists the tables of EVERY schema and calls `has_schema_privilege(<schema name>)` on each: when another
 * session drops a schema during that query (another app sharing the database, parallel test suites), the
 * name no longer resolves and the migration fails with `schema "<someone else's>" does not exist`. This
 * one looks only at the connection's current schema (the one the store uses) and resolves no names.
 */
class CurrentSchemaPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db);
  }
}

interface ColumnRow {
  table: string;
  schema: string;
  table_type: string;
  column: string;
  not_null: boolean;
  has_default: boolean;
  type: string;
  type_schema: string;
  column_description: string | null;
  auto_incrementing: string | null;
}

class CurrentSchemaIntrospector implements DatabaseIntrospector {
  constructor(private readonly db: Kysely<unknown>) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace`.execute(this.db);
    return rows.map((row) => ({ name: row.name }));
  }

  async getTables(options: DatabaseMetadataOptions = { withInternalKyselyTables: false }): Promise<TableMetadata[]> {
    const { rows } = await sql<ColumnRow>`
      select c.relname as "table", ns.nspname as "schema", c.relkind as table_type, a.attname as "column",
             a.attnotnull as not_null, a.atthasdef as has_default, typ.typname as "type", dtns.nspname as type_schema,
             col_description(a.attrelid, a.attnum) as column_description,
             pg_get_serial_sequence(quote_ident(ns.nspname) || '.' || quote_ident(c.relname), a.attname) as auto_incrementing
      from pg_catalog.pg_attribute a
      join pg_catalog.pg_class c on a.attrelid = c.oid
      join pg_catalog.pg_namespace ns on c.relnamespace = ns.oid
      join pg_catalog.pg_type typ on a.atttypid = typ.oid
      join pg_catalog.pg_namespace dtns on typ.typnamespace = dtns.oid
      where ns.nspname = current_schema() and c.relkind in ('r', 'v', 'p') and a.attnum >= 0 and not a.attisdropped
      order by c.relname, a.attnum`.execute(this.db);
    const tables = new Map<string, { name: string; schema: string; isView: boolean; columns: TableMetadata['columns'] }>();
    for (const row of rows) {
      if (!options.withInternalKyselyTables && (row.table === 'kysely_migration' || row.table === 'kysely_migration_lock')) continue;
      let table = tables.get(row.table);
      if (!table) {
        table = { name: row.table, schema: row.schema, isView: row.table_type === 'v', columns: [] };
        tables.set(row.table, table);
      }
      table.columns.push({
        name: row.column,
        dataType: row.type,
        dataTypeSchema: row.type_schema,
        isAutoIncrementing: row.auto_incrementing !== null,
        isNullable: !row.not_null,
        hasDefaultValue: row.has_default,
        ...(row.column_description === null ? {} : { comment: row.column_description }),
      });
    }
    return [...tables.values()];
  }

  async getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) };
  }
}
