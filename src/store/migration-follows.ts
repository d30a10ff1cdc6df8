/** Migration 0014_follows (issue 18), in its own file to keep migrations.ts readable. */
import { type Kysely, type Migration } from 'kysely';
import { autoIncrementIdType, type DialectKind } from './dialect.ts';

export function followsMigration(kind: DialectKind): Migration {
  const idType = autoIncrementIdType(kind);
  return {
    // Authors a channel follows (issue 18): by name (`name_key` is authorKey of it, src/papers/author-names.ts) or by
    // a Hugging Face account (`hf_user`), one row per (team, channel, follow_key). And, per paper author, the
    // Hugging Face account that claimed the authorship (only those with one): that identity wins over the name.
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('follows')
        .ifNotExists()
        .addColumn('id', idType, (c) => (kind === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
        .addColumn('team_id', 'text', (c) => c.notNull())
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('follow_key', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('hf_user', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('follows_team_channel_key', ['team_id', 'channel_id', 'follow_key'])
        .execute();
      await db.schema
        .createTable('paper_author_accounts')
        .ifNotExists()
        .addColumn('paper_id', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('hf_user', 'text', (c) => c.notNull())
        .addColumn('hf_user_key', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('paper_author_accounts_pkey', ['paper_id', 'position'])
        .execute();
      await db.schema.createIndex('paper_author_accounts_name').ifNotExists().on('paper_author_accounts').column('name_key').execute();
      await db.schema.createIndex('paper_author_accounts_user').ifNotExists().on('paper_author_accounts').column('hf_user_key').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('paper_author_accounts').ifExists().execute();
      await db.schema.dropTable('follows').ifExists().execute();
    },
  };
}
