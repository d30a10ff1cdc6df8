import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');

export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `node <args>` in a child process from the repository's folder, with only PATH and HOME from this environment
 * (no Slack credentials leak in) plus `env`; `input` on its stdin.
 */
export function runNode(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
      cwd: process.cwd(),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** Runs a TypeScript entry point through tsx (as `npm start` / `npm run cli` do), as `runNode` runs node. */
export function runScript(script: string, args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<ScriptRun> {
  return runNode([tsxCli, script, ...args], options);
}
