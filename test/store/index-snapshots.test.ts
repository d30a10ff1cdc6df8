/**
 * The index snapshot shared through Postgres (store/index-snapshots.ts) and the builder that uses it
 * (search/index-builder.ts): round trip in chunks, stale, corrupt and truncated snapshots never served, concurrent
 * writers, pruning, and one build among builders starting together. Each test uses a fresh schema.
 * Unreachable Postgres: skipped with a warning, unless CI or REQUIRE_POSTGRES=1 (then it fails).
 */
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, LogLevel } from '../../src/logger.ts';
import { loadSeedPapers } from '../../src/papers/load-seeds.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { checkIndexCache, corpusKey, encodeIndexCache, indexCacheFile, settingsKey } from '../../src/search/index-cache.ts';
import { buildPaperSearch } from '../../src/search/index-builder.ts';
import { createPaperSearch, packedIndexOf } from '../../src/search/paper-index.ts';
import { serializePackedIndex } from '../../src/search/retrieve/packed-index.ts';
import { KEEP_SNAPSHOTS, PostgresIndexSnapshots } from '../../src/store/index-snapshots.ts';
import { openStore } from '../../src/store/index.ts';
import { loadConfig } from '../../src/config.ts';
import { toPaperInput } from '../../src/papers/corpus-merge.ts';
import { openRuntime } from '../../src/runtime.ts';
import { paper } from '../search/fixtures.ts';
import { describePostgres, TEST_DATABASE_URL, adminClient, randomSchemaName, withSearchPath } from './harness.ts';

await describePostgres('Postgres index snapshots', () => {
  defineSnapshotTests();
});

/** Cache-file bytes of the index of `papers`: what a snapshot holds. */
function cacheBytesOf(papers: readonly Paper[]): { key: string; bytes: Buffer } {
  const packed = packedIndexOf(createPaperSearch(papers));
  if (!packed) throw new Error('no packed index');
  const key = corpusKey(papers);
  return { key, bytes: encodeIndexCache(key, serializePackedIndex(packed), { papers }) };
}

function defineSnapshotTests(): void {
  describe('Postgres index snapshots', { timeout: 60_000 }, () => {
    let admin: pg.Client;
    let seeds: Paper[];
    const schemas: string[] = [];
    const closers: Array<() => Promise<void>> = [];
    const logger = createLogger({ level: LogLevel.ERROR });

    beforeAll(async () => {
      admin = await adminClient(TEST_DATABASE_URL);
      seeds = (await loadSeedPapers('seeds')).papers;
    });
    afterAll(async () => {
      for (const close of closers.splice(0)) await close();
      for (const schema of schemas) await admin.query(`drop schema if exists "${schema}" cascade`);
      await admin.end();
    });

    /** A migrated fresh schema and snapshot stores on it (64 KB chunks, so a seed index spans several). */
    async function freshDatabase(): Promise<{ url: string; schema: string; snapshots: () => PostgresIndexSnapshots }> {
      const schema = randomSchemaName('pd_snap');
      await admin.query(`create schema "${schema}"`);
      schemas.push(schema);
      const url = withSearchPath(TEST_DATABASE_URL, schema);
      const store = await openStore(url);
      await store.close();
      return {
        url,
        schema,
        snapshots: () => {
          const snapshots = new PostgresIndexSnapshots(url, { chunkBytes: 64 * 1024 });
          closers.push(() => snapshots.close());
          return snapshots;
        },
      };
    }

    it('round trip: the bytes come back whole from several chunks and load as the cache file would', async () => {
      const db = await freshDatabase();
      const snapshots = db.snapshots();
      const { key, bytes } = cacheBytesOf(seeds);
      expect(await snapshots.write(key, bytes)).toBe(true);
      const chunks = await admin.query<{ n: string }>(`select count(*) as n from "${db.schema}".index_snapshot_chunks`);
      expect(Number(chunks.rows[0]?.n)).toBe(Math.ceil(bytes.byteLength / (64 * 1024)));
      expect(Number(chunks.rows[0]?.n)).toBeGreaterThan(2);

      const read = await db.snapshots().read(key);
      expect(read.status).toBe('found');
      if (read.status !== 'found') return;
      expect(read.key).toBe(key);
      expect(read.bytes.equals(bytes)).toBe(true);
      const checked = checkIndexCache(read.bytes, key, settingsKey());
      expect(checked.status).toBe('hit');
      // The same bytes again: nothing rewritten.
      expect(await snapshots.write(key, bytes)).toBe(false);
    });

    it('stale: a snapshot of another corpus is offered, the builder reuses it as a base and indexes only the new papers', async () => {
      const db = await freshDatabase();
      const older = seeds.slice(0, 200);
      const { key, bytes } = cacheBytesOf(older);
      await db.snapshots().write(key, bytes);
      const read = await db.snapshots().read(corpusKey(seeds));
      expect(read).toMatchObject({ status: 'found', key });
      if (read.status === 'found') expect(checkIndexCache(read.bytes, corpusKey(seeds), settingsKey()).status).toBe('stale');

      const built = await buildPaperSearch(seeds, { logger, cacheDir: mkdtempSync(join(tmpdir(), 'pd-snap-')), shared: db.snapshots(), workerMinPapers: Infinity });
      expect(built.source).toBe('snapshot+recent');
      expect(built.base.papers).toHaveLength(200);
      expect(built.recentPapers).toHaveLength(seeds.length - 200);
      expect(built.search.search('sparse attention').total).toBe(createPaperSearch(seeds).search('sparse attention').total);
    });

    it('corrupt or truncated snapshots are never served: reported, rebuilt and replaced', async () => {
      const db = await freshDatabase();
      const { key, bytes } = cacheBytesOf(seeds);
      const cases: Array<{ name: string; damage: string; reason: RegExp | null }> = [
        { name: 'a flipped byte', damage: `update "${db.schema}".index_snapshot_chunks set data = overlay(data placing '\\x00ff'::bytea from 1000 for 2) where chunk = 1`, reason: /checksum mismatch/ },
        { name: 'a lost chunk', damage: `delete from "${db.schema}".index_snapshot_chunks where chunk = 2`, reason: /chunk 2 of \d+ is missing/ },
        { name: 'a cut chunk', damage: `update "${db.schema}".index_snapshot_chunks set data = substring(data from 1 for 100) where chunk = 0`, reason: /bytes stored/ },
        // Row and chunks agree (checksum recomputed), but the body inside is damaged: the cache-file check catches it.
        {
          name: 'damage behind a matching row checksum',
          damage:
            `update "${db.schema}".index_snapshot_chunks set data = overlay(data placing '\\x0000000000000000'::bytea from 30000 for 8) where chunk = 1;` +
            `update "${db.schema}".index_snapshots s set checksum = encode(sha256((select string_agg(data, ''::bytea order by chunk) from "${db.schema}".index_snapshot_chunks c where c.key = s.key)), 'hex')`,
          reason: null,
        },
      ];
      for (const { name, damage, reason } of cases) {
        await admin.query(`delete from "${db.schema}".index_snapshots`);
        await db.snapshots().write(key, bytes);
        await admin.query(damage);
        const read = await db.snapshots().read(key);
        if (reason) {
          expect(read, name).toMatchObject({ status: 'corrupt', reason: expect.stringMatching(reason) as unknown });
        } else {
          expect(read.status, name).toBe('found');
          if (read.status === 'found') expect(checkIndexCache(read.bytes, key, settingsKey()).status, name).toBe('corrupt');
        }
        const built = await buildPaperSearch(seeds, { logger, cacheDir: mkdtempSync(join(tmpdir(), 'pd-snap-')), shared: db.snapshots(), workerMinPapers: Infinity });
        expect(built.source, name).toBe('built');
        const repaired = await db.snapshots().read(key);
        expect(repaired.status, name).toBe('found');
        if (repaired.status === 'found') expect(repaired.bytes.equals(bytes), name).toBe(true);
      }
    });

    it('concurrent writers: one snapshot per key, every stored one whole, only the newest two kept', async () => {
      const db = await freshDatabase();
      const corpora = [seeds.slice(0, 100), seeds.slice(0, 150), seeds.slice(0, 200), seeds];
      const snapshots = corpora.map(cacheBytesOf);
      const [first] = snapshots;
      if (!first) throw new Error('no corpus');
      // Five writers of one key at once, each on its own pool: one writes, the others find it there.
      const same = await Promise.all(Array.from({ length: 5 }, () => db.snapshots().write(first.key, first.bytes)));
      expect(same.filter(Boolean)).toHaveLength(1);
      // Then writers of four keys at once.
      const results = await Promise.all(snapshots.map(({ key, bytes }) => db.snapshots().write(key, bytes)));
      expect(results.slice(1)).toEqual([true, true, true]);
      const rows = await admin.query<{ key: string }>(`select key from "${db.schema}".index_snapshots`);
      expect(rows.rows).toHaveLength(KEEP_SNAPSHOTS);
      for (const { key } of rows.rows) {
        const read = await db.snapshots().read(key);
        const expected = snapshots.find((s) => s.key === key);
        expect(read.status).toBe('found');
        if (read.status === 'found') expect(read.bytes.equals(expected?.bytes ?? Buffer.alloc(0))).toBe(true);
      }
      const orphans = await admin.query(`select 1 from "${db.schema}".index_snapshot_chunks c where not exists (select 1 from "${db.schema}".index_snapshots s where s.key = c.key)`);
      expect(orphans.rowCount).toBe(0);

      // Written one after another: the last two stay.
      await admin.query(`delete from "${db.schema}".index_snapshots`);
      for (const { key, bytes } of snapshots) await db.snapshots().write(key, bytes);
      const kept = await admin.query<{ key: string }>(`select key from "${db.schema}".index_snapshots order by seq`);
      expect(kept.rows.map((r) => r.key)).toEqual(snapshots.slice(-2).map((s) => s.key));
    });

    it('after an ingest the instance that extended its index publishes the new snapshot; a fresh instance loads it', async () => {
      const db = await freshDatabase();
      const config = (cacheDir: string) => loadConfig({ DATABASE_URL: db.url, SEEDS_DIR: 'seeds', INDEX_CACHE_DIR: cacheDir });
      const first = await openRuntime(config(mkdtempSync(join(tmpdir(), 'pd-snap-'))), logger);
      closers.push(() => first.close());
      await first.loadIndex();
      const before = await admin.query<{ key: string }>(`select key from "${db.schema}".index_snapshots`);
      expect(before.rows).toHaveLength(1);

      const added = paper('Quokka attention for marsupial vision transformers', 'We study quokka attention heads in marsupial vision.');
      await first.store.upsertPapers([toPaperInput(added)], { now: new Date() });
      expect(await first.refreshIndex()).toBe(true);
      expect(first.searchState.current?.search('quokka').total).toBe(1);
      const newKey = corpusKey(await first.store.listPapers());
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const rows = await admin.query(`select 1 from "${db.schema}".index_snapshots where key = $1`, [newKey]);
        if (rows.rowCount) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const after = await admin.query<{ key: string }>(`select key from "${db.schema}".index_snapshots order by seq`);
      expect(after.rows.map((r) => r.key)).toEqual([before.rows[0]?.key, newKey]);

      const lines: string[] = [];
      const fresh = await openRuntime(config(mkdtempSync(join(tmpdir(), 'pd-snap-'))), createLogger({ level: LogLevel.INFO, write: (line) => lines.push(line) }));
      closers.push(() => fresh.close());
      await fresh.loadIndex();
      expect(lines.join('\n')).toMatch(/index: loaded the shared snapshot/);
      expect(lines.join('\n')).not.toMatch(/index: built in/);
      expect(fresh.searchState.current?.search('quokka').hits[0]?.paper.title).toBe(added.title);
    });

    it('three builders starting together with empty cache folders: one builds, the others load its snapshot', async () => {
      const db = await freshDatabase();
      const dirs = [0, 1, 2].map(() => mkdtempSync(join(tmpdir(), 'pd-snap-')));
      const built = await Promise.all(
        dirs.map((cacheDir) => buildPaperSearch(seeds, { logger, cacheDir, shared: db.snapshots(), snapshotPollMs: 50, workerMinPapers: Infinity })),
      );
      expect(built.map((b) => b.source).sort()).toEqual(['built', 'snapshot', 'snapshot']);
      // Every one wrote its cache file: a restart on that disk needs neither the database nor a build.
      const files = await Promise.all(dirs.map((dir) => readFile(indexCacheFile(dir))));
      expect(files[1]?.equals(files[0] ?? Buffer.alloc(0))).toBe(true);
      expect(files[2]?.equals(files[0] ?? Buffer.alloc(0))).toBe(true);
      for (const b of built) expect(b.search.search('mixture of experts').hits[0]?.paper.id).toBe(built[0]?.search.search('mixture of experts').hits[0]?.paper.id);
    });

    it('closing while this instance holds the build lock (a shutdown during a build or a merge) returns at once and frees the lock', async () => {
      const db = await freshDatabase();
      const building = db.snapshots();
      // The lock is one per database: another test file's build may hold it for a moment.
      let lock = await building.tryBuildLock();
      for (let tries = 0; !lock && tries < 300; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        lock = await building.tryBuildLock();
      }
      if (!lock) throw new Error('the build lock stayed taken for 30 s');
      const closed = building.close().then(() => 'closed' as const);
      const timedOut = new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), 3_000).unref());
      expect(await Promise.race([closed, timedOut])).toBe('closed');
      // The build's own release afterwards is harmless.
      await lock.release();
      // Free again: taken (given a moment should another test file's build take it first).
      const other = db.snapshots();
      let next = await other.tryBuildLock();
      for (let tries = 0; !next && tries < 300; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        next = await other.tryBuildLock();
      }
      expect(next).not.toBeNull();
      await next?.release();
    });
  });
}
