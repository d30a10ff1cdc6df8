/**
 * `npm run cli -- ingest …` as an operator runs it (a child process through tsx), against a local
 * fixture API and a SQLite file; then `search` and `stats` read the same papers table.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { utcDay } from '../../src/ingest/dates.ts';
import { HfFixture, NORMAL_DAY, hfItem } from './hf-fixture.ts';
import { runScript, type ScriptRun } from '../support/run-script.ts';

/** `ingest --json` as README documents it (`days` only for `ingest hf`). */
const REPORT_KEYS_HF = ['ok', 'source', 'days', 'fetched', 'added', 'updated', 'unchanged', 'withdrawn', 'reinstated', 'skipped', 'failures', 'addedIds', 'updatedIds', 'withdrawnIds', 'reinstatedIds'];

function cli(args: string[], env: Record<string, string>): Promise<ScriptRun> {
  return runScript('src/cli.ts', args, { env });
}

// Each child process spends ~2 s starting tsx: generous timeouts for a loaded CI machine.
describe('npm run cli -- ingest', { timeout: 60_000 }, () => {
  let hf: HfFixture;
  let dir: string;
  let env: Record<string, string>;
  // The CLI asks for "today" (UTC) by default.
  const today = utcDay(new Date());

  beforeAll(async () => {
    hf = await new HfFixture().start();
    dir = mkdtempSync(join(tmpdir(), 'paper-digest-cli-ingest-'));
    env = { DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`, HF_API_URL: hf.url, SEEDS_DIR: 'seeds' };
  });
  afterAll(async () => {
    await hf.stop();
  });

  it('ingest hf (today by default) prints the summary; again: nothing changes; search and stats see the papers', async () => {
    hf.setDay(today, NORMAL_DAY);
    const first = await cli(['ingest', 'hf'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(`hf ${today}: 4 fetched, 4 added, 0 updated, 0 unchanged, 0 skipped\n`);

    const second = await cli(['ingest', 'hf', '--date', today, '--json'], env);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ ok: true, days: [today], fetched: 4, added: 0, updated: 0, unchanged: 4, skipped: [], failures: [] });
    // The documented shape (README, CLI): these keys, in this order, every time.
    expect(Object.keys(JSON.parse(second.stdout) as object)).toEqual(REPORT_KEYS_HF);

    const search = await cli(['search', 'natively trainable sparse attention', '--limit', '1', '--json'], env);
    expect(search.code).toBe(0);
    expect(JSON.parse(search.stdout)).toMatchObject({
      results: [{ title: 'Native Sparse Attention: Hardware-Aligned and Natively Trainable Sparse Attention', url: 'https://huggingface.co/papers/2502.11089', upvotes: 141 }],
    });
    const stats = await cli(['stats', '--json'], env);
    // The newest date is a seed page's "Dec 3" in the year the page was captured (2025), whatever today is.
    expect(JSON.parse(stats.stdout)).toMatchObject({ papers: 251, seedPages: 4, oldest: '2015-06-09', newest: '2025-12-03' });
    expect(Object.keys(JSON.parse(stats.stdout) as object)).toEqual(['papers', 'withDate', 'withAuthors', 'withUpvotes', 'oldest', 'newest', 'seedPages']);
  });

  it('ingest <file> for a JSON file and a listing page; bad items reported; exit 1 when nothing could be read', async () => {
    const json = join(dir, 'extra.json');
    writeFileSync(json, JSON.stringify([hfItem({ id: '2502.88888', title: 'A Paper From A File' }), { paper: { id: 'nope' } }]));
    const result = await cli(['ingest', json], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${json}: 2 fetched, 1 added, 0 updated, 0 unchanged, 1 skipped`);
    expect(result.stdout).toMatch(/skipped .*extra\.json #2 \(nope\): paper\.id: is not an arXiv id/);

    const page = await cli(['ingest', 'seeds/002_743c65439c9b3504.txt', '--json'], env);
    expect(page.code).toBe(0);
    // The seeds are already in the table: a seed page changes nothing.
    expect(JSON.parse(page.stdout)).toMatchObject({ ok: true, added: 0, updated: 0 });
    expect(Object.keys(JSON.parse(page.stdout) as object)).toEqual(REPORT_KEYS_HF.filter((key) => key !== 'days'));

    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"not": "a list"}');
    const refused = await cli(['ingest', bad], env);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/FAILED .*bad\.json: .*expected a JSON array/);
  });

  it('ingest README.md (not a listing page) is refused: exit 1, the reason, no paper from it', async () => {
    const before = JSON.parse((await cli(['stats', '--json'], env)).stdout) as { papers: number };
    const result = await cli(['ingest', 'README.md'], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^README\.md: 0 fetched, 0 added, 0 updated, 0 unchanged, 0 skipped, 1 failed\n {2}FAILED README\.md: not a Hugging Face daily papers listing page: .*\(nothing stored from it\)\n$/);
    expect(JSON.parse((await cli(['stats', '--json'], env)).stdout)).toMatchObject({ papers: before.papers });
  });

  it('a failing API exits 1 and says why', async () => {
    hf.setDay('2025-01-02', { status: 404, json: { error: 'nope' } });
    const result = await cli(['ingest', 'hf', '--date', '2025-01-02'], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAILED 2025-01-02: daily papers 2025-01-02: HTTP 404/);
  });

  it('usage errors exit 2 with a clear message', async () => {
    const cases: Array<[string[], RegExp]> = [
      // (Every date rule is in units.test.ts; here: that the CLI turns them into usage errors.)
      [['ingest'], /ingest takes "hf" or one file/],
      [['ingest', 'hf', '--since', '2000-01-01'], /--since reaches back at most 31 days/],
      [['ingest', 'file.json', '--date', today], /--date and --since only apply to "ingest hf"/],
    ];
    const results = await Promise.all(cases.map(([args]) => cli(args, env)));
    results.forEach((result, i) => {
      const [args, message] = cases[i] ?? [[], /./];
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
    });
    const help = await cli(['--help'], env);
    expect(help.stdout).toMatch(/ingest hf \[--date D \| --since D\]/);
    expect(help.stdout).toMatch(/ingest <file>/);
  });
});
