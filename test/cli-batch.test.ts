/**
 * `npm run cli -- search --batch FILE`: one JSON line per input line, in order, whatever the line holds, through a
 * pipe (the child's stdout is one), from one index load.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runScript } from './support/run-script.ts';

interface BatchLine {
  line: number;
  query: string;
  total: number;
  results: Array<Record<string, unknown>>;
  notice?: string;
  error?: string;
}

function parseLines(stdout: string): BatchLine[] {
  expect(stdout.endsWith('\n')).toBe(true);
  return stdout
    .slice(0, -1)
    .split('\n')
    .map((text) => JSON.parse(text) as BatchLine);
}

describe('cli search --batch', { timeout: 90_000 }, () => {
  let dir: string;
  const env = { DATABASE_URL: 'sqlite::memory:', SEEDS_DIR: 'seeds' };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'paper-digest-batch-'));
  });

  it('--help says what a blank line and a line of stop words get, and they get it', async () => {
    const help = await runScript('src/cli.ts', ['search', '--help'], { env });
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('a blank line gets an "error", a line it can\'t search, such as only stop words, a "notice" and no results');
    const file = join(dir, 'stop-words.txt');
    writeFileSync(file, 'the of\n\n');
    const lines = parseLines((await runScript('src/cli.ts', ['search', '--batch', file], { env })).stdout);
    expect(lines[0]).toMatchObject({ line: 1, total: 0, results: [], notice: expect.stringMatching(/too common/) as unknown });
    expect(lines[0]?.error).toBeUndefined();
    expect(lines[1]).toMatchObject({ line: 2, error: 'blank line' });
  });

  it('blank and hostile lines each get their line; real queries get the search --json answer', async () => {
    const hostile = [
      'sparse attention',
      '',
      '   \t ',
      'title:foo^10 ~2 * \\ +',
      '-attention -sparse',
      '"unclosed quote mixture of experts',
      `${'diffusion '.repeat(20_000)}`,
      "'; drop table papers; --",
      '<script>alert(1)</script> *bold* <!channel>',
      'caf\u00e9 \u{1F600} \u202Eattention\u202C \u0000\u0007',
      '{"query": "json in a line"}',
      '\t\v\f',
      'mixture of experts',
    ];
    const file = join(dir, 'hostile.txt');
    // CRLF line ends and a final line without a newline, as files from other systems have.
    writeFileSync(file, Buffer.concat([Buffer.from(hostile.join('\r\n'), 'utf8'), Buffer.from([0x0a, 0xff, 0xfe, 0x61])]));
    const run = await runScript('src/cli.ts', ['search', '--batch', file, '--limit', '3'], { env });
    expect(run.code).toBe(0);
    const lines = parseLines(run.stdout);
    expect(lines.map((l) => l.line)).toEqual(Array.from({ length: hostile.length + 1 }, (_, i) => i + 1));

    const single = await runScript('src/cli.ts', ['search', 'sparse attention', '--limit', '3', '--json'], { env });
    const { line: first, ...firstAnswer } = lines[0] as BatchLine;
    expect(first).toBe(1);
    expect(firstAnswer).toEqual(JSON.parse(single.stdout));
    expect(firstAnswer.results).toHaveLength(3);

    expect(lines[1]).toEqual({ line: 2, query: '', total: 0, results: [], error: 'blank line' });
    expect(lines[2]).toMatchObject({ line: 3, total: 0, error: 'blank line' });
    expect(lines[4]?.results).toEqual([]);
    expect(lines[4]?.notice).toMatch(/exclu/i);
    expect(lines[6]?.notice).toMatch(/cut to its first/);
    expect(lines[6]?.query.length).toBeLessThanOrEqual(4096);
    expect(lines[6]?.total).toBeGreaterThan(0);
    expect(lines[11]).toMatchObject({ line: 12, error: 'blank line' });
    expect(lines[12]?.results[0]?.title).toMatch(/expert/i);
    for (const line of lines) {
      if (line.error === undefined) expect(line.results.length).toBeLessThanOrEqual(3);
    }
    expect(run.stderr).toBe('');
  });

  it('10,000 queries from a file and from stdin: every line arrives, parsed, in order', async () => {
    const words = ['sparse attention', 'diffusion', 'reinforcement learning', 'mixture of experts', 'quantization', 'zzzq', ''];
    const queries = Array.from({ length: 10_000 }, (_, i) => (i % 7 === 6 ? '' : `${words[i % 7] ?? ''} ${i % 13 === 0 ? 'model' : ''}`.trim()));
    const text = `${queries.join('\n')}\n`;
    const file = join(dir, 'ten-thousand.txt');
    writeFileSync(file, text);
    for (const args of [
      ['search', '--batch', file, '--limit', '5'],
      ['search', '--batch', '-', '--limit', '5'],
    ]) {
      const run = await runScript('src/cli.ts', args, { env, ...(args.includes('-') ? { input: text } : {}) });
      expect(run.code).toBe(0);
      const lines = parseLines(run.stdout);
      expect(lines).toHaveLength(10_000);
      lines.forEach((line, i) => {
        expect(line.line).toBe(i + 1);
        expect(line.query).toBe(queries[i]);
      });
      expect(lines.filter((l) => l.error === 'blank line')).toHaveLength(queries.filter((q) => q === '').length);
      expect(lines.find((l) => l.query === 'diffusion')?.results.length).toBe(5);
    }
  });

  it('a missing file or a query next to --batch is a usage error (exit 2)', async () => {
    const missing = await runScript('src/cli.ts', ['search', '--batch', join(dir, 'nope.txt')], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nope\.txt/);
    const both = await runScript('src/cli.ts', ['search', 'x', '--batch', join(dir, 'hostile.txt')], { env });
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/give no query/);
  });

  it('a reader that stops early (`| head -1`) ends the run quietly: exit 0, nothing on stderr', async () => {
    const file = join(dir, 'many.txt');
    writeFileSync(file, 'sparse attention\n'.repeat(20_000));
    const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
    const child = spawn(process.execPath, [tsxCli, 'src/cli.ts', 'search', '--batch', file, '--limit', '2'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let first = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    // Like `head -1`: read up to the first newline, then close the pipe.
    child.stdout.on('data', (chunk: Buffer) => {
      first += chunk.toString('utf8');
      if (first.includes('\n')) child.stdout.destroy();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect((JSON.parse(first.slice(0, first.indexOf('\n'))) as BatchLine).line).toBe(1);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
