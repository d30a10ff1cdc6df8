/**
 * `npm start` with a bad environment value: one line on stderr naming the variable, nothing on stdout, exit 1, no
 * secret echoed, and nothing started (the local console would otherwise answer on stdin).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript } from './support/run-script.ts';

const SECRET = 'sup3r-s3cret-pw';

const cases: Array<[string, Record<string, string>, RegExp]> = [
  ['DIGEST_DEFAULT_TIME=25:00', { DIGEST_DEFAULT_TIME: '25:00' }, /DIGEST_DEFAULT_TIME "25:00" isn't a time/],
  ['DIGEST_SIZE=0', { DIGEST_SIZE: '0' }, /DIGEST_SIZE must be a whole number from 1 to 20 \(got "0"\)/],
  ['DIGEST_SIZE=1000', { DIGEST_SIZE: '1000' }, /DIGEST_SIZE must be a whole number from 1 to 20 \(got "1000"\)/],
  ['DIGEST_DEFAULT_TZ=Mars/Base', { DIGEST_DEFAULT_TZ: 'Mars/Base' }, /DIGEST_DEFAULT_TZ "Mars\/Base" isn't an IANA time zone/],
  // A city alone names the zone it most likely meant, as `/paper subscribe … tz berlin` does.
  ['DIGEST_DEFAULT_TZ=Berlin', { DIGEST_DEFAULT_TZ: 'Berlin' }, /DIGEST_DEFAULT_TZ "Berlin" isn't an IANA time zone like Europe\/Berlin or UTC: did you mean DIGEST_DEFAULT_TZ=Europe\/Berlin\?\n$/],
  ['PORT=abc', { PORT: 'abc' }, /PORT must be a whole number from 0 to 65535 \(got "abc"\)/],
  ['DATABASE_URL=mysql://…', { DATABASE_URL: `mysql://paper:${SECRET}@db.example/paper` }, /Unsupported DATABASE_URL scheme in "mysql:\/\/paper:\*\*\*@db\.example\/paper"/],
  ['SLACK_API_URL without a scheme', { SLACK_API_URL: 'slack.example/api/' }, /SLACK_API_URL must be an http\(s\) URL such as https:\/\/slack\.com\/api\/ \(got "slack\.example\/api\/"\)/],
  ['SLACK_API_URL=not a url', { SLACK_API_URL: 'not a url' }, /SLACK_API_URL must be an http\(s\) URL/],
  ['tokens swapped', { SLACK_BOT_TOKEN: `xapp-1-A1-${SECRET}`, SLACK_APP_TOKEN: `xoxb-1-${SECRET}` }, /SLACK_BOT_TOKEN holds an app-level token \(xapp-…\)/],
  ['LOG_LEVEL=verbose', { LOG_LEVEL: 'verbose' }, /LOG_LEVEL must be one of error, warn, info, debug \(got "verbose"\)/],
];

describe('npm start with a bad environment value', { timeout: 60_000 }, () => {
  it.each(cases)('%s: one line naming the variable, exit 1', async (_name, env, message) => {
    const run = await runScript('src/main.ts', [], { env: { DATABASE_URL: 'sqlite::memory:', ...env }, input: '/paper help\n' });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/^paper-digest: [^\n]+\n$/);
    expect(run.stderr).not.toContain(SECRET);
  });
});

describe('npm run cli with a bad environment value', { timeout: 60_000 }, () => {
  // Exit 2 is the CLI's "fix how you called it" (usage and configuration), 1 "it ran and failed".
  it.each(cases)('%s: one line naming the variable, exit 2', async (_name, env, message) => {
    const run = await runScript('src/cli.ts', ['stats', '--json'], { env: { DATABASE_URL: 'sqlite::memory:', ...env } });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/^paper-digest: [^\n]+\n$/);
    expect(run.stderr).not.toContain(SECRET);
  });
});

describe('npm start with a database it cannot open', { timeout: 60_000 }, () => {
  const unreachable = async (): Promise<string> => {
    const { freePort } = await import('./support/app-process.ts');
    return `postgres://paper:${SECRET}@127.0.0.1:${await freePort()}/paper`;
  };
  it('says it is the database, names it without its password, in one line', async () => {
    const url = await unreachable();
    const run = await runScript('src/main.ts', [], { env: { DATABASE_URL: url }, input: '/paper help\n' });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^paper-digest: cannot open the database postgres:\/\/paper:\*\*\*@127\.0\.0\.1:\d+\/paper \([^\n]*ECONNREFUSED[^\n]*\)\n$/);
    expect(run.stderr).not.toContain(SECRET);
  });

  it('a file that is not a SQLite database is named', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'paper-digest-notdb-')), 'notes.txt');
    writeFileSync(file, 'not a database, just notes\n'.repeat(200));
    const run = await runScript('src/main.ts', [], { env: { DATABASE_URL: `sqlite:${file}` }, input: '/paper help\n' });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`paper-digest: cannot open the database sqlite:${file} (file is not a database)\n`);
  });
});

describe('npm run cli with a SEEDS_DIR that does not exist', { timeout: 60_000 }, () => {
  it('names the folder and the reason once', async () => {
    const run = await runScript('src/cli.ts', ['stats'], { env: { DATABASE_URL: 'sqlite::memory:', SEEDS_DIR: '/nonexistent-seeds' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`paper-digest: cannot read the seed directory "/nonexistent-seeds" (ENOENT: no such file or directory, scandir '/nonexistent-seeds')\n`);
  });
});

describe('npm start with an INDEX_CACHE_DIR it cannot use', { timeout: 60_000 }, () => {
  const notADir = join(mkdtempSync(join(tmpdir(), 'paper-digest-cachefile-')), 'a-file');
  writeFileSync(notADir, 'not a folder\n');
  // Node's recursive mkdir never returns for a folder under /proc (ENOENT from a parent that exists).
  it.each([['under /proc', '/proc/paper-digest-index-cache'], ['a file, not a folder', notADir]])(
    '%s: starts and answers without an index cache, saying so in one line',
    async (_name, dir) => {
      const run = await runScript('src/main.ts', [], { env: { DATABASE_URL: 'sqlite::memory:', INDEX_CACHE_DIR: dir }, input: '/paper sparse attention\n', killAfterMs: 30_000 });
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/papers for "sparse attention"/);
      const about = run.stderr.split('\n').filter((line) => line.includes(dir));
      expect(about).toHaveLength(1);
      expect(about[0]).toMatch(/WARN .*INDEX_CACHE_DIR .* cannot be used \(.+\); the index is built at every start, without a cache/);
    },
  );

  it('a SQLite database under /proc is refused in one line, not waited on forever', async () => {
    const run = await runScript('src/main.ts', [], { env: { DATABASE_URL: 'sqlite:/proc/paper-digest/db.sqlite' }, input: '/paper help\n', killAfterMs: 30_000 });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^paper-digest: cannot open the database sqlite:\/proc\/paper-digest\/db\.sqlite \([^\n]+\)\n$/);
  });
});
