import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

export interface AppExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  at: number;
}

/** `npm start` as a child process: the real entry point (src/main.ts) with only the given environment. */
export interface AppProcess {
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  exited: Promise<AppExit>;
  /** Resolves once its output matches `pattern`; rejects when it exits first or after `timeoutMs`. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** SIGKILL if still running (test cleanup). */
  kill(): void;
}

/** A TCP port free right now, for a child process's PORT (its /healthz and /livez). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * The app as a child process, with `INGEST_CRON=off` unless `env` says otherwise: no test asks Hugging Face (or
 * what HF_API_URL points at) for the daily papers, at a cron time or as a new database's first ingest, unless it
 * sets INGEST_CRON itself (test/ingest/first-ingest.test.ts, missed-ingest.test.ts).
 */
export function startAppProcess(env: Record<string, string>): AppProcess {
  // One process (tsx as a loader), not tsx's CLI: the CLI runs the app in a child of its own, which SIGKILL on the CLI
  // leaves running (and listening) after the test.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', INGEST_CRON: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const onOutput = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    child.emit('output');
  };
  child.stdout?.on('data', onOutput);
  child.stderr?.on('data', onOutput);
  const exited = new Promise<AppExit>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })));
  const waitForOutput = (pattern: RegExp, timeoutMs = 60_000): Promise<void> =>
    new Promise((resolve, reject) => {
      const done = (error?: Error): void => {
        clearTimeout(timer);
        child.off('output', check);
        child.off('exit', onExit);
        if (error) reject(error);
        else resolve();
      };
      const check = (): void => {
        if (pattern.test(output)) done();
      };
      const onExit = (): void => done(new Error(`the app exited before printing ${pattern}:\n${output}`));
      const timer = setTimeout(() => done(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`)), timeoutMs);
      child.on('output', check);
      child.on('exit', onExit);
      check();
      if (child.exitCode !== null || child.signalCode !== null) onExit();
    });
  return {
    child,
    output: () => output,
    exited,
    waitForOutput,
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/**
 * The app as a child process against a fake Slack (its Web API; Hugging Face pointed at a path that answers
 * nothing; no daily ingest) on a free port, once it says it is ready; `env` adds to or overrides that.
 * Killed if it never gets ready. Returns it with its base URL (/healthz, /slack/install).
 */
export async function startReadyApp(slack: { apiUrl: string; url: string }, env: Record<string, string>): Promise<{ app: AppProcess; url: string }> {
  const port = await freePort();
  const app = startAppProcess({ SLACK_API_URL: slack.apiUrl, PORT: String(port), HF_API_URL: `${slack.url}/hf-unused`, ...env });
  try {
    await app.waitForOutput(/ready \(instance/, 90_000);
  } catch (error) {
    app.kill();
    throw error;
  }
  return { app, url: `http://127.0.0.1:${port}` };
}
