/**
 * Test harnesses: each gives the contract suite fresh, isolated databases of one dialect.
 * SQLite: a file in a temp directory per database. Postgres: a fresh random schema per database,
 * selected with `?options=-c search_path=<schema>` so parallel test files never collide. A test that only needs
 * a store as a new install has it (`storeUrl`) gets, on Postgres, a schema some earlier test of the file migrated
 * and that was emptied back to what the migrations leave when that test finished: migrating a schema costs
 * ~0.2 s of DDL, emptying it a few ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, describe, it, onTestFinished } from 'vitest';
import { openStore, type OpenStoreOptions, type Store } from '../../src/store/index.ts';

export interface StoreHarness {
  label: string;
  /** URL of a fresh, empty database (migrations not yet applied). */
  freshUrl(): Promise<string>;
  /**
   * Inside a test: URL of a database holding exactly what the migrations leave (or nothing yet: the store then
   * migrates it), for this test alone. For tests about a store's behaviour; tests about migrating use `freshUrl`.
   */
  storeUrl(): Promise<string>;
  /** Make any insert of `paperId` into deliveries fail (to prove completeDigest is atomic). */
  failDeliveriesOf(url: string, paperId: string): Promise<void>;
  /** Make any insert into papers of a paper titled `title` fail (to prove upsertPapers is atomic). */
  failPaperInsertsTitled(url: string, title: string): Promise<void>;
  /** Run a read-only query on the database behind `url`, outside the store. */
  query<T>(url: string, text: string): Promise<T[]>;
  cleanup(): Promise<void>;
}

export function sqliteHarness(): StoreHarness {
  let dir: string | null = null; // created on first use: filtered runs that skip everything leave nothing behind
  let n = 0;
  const pathOf = (url: string): string => url.slice('sqlite:'.length);
  return {
    label: 'sqlite',
    freshUrl() {
      dir ??= mkdtempSync(join(tmpdir(), 'paper-digest-store-'));
      return Promise.resolve(`sqlite:${join(dir, `db-${++n}.sqlite`)}`);
    },
    storeUrl() {
      // Migrating a SQLite file takes ~10 ms: every test gets a new one.
      return this.freshUrl();
    },
    failDeliveriesOf(url, paperId) {
      const db = new BetterSqlite3(pathOf(url));
      try {
        db.exec(
          `CREATE TRIGGER fail_delivery BEFORE INSERT ON deliveries WHEN NEW.paper_id = '${paperId.replace(/'/g, "''")}' ` +
            `BEGIN SELECT RAISE(ABORT, 'injected delivery failure'); END`,
        );
      } finally {
        db.close();
      }
      return Promise.resolve();
    },
    failPaperInsertsTitled(url, title) {
      const db = new BetterSqlite3(pathOf(url));
      try {
        db.exec(
          `CREATE TRIGGER fail_paper BEFORE INSERT ON papers WHEN NEW.title = '${title.replace(/'/g, "''")}' ` +
            `BEGIN SELECT RAISE(ABORT, 'injected paper failure'); END`,
        );
      } finally {
        db.close();
      }
      return Promise.resolve();
    },
    async query<T>(url: string, text: string): Promise<T[]> {
      await Promise.resolve();
      const db = new BetterSqlite3(pathOf(url), { readonly: true });
      try {
        return db.prepare(text).all() as T[];
      } finally {
        db.close();
      }
    },
    cleanup() {
      if (dir !== null) rmSync(dir, { recursive: true, force: true });
      dir = null;
      return Promise.resolve();
    },
  };
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** CI or REQUIRE_POSTGRES=1: an unreachable Postgres fails the run instead of skipping it. */
export function postgresRequired(): boolean {
  const ci = process.env.CI;
  return (ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false') || process.env.REQUIRE_POSTGRES === '1';
}

/** null when reachable, otherwise why not. */
export async function probePostgres(url: string = TEST_DATABASE_URL): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return `${redact(url)}: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A Postgres-only suite: `define` when Postgres answers at TEST_DATABASE_URL; otherwise, named `name`, a skipped
 * suite with a warning, or under CI / REQUIRE_POSTGRES=1 a failing one.
 */
export async function describePostgres(name: string, define: () => void): Promise<void> {
  const unreachable = await probePostgres(TEST_DATABASE_URL);
  if (unreachable === null) {
    define();
  } else if (!postgresRequired()) {
    console.warn(`[${name}] Skipping, Postgres unreachable (${unreachable}). Set REQUIRE_POSTGRES=1 to fail instead.`);
    describe.skip(`${name} (skipped: Postgres unreachable: ${unreachable})`, () => {
      it('needs Postgres', () => undefined);
    });
  } else {
    describe(name, () => {
      it('requires a reachable Postgres (CI or REQUIRE_POSTGRES=1 is set)', () => {
        throw new Error(`Postgres unreachable: ${unreachable}`);
      });
    });
  }
}

/**
 * The harnesses of a suite run on both databases: SQLite, and Postgres unless it does not answer and is not
 * required (then a warning naming `name`; when required, the Postgres suite runs and fails).
 */
export async function storeHarnesses(name: string): Promise<Array<() => StoreHarness>> {
  const unreachable = await probePostgres(TEST_DATABASE_URL);
  if (unreachable !== null && !postgresRequired()) {
    console.warn(`[${name}] Postgres unreachable (${unreachable}): only SQLite runs. Set REQUIRE_POSTGRES=1 to fail instead.`);
    return [sqliteHarness];
  }
  return [sqliteHarness, () => postgresHarness(TEST_DATABASE_URL)];
}

function redact(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

export function withSearchPath(url: string, schema: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

export function randomSchemaName(prefix = 'pd_store'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** An admin client on the test database, for creating/dropping schemas. */
export async function adminClient(url: string = TEST_DATABASE_URL): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** What the migrations leave in a schema (e.g. paper_corpus's one row), to put back after a test. */
interface MigratedContents {
  /** Every table but kysely's, a referencing table before the one it references. */
  tables: string[];
  sequences: string[];
  rows: Map<string, unknown[]>;
}

async function migratedContents(client: pg.Client, schema: string): Promise<MigratedContents> {
  const found = await client.query<{ tablename: string }>(
    `select tablename from pg_tables where schemaname = $1 and tablename not like 'kysely\\_%' order by tablename`,
    [schema],
  );
  const references = await client.query<{ child: string; parent: string }>(
    `select child.relname as child, parent.relname as parent from pg_constraint c
     join pg_class child on child.oid = c.conrelid join pg_class parent on parent.oid = c.confrelid
     join pg_namespace n on n.oid = c.connamespace where c.contype = 'f' and n.nspname = $1`,
    [schema],
  );
  const pending = found.rows.map((r) => r.tablename);
  const tables: string[] = [];
  while (pending.length > 0) {
    // Next: a table no pending table references (besides itself).
    const index = pending.findIndex((table) => !references.rows.some((r) => r.parent === table && r.child !== table && pending.includes(r.child)));
    tables.push(...pending.splice(index === -1 ? 0 : index, 1));
  }
  const sequences = await client.query<{ sequencename: string }>('select sequencename from pg_sequences where schemaname = $1', [schema]);
  const rows = new Map<string, unknown[]>();
  for (const table of tables) {
    const result = await client.query<{ row: unknown }>(`select to_jsonb(t) as row from "${schema}"."${table}" t`);
    if (result.rows.length > 0) rows.set(table, result.rows.map((r) => r.row));
  }
  return { tables, sequences: sequences.rows.map((r) => r.sequencename), rows };
}

/**
 * One transaction that empties `schema` back to `contents`: rows deleted (a few ms, where truncating the tables
 * costs ~50), sequences restarted, the rows the migrations wrote put back.
 */
function resetStatement(schema: string, contents: MigratedContents): string {
  const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;
  const statements = ['begin', ...contents.tables.map((t) => `delete from "${schema}"."${t}"`)];
  for (const sequence of contents.sequences) statements.push(`select setval(${literal(`"${schema}"."${sequence}"`)}, 1, false)`);
  for (const [table, rows] of contents.rows) {
    const target = `"${schema}"."${table}"`;
    statements.push(`insert into ${target} select * from jsonb_populate_recordset(null::${target}, ${literal(JSON.stringify(rows))}::jsonb)`);
  }
  statements.push('commit');
  return statements.join(';\n');
}

export function postgresHarness(baseUrl: string = TEST_DATABASE_URL): StoreHarness {
  const schemas: string[] = [];
  const schemaOf = new Map<string, string>();
  /** Migrated schemas no test is using, emptied back to `contents`. */
  const idle: string[] = [];
  /** Schemas a test changed beyond rows (triggers): never handed out again. */
  const altered = new Set<string>();
  let contents: MigratedContents | null = null;
  let admin: pg.Client | null = null;
  const getAdmin = async (): Promise<pg.Client> => (admin ??= await adminClient(baseUrl));
  const freshUrl = async (): Promise<string> => {
    const schema = randomSchemaName();
    await (await getAdmin()).query(`create schema "${schema}"`);
    schemas.push(schema);
    const url = withSearchPath(baseUrl, schema);
    schemaOf.set(url, schema);
    return url;
  };
  return {
    label: 'postgres',
    freshUrl,
    async storeUrl() {
      let url = idle.pop();
      if (url === undefined) {
        url = await freshUrl();
        const schema = schemaOf.get(url) ?? '';
        const store = await openStore(url);
        await store.close();
        contents ??= await migratedContents(await getAdmin(), schema);
      }
      const schema = schemaOf.get(url) ?? '';
      const reused = url;
      // After the test's afterEach hooks, which close its stores.
      onTestFinished(async () => {
        if (altered.has(schema) || !contents) return;
        await (await getAdmin()).query(resetStatement(schema, contents));
        idle.push(reused);
      });
      return url;
    },
    async failDeliveriesOf(url, paperId) {
      const schema = schemaOf.get(url);
      if (!schema) throw new Error(`unknown test url ${url}`);
      altered.add(schema);
      const literal = `'${paperId.replace(/'/g, "''")}'`;
      const client = await getAdmin();
      await client.query(
        `create function "${schema}".fail_delivery() returns trigger language plpgsql as $$
         begin
           if new.paper_id = ${literal} then raise exception 'injected delivery failure'; end if;
           return new;
         end $$`,
      );
      await client.query(
        `create trigger fail_delivery before insert on "${schema}".deliveries
         for each row execute function "${schema}".fail_delivery()`,
      );
    },
    async failPaperInsertsTitled(url, title) {
      const schema = schemaOf.get(url);
      if (!schema) throw new Error(`unknown test url ${url}`);
      altered.add(schema);
      const literal = `'${title.replace(/'/g, "''")}'`;
      const client = await getAdmin();
      await client.query(
        `create function "${schema}".fail_paper() returns trigger language plpgsql as $$
         begin
           if new.title = ${literal} then raise exception 'injected paper failure'; end if;
           return new;
         end $$`,
      );
      await client.query(
        `create trigger fail_paper before insert on "${schema}".papers
         for each row execute function "${schema}".fail_paper()`,
      );
    },
    async query<T>(url: string, text: string): Promise<T[]> {
      const schema = schemaOf.get(url);
      if (!schema) throw new Error(`unknown test url ${url}`);
      const client = await getAdmin();
      await client.query(`set search_path to "${schema}"`);
      const result = await client.query(text);
      await client.query('reset search_path');
      return result.rows as T[];
    },
    async cleanup() {
      idle.length = 0;
      if (!admin) return;
      for (const schema of schemas.splice(0)) await admin.query(`drop schema if exists "${schema}" cascade`);
      await admin.end();
      admin = null;
    },
  };
}

/**
 * The stores a contract suite opens: call inside its `describe`. Each is closed after its test, the harness's
 * databases are removed after the suite. `fresh()` opens a store on `harness.storeUrl()`, `open(url)` one on `url`.
 */
export function suiteStores(harness: StoreHarness): { fresh(): Promise<Store>; open(url: string, options?: OpenStoreOptions): Promise<Store> } {
  const opened: Store[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await harness.cleanup();
  });
  const open = async (url: string, options?: OpenStoreOptions): Promise<Store> => {
    const store = await openStore(url, options);
    opened.push(store);
    return store;
  };
  return { open, fresh: async () => open(await harness.storeUrl()) };
}
