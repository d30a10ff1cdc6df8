import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const tsxCli = require.resolve('tsx/cli');
/** tsx's loader by its file URL: `--import tsx` would be resolved from the child's working folder. */
const tsxLoader = pathToFileURL(require.resolve('tsx')).href;

export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string;
  env?: Record<string, string>;
  /** A child still running after this long is killed (its code is then null): a hang fails the test, not the suite. */
  killAfterMs?: number;
  /** Its working folder (where it reads `.env`); the repository's by default. */
  cwd?: string;
}

export interface ScriptOptions extends RunOptions {
  /**
   * Through tsx's CLI (`tsx script`, exactly what `npm run cli` runs: a parent relaying to a child node) rather than
   * tsx as a loader in one process (`node --import tsx`, as `npm start` registers it), which saves a Node start and
   * ~0.5 s of CPU per run. For the tests about what crosses that relay (a pipe, the exit code).
   */
  tsxCli?: boolean;
}

/**
 * `node <args>` in a child process from the repository's folder (or `cwd`), with only PATH and HOME from this environment
 * (no Slack credentials leak in) plus `env`; `input` on its stdin.
 */
export function runNode(args: string[], options: RunOptions = {}): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
      cwd: options.cwd ?? process.cwd(),
      // Its own process group, so a hung run is killed with the node process tsx starts under it.
      ...(options.killAfterMs === undefined ? {} : { detached: true }),
    });
    const killer =
      options.killAfterMs === undefined
        ? null
        : setTimeout(() => {
            if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
          }, options.killAfterMs);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (killer) clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Runs a TypeScript entry point through tsx (as `npm start` / `npm run cli` do), as `runNode` runs node. */
export function runScript(script: string, args: string[], options: ScriptOptions = {}): Promise<ScriptRun> {
  const { tsxCli: throughCli, ...run } = options;
  return runNode([...(throughCli ? [tsxCli] : ['--import', tsxLoader]), script, ...args], run);
}
