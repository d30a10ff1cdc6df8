/**
 * Instances around another's index build (search/index-builder.ts, store/index-snapshots.ts): one waiting while the
 * snapshot in Postgres is one it cannot use (made by other search code or settings, as after a deploy that changed
 * them) reads that snapshot's bytes once, not again on every poll; a builder that dies in the middle of writing its
 * snapshot leaves nothing half-written behind and its lock to the next one. Unreachable Postgres: skipped with a
 * warning, unless CI or REQUIRE_POSTGRES=1.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, LogLevel } from '../../src/logger.ts';
import { loadSeedPapers } from '../../src/papers/load-seeds.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { corpusKey, encodeIndexCache } from '../../src/search/index-cache.ts';
import { buildPaperSearch } from '../../src/search/index-builder.ts';
import { createPaperSearch, packedIndexOf } from '../../src/search/paper-index.ts';
import type { RankingOptions } from '../../src/search/ranking-options.ts';
import { serializePackedIndex } from '../../src/search/retrieve/packed-index.ts';
import type { SharedSnapshots } from '../../src/search/shared-snapshots.ts';
import { PostgresIndexSnapshots } from '../../src/store/index-snapshots.ts';
import { openStore } from '../../src/store/index.ts';
import { describePostgres, TEST_DATABASE_URL, adminClient, randomSchemaName, withSearchPath } from './harness.ts';

await describePostgres('waiting for a shared index build', () => {
  defineTests();
});

/** Cache-file bytes of the index of `papers` under `ranking`: what a snapshot holds. */
function snapshotOf(papers: readonly Paper[], ranking: Partial<RankingOptions> = {}): { key: string; bytes: Buffer } {
  const packed = packedIndexOf(createPaperSearch(papers, ranking));
  if (!packed) throw new Error('no packed index');
  const key = corpusKey(papers, ranking);
  return { key, bytes: encodeIndexCache(key, serializePackedIndex(packed), { papers, ranking }) };
}

function defineTests(): void {
  describe('waiting for a shared index build', { timeout: 60_000 }, () => {
    let admin: pg.Client;
    let seeds: Paper[];
    const schema = randomSchemaName('pd_snapwait');
    const closers: Array<() => Promise<void>> = [];
    const dropLater: string[] = [];

    beforeAll(async () => {
      admin = await adminClient(TEST_DATABASE_URL);
      seeds = (await loadSeedPapers('seeds')).papers;
      await admin.query(`create schema "${schema}"`);
    });
    afterAll(async () => {
      for (const close of closers.splice(0)) await close();
      for (const name of [schema, ...dropLater]) await admin.query(`drop schema if exists "${name}" cascade`);
      await admin.end();
    });

    it('an unusable snapshot (other ranking settings) is read once while the instance waits, then the new one loads', async () => {
      const url = withSearchPath(TEST_DATABASE_URL, schema);
      await (await openStore(url)).close();
      const open = (): PostgresIndexSnapshots => {
        const snapshots = new PostgresIndexSnapshots(url, { chunkBytes: 64 * 1024 });
        closers.push(() => snapshots.close());
        return snapshots;
      };
      // Left by the previous deploy, whose ranking defaults differed: no use to this code, not even as a base.
      const old = snapshotOf(seeds, { proximityBonus: 3 });
      await open().write(old.key, old.bytes);
      // Another instance is building.
      const builder = open();
      const lock = await builder.tryBuildLock();
      expect(lock).not.toBeNull();

      // The waiting instance's snapshots, the real ones, counting what it asks and what it reads whole.
      const real = open();
      let fullReads = 0;
      let lockTries = 0;
      let enoughTries: () => void = () => undefined;
      const triedEnough = new Promise<void>((resolve) => (enoughTries = resolve));
      const counted: SharedSnapshots = {
        read: async (...args: Parameters<SharedSnapshots['read']>) => {
          const read = await real.read(...args);
          if (read.status === 'found' || read.status === 'corrupt') fullReads += 1;
          return read;
        },
        write: (key, bytes) => real.write(key, bytes),
        tryBuildLock: async () => {
          const got = await real.tryBuildLock();
          lockTries += 1;
          if (lockTries >= 8) enoughTries();
          return got;
        },
      };
      const logger = createLogger({ level: LogLevel.ERROR });
      const waiting = buildPaperSearch(seeds, { logger, cacheDir: mkdtempSync(join(tmpdir(), 'pd-snapwait-')), shared: counted, snapshotPollMs: 10, workerMinPapers: Infinity });
      await triedEnough;

      // The builder publishes and lets go; the waiter loads its snapshot.
      const fresh = snapshotOf(seeds);
      expect(await builder.write(fresh.key, fresh.bytes)).toBe(true);
      await lock?.release();
      const built = await waiting;
      expect(built.source).toBe('snapshot');
      expect(built.search.search('sparse attention').total).toBe(createPaperSearch(seeds).search('sparse attention').total);
      // Once for the old snapshot, once for the new one; not once per poll.
      expect(lockTries).toBeGreaterThanOrEqual(8);
      expect(fullReads).toBe(2);
    });

    it('a builder dying in the middle of its snapshot write: nothing half-written is offered, the next instance builds', async () => {
      const other = `${schema}_dying`;
      await admin.query(`create schema "${other}"`);
      dropLater.push(other);
      const url = withSearchPath(TEST_DATABASE_URL, other);
      await (await openStore(url)).close();
      // Its connections are told apart from any other test's by their application_name.
      const name = `pd_dying_${Date.now().toString(36)}`;
      const dying = new PostgresIndexSnapshots(`${url}&application_name=${name}`, { chunkBytes: 1024 });
      closers.push(() => dying.close().catch(() => undefined));
      const lock = await dying.tryBuildLock();
      expect(lock).not.toBeNull();
      const { key, bytes } = snapshotOf(seeds.slice(0, 150));
      const writing = dying.write(key, bytes).then(
        () => 'written',
        () => 'cut',
      );
      // The moment its chunks are going in, its sessions end (the write's and the lock's), as when the process dies or
      // Postgres restarts: the write fails, and nothing here may end this process with an unhandled 'error' event
      // (vitest fails the file on one: it is what would have ended the app's process).
      let killed = 0;
      while (killed === 0) {
        const result = await admin.query<{ n: string }>(
          `select count(pg_terminate_backend(pid)) as n from pg_stat_activity
            where application_name = $1 and (select count(*) from pg_stat_activity where application_name = $1 and query like 'insert into index_snapshot_chunks%') > 0`,
          [name],
        );
        killed = Number(result.rows[0]?.n ?? 0);
      }
      expect(await writing).toBe('cut');
      // What the builder's `finally` does next: harmless on a dead session.
      await lock?.release();

      const next = new PostgresIndexSnapshots(url, { chunkBytes: 64 * 1024 });
      closers.push(() => next.close());
      // Nothing of the cut write is there: not the snapshot's row, not a chunk.
      const rows = await admin.query<{ n: string }>(`select (select count(*) from "${other}".index_snapshot_chunks where key = $1) + (select count(*) from "${other}".index_snapshots where key = $1) as n`, [key]);
      expect(Number(rows.rows[0]?.n)).toBe(0);
      // The lock went with the dead session: the next instance takes it at once, builds and publishes.
      const logger = createLogger({ level: LogLevel.ERROR });
      const built = await buildPaperSearch(seeds.slice(0, 150), { logger, cacheDir: mkdtempSync(join(tmpdir(), 'pd-snapwait-')), shared: next, snapshotPollMs: 10, workerMinPapers: Infinity });
      expect(built.source).toBe('built');
      expect(await next.read(key)).toMatchObject({ status: 'found', key });
    });
  });
}
