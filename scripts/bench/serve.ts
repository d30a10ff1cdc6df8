/**
 * The app as an operator runs it (tsx src/main.ts, HTTP mode, against a local fake Slack), on one corpus:
 *   tsx scripts/bench/serve.ts <seedsDir>
 * prints JSON: cold start to /healthz 200, restart to 200 on the same database (cache warm), `/paper`
 * latency through the real receiver with signed requests (client-side round trip) p50/p99/max right after the
 * restart (while the index warms up) and again once /healthz reports it warmed up, and the restarted app's peak RSS.
 * Every request asks a query not asked before (the fixed ones below, then pairs of common words of the seeds), so
 * no answer comes from the app's result cache.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { loadSeedPapers } from '../../src/papers/load-seeds.ts';
import { FakeSlack } from '../../test/support/fake-slack.ts';
import { postSigned, slashCommandBody } from '../../test/support/signed-request.ts';

const [seedsDir = 'seeds'] = process.argv.slice(2);
const SECRET = 'bench-signing-secret-0123456789';
const QUERIES = [
  'sparse attention', 'graph transformers', 'speech recognition', 'mixture of experts', 'token pruning', 'kv cache',
  'diffusion video generation', 'in-context learning', 'model', 'attention learning model training data', '*',
  'sparce atention', 'title:foo bar~2 +baz -qux', 'LLM', 'ViT', 'remote sensing', 'multi-task learning',
];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function startApp(env: Record<string, string>): Promise<{ child: ChildProcess; readyMs: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--max-old-space-size=12288', '--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${env.PORT}/healthz`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode}`);
    const ok = await fetch(url).then((res) => res.status === 200, () => false);
    if (ok) return { child, readyMs: performance.now() - started };
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function stopApp(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

// Made before the app starts, so the first request follows `ready` as closely as a real one would.
const queries = await distinctQueries(600);
const slack = await new FakeSlack().start();
const port = await freePort();
const env = {
  SLACK_BOT_TOKEN: 'xoxb-bench',
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_API_URL: slack.apiUrl,
  PORT: String(port),
  SEEDS_DIR: seedsDir,
  DATABASE_URL: `sqlite:${join(mkdtempSync(join(tmpdir(), 'paper-bench-db-')), 'bench.sqlite')}`,
  INDEX_CACHE_DIR: mkdtempSync(join(tmpdir(), 'paper-bench-cache-')),
};
const cold = await startApp(env);
await stopApp(cold.child);
const warm = await startApp(env);

/** The slowest round trips of the first batch (right after the restart), with their query. */
const slowest: Array<{ query: string; ms: number }> = [];

/** Distinct queries: the fixed ones, then pairs of the seeds' most common title words (the synthetic corpora's). */
async function distinctQueries(count: number): Promise<string[]> {
  const { papers } = await loadSeedPapers('seeds');
  const counts = new Map<string, number>();
  for (const paper of papers) {
    for (const word of paper.title.toLowerCase().match(/[a-z]{4,}/g) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const common = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 60).map(([word]) => word);
  const out = new Set(QUERIES);
  for (let i = 0; out.size < count && i < common.length; i++) {
    for (let j = i + 1; out.size < count && j < common.length; j++) out.add(`${common[i]} ${common[j]}`);
  }
  return [...out];
}

/** 300 signed `/paper` requests, one after another, each with a query not asked before; round-trip times, sorted. */
async function paperRoundTrips(batch: number): Promise<number[]> {
  const times: number[] = [];
  const first = batch === 0;
  for (let i = 0; i < 300; i++) {
    const text = queries[batch * 300 + i] ?? `attention ${i}`;
    const t = performance.now();
    const res = await postSigned(`http://127.0.0.1:${port}/slack/events`, slashCommandBody({ text, response_url: slack.responseUrl('b') }), SECRET);
    await res.text();
    times.push(performance.now() - t);
    if (first) slowest.push({ query: text, ms: Math.round((times.at(-1) ?? 0) * 10) / 10 });
  }
  slowest.sort((a, b) => b.ms - a.ms).splice(5);
  return times.sort((a, b) => a - b);
}

// Right after the restart, while the warm-up runs; then once /healthz says it is done.
const times = await paperRoundTrips(0);
const warmUpStarted = performance.now();
for (;;) {
  const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { warmedUp?: boolean };
  if (health.warmedUp) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
const warmedAfterMs = warm.readyMs + (performance.now() - warmUpStarted);
const warmTimes = await paperRoundTrips(1);
// Peak resident memory of the restarted app (Linux), after loading, warming up and answering.
const status = await readFile(`/proc/${warm.child.pid}/status`, 'utf8').catch(() => '');
const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
await stopApp(warm.child);
await slack.stop();
const at = (p: number, sorted = times): number => Number((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0).toFixed(1));
process.stdout.write(
  `${JSON.stringify({ coldStartMs: Math.round(cold.readyMs), restartMs: Math.round(warm.readyMs), httpP50: at(0.5), httpP99: at(0.99), httpMax: at(1), warmedUpMs: Math.round(warmedAfterMs), warmP50: at(0.5, warmTimes), warmP99: at(0.99, warmTimes), warmMax: at(1, warmTimes), appPeakRssMB: Math.round(peakKb / 1024), slowestAfterRestart: slowest })}\n`,
);
