/**
 * Two schedulers racing on 100 digests due at the same minute (100 subscriptions, 100 channels): every
 * channel gets exactly one message, and ticking again changes nothing.
 * - Postgres: two stores (separate pools) on one fresh schema, two runner deps with their own Slack
 *   clients, ticks run concurrently in this process. Skipped visibly when Postgres is unreachable, failed
 *   instead under CI / REQUIRE_POSTGRES=1 (test/store/harness.ts).
 * - SQLite: two scheduler *processes* on one file (the store supports one connection per process per
 *   file: better-sqlite3 is synchronous), released together.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueDigests, type DigestTickReport } from '../../src/digests/runner.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { describePostgres, TEST_DATABASE_URL, postgresHarness } from '../store/harness.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { tempSqliteUrl } from '../support/test-app.ts';
import { MINUTE, SlackWorld, expectNoRepeats, readySearch, runnerDeps, slackPoster, utc, slackAndStores } from './runner-harness.ts';

const COUNT = 100;
const DIGEST_SIZE = 3;
const CREATED = utc('2026-06-01T08:00:00.000Z');
const NINE = utc('2026-06-01T09:00:00.000Z');
const TOPICS = ['attention', 'speech recognition', 'diffusion', 'sparse attention', 'retrieval'];
const ROOT = resolve(import.meta.dirname, '../..');

async function subscribeAll(store: Store): Promise<void> {
  for (let i = 0; i < COUNT; i++) {
    await store.upsertSubscription({
      teamId: `T${i % 3}`,
      channelId: `C${String(i).padStart(3, '0')}`,
      topic: TOPICS[i % TOPICS.length] ?? 'attention',
      createdBy: 'U1',
      time: '09:00',
      timezone: 'UTC',
      cadence: 'daily',
      now: CREATED,
    });
  }
}

/** One message per channel, each recorded as its run, with what it showed remembered for the channel. */
async function expectOneMessagePerChannel(world: SlackWorld, fake: FakeSlack, store: Store): Promise<void> {
  expect(fake.callsTo('chat.postMessage')).toHaveLength(COUNT);
  expect(world.messages).toHaveLength(COUNT);
  expect(new Set(world.messages.map((m) => m.channel)).size).toBe(COUNT);
  for (const sub of await store.allActiveSubscriptions()) {
    const [message, ...more] = world.in(sub.channelId);
    expect(more, sub.channelId).toEqual([]);
    const run = await store.getDigestRun(sub.id, '2026-06-01');
    expect(run, sub.channelId).toMatchObject({ status: 'posted', attempts: 1, messageTs: message?.ts, deliveryId: message?.deliveryId });
    expect(await store.deliveredPaperIds(sub.teamId, sub.channelId), sub.channelId).toEqual(new Set(message?.paperIds));
    expectNoRepeats(world, sub.channelId);
  }
}

const posted = (reports: readonly DigestTickReport[]): number =>
  reports.reduce((n, report) => n + report.outcomes.filter((o) => o.outcome === 'posted').length, 0);

await describePostgres('digest runner race on Postgres', () => {
  describe('digest runner race on Postgres', () => {
    const harness = postgresHarness(TEST_DATABASE_URL);
    let fake: FakeSlack;
    const open = slackAndStores((started) => (fake = started), () => harness.cleanup());

    it(`two schedulers with their own connections post each of ${COUNT} due digests exactly once`, async () => {
      const url = await harness.freshUrl();
      const a = await open(url, { poolMax: 5 });
      const b = await open(url, { poolMax: 5 });
      await subscribeAll(a);
      const world = new SlackWorld(fake);
      const searchState = await readySearch();
      const one = runnerDeps({ store: a, searchState, poster: slackPoster(fake), instanceId: 'scheduler-a', digestSize: DIGEST_SIZE }).deps;
      const two = runnerDeps({ store: b, searchState, poster: slackPoster(fake), instanceId: 'scheduler-b', digestSize: DIGEST_SIZE }).deps;
      world.now = NINE;

      const started = performance.now();
      const first = await Promise.all([runDueDigests(one, NINE), runDueDigests(two, NINE)]);
      console.info(`[runner race] postgres: ${Math.round(performance.now() - started)} ms; posted by a/b: ${first.map((r) => posted([r])).join('/')}`);
      expect(posted(first)).toBe(COUNT);
      expect(first.flatMap((r) => r.outcomes).filter((o) => o.outcome !== 'posted')).toEqual([]);
      await expectOneMessagePerChannel(world, fake, a);

      // Both tick again (next minute, and after the lease would have expired): nothing more is posted.
      for (const at of [new Date(NINE.getTime() + MINUTE), new Date(NINE.getTime() + 6 * MINUTE)]) {
        world.now = at;
        const again = await Promise.all([runDueDigests(one, at), runDueDigests(two, at)]);
        expect(again.flatMap((r) => r.outcomes)).toEqual([]);
      }
      expect(fake.callsTo('chat.postMessage')).toHaveLength(COUNT);
      const rows = await harness.query<{ status: string; n: number }>(url, 'select status, count(*)::int as n from digest_runs group by status');
      expect(rows).toEqual([{ status: 'posted', n: COUNT }]);
    });
  });
});

describe('digest runner race on SQLite (two scheduler processes, one file)', () => {
  let fake: FakeSlack;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    fake = await new FakeSlack().start();
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill();
    await fake.stop();
  });

  /** A scheduler process; `tick(at)` runs one tick there and resolves with its report. */
  function startScheduler(databaseUrl: string, instanceId: string) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/digests/fixtures/scheduler-process.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, SLACK_API_URL: fake.apiUrl, INSTANCE_ID: instanceId, DIGEST_SIZE: String(DIGEST_SIZE) },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    children.push(child);
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const next = async (): Promise<string> => {
      const { value, done } = await lines.next();
      if (done) throw new Error(`${instanceId} exited (code ${String(child.exitCode)})`);
      return value;
    };
    return {
      ready: next().then((line) => expect(line).toBe('ready')),
      async tick(at: Date): Promise<DigestTickReport> {
        child.stdin.write(`${at.toISOString()}\n`);
        const result = JSON.parse(await next()) as { ok: boolean; error?: string; outcomes?: DigestTickReport['outcomes'] };
        if (!result.ok || !result.outcomes) throw new Error(`${instanceId}: ${result.error ?? 'no outcomes'}`);
        return { outcomes: result.outcomes };
      },
      async stop(): Promise<void> {
        const exited = new Promise((resolveExit) => child.on('close', resolveExit));
        child.stdin.end();
        await exited;
      },
    };
  }

  it(`two scheduler processes post each of ${COUNT} due digests exactly once`, async () => {
    const url = tempSqliteUrl();
    const setupStore = await openStore(url);
    await subscribeAll(setupStore);
    const world = new SlackWorld(fake);
    world.now = NINE;

    const schedulers = [startScheduler(url, 'process-a'), startScheduler(url, 'process-b')];
    try {
      await Promise.all(schedulers.map((s) => s.ready));
      const started = performance.now();
      const first = await Promise.all(schedulers.map((s) => s.tick(NINE)));
      console.info(`[runner race] sqlite: ${Math.round(performance.now() - started)} ms; posted by a/b: ${first.map((r) => posted([r])).join('/')}`);
      expect(posted(first)).toBe(COUNT);
      expect(first.flatMap((r) => r.outcomes).filter((o) => o.outcome !== 'posted')).toEqual([]);

      for (const at of [new Date(NINE.getTime() + MINUTE), new Date(NINE.getTime() + 6 * MINUTE)]) {
        world.now = at;
        const again = await Promise.all(schedulers.map((s) => s.tick(at)));
        expect(again.flatMap((r) => r.outcomes)).toEqual([]);
      }
    } finally {
      await Promise.all(schedulers.map((s) => s.stop()));
    }
    await expectOneMessagePerChannel(world, fake, setupStore);
    await setupStore.close();
    // Two child processes start tsx and load the seed index first: seconds each on a busy machine.
  }, 60_000);
});
