/**
 * A rolling deploy: a newer version migrated the database while this instance still runs. This instance cannot read
 * what the newer columns say (as an instance from before `0023_subscription_weekday` could not read a weekly digest's
 * day, and posted an `every friday` digest on the weekday it was made), so its ticks post nothing and say why in the
 * log; the digests are left to the new instances (or to this one, should the newer migration be rolled back). Real
 * runner and Slack poster against the fake Slack, SQLite and Postgres.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { connect, parseDatabaseUrl } from '../../src/store/dialect.ts';
import { storeHarnesses } from '../store/harness.ts';
import type { FakeSlack } from '../support/fake-slack.ts';
import { SlackWorld, readySearch, runnerDeps, slackAndStores, slackPoster, subscribeDaily, tick, utc } from './runner-harness.ts';

const harnesses = await storeHarnesses('an instance older than its database');

for (const makeHarness of harnesses) {
  const harness = makeHarness();
  describe(`an instance running against a newer schema (${harness.label})`, () => {
    let fake: FakeSlack;
    const open = slackAndStores((started) => (fake = started), () => harness.cleanup());

    it('posts no digest while the database has a migration its code does not know, and posts again once it has none', async () => {
      const url = await harness.storeUrl();
      const store = await open(url);
      const world = new SlackWorld(fake);
      const { deps, logs } = runnerDeps({ store, searchState: await readySearch(), poster: slackPoster(fake), instanceId: 'old-instance' });
      const sub = await subscribeDaily(store, { channelId: 'COLD', now: utc('2026-06-01T08:00:00.000Z') });
      expect(await store.unknownMigrations()).toEqual([]);
      const newer = async (statement: 'add' | 'remove'): Promise<void> => {
        const connection = await connect(parseDatabaseUrl(url));
        try {
          if (statement === 'add') {
            await sql`insert into kysely_migration (name, timestamp) values ('9999_from_a_newer_deploy', ${new Date().toISOString()})`.execute(connection.db);
          } else {
            await sql`delete from kysely_migration where name = '9999_from_a_newer_deploy'`.execute(connection.db);
          }
        } finally {
          await connection.db.destroy();
        }
      };
      await newer('add');
      expect(await store.unknownMigrations()).toEqual(['9999_from_a_newer_deploy']);
      expect((await tick(world, deps, utc('2026-06-01T09:00:00.000Z'))).outcomes).toEqual([]);
      expect(world.postAttempts('COLD')).toHaveLength(0);
      expect(await store.getDigestRun(sub.id, '2026-06-01')).toBeNull();
      expect(logs.some((line) => /WARN .*migrations this code does not know \(9999_from_a_newer_deploy\).*posts no digests/.test(line))).toBe(true);
      // Said once, not at every tick (about one a minute) until the instance stops.
      await tick(world, deps, utc('2026-06-01T09:01:00.000Z'));
      await tick(world, deps, utc('2026-06-01T09:02:00.000Z'));
      expect(logs.filter((line) => /migrations this code does not know/.test(line))).toHaveLength(1);
      expect(world.postAttempts('COLD')).toHaveLength(0);
      await newer('remove');
      await tick(world, deps, utc('2026-06-01T09:05:00.000Z'));
      expect(world.in('COLD').map((m) => m.postedAt.toISOString())).toEqual(['2026-06-01T09:05:00.000Z']);
    });
  });
}
