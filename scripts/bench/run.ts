/**
 * `npm run bench`: synthetic corpora of 1k, 10k and 50k papers (fixed seed, seed-page layout, the real seeds'
 * word statistics); for each, index build, serialized size and load, in-process query p50/p99 and peak RSS, ours
 * beside bare Lunr, each measured in a fresh process; then the real app (serve.ts): cold start and restart to
 * /healthz 200, and /paper through the HTTP receiver with signed requests. `BENCH_SIZES=1000,10000` picks sizes.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSeedPapers } from '../../src/papers/load-seeds.ts';
import { syntheticPages, writeSyntheticSeeds } from './synthetic-corpus.ts';

const sizes = (process.env.BENCH_SIZES ?? '1000,10000,50000').split(',').map(Number).filter((n) => n > 0);
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
const { papers: seeds } = await loadSeedPapers('seeds');
const rows: Array<Record<string, unknown>> = [];

for (const n of sizes) {
  const dir = mkdtempSync(join(tmpdir(), `paper-bench-${n}-`));
  writeSyntheticSeeds(dir, syntheticPages(seeds, n));
  for (const engine of ['lunr', 'ours']) {
    const result = spawnSync(process.execPath, ['--max-old-space-size=8192', tsxCli, 'scripts/bench/measure.ts', dir, engine], { encoding: 'utf8' });
    if (result.status !== 0) {
      process.stderr.write(result.stderr);
      rows.push({ n, engine, error: `exit ${result.status}` });
      continue;
    }
    rows.push({ n, ...(JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>) });
  }
  const served = spawnSync(process.execPath, [tsxCli, 'scripts/bench/serve.ts', dir], { encoding: 'utf8' });
  if (served.status === 0) rows.push({ n, engine: 'app (HTTP)', ...(JSON.parse(served.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>) });
  else rows.push({ n, engine: 'app (HTTP)', error: served.stderr.trim().split('\n').at(-1) ?? `exit ${served.status}` });
  rmSync(dir, { recursive: true, force: true });
}
console.table(rows);
