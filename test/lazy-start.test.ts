/**
 * `npm start` and `npm run cli` answer --help, a usage error or a configuration error before loading what serving
 * needs: not Bolt, the store's drivers (kysely, pg, better-sqlite3), lunr or zod (a bad start stays quick; src/main.ts
 * and src/cli.ts import those once the configuration is checked and the command parsed). Which modules a child
 * process loaded is recorded by a module loader hook (node:module `register`), next to tsx as `npm start` runs it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runNode, type ScriptRun } from './support/run-script.ts';

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const folder = mkdtempSync(join(tmpdir(), 'paper-digest-loads-'));
writeFileSync(
  join(folder, 'hooks.mjs'),
  "import { appendFileSync } from 'node:fs';\n" +
    'export async function load(url, context, next) {\n  appendFileSync(process.env.LOADED_LOG, `${url}\\n`);\n  return next(url, context);\n}\n',
);
writeFileSync(join(folder, 'register.mjs'), "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n");

/** What serving needs and a bad start must not load. */
const HEAVY = /\/node_modules\/(?:@slack\/bolt|kysely|pg|better-sqlite3|lunr|zod)\//;

let runs = 0;
/** `node --import tsx <script> <args>` with the hook; its result and the modules it loaded (file URLs). */
async function loading(script: string, args: string[], env: Record<string, string>, input = ''): Promise<ScriptRun & { loaded: string[] }> {
  const log = join(folder, `loaded-${++runs}.txt`);
  writeFileSync(log, '');
  const run = await runNode(['--import', tsxLoader, '--import', pathToFileURL(join(folder, 'register.mjs')).href, script, ...args], {
    env: { DATABASE_URL: 'sqlite::memory:', LOADED_LOG: log, ...env },
    input,
    killAfterMs: 50_000,
  });
  return { ...run, loaded: readFileSync(log, 'utf8').split('\n').filter((line) => line !== '') };
}

const heavy = (loaded: readonly string[]): string[] => loaded.filter((url) => HEAVY.test(url));

describe('a bad start loads neither Bolt, the store, lunr nor zod', { timeout: 60_000 }, () => {
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('npm run cli: --help, no command, an unknown command, a bad --limit, a configuration error', async () => {
    const cases: Array<{ args: string[]; env?: Record<string, string>; code: number; says: RegExp }> = [
      { args: ['--help'], code: 0, says: /Usage: npm run cli/ },
      { args: [], code: 2, says: /Usage: npm run cli/ },
      { args: ['serach', 'sparse attention'], code: 2, says: /Did you mean "search"\?/ },
      { args: ['search', 'x', '--limit', '0'], code: 2, says: /--limit must be a whole number/ },
      { args: ['search', 'x'], env: { LOG_LEVEL: 'loud' }, code: 2, says: /LOG_LEVEL must be one of/ },
    ];
    for (const { args, env, code, says } of cases) {
      const run = await loading('src/cli.ts', args, env ?? {});
      expect(run.code, args.join(' ')).toBe(code);
      expect(`${run.stdout}${run.stderr}`).toMatch(says);
      // The hook saw the run: the CLI itself and a package it needs (dotenv reads .env).
      expect(run.loaded.some((url) => url.endsWith('/src/cli.ts'))).toBe(true);
      expect(run.loaded.some((url) => url.includes('/node_modules/dotenv/'))).toBe(true);
      expect(heavy(run.loaded), args.join(' ')).toEqual([]);
    }
  });

  it('npm start: a configuration error loads none of them; the console that answers does', async () => {
    const bad = await loading('src/main.ts', [], { LOG_LEVEL: 'loud' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/LOG_LEVEL must be one of/);
    expect(heavy(bad.loaded)).toEqual([]);
    const good = await loading('src/main.ts', [], {}, '/paper help\n');
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/Paper search: \/paper/);
    expect(heavy(good.loaded).some((url) => url.includes('/node_modules/lunr/'))).toBe(true);
    expect(heavy(good.loaded).some((url) => url.includes('/node_modules/kysely/'))).toBe(true);
  });
});
