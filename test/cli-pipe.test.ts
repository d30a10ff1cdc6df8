/**
 * Every byte the CLI writes reaches a pipe (as in `npm run cli -- ingest big.json --json | jq .`), and the
 * exit code survives: the process must not exit before stdout drains. A pipe takes ~64 KB before the
 * writer has to wait, so each run here prints more than 1 MB.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, utcDay } from '../src/ingest/dates.ts';
import { HfFixture, hfItem } from './ingest/hf-fixture.ts';
import { runScript } from './support/run-script.ts';

const MB = 1024 * 1024;

/** Withdrawn items: each is skipped and named in the report, none touches the papers table. */
function withdrawnItems(count: number, prefix: string): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, i) => {
    const item = hfItem({ id: `2502.${String(10000 + i)}`, title: `${prefix} withdrawn paper number ${i} about sparse attention and long context` });
    return { ...item, paper: { ...(item.paper as Record<string, unknown>), withdrawnAt: '2025-02-18T00:00:00.000Z' } };
  });
}

describe('CLI output through a pipe', { timeout: 60_000 }, () => {
  let hf: HfFixture;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    hf = await new HfFixture().start();
    dir = mkdtempSync(join(tmpdir(), 'paper-digest-cli-pipe-'));
    env = { DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`, HF_API_URL: hf.url, SEEDS_DIR: 'seeds' };
  });
  afterAll(async () => {
    await hf.stop();
  });

  it('ingest <file> --json: more than 1 MB arrives whole and parses; exit 0', async () => {
    const file = join(dir, 'big.json');
    writeFileSync(file, JSON.stringify(withdrawnItems(8000, 'File')));
    const run = await runScript('src/cli.ts', ['ingest', file, '--json'], { env, tsxCli: true });
    expect(Buffer.byteLength(run.stdout)).toBeGreaterThan(MB);
    const report = JSON.parse(run.stdout) as { ok: boolean; fetched: number; skipped: Array<{ item: string; reason: string }> };
    expect(report).toMatchObject({ ok: true, fetched: 8000, added: 0 });
    expect(report.skipped).toHaveLength(8000);
    expect(report.skipped.at(-1)).toMatchObject({ item: expect.stringContaining('#8000') as unknown, reason: 'withdrawn (2025-02-18T00:00:00.000Z)' });
    expect(run.code).toBe(0);
  });

  it('ingest hf --json with a failed day: more than 1 MB arrives whole and the exit code stays 1', async () => {
    const today = utcDay(new Date());
    const yesterday = addDays(today, -1);
    hf.setDay(yesterday, { json: withdrawnItems(8000, 'API') });
    hf.setDay(today, { status: 404, json: { error: 'not found' } });
    const run = await runScript('src/cli.ts', ['ingest', 'hf', '--since', yesterday, '--json'], { env, tsxCli: true });
    expect(Buffer.byteLength(run.stdout)).toBeGreaterThan(MB);
    const report = JSON.parse(run.stdout) as { ok: boolean; skipped: unknown[]; failures: Array<{ source: string }> };
    expect(report.ok).toBe(false);
    expect(report.skipped).toHaveLength(8000);
    expect(report.failures).toMatchObject([{ source: today }]);
    expect(run.code).toBe(1);
  });
});
