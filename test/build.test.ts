/**
 * The production build: src/ compiled with tsconfig.build.json (as `npm run build` does, here into a temp folder)
 * runs as plain JavaScript: migrations (the Procfile's release:), the CLI, the app (its local console) and the
 * index build worker, with no tsx anywhere. And `npm start` outside production still runs the TypeScript.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInto } from '../scripts/build-into.ts';
import { syntheticPages, writeSyntheticSeeds } from '../scripts/bench/synthetic-corpus.ts';
import { loadSeedPapers } from '../src/papers/load-seeds.ts';
import { runNode, runScript } from './support/run-script.ts';

describe('compiled production build', { timeout: 120_000 }, () => {
  let dir: string;
  let dist: string;
  let build: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'paper-digest-build-'));
    // Kept between runs (one folder per checkout): tsc compiles again only the files changed since the last run.
    build = join(tmpdir(), `paper-digest-build-cache-${createHash('sha256').update(process.cwd()).digest('hex').slice(0, 12)}`);
    dist = buildInto(build, process.cwd(), { incremental: true });
  }, 180_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('release: the compiled migrate applies the migrations, then finds nothing to do', async () => {
    const env = { DATABASE_URL: `sqlite:${join(dir, 'release.sqlite')}` };
    const first = await runNode([join(dist, 'store', 'migrate-cli.js')], { env });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Applied 0001_/);
    const second = await runNode([join(dist, 'store', 'migrate-cli.js')], { env });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/Already up to date/);
  });

  it('the compiled CLI answers as the TypeScript one does', async () => {
    const env = { DATABASE_URL: 'sqlite::memory:' };
    const compiled = await runNode([join(dist, 'cli.js'), 'search', 'sparse attention', '--limit', '3', '--json'], { env });
    const source = await runScript('src/cli.ts', ['search', 'sparse attention', '--limit', '3', '--json'], { env });
    expect(compiled.code).toBe(0);
    expect(JSON.parse(compiled.stdout)).toEqual(JSON.parse(source.stdout));
    expect((JSON.parse(compiled.stdout) as { results: unknown[] }).results).toHaveLength(3);
  });

  it('the compiled app (local console) answers /paper from a pipe', async () => {
    const run = await runNode([join(dist, 'main.js')], { env: { DATABASE_URL: 'sqlite::memory:' }, input: '/paper sparse attention\n/paper help\n' });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/papers for "sparse attention"/);
    expect(run.stdout).toMatch(/Paper search: \/paper/);
  });

  it('the compiled app builds a large index in its worker thread (build-worker.js)', async () => {
    const seeds = join(dir, 'seeds-2500');
    const { papers } = await loadSeedPapers('seeds');
    writeSyntheticSeeds(seeds, syntheticPages(papers, 2500));
    const run = await runNode([join(dist, 'cli.js'), 'stats', '--json'], { env: { DATABASE_URL: 'sqlite::memory:', SEEDS_DIR: seeds, LOG_LEVEL: 'debug' } });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ papers: 2500 });
    expect(run.stderr).toMatch(/index: built in worker/);
  });

  it('NODE_ENV=production in .env picks the compiled build for npm start and the paper-digest bin', async () => {
    // The bins beside the build (as in a deploy: bin/ and dist/, no src/ to fall back on), run from a folder whose
    // .env says production: only the compiled code can answer.
    cpSync('bin', join(build, 'bin'), { recursive: true });
    const work = mkdtempSync(join(tmpdir(), 'paper-digest-dotenv-'));
    writeFileSync(join(work, '.env'), 'NODE_ENV=production\n');
    const env = { DATABASE_URL: 'sqlite::memory:', SEEDS_DIR: join(process.cwd(), 'seeds') };
    try {
      const start = await runNode([join(build, 'bin', 'start.js')], { env, cwd: work, input: '/paper help\n' });
      // The compiled app ran and read production from .env: no Slack credentials is an error there.
      expect(start.stderr).toMatch(/paper-digest: Missing Slack credentials/);
      expect(start.code).toBe(1);
      const cli = await runNode([join(build, 'bin', 'paper-digest.js'), 'search', 'sparse attention', '--limit', '3', '--json'], { env, cwd: work });
      expect(cli.code, cli.stderr).toBe(0);
      expect((JSON.parse(cli.stdout) as { results: unknown[] }).results).toHaveLength(3);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('NODE_ENV set in the environment wins over .env', async () => {
    const work = mkdtempSync(join(tmpdir(), 'paper-digest-dotenv-'));
    writeFileSync(join(work, '.env'), 'NODE_ENV=production\n');
    try {
      const run = await runNode([join(process.cwd(), 'bin', 'start.js')], {
        env: { NODE_ENV: 'development', DATABASE_URL: 'sqlite::memory:', SEEDS_DIR: join(process.cwd(), 'seeds') },
        cwd: work,
        input: '/paper help\n',
      });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/Paper search: \/paper/);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('npm start (bin/start.js) outside production runs the TypeScript: the quick start needs no build', async () => {
    const run = await runNode(['bin/start.js'], { env: { DATABASE_URL: 'sqlite::memory:' }, input: '/paper help\n' });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Paper search: \/paper/);
  });
});
