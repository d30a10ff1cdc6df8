/**
 * Instances on fresh disks sharing the index through Postgres, as dynos after a deploy:
 *   tsx scripts/bench/shared-index.ts <seedsDir> [postgresUrl]
 * The app runs compiled (scripts/build-into.ts, `node dist/main.js`, as the Procfile does), HTTP mode, local fake
 * Slack, each instance with an empty index cache folder, on a fresh schema:
 * 1. three instances started at once: how many built (the others wait and load the snapshot), each one's ready time;
 * 2. a fourth, fresh instance (empty disk) once the snapshot is there: /healthz ready time, 300 signed `/paper`
 *    round trips right after (a new query each) and 300 more once /healthz says it warmed up, its peak RSS;
 * 3. that instance restarted on its disk (the cache file it wrote): ready time.
 * Prints JSON (last line).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadSeedPapers } from '../../src/papers/load-seeds.ts';
import { FakeSlack } from '../../test/support/fake-slack.ts';
import { postSigned, slashCommandBody } from '../../test/support/signed-request.ts';
import { buildInto } from '../build-into.ts';

const [seedsDir = 'seeds', baseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'] = process.argv.slice(2);
const SECRET = 'bench-signing-secret-0123456789';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface Instance {
  child: ChildProcess;
  port: number;
  cacheDir: string;
  log: () => string;
}

const work = mkdtempSync(join(tmpdir(), 'paper-bench-shared-'));
const dist = buildInto(work);
const schema = `pd_bench_${Date.now().toString(36)}`;
const admin = new pg.Client({ connectionString: baseUrl });
await admin.connect();
await admin.query(`create schema "${schema}"`);
const databaseUrl = `${baseUrl}${baseUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
const slack = await new FakeSlack().start();

async function start(cacheDir = mkdtempSync(join(work, 'cache-'))): Promise<Instance & { started: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['--max-old-space-size=12288', join(dist, 'main.js')], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: String(port),
      SEEDS_DIR: seedsDir,
      DATABASE_URL: databaseUrl,
      INDEX_CACHE_DIR: cacheDir,
      HF_API_URL: `${slack.url}/hf-unused`,
      INGEST_CRON: 'off',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  return { child, port, cacheDir, log: () => log, started };
}

async function ready(instance: Instance & { started: number }): Promise<number> {
  for (;;) {
    if (instance.child.exitCode !== null) throw new Error(`app exited with ${instance.child.exitCode}: ${instance.log().slice(-2000)}`);
    const ok = await fetch(`http://127.0.0.1:${instance.port}/healthz`).then((res) => res.status === 200, () => false);
    if (ok) return performance.now() - instance.started;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function stop(instance: Instance): Promise<void> {
  if (instance.child.exitCode !== null) return;
  const exited = new Promise((resolve) => instance.child.once('exit', resolve));
  instance.child.kill('SIGTERM');
  await exited;
}

const builds = (instance: Instance): number => (instance.log().match(/index: built in/g) ?? []).length;
const loads = (instance: Instance): number => (instance.log().match(/index: loaded the shared snapshot/g) ?? []).length;

async function distinctQueries(count: number): Promise<string[]> {
  const { papers } = await loadSeedPapers('seeds');
  const counts = new Map<string, number>();
  for (const paper of papers) {
    for (const word of paper.title.toLowerCase().match(/[a-z]{4,}/g) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const common = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 60).map(([word]) => word);
  const out = new Set<string>();
  for (let i = 0; out.size < count && i < common.length; i++) {
    for (let j = i + 1; out.size < count && j < common.length; j++) out.add(`${common[i]} ${common[j]}`);
  }
  return [...out];
}

try {
  const queries = await distinctQueries(600);
  // 1. Three at once on an empty database.
  const trio = [await start(), await start(), await start()];
  const trioReady = await Promise.all(trio.map(ready));
  const trioBuilds = trio.map(builds);
  const trioLoads = trio.map(loads);
  for (const instance of trio) await stop(instance);

  // 2. A fresh instance on an empty disk, the snapshot in the database.
  const fresh = await start();
  const freshReadyMs = await ready(fresh);
  const roundTrips = async (batch: readonly string[]): Promise<number[]> => {
    const times: number[] = [];
    for (const text of batch) {
      const t = performance.now();
      const res = await postSigned(`http://127.0.0.1:${fresh.port}/slack/events`, slashCommandBody({ text, response_url: slack.responseUrl('b') }), SECRET);
      await res.text();
      times.push(performance.now() - t);
    }
    return times.sort((a, b) => a - b);
  };
  // Right after ready (the warm-up running meanwhile), then once /healthz says it has warmed up.
  const times = await roundTrips(queries.slice(0, 300));
  for (;;) {
    const health = (await (await fetch(`http://127.0.0.1:${fresh.port}/healthz`)).json()) as { warmedUp?: boolean };
    if (health.warmedUp) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const warmTimes = await roundTrips(queries.slice(300, 600));
  const status = await readFile(`/proc/${fresh.child.pid}/status`, 'utf8').catch(() => '');
  const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const freshLoaded = loads(fresh);
  await stop(fresh);

  // 3. Restarted on its own disk.
  const again = await start(fresh.cacheDir);
  const restartReadyMs = await ready(again);
  await stop(again);

  const at = (p: number, sorted = times): number => Number((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0).toFixed(1));
  const snapshot = await admin.query<{ bytes: string; chunks: number }>(`select bytes, chunks from "${schema}".index_snapshots`);
  process.stdout.write(
    `${JSON.stringify({
      trioReadyMs: trioReady.map(Math.round),
      trioBuilds: trioBuilds.reduce((a, b) => a + b, 0),
      trioSnapshotLoads: trioLoads.reduce((a, b) => a + b, 0),
      freshEmptyDiskReadyMs: Math.round(freshReadyMs),
      freshLoadedSnapshot: freshLoaded === 1,
      httpP50: at(0.5),
      httpP99: at(0.99),
      httpMax: at(1),
      warmP50: at(0.5, warmTimes),
      warmP99: at(0.99, warmTimes),
      warmMax: at(1, warmTimes),
      freshPeakRssMB: Math.round(peakKb / 1024),
      restartOwnDiskReadyMs: Math.round(restartReadyMs),
      snapshotMB: Math.round(Number(snapshot.rows[0]?.bytes ?? 0) / 2 ** 20),
      snapshotChunks: snapshot.rows[0]?.chunks ?? 0,
    })}\n`,
  );
} finally {
  await slack.stop();
  await admin.query(`drop schema if exists "${schema}" cascade`);
  await admin.end();
  rmSync(work, { recursive: true, force: true });
}
