/**
 * Real app instances (child processes, `src/main.ts` in HTTP mode) on one Postgres, each with its own empty index
 * cache folder, as dynos on fresh disks: two started at once build the index once (the other waits, answering
 * /healthz 503, then loads the builder's snapshot); a third started later loads the snapshot without building.
 * Unreachable Postgres: skipped with a warning, unless CI or REQUIRE_POSTGRES=1 (then it fails).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeedPapers } from '../../src/papers/load-seeds.ts';
import { syntheticPages, writeSyntheticSeeds } from '../../scripts/bench/synthetic-corpus.ts';
import {
  describePostgres,
  TEST_DATABASE_URL,
  adminClient,
  randomSchemaName,
  withSearchPath,
} from '../store/harness.ts';
import { freePort, startAppProcess } from '../support/app-process.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { BOT_TOKEN, SIGNING_SECRET } from '../support/test-app.ts';

await describePostgres('instances sharing the index', () => {
  defineInstanceTests();
});

interface Instance {
  child: ChildProcess;
  port: number;
  cacheDir: string;
  output: () => string;
  /** /healthz answers seen, in order (status code and body status). */
  health: string[];
}

function defineInstanceTests(): void {
  describe('instances sharing the index through Postgres', { timeout: 120_000 }, () => {
    let admin: pg.Client;
    let slack: FakeSlack;
    let url: string;
    let seedsDir: string;
    const schema = randomSchemaName('pd_instances');
    const running: Instance[] = [];

    beforeAll(async () => {
      admin = await adminClient(TEST_DATABASE_URL);
      await admin.query(`create schema "${schema}"`);
      url = withSearchPath(TEST_DATABASE_URL, schema);
      slack = await new FakeSlack().start();
      seedsDir = mkdtempSync(join(tmpdir(), 'pd-instances-seeds-'));
      // Large enough that the build runs in the worker and lasts a few seconds.
      writeSyntheticSeeds(seedsDir, syntheticPages((await loadSeedPapers('seeds')).papers, 4000));
    });
    afterAll(async () => {
      for (const instance of running) instance.child.kill('SIGKILL');
      await slack.stop();
      await admin.query(`drop schema if exists "${schema}" cascade`);
      await admin.end();
    });

    async function start(): Promise<Instance> {
      const port = await freePort();
      const cacheDir = mkdtempSync(join(tmpdir(), 'pd-instances-cache-'));
      const app = startAppProcess({
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        PORT: String(port),
        DATABASE_URL: url,
        SEEDS_DIR: seedsDir,
        INDEX_CACHE_DIR: cacheDir,
        HF_API_URL: `${slack.url}/hf-unused`,
      });
      const instance: Instance = { child: app.child, port, cacheDir, output: app.output, health: [] };
      running.push(instance);
      return instance;
    }

    /** Polls /healthz until 200, recording every answer. */
    async function ready(instance: Instance): Promise<void> {
      const deadline = Date.now() + 100_000;
      while (Date.now() < deadline) {
        if (instance.child.exitCode !== null) throw new Error(`instance exited ${instance.child.exitCode}:\n${instance.output()}`);
        const answer = await fetch(`http://127.0.0.1:${instance.port}/healthz`).then(
          async (res) => `${res.status} ${((await res.json()) as { status: string }).status}`,
          () => null,
        );
        if (answer) instance.health.push(answer);
        if (answer?.startsWith('200')) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`instance not ready:\n${instance.output()}`);
    }

    const builds = (instance: Instance): number => (instance.output().match(/index: built in/g) ?? []).length;
    const loads = (instance: Instance): number => (instance.output().match(/index: loaded the shared snapshot/g) ?? []).length;

    it('two instances starting at once: one builds and publishes, the other waits (503) and loads its snapshot', async () => {
      const pair = [await start(), await start()];
      await Promise.all(pair.map(ready));
      expect(pair.map(builds).sort()).toEqual([0, 1]);
      const waiter = pair.find((i) => builds(i) === 0);
      if (!waiter) throw new Error('no waiter');
      expect(waiter.output()).toMatch(/another instance is building the index; waiting for its snapshot/);
      expect(loads(waiter)).toBe(1);
      expect(waiter.health).toContain('503 starting');
      const published = await admin.query<{ n: string }>(`select count(*) as n from "${schema}".index_snapshots`);
      expect(Number(published.rows[0]?.n)).toBe(1);
      // Its own disk now holds the cache file too.
      expect(readdirSync(waiter.cacheDir)).toContain('paper-index.cache');
    });

    it('a third instance with an empty cache folder loads the snapshot and builds nothing', async () => {
      const third = await start();
      await ready(third);
      expect(builds(third)).toBe(0);
      expect(loads(third)).toBe(1);
      expect(running.reduce((sum, i) => sum + builds(i), 0)).toBe(1);
    });
  });
}
