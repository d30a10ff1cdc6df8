/**
 * `npm run bench:startup`: start-up time of the compiled build (`npm run build`, node dist/…) against the same
 * entry points run from TypeScript through tsx (as `npm run cli`, `npm run migrate` and a development `npm start`
 * do), each run RUNS times in a fresh process, wall time from spawn to exit (median and min):
 * - migrate: `release:` on an up-to-date SQLite file (Node, the store, no index);
 * - cli search: one `search --json` on the seed corpus (the index from its cache);
 * - app: the local console answering `/paper help` from a pipe, then exiting (the whole app's imports).
 * The build goes to a temp folder (scripts/build-into.ts), not dist/.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildInto } from '../build-into.ts';

const RUNS = Number(process.env.RUNS ?? 7);
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
const dir = mkdtempSync(join(tmpdir(), 'paper-digest-startup-'));
try {
  const buildStarted = performance.now();
  const dist = buildInto(dir);
  const buildMs = performance.now() - buildStarted;
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`, INDEX_CACHE_DIR: join(dir, 'cache') };
  const cases: Array<{ name: string; ts: string[]; js: string[]; input?: string }> = [
    { name: 'migrate', ts: [tsxCli, 'src/store/migrate-cli.ts'], js: [join(dist, 'store', 'migrate-cli.js')] },
    { name: 'cli search --json', ts: [tsxCli, 'src/cli.ts', 'search', 'sparse attention', '--json'], js: [join(dist, 'cli.js'), 'search', 'sparse attention', '--json'] },
    { name: 'app (local console, /paper help)', ts: [tsxCli, 'src/main.ts'], js: [join(dist, 'main.js')], input: '/paper help\n' },
  ];
  const time = (args: string[], input: string | undefined): number => {
    const started = performance.now();
    const run = spawnSync(process.execPath, args, { env, input: input ?? '', encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`${args.join(' ')} exited ${run.status}: ${run.stderr.slice(0, 300)}`);
    return performance.now() - started;
  };
  const stats = (values: number[]): { median: number; min: number } => {
    const sorted = [...values].sort((a, b) => a - b);
    return { median: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0), min: Math.round(sorted[0] ?? 0) };
  };
  // Once each first: migrations applied, index cache written, so every timed run starts alike.
  for (const c of cases) time(c.js, c.input);
  const rows = cases.map((c) => {
    const ts: number[] = [];
    const js: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      ts.push(time(c.ts, c.input));
      js.push(time(c.js, c.input));
    }
    const t = stats(ts);
    const j = stats(js);
    return { entry: c.name, 'tsx median ms': t.median, 'compiled median ms': j.median, 'saved ms': t.median - j.median, 'tsx min ms': t.min, 'compiled min ms': j.min };
  });
  console.log(`build (tsc -p tsconfig.build.json): ${Math.round(buildMs)} ms; ${RUNS} runs each`);
  console.table(rows);
  console.log(JSON.stringify(rows));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
