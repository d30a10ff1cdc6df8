import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, startAppProcess } from '../support/app-process.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { FakeSocketMode } from '../support/fake-socket-mode.ts';
import { BOT_TOKEN, SIGNING_SECRET } from '../support/test-app.ts';

const APP_TOKEN = 'xapp-1-A111-0000-port-secret';

/**
 * `npm start` when PORT is taken (another app on a laptop's 3000, a second copy left running). In Socket Mode only the
 * health routes listen there, and Bolt's receiver listens without an error handler: the process died of an
 * "Unhandled 'error' event" with a stack trace.
 */
describe('npm start with PORT already in use', { timeout: 60_000 }, () => {
  const stops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  });

  async function occupiedPort(): Promise<number> {
    const port = await freePort();
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(port, resolve));
    stops.push(() => new Promise<void>((resolve) => taken.close(() => resolve())));
    return port;
  }

  async function startOn(port: number, env: Record<string, string>): Promise<string> {
    const slack = await new FakeSlack().start();
    stops.push(() => slack.stop());
    const socket = await new FakeSocketMode(slack, APP_TOKEN).start();
    stops.push(() => socket.stop());
    const app = startAppProcess({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      DATABASE_URL: 'sqlite::memory:',
      PORT: String(port),
      ...env,
    });
    stops.push(async () => app.kill());
    const exit = await app.exited;
    expect(exit.code).toBe(1);
    expect(app.output()).not.toMatch(/\n\s+at /);
    return app.output().trim().split('\n').at(-1) ?? '';
  }

  it('Socket Mode: one line naming PORT and what listens on it, no stack trace', async () => {
    const port = await occupiedPort();
    const last = await startOn(port, { SLACK_APP_TOKEN: APP_TOKEN });
    expect(last).toMatch(new RegExp(`^paper-digest: PORT ${port} is already in use.*/healthz`));
  });

  it('HTTP mode: the same line', async () => {
    const port = await occupiedPort();
    const last = await startOn(port, { SLACK_SIGNING_SECRET: SIGNING_SECRET });
    expect(last).toMatch(new RegExp(`^paper-digest: PORT ${port} is already in use`));
  });
});
