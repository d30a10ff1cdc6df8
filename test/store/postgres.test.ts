/**
 * The store contract and the concurrency guarantees on a real Postgres (TEST_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/test). Each database used here is a fresh random schema.
 * Unreachable Postgres: skipped with a warning, unless CI or REQUIRE_POSTGRES=1 (then it fails).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { migrationNames, openStore, type Store } from '../../src/store/index.ts';
import { apiInput, definePaperStoreContract } from './papers-contract.ts';
import { defineLinkMemoryStoreContract } from './link-memory-contract.ts';
import { defineLinksStoreContract } from './links-contract.ts';
import { defineSavedPapersStoreContract } from './saved-contract.ts';
import { defineRatingsStoreContract } from './ratings-contract.ts';
import { defineTopListStoreContract } from './top-contract.ts';
import { defineFollowsStoreContract } from './follows-contract.ts';
import { defineExamplesStoreContract } from './examples-contract.ts';
import { defineOAuthStatesStoreContract } from './oauth-states-contract.ts';
import { defineSubscriptionCapContract } from './subscription-cap-contract.ts';
import { defineClaimHoldersContract } from './claim-holders-contract.ts';
import { definePauseStartContract } from './pause-start-contract.ts';
import { defineWeekdayContract } from './weekday-contract.ts';
import { T0, defineStoreContract, expectExactlyOnceClaims, minutes } from './contract.ts';
import {
  describePostgres,
  TEST_DATABASE_URL,
  adminClient,
  postgresHarness,
  randomSchemaName,
  suiteStores,
  withSearchPath,
} from './harness.ts';
import { migrateInParallelProcesses } from './migrate-children.ts';

await describePostgres('Postgres store tests', () => {
  defineStoreContract(postgresHarness(TEST_DATABASE_URL));
  definePaperStoreContract(postgresHarness(TEST_DATABASE_URL));
  defineLinksStoreContract(postgresHarness(TEST_DATABASE_URL));
  defineLinkMemoryStoreContract(postgresHarness(TEST_DATABASE_URL));
  defineSavedPapersStoreContract(postgresHarness(TEST_DATABASE_URL));
  defineRatingsStoreContract(postgresHarness(TEST_DATABASE_URL));
  defineTopListStoreContract(postgresHarness(TEST_DATABASE_URL));
  defineFollowsStoreContract(postgresHarness(TEST_DATABASE_URL));
  defineExamplesStoreContract(postgresHarness(TEST_DATABASE_URL));
  defineOAuthStatesStoreContract(postgresHarness(TEST_DATABASE_URL));
  defineSubscriptionCapContract(postgresHarness(TEST_DATABASE_URL));
  defineClaimHoldersContract(postgresHarness(TEST_DATABASE_URL));
  definePauseStartContract(postgresHarness(TEST_DATABASE_URL));
  defineWeekdayContract(postgresHarness(TEST_DATABASE_URL));
  definePostgresConcurrency();
  defineSchemaReuse();
});

/** The contract suites' stores share migrated schemas (harness.ts): a schema comes back as the migrations left it. */
function defineSchemaReuse(): void {
  describe('Postgres test schemas handed from test to test', () => {
    const harness = postgresHarness(TEST_DATABASE_URL);
    const { open } = suiteStores(harness);
    let used = '';

    it('a test fills the schema it was given', async () => {
      used = await harness.storeUrl();
      const store = await open(used);
      for (const topic of ['rlhf', 'diffusion']) await store.upsertSubscription({ teamId: 'T1', channelId: 'C1', topic, createdBy: 'U1' });
      await store.upsertPapers([apiInput('2502.11089', 'Native Sparse Attention')]);
      expect(await store.papersRevision()).toBe(1);
    });

    it('the next test gets that schema empty again: no rows, ids from 1, the papers revision at 0, every migration applied', async () => {
      const url = await harness.storeUrl();
      expect(url).toBe(used);
      const reports: string[][] = [];
      const store = await openStore(url, { onMigrated: (r) => reports.push(r.applied) });
      try {
        expect(reports).toEqual([[]]);
        expect(await store.listSubscriptions('T1', 'C1')).toEqual([]);
        expect(await store.listPapers()).toEqual([]);
        expect(await store.papersRevision()).toBe(0);
        const { subscription } = await store.upsertSubscription({ teamId: 'T1', channelId: 'C1', topic: 'rlhf', createdBy: 'U1' });
        expect(subscription.id).toBe(1);
      } finally {
        await store.close();
      }
    });
  });
}

function definePostgresConcurrency(): void {
  describe('Postgres concurrency', () => {
    let admin: pg.Client;
    const schemas: string[] = [];
    const stores: Store[] = [];

    beforeAll(async () => {
      admin = await adminClient(TEST_DATABASE_URL);
    });
    afterAll(async () => {
      await Promise.all(stores.splice(0).map((s) => s.close()));
      for (const schema of schemas) await admin.query(`drop schema if exists "${schema}" cascade`);
      await admin.end();
    });

    async function freshSchemaUrl(): Promise<{ url: string; schema: string }> {
      const schema = randomSchemaName('pd_conc');
      await admin.query(`create schema "${schema}"`);
      schemas.push(schema);
      return { url: withSearchPath(TEST_DATABASE_URL, schema), schema };
    }

    async function open(url: string, options: Parameters<typeof openStore>[1] = {}): Promise<Store> {
      const store = await openStore(url, options);
      stores.push(store);
      return store;
    }

    async function makePairs(store: Store, count: number, digestDate: string) {
      const pairs: Array<{ subscriptionId: number; digestDate: string }> = [];
      for (let i = 0; i < count; i++) {
        const { subscription } = await store.upsertSubscription({
          teamId: `T${i % 3}`,
          channelId: `C${i}`,
          topic: `topic ${i}`,
          createdBy: 'U1',
        });
        pairs.push({ subscriptionId: subscription.id, digestDate });
      }
      return pairs;
    }

    it('two stores with separate pools racing on 100 due digests claim each exactly once', async () => {
      const { url } = await freshSchemaUrl();
      const a = await open(url, { poolMax: 10, leaseMs: minutes(5) });
      const b = await open(url, { poolMax: 10, leaseMs: minutes(5) });
      const pairs = await makePairs(a, 100, '2025-03-03');

      await expectExactlyOnceClaims([a, b], pairs);

      const rows = await admin.query<{ n: number }>(`select count(*)::int as n from "${schemas.at(-1)}".digest_runs`);
      expect(rows.rows[0]?.n).toBe(100);
    });

    it('concurrent completions sharing paper ids record each channel paper once, without deadlocks', async () => {
      const { url } = await freshSchemaUrl();
      const a = await open(url);
      const b = await open(url);
      const subs = [];
      for (let i = 0; i < 10; i++) {
        subs.push((await a.upsertSubscription({ teamId: 'T1', channelId: 'C1', topic: `t${i}`, createdBy: 'U1' })).subscription);
      }
      const runs = await Promise.all(subs.map((s, i) => (i % 2 ? a : b).claimDigest(s.id, '2025-03-03', 'x', T0)));
      const papers = Array.from({ length: 40 }, (_, i) => `p${String(i).padStart(2, '0')}`);
      const results = await Promise.all(
        runs.map((run, i) => {
          if (!run) throw new Error('claim failed');
          // Overlapping sets, given in different orders.
          const ids = i % 2 ? papers.slice(i, i + 25).reverse() : papers.slice(i, i + 25);
          return (i % 2 ? b : a).completeDigest(run, { status: 'posted', messageTs: `${i}.0`, deliveredPaperIds: ids, now: T0 });
        }),
      );
      const inserted = results.flatMap((r) => r.newlyDeliveredPaperIds);
      expect(inserted.length).toBe(new Set(inserted).size);
      expect(new Set(inserted)).toEqual(await a.deliveredPaperIds('T1', 'C1'));
      expect(results.every((r) => r.claimHeld && r.run?.status === 'posted')).toBe(true);
    });

    it('several instances starting at once on a fresh schema apply the migrations exactly once', async () => {
      const { url, schema } = await freshSchemaUrl();
      const applied: string[][] = [];
      const opened = await Promise.all(
        Array.from({ length: 5 }, () => open(url, { poolMax: 2, onMigrated: (r) => applied.push(r.applied) })),
      );
      expect(opened).toHaveLength(5);
      expect(applied.flat()).toEqual(migrationNames('postgres'));
      const rows = await admin.query<{ name: string }>(`select name from "${schema}".kysely_migration order by name`);
      expect(rows.rows.map((r) => r.name)).toEqual(migrationNames('postgres'));
      // And they all work.
      const [first, second] = opened;
      if (!first || !second) throw new Error('stores missing');
      const { subscription } = await first.upsertSubscription({ teamId: 'T1', channelId: 'C1', topic: 'rlhf', createdBy: 'U1' });
      expect(await second.getSubscription('T1', subscription.id)).toEqual(subscription);
    });

    it('separate processes migrating a fresh schema at the same instant apply each migration once', async () => {
      const { url, schema } = await freshSchemaUrl();
      const reports = await migrateInParallelProcesses(url, 4);
      expect(reports.filter((r) => !r.ok)).toEqual([]);
      expect(reports.flatMap((r) => r.applied ?? [])).toEqual(migrationNames('postgres'));
      const rows = await admin.query<{ name: string }>(`select name from "${schema}".kysely_migration order by name`);
      expect(rows.rows.map((r) => r.name)).toEqual(migrationNames('postgres'));
    });

    it("kysely's migrator holds a Postgres advisory lock while migrating", async () => {
      const { url, schema } = await freshSchemaUrl();
      // The lock id kysely's PostgresAdapter uses (node_modules/kysely/dist/esm/dialect/postgres/postgres-adapter.js).
      const KYSELY_MIGRATION_LOCK_ID = '3853314791062309107';
      await admin.query(`select pg_advisory_lock(${KYSELY_MIGRATION_LOCK_ID})`);
      let settled = false;
      const pending = openStore(url);
      void pending.then(
        () => (settled = true),
        () => (settled = true),
      );
      try {
        await new Promise((r) => setTimeout(r, 750));
        expect(settled).toBe(false);
        const tables = await admin.query(`select 1 from pg_tables where schemaname = $1 and tablename = 'subscriptions'`, [schema]);
        expect(tables.rowCount).toBe(0);
      } finally {
        await admin.query(`select pg_advisory_unlock(${KYSELY_MIGRATION_LOCK_ID})`);
      }
      const store = await pending;
      stores.push(store);
      expect(settled).toBe(true);
      expect(await store.listSubscriptions('T1', 'C1')).toEqual([]);
    });

    it('migrates while other sessions create and drop schemas (the migrator only introspects its own schema)', async () => {
      // kysely's stock introspector resolved every schema by name and failed with `schema "<other>" does
      // not exist` when one was dropped mid-query (parallel test files, other apps on the database).
      const churner = await adminClient(TEST_DATABASE_URL);
      let stop = false;
      const churn = (async () => {
        while (!stop) {
          const schema = randomSchemaName('pd_churn');
          await churner.query(`create schema "${schema}"; create table "${schema}".t (id serial primary key, x text)`);
          await churner.query(`drop schema "${schema}" cascade`);
        }
      })();
      try {
        for (let i = 0; i < 8; i++) {
          const { url } = await freshSchemaUrl();
          const store = await open(url, { poolMax: 1 });
          expect(await store.papersRevision()).toBe(0);
        }
      } finally {
        stop = true;
        await churn;
        await churner.end();
      }
    });

    it('refuses a search_path naming a schema that does not exist', async () => {
      await expect(openStore(withSearchPath(TEST_DATABASE_URL, randomSchemaName('pd_missing')))).rejects.toThrow(/search_path/);
    });
  });
}
