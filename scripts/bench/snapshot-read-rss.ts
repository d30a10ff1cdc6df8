/**
 * Peak RSS of loading a packed index snapshot from Postgres the way a fresh instance does (read, check, load in place,
 * write the local cache file), apart from the rest of the app:
 *   tsx scripts/bench/snapshot-read-rss.ts <cacheFile> [postgresUrl]
 * The cache file (e.g. one a 50k bench run wrote) is stored as the snapshot in a fresh schema; a child process started
 * as the app is (`--max-old-space-size=12288`) then loads it and reports VmHWM before and after. Prints JSON.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { checkIndexCache, writeIndexCacheBytes } from '../../src/search/index-cache.ts';
import { PostgresIndexSnapshots } from '../../src/store/index-snapshots.ts';
import { openStore } from '../../src/store/index.ts';

function peakRssMB(): number {
  const line = readFileSync('/proc/self/status', 'utf8').match(/VmHWM:\s+(\d+) kB/);
  return line ? Math.round(Number(line[1]) / 1024) : Math.round(process.memoryUsage().rss / 2 ** 20);
}

const [mode, ...args] = process.argv.slice(2);
if (mode === '--child') {
  const [url = '', key = ''] = args;
  const before = peakRssMB();
  const snapshots = new PostgresIndexSnapshots(url);
  const started = performance.now();
  const read = await snapshots.read(key);
  const afterRead = peakRssMB();
  if (read.status !== 'found') throw new Error(`snapshot ${read.status}`);
  const checked = checkIndexCache(read.bytes, key);
  if (checked.status !== 'hit') throw new Error(`snapshot ${checked.status}`);
  const dir = mkdtempSync(join(tmpdir(), 'paper-snapshot-rss-'));
  await writeIndexCacheBytes(join(dir, 'paper-index.cache'), read.bytes);
  rmSync(dir, { recursive: true, force: true });
  await snapshots.close();
  const memory = process.memoryUsage();
  process.stdout.write(
    `${JSON.stringify({ readMs: Math.round(performance.now() - started), bytes: read.bytes.byteLength, peakBeforeMB: before, peakAfterReadMB: afterRead, peakMB: peakRssMB(), rssEndMB: Math.round(memory.rss / 2 ** 20), heapUsedEndMB: Math.round(memory.heapUsed / 2 ** 20), externalEndMB: Math.round(memory.external / 2 ** 20) })}\n`,
  );
} else {
  const [file = '', baseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'] = [mode, ...args];
  const bytes = readFileSync(file);
  const header = JSON.parse(bytes.subarray(0, bytes.indexOf(0x0a)).toString('utf8')) as { key: string };
  const schema = `pd_rss_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create schema "${schema}"`);
  const url = `${baseUrl}${baseUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  try {
    await (await openStore(url)).close();
    const writer = new PostgresIndexSnapshots(url);
    await writer.write(header.key, bytes);
    await writer.close();
    const child = spawnSync(process.execPath, ['--max-old-space-size=12288', '--import', 'tsx', process.argv[1] ?? '', '--child', url, header.key], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(child.stderr);
    process.stdout.write(child.stdout);
  } finally {
    await admin.query(`drop schema if exists "${schema}" cascade`);
    await admin.end();
  }
}
