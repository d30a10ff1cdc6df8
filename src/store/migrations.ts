/**
 * Versioned migrations, defined in code (an object provider: nothing is scanned on disk at runtime,
 * so they survive bundling). Names sort in application order; never edit an applied migration, add
 * the next one (`0002_…`).
 *
 * Concurrency: on Postgres kysely's Migrator takes `pg_advisory_lock` on one connection and applies
 * the pending migrations in a single transaction, so instances starting together apply each migration
 * once and the others find nothing pending. On SQLite the adapter in dialect.ts does the same with
 * BEGIN IMMEDIATE. DDL also uses IF NOT EXISTS, so a half-applied schema can be re-run. The run itself is
 * migration-runner.ts.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import { subscriptionExamplesMigration } from './example-migration.ts';
import { autoIncrementIdType, type Connection, type DialectKind } from './dialect.ts';
import { runMigrations, type MigrationReport } from './migration-runner.ts';
import { linkMemoryMigration } from './link-memory-migration.ts';
import { paperListedOnMigration, subscriptionKindMigration } from './top-list-migrations.ts';
import { followsMigration } from './migration-follows.ts';
import { paperWithdrawnMigration } from './withdrawn-migration.ts';
import { lastIngestMigration } from './last-ingest-migration.ts';
import { subscriptionPausedUntilMigration } from './pause-until-migration.ts';
import { pauseStartMigration } from './pause-start-migration.ts';
import { stoppedDigestRatingsMigration } from './stopped-digest-ratings-migration.ts';
import { subscriptionWeekdayMigration } from './weekday-migration.ts';
import { scheduleChangedAtMigration } from './schedule-changed-migration.ts';

export { MigrationError, runMigrations, type MigrationReport } from './migration-runner.ts';

function buildMigrations(kind: DialectKind): Record<string, Migration> {
  const idType = autoIncrementIdType(kind);
  return {
    '0001_subscriptions_and_deliveries': {
      async up(db: Kysely<unknown>): Promise<void> {
        await db.schema
          .createTable('subscriptions')
          .ifNotExists()
          .addColumn('id', idType, (c) => (kind === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
          .addColumn('team_id', 'text', (c) => c.notNull())
          .addColumn('channel_id', 'text', (c) => c.notNull())
          .addColumn('topic', 'text', (c) => c.notNull())
          .addColumn('topic_key', 'text', (c) => c.notNull())
          .addColumn('time', 'text', (c) => c.notNull())
          .addColumn('timezone', 'text', (c) => c.notNull())
          .addColumn('cadence', 'text', (c) => c.notNull().check(sql`cadence in ('daily', 'weekdays', 'weekly')`))
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('paused_reason', 'text')
          .addColumn('last_digest_at', 'text')
          .addColumn('last_digest_status', 'text')
          .addUniqueConstraint('subscriptions_team_channel_topic_key', ['team_id', 'channel_id', 'topic_key'])
          .execute();

        await db.schema
          .createTable('workspaces')
          .ifNotExists()
          .addColumn('team_id', 'text', (c) => c.primaryKey())
          .addColumn('paused_reason', 'text')
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('digest_runs')
          .ifNotExists()
          .addColumn('id', idType, (c) => (kind === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
          // Not a foreign key: a run (like a delivery) is history and outlives a removed subscription;
          // team_id and channel_id are copied from the subscription when the run is first claimed.
          .addColumn('subscription_id', 'integer', (c) => c.notNull())
          .addColumn('team_id', 'text', (c) => c.notNull())
          .addColumn('channel_id', 'text', (c) => c.notNull())
          .addColumn('digest_date', 'text', (c) => c.notNull())
          .addColumn('claimed_by', 'text', (c) => c.notNull())
          .addColumn('claimed_at', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) =>
            c.notNull().check(sql`status in ('claimed', 'posted', 'nothing_new', 'failed', 'skipped')`),
          )
          .addColumn('delivery_id', 'text', (c) => c.notNull().unique())
          .addColumn('message_ts', 'text')
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('next_attempt_at', 'text')
          .addColumn('error', 'text')
          .addColumn('completed_at', 'text')
          .addUniqueConstraint('digest_runs_subscription_date', ['subscription_id', 'digest_date'])
          .execute();

        await db.schema
          .createIndex('digest_runs_team_date')
          .ifNotExists()
          .on('digest_runs')
          .columns(['team_id', 'digest_date'])
          .execute();

        await db.schema
          .createTable('deliveries')
          .ifNotExists()
          .addColumn('team_id', 'text', (c) => c.notNull())
          .addColumn('channel_id', 'text', (c) => c.notNull())
          .addColumn('paper_id', 'text', (c) => c.notNull())
          // Not a foreign key: deliveries outlive a removed subscription.
          .addColumn('subscription_id', 'integer', (c) => c.notNull())
          .addColumn('digest_date', 'text', (c) => c.notNull())
          .addColumn('delivered_at', 'text', (c) => c.notNull())
          .addColumn('message_ts', 'text')
          .addPrimaryKeyConstraint('deliveries_pkey', ['team_id', 'channel_id', 'paper_id'])
          .execute();

        await db.schema
          .createIndex('deliveries_subscription_date')
          .ifNotExists()
          .on('deliveries')
          .columns(['subscription_id', 'digest_date'])
          .execute();
      },
      async down(db: Kysely<unknown>): Promise<void> {
        await db.schema.dropTable('deliveries').ifExists().execute();
        await db.schema.dropTable('digest_runs').ifExists().execute();
        await db.schema.dropTable('workspaces').ifExists().execute();
        await db.schema.dropTable('subscriptions').ifExists().execute();
      },
    },
    '0002_papers': {
      async up(db: Kysely<unknown>): Promise<void> {
        await db.schema
          .createTable('papers')
          .ifNotExists()
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('title_key', 'text', (c) => c.notNull().unique())
          // Unique when set; several NULLs are allowed in both dialects.
          .addColumn('arxiv_id', 'text', (c) => c.unique())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('abstract', 'text', (c) => c.notNull())
          .addColumn('authors', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('author_count', 'integer')
          .addColumn('date', 'text')
          .addColumn('upvotes', 'integer')
          .addColumn('url', 'text', (c) => c.notNull())
          .addColumn('added_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();

        await db.schema.createIndex('papers_date').ifNotExists().on('papers').column('date').execute();

        // One row: its revision is bumped by every transaction that changes papers. Updating it first
        // also serializes concurrent ingests (a row lock on Postgres, the write lock on SQLite).
        await db.schema
          .createTable('paper_corpus')
          .ifNotExists()
          .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
          .addColumn('revision', 'integer', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await sql`insert into paper_corpus (id, revision, updated_at) values (1, 0, ${new Date(0).toISOString()}) on conflict (id) do nothing`.execute(
          db,
        );
      },
      async down(db: Kysely<unknown>): Promise<void> {
        await db.schema.dropTable('paper_corpus').ifExists().execute();
        await db.schema.dropTable('papers').ifExists().execute();
      },
    },
    '0003_installations': {
      // One row per workspace that installed the app through OAuth. `sealed` is the whole Bolt installation
      // (tokens included) encrypted by src/slack/oauth/token-crypto.ts: the database never holds a token in
      // clear. Uninstalling keeps the row (who installed, when) and wipes `sealed`.
      async up(db: Kysely<unknown>): Promise<void> {
        await db.schema
          .createTable('installations')
          .ifNotExists()
          .addColumn('team_id', 'text', (c) => c.primaryKey())
          .addColumn('enterprise_id', 'text')
          .addColumn('app_id', 'text')
          .addColumn('bot_user_id', 'text')
          .addColumn('installed_by', 'text')
          .addColumn('sealed', 'text')
          .addColumn('installed_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('revoked_at', 'text')
          .execute();
      },
      async down(db: Kysely<unknown>): Promise<void> {
        await db.schema.dropTable('installations').ifExists().execute();
      },
    },
    '0004_paper_revisions': {
      // The corpus revision that last wrote each paper, so an index reads only the papers changed since it was
      // built (rows written before this migration count as revision 0, older than any index).
      async up(db: Kysely<unknown>): Promise<void> {
        await db.schema.alterTable('papers').addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0)).execute();
        await db.schema.createIndex('papers_revision').ifNotExists().on('papers').column('revision').execute();
      },
      async down(db: Kysely<unknown>): Promise<void> {
        await db.schema.dropIndex('papers_revision').ifExists().execute();
        await db.schema.alterTable('papers').dropColumn('revision').execute();
      },
    },
    '0005_seed_pages_digest': {
      // A hash of the seed pages last stored, so a start with the same pages skips parsing and upserting them.
      async up(db: Kysely<unknown>): Promise<void> {
        await db.schema.alterTable('paper_corpus').addColumn('seed_pages_digest', 'text').execute();
      },
      async down(db: Kysely<unknown>): Promise<void> {
        await db.schema.alterTable('paper_corpus').dropColumn('seed_pages_digest').execute();
      },
    },
    '0006_paper_titles_not_unique': {
      // Distinct arXiv papers can share a title (technical reports, errata, common phrasings): a paper with an
      // arXiv id is identified by that id, so `title_key` stops being unique (it stays the key a listing-page
      // entry, which has no id, is matched on). Rows and their ids are kept as they are: deliveries, feedback and
      // shares keep pointing at them.
      async up(db: Kysely<unknown>): Promise<void> {
        if (kind === 'postgres') {
          const unique = await sql<{ name: string }>`
            select c.conname as name from pg_constraint c
            join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
            where c.conrelid = 'papers'::regclass and c.contype = 'u' and a.attname = 'title_key'`.execute(db);
          for (const { name } of unique.rows) await sql`alter table papers drop constraint ${sql.id(name)}`.execute(db);
        } else {
          // SQLite cannot drop a column constraint: rebuild the table with the same columns and copy the rows.
          await rebuildSqlitePapers(db, false);
        }
        await db.schema.createIndex('papers_title_key').ifNotExists().on('papers').column('title_key').execute();
      },
      async down(db: Kysely<unknown>): Promise<void> {
        // Fails (and changes nothing) while two papers share a title.
        await db.schema.dropIndex('papers_title_key').ifExists().execute();
        if (kind === 'postgres') {
          await sql`alter table papers add constraint papers_title_key_key unique (title_key)`.execute(db);
        } else {
          await rebuildSqlitePapers(db, true);
        }
      },
    },
    '0007_paper_extras': {
      // What the Hugging Face API says beyond the abstract (issue 17): null until a re-ingest fills them in.
      async up(db: Kysely<unknown>): Promise<void> {
        await db.schema.alterTable('papers').addColumn('ai_summary', 'text').execute();
        await db.schema.alterTable('papers').addColumn('github_repo', 'text').execute();
        await db.schema.alterTable('papers').addColumn('github_stars', 'integer').execute();
        await db.schema.alterTable('papers').addColumn('project_page', 'text').execute();
      },
      async down(db: Kysely<unknown>): Promise<void> {
        for (const column of ['project_page', 'github_stars', 'github_repo', 'ai_summary']) {
          await db.schema.alterTable('papers').dropColumn(column).execute();
        }
      },
    },
    '0008_index_snapshots': {
      // Postgres only: the packed search index shared by instances (store/index-snapshots.ts). With SQLite there is
      // one instance and its index cache file; the migration is recorded and creates nothing.
      async up(db: Kysely<unknown>): Promise<void> {
        if (kind !== 'postgres') return;
        await sql`create table if not exists index_snapshots (
          key text primary key,
          seq bigserial not null,
          bytes bigint not null,
          chunks integer not null,
          checksum text not null,
          created_at text not null
        )`.execute(db);
        await sql`create table if not exists index_snapshot_chunks (
          key text not null references index_snapshots (key) on delete cascade,
          chunk integer not null,
          data bytea not null,
          primary key (key, chunk)
        )`.execute(db);
      },
      async down(db: Kysely<unknown>): Promise<void> {
        if (kind !== 'postgres') return;
        await sql`drop table if exists index_snapshot_chunks`.execute(db);
        await sql`drop table if exists index_snapshots`.execute(db);
      },
    },
    '0009_channel_settings': {
      // Per-channel choices that are not subscriptions (issue 17: whether paper links unfold). A channel without a
      // row has the defaults.
      async up(db: Kysely<unknown>): Promise<void> {
        await db.schema
          .createTable('channel_settings')
          .ifNotExists()
          .addColumn('team_id', 'text', (c) => c.notNull())
          .addColumn('channel_id', 'text', (c) => c.notNull())
          .addColumn('unfurl_links', 'integer', (c) => c.notNull().defaultTo(1).check(sql`unfurl_links in (0, 1)`))
          .addColumn('updated_by', 'text')
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('channel_settings_pkey', ['team_id', 'channel_id'])
          .execute();
      },
      async down(db: Kysely<unknown>): Promise<void> {
        await db.schema.dropTable('channel_settings').ifExists().execute();
      },
    },
    '0010_saved_papers': {
      // Papers a person saved for later (issue 17). The title, authors, date and link are copied at save time, so the
      // list and its BibTeX survive the paper leaving the corpus. Removing deletes the row: saving again starts afresh.
      async up(db: Kysely<unknown>): Promise<void> {
        await db.schema
          .createTable('saved_papers')
          .ifNotExists()
          .addColumn('team_id', 'text', (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('paper_id', 'text', (c) => c.notNull())
          .addColumn('arxiv_id', 'text')
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('authors', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('date', 'text')
          .addColumn('url', 'text', (c) => c.notNull())
          .addColumn('saved_at', 'text', (c) => c.notNull())
          .addColumn('read_at', 'text')
          .addPrimaryKeyConstraint('saved_papers_pkey', ['team_id', 'user_id', 'paper_id'])
          .execute();
        await db.schema.createIndex('saved_papers_newest').ifNotExists().on('saved_papers').columns(['team_id', 'user_id', 'saved_at']).execute();
      },
      async down(db: Kysely<unknown>): Promise<void> {
        await db.schema.dropTable('saved_papers').ifExists().execute();
      },
    },
    '0011_paper_ratings': {
      // 👍/👎 on a paper, per channel and person (issue 16): one vote each, a change of mind replaces it, undo deletes
      // it. subscription_id is the subscription whose digest the click came from (null: search, share, unfurl,
      // preview). Not a foreign key: removing a subscription keeps its ratings, they still say what the channel likes.
      async up(db: Kysely<unknown>): Promise<void> {
        await db.schema
          .createTable('paper_ratings')
          .ifNotExists()
          .addColumn('team_id', 'text', (c) => c.notNull())
          .addColumn('channel_id', 'text', (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('paper_id', 'text', (c) => c.notNull())
          .addColumn('value', 'integer', (c) => c.notNull().check(sql`value in (-1, 1)`))
          .addColumn('subscription_id', 'integer')
          .addColumn('rated_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('paper_ratings_pkey', ['team_id', 'channel_id', 'user_id', 'paper_id'])
          .execute();
        await db.schema
          .createIndex('paper_ratings_channel_rated')
          .ifNotExists()
          .on('paper_ratings')
          .columns(['team_id', 'channel_id', 'rated_at'])
          .execute();
      },
      async down(db: Kysely<unknown>): Promise<void> {
        await db.schema.dropTable('paper_ratings').ifExists().execute();
      },
    },
    '0012_link_memory': linkMemoryMigration,
    '0013_paper_listed_on': paperListedOnMigration,
    '0014_follows': followsMigration(kind),
    '0015_subscription_examples': subscriptionExamplesMigration,
    '0016_subscription_kinds': subscriptionKindMigration,
    '0017_oauth_states': {
      // OAuth installs in progress, so a state is used once on whichever instance the redirect reaches.
      async up(db: Kysely<unknown>): Promise<void> {
        await db.schema
          .createTable('oauth_states')
          .ifNotExists()
          .addColumn('state_hash', 'text', (c) => c.primaryKey())
          .addColumn('install_options', 'text', (c) => c.notNull())
          .addColumn('issued_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('oauth_states_expires').ifNotExists().on('oauth_states').column('expires_at').execute();
      },
      async down(db: Kysely<unknown>): Promise<void> {
        await db.schema.dropTable('oauth_states').ifExists().execute();
      },
    },
    '0018_paper_withdrawn': paperWithdrawnMigration,
    '0019_last_ingest': lastIngestMigration,
    '0020_subscription_paused_until': subscriptionPausedUntilMigration,
    '0021_pause_start': pauseStartMigration,
    '0022_stopped_digest_ratings': stoppedDigestRatingsMigration,
    '0023_subscription_weekday': subscriptionWeekdayMigration,
    '0024_schedule_changed_at': scheduleChangedAtMigration,
  };
}

/** The papers table as of 0004 (`titleUnique`: as 0002 created it), rows copied over, indexes recreated. */
async function rebuildSqlitePapers(db: Kysely<unknown>, titleUnique: boolean): Promise<void> {
  const columns = sql.raw(
    'id, title_key, arxiv_id, title, abstract, authors, author_count, date, upvotes, url, added_at, updated_at, revision',
  );
  await sql`create table papers_rebuilt (
    id text primary key,
    title_key text not null ${sql.raw(titleUnique ? 'unique' : '')},
    arxiv_id text unique,
    title text not null,
    abstract text not null,
    authors text not null default '[]',
    author_count integer,
    date text,
    upvotes integer,
    url text not null,
    added_at text not null,
    updated_at text not null,
    revision integer not null default 0
  )`.execute(db);
  await sql`insert into papers_rebuilt (${columns}) select ${columns} from papers`.execute(db);
  await sql`drop table papers`.execute(db);
  await sql`alter table papers_rebuilt rename to papers`.execute(db);
  await db.schema.createIndex('papers_date').ifNotExists().on('papers').column('date').execute();
  await db.schema.createIndex('papers_revision').ifNotExists().on('papers').column('revision').execute();
}

export function migrationNames(kind: DialectKind = 'sqlite'): string[] {
  return Object.keys(buildMigrations(kind)).sort();
}

/** The migrations up to and including `last`, as `runMigrations` takes them: for tests that start from an older schema. */
export function migrationsThrough(kind: DialectKind, last: string): Record<string, Migration> {
  return Object.fromEntries(Object.entries(buildMigrations(kind)).filter(([name]) => name <= last));
}

/** Apply every pending migration (safe to call concurrently from several processes). */
export async function migrateToLatest(connection: Connection): Promise<MigrationReport> {
  return runMigrations(connection, buildMigrations(connection.kind));
}
