/**
 * `npm run bench`: synthetic corpora of 1k, 10k and 50k papers (fixed seed, seed-page layout, the real seeds'
 * word statistics); for each, ours beside bare Lunr, each measured in a fresh process: index build, serialized
 * size, in-process query p50/p99 and peak RSS, then the same after a restart that only loads what the build wrote
 * (load time, query p50/p99, peak RSS); then the real app (serve.ts): cold start and restart to /healthz 200, and
 * /paper through the HTTP receiver with signed requests; and 100 papers added to the served corpus
 * (add-papers.ts); and, with Postgres reachable (BENCH_DATABASE_URL, default the test database), instances on fresh
 * disks sharing the index (shared-index.ts: three at once, a fresh one, its restart). `BENCH_SIZES=1000,10000`
 * picks sizes, `BENCH_ONLY=measure,serve,add,shared` the rows, `BENCH_LUNR_MAX` the largest bare Lunr corpus.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadSeedPapers } from '../../src/papers/load-seeds.ts';
import { syntheticPages, writeSyntheticSeeds } from './synthetic-corpus.ts';

const sizes = (process.env.BENCH_SIZES ?? '1000,10000,50000').split(',').map(Number).filter((n) => n > 0);
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
const lunrMax = Number(process.env.BENCH_LUNR_MAX ?? 50_000);
/** BENCH_ONLY=measure,serve,add,shared: which rows to run (default all). */
const only = process.env.BENCH_ONLY?.split(',');
const postgresUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const postgres = await new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3000 }).connect().then(
  async (client) => {
    await client.end();
    return postgresUrl;
  },
  (error: unknown) => {
    console.warn(`Postgres rows skipped: ${postgresUrl} unreachable (${error instanceof Error ? error.message : String(error)})`);
    return null;
  },
);
const { papers: seeds } = await loadSeedPapers('seeds');
const rows: Array<Record<string, unknown>> = [];

/** Runs a bench script in a fresh process (so its peak RSS is its own); its last stdout line is JSON. */
function runScript(args: string[], heapMb = 12288): Record<string, unknown> {
  const result = spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, tsxCli, ...args], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (result.status !== 0) {
    const last = result.stderr.trim().split('\n').at(-1) ?? '';
    return { error: `exit ${result.status}: ${last.slice(0, 200)}` };
  }
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
}

for (const n of sizes) {
  const dir = mkdtempSync(join(tmpdir(), `paper-bench-${n}-`));
  const work = mkdtempSync(join(tmpdir(), `paper-bench-work-${n}-`));
  writeSyntheticSeeds(dir, syntheticPages(seeds, n));
  // Build (writing the serialized index / index cache), then load only, as a restart does. Bare Lunr above
  // BENCH_LUNR_MAX papers (default 50,000) is left out: at 200k its build needs ~16 GB and several minutes.
  const engines = only && !only.includes('measure') ? [] : n > lunrMax ? ['ours', 'ours-load'] : ['lunr', 'lunr-load', 'ours', 'ours-load'];
  for (const engine of engines) {
    rows.push({ n, ...runScript(['scripts/bench/measure.ts', dir, engine, work]) });
  }
  if (!only || only.includes('serve')) rows.push({ n, engine: 'app (HTTP)', ...runScript(['scripts/bench/serve.ts', dir]) });
  if (!only || only.includes('add')) rows.push({ n, engine: 'app (+100 papers)', ...runScript(['scripts/bench/add-papers.ts', dir, '100']) });
  // Instances on fresh disks sharing the index through Postgres (BENCH_DATABASE_URL; skipped when unreachable).
  if ((!only || only.includes('shared')) && postgres) rows.push({ n, engine: 'app (Postgres, fresh disks)', ...runScript(['scripts/bench/shared-index.ts', dir, postgres]) });
  rmSync(dir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
}
// Nested values (the slowest queries after a restart) do not fit the table: printed below it.
console.table(rows.map((row) => Object.fromEntries(Object.entries(row).filter(([, value]) => typeof value !== 'object' || value === null))));
for (const row of rows) {
  for (const [name, value] of Object.entries(row)) {
    if (typeof value === 'object' && value !== null) console.log(`${String(row.n)} ${String(row.engine)} ${name}: ${JSON.stringify(value)}`);
  }
}
