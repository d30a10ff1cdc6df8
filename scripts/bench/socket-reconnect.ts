/**
 * How long the app is away after its Socket Mode connection ends, and how it comes back:
 *   npm run bench:socket [-- --rounds 3]
 * runs `npm start` in Socket Mode (tsx src/main.ts) against the local stand-in for Slack (FakeSlack's Web API +
 * FakeSocketMode's WebSocket server, Slack's own frames) and, for each fault, `rounds` times:
 * - `disconnect`: Slack's `disconnect` frame (refresh_requested), as before it rotates a connection;
 * - `cut`: the TCP connection dies without a frame;
 * - `silent`: the connection stays open but nothing comes back (no pongs, no frames).
 * From the fault: /healthz 503 (noticed), apps.connections.open (asked for a new URL), the new WebSocket, /healthz 200,
 * and the ack of a `/paper` typed at the moment of the fault (held by Slack until the app is back).
 * Prints one JSON line per round, then a table of medians.
 */
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startAppProcess, type AppProcess } from '../../test/support/app-process.ts';
import { FakeSlack } from '../../test/support/fake-slack.ts';
import { FakeSocketMode, slashCommandEnvelope, type FakeConnection } from '../../test/support/fake-socket-mode.ts';

type Fault = 'disconnect' | 'cut' | 'silent';

interface Round {
  fault: Fault;
  round: number;
  healthz503Ms: number;
  reopenMs: number;
  connectedMs: number;
  healthz200Ms: number;
  commandAckedMs: number;
}

const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg >= 0 ? Number(process.argv[roundsArg + 1]) : 3;
const APP_TOKEN = 'xapp-1-A111-0000-bench-token';

async function healthStatus(url: string): Promise<number> {
  return fetch(url).then((res) => res.status, () => 0);
}

/** Polls /healthz every 10 ms until it answers `status`; the time it took since `from`. */
async function untilHealth(url: string, status: number, from: number, timeoutMs = 120_000): Promise<number> {
  for (;;) {
    if ((await healthStatus(url)) === status) return performance.now() - from;
    if (performance.now() - from > timeoutMs) throw new Error(`/healthz never answered ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function inject(socket: FakeSocketMode, fault: Fault): FakeConnection {
  switch (fault) {
    case 'disconnect':
      return socket.askToReconnect('refresh_requested');
    case 'cut':
      return socket.cut();
    case 'silent':
      return socket.silence();
  }
}

async function measure(app: AppProcess, slack: FakeSlack, socket: FakeSocketMode, healthUrl: string, fault: Fault, round: number): Promise<Round> {
  await untilHealth(healthUrl, 200, performance.now());
  const opensBefore = slack.callsTo('apps.connections.open').length;
  const connectionsBefore = socket.connections.length;
  const wallStart = Date.now();
  const start = performance.now();
  inject(socket, fault);
  const command = socket.send(slashCommandEnvelope({ text: `mixture of experts ${fault} ${round}`, responseUrl: slack.responseUrl(`${fault}-${round}`) }));
  const healthz503Ms = await untilHealth(healthUrl, 503, start);
  const connection = await socket.waitForConnections(connectionsBefore + 1, 120_000);
  const connectedMs = connection.openedAt - wallStart;
  const reopenMs = (slack.callsTo('apps.connections.open')[opensBefore]?.at ?? Number.NaN) - wallStart;
  const healthz200Ms = await untilHealth(healthUrl, 200, start);
  const ack = await socket.waitForAck(command.envelope_id, 120_000);
  if (app.child.exitCode !== null) throw new Error(`the app exited:\n${app.output()}`);
  return { fault, round, healthz503Ms, reopenMs, connectedMs, healthz200Ms, commandAckedMs: ack.at - wallStart };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}

const slack = await new FakeSlack().start();
const socket = await new FakeSocketMode(slack, APP_TOKEN).start();
const port = await freePort();
const healthUrl = `http://127.0.0.1:${port}/healthz`;
const app = startAppProcess({
  SLACK_BOT_TOKEN: 'xoxb-bench-0000-token',
  SLACK_APP_TOKEN: APP_TOKEN,
  SLACK_API_URL: slack.apiUrl,
  PORT: String(port),
  DATABASE_URL: `sqlite:${join(mkdtempSync(join(tmpdir(), 'paper-digest-bench-')), 'bench.sqlite')}`,
  HF_API_URL: `${slack.url}/hf-unused`,
  LOG_LEVEL: 'warn',
});
const rounds: Round[] = [];
try {
  await untilHealth(healthUrl, 200, performance.now());
  for (const fault of ['disconnect', 'cut', 'silent'] as const) {
    for (let round = 1; round <= ROUNDS; round++) {
      const result = await measure(app, slack, socket, healthUrl, fault, round);
      rounds.push(result);
      process.stdout.write(`${JSON.stringify(result)}\n`);
    }
  }
} finally {
  app.child.kill('SIGTERM');
  await once(app.child, 'exit');
  await socket.stop();
  await slack.stop();
}

const rows = (['disconnect', 'cut', 'silent'] as const).map((fault) => {
  const of = rounds.filter((r) => r.fault === fault);
  const ms = (key: keyof Omit<Round, 'fault' | 'round'>): number => Math.round(median(of.map((r) => r[key])));
  return {
    fault,
    rounds: of.length,
    'healthz 503 (ms)': ms('healthz503Ms'),
    'apps.connections.open (ms)': ms('reopenMs'),
    'new socket (ms)': ms('connectedMs'),
    'healthz 200 (ms)': ms('healthz200Ms'),
    '/paper acked (ms)': ms('commandAckedMs'),
  };
});
process.stdout.write(`\nmedians, ms from the fault (${new Date().toISOString()}, node ${process.version}):\n`);
console.table(rows);
