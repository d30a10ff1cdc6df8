import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationNames, openStore, type Store } from '../../src/store/index.ts';
import { definePaperStoreContract } from './papers-contract.ts';
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
import { defineStoreContract, expectExactlyOnceClaims } from './contract.ts';
import { sqliteHarness } from './harness.ts';
import { migrateInParallelProcesses } from './migrate-children.ts';

defineStoreContract(sqliteHarness());
definePaperStoreContract(sqliteHarness());
defineLinksStoreContract(sqliteHarness());
defineLinkMemoryStoreContract(sqliteHarness());
defineSavedPapersStoreContract(sqliteHarness());
defineRatingsStoreContract(sqliteHarness());
defineTopListStoreContract(sqliteHarness());
defineFollowsStoreContract(sqliteHarness());
defineExamplesStoreContract(sqliteHarness());
defineOAuthStatesStoreContract(sqliteHarness());
defineSubscriptionCapContract(sqliteHarness());
defineClaimHoldersContract(sqliteHarness());
definePauseStartContract(sqliteHarness());
defineWeekdayContract(sqliteHarness());

describe('SQLite specifics', () => {
  const root = resolve(import.meta.dirname, '../..');
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'paper-digest-sqlite-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the directory, and uses WAL, a busy timeout and foreign keys', async () => {
    const path = join(dir, 'nested', 'deeper', 'store.sqlite');
    const store = await openStore(`sqlite:${path}`);
    await store.close();
    expect(existsSync(path)).toBe(true);
    const raw = new BetterSqlite3(path);
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      const tables = raw.prepare("select name from sqlite_master where type = 'table' order by name").all() as Array<{ name: string }>;
      expect(tables.map((t) => t.name)).toEqual(
        expect.arrayContaining(['deliveries', 'digest_runs', 'kysely_migration', 'subscriptions', 'workspaces']),
      );
    } finally {
      raw.close();
    }
  });

  it('works in memory', async () => {
    const store = await openStore('sqlite::memory:');
    try {
      const { created } = await store.upsertSubscription({ teamId: 'T1', channelId: 'C1', topic: 'rlhf', createdBy: 'U1' });
      expect(created).toBe(true);
      expect(await store.listSubscriptions('T1', 'C1')).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('two stores on one file claim each digest exactly once', async () => {
    const url = `sqlite:${join(dir, 'race.sqlite')}`;
    const stores: Store[] = [await openStore(url, { leaseMs: 5 * 60_000 }), await openStore(url, { leaseMs: 5 * 60_000 })];
    try {
      const [first] = stores;
      if (!first) throw new Error('no store');
      const pairs: Array<{ subscriptionId: number; digestDate: string }> = [];
      for (let i = 0; i < 50; i++) {
        const { subscription } = await first.upsertSubscription({ teamId: 'T1', channelId: `C${i}`, topic: 'rlhf', createdBy: 'U1' });
        pairs.push({ subscriptionId: subscription.id, digestDate: '2025-03-03' }, { subscriptionId: subscription.id, digestDate: '2025-03-04' });
      }
      await expectExactlyOnceClaims(stores, pairs);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('processes migrating one fresh file at the same instant apply each migration once', async () => {
    const path = join(dir, 'concurrent', 'migrate.sqlite');
    const reports = await migrateInParallelProcesses(`sqlite:${path}`, 6);
    expect(reports.filter((r) => !r.ok)).toEqual([]);
    expect(reports.flatMap((r) => r.applied ?? [])).toEqual(migrationNames());

    const raw = new BetterSqlite3(path, { readonly: true });
    try {
      const rows = raw.prepare('select name from kysely_migration').all() as Array<{ name: string }>;
      expect(rows.map((r) => r.name)).toEqual(migrationNames());
    } finally {
      raw.close();
    }
  });

  it('npm run migrate prints what it applied', async () => {
    const path = join(dir, 'cli', 'migrate.sqlite');
    const run = async () =>
      (
        await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/store/migrate-cli.ts'], {
          cwd: root,
          env: { ...process.env, DATABASE_URL: `sqlite:${path}` },
        })
      ).stdout;
    expect(await run()).toBe(
      [`Database: sqlite:${path}`, ...migrationNames().map((n) => `Applied ${n}`), `Done: ${migrationNames().length} applied, ${migrationNames().length} known.`, ''].join('\n'),
    );
    expect(await run()).toContain('Already up to date');
    const failed = promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/store/migrate-cli.ts'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: 'mysql://nope' },
    });
    await expect(failed).rejects.toMatchObject({ code: 1 });
  });
});
