/**
 * A process killed (kill -9, a crash, a dyno restart) in the middle of posting a digest: its claim must not hold the
 * digest for the rest of the 5-minute lease. The killed instance is a real scheduler process
 * (fixtures/scheduler-process.ts) on the same database; the instance that comes back (or any other) is this one, at
 * the next minute's tick. It takes the run over at once, looks in the channel's history first (the killed post may
 * have reached Slack) and posts it, or records the one that got there: one digest in the channel either way. While
 * the process is alive (stuck on a Slack call) its claim is not taken (runner-lease.test.ts: not before the lease
 * ends). SQLite (processes on one host) and Postgres.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { runDueDigests } from '../../src/digests/runner.ts';
import { newInstanceId } from '../../src/store/index.ts';
import { storeHarnesses } from '../store/harness.ts';
import type { FakeSlack } from '../support/fake-slack.ts';
import { MINUTE, SlackWorld, readySearch, runnerDeps, slackAndStores, slackPoster, subscribeDaily, utc } from './runner-harness.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CREATED = utc('2026-06-01T08:00:00.000Z');
const NINE = utc('2026-06-01T09:00:00.000Z');
const at = (minutes: number): Date => new Date(NINE.getTime() + minutes * MINUTE);

const harnesses = await storeHarnesses('killed claim holder');

for (const makeHarness of harnesses) {
  const harness = makeHarness();
  describe(`a digest claimed by a process that was killed (${harness.label})`, () => {
    let fake: FakeSlack;
    const open = slackAndStores((started) => (fake = started), () => harness.cleanup());
    const children: ChildProcess[] = [];
    afterAll(() => {
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });

    /** Postgres: the name the scheduler process's connections give the server, so `kill` can see them close. */
    const connectionNames = new Map<ChildProcess, string>();

    /** A scheduler process on `databaseUrl` that ticks at NINE, once its post reached Slack (not waiting for an answer). */
    async function schedulerPostingAtNine(databaseUrl: string): Promise<ChildProcess> {
      const postsBefore = fake.callsTo('chat.postMessage').length;
      const connectionName = `killed-holder-${randomBytes(6).toString('hex')}`;
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/digests/fixtures/scheduler-process.ts'], {
        cwd: ROOT,
        env: {
          ...process.env,
          DATABASE_URL: harness.label === 'postgres' ? `${databaseUrl}&application_name=${connectionName}` : databaseUrl,
          SLACK_API_URL: fake.apiUrl,
        },
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      children.push(child);
      connectionNames.set(child, connectionName);
      const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
      const { value } = await lines.next();
      expect(value).toBe('ready');
      child.stdin.write(`${NINE.toISOString()}\n`);
      await fake.waitFor('chat.postMessage', postsBefore + 1, 60_000);
      return child;
    }

    async function setup(channelId: string) {
      const url = await harness.freshUrl();
      const store = await open(url);
      const subscription = await subscribeDaily(store, { channelId, now: CREATED });
      const world = new SlackWorld(fake);
      world.now = NINE;
      const restarted = runnerDeps({ store, searchState: await readySearch(), poster: slackPoster(fake), instanceId: newInstanceId() });
      return { url, store, subscription, world, restarted: restarted.deps, logs: restarted.logs };
    }

    /**
     * Kills the process (SIGKILL) and waits for it to be gone. On Postgres also for the server to have closed its
     * connections (with them its claim-holder lock): the server sees a killed client's connections drop a moment after
     * the process is gone, not at once (right after the exit, the lock was still held 13 times in 60 in a trial), while
     * the next minute's tick, which the tests stand for, comes a minute later. Everything asserted after is unchanged.
     */
    async function kill(child: ChildProcess, url: string): Promise<void> {
      const postgres = harness.label === 'postgres';
      const name = connectionNames.get(child) ?? '';
      const openConnections = async (): Promise<number> =>
        (await harness.query<{ n: number }>(url, `select count(*)::int as n from pg_stat_activity where application_name = '${name}'`))[0]?.n ?? 0;
      // Its claim-holder lock connection at least (idle pool connections may have closed): the wait below waits on it.
      if (postgres) expect(await openConnections()).toBeGreaterThanOrEqual(1);
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
      if (!postgres) return;
      const deadline = Date.now() + 20_000;
      for (;;) {
        const open = await openConnections();
        if (open === 0) return;
        if (Date.now() > deadline) throw new Error(`the killed process's ${open} connection(s) are still open on the server after 20 s`);
        await new Promise((done) => setTimeout(done, 20));
      }
    }

    it('alive and stuck on its post, it keeps the claim; killed before Slack had the post, the next minute the digest is claimed again and posted, once', async () => {
      const { url, store, subscription, world, restarted } = await setup('CKILL1');
      // The first post never reaches the channel, nor gets an answer.
      world.postAnswer = (call) => (call.params.channel === 'CKILL1' && world.postAttempts('CKILL1').length === 1 ? { hang: true } : undefined);
      const child = await schedulerPostingAtNine(url);
      for (const minute of [1, 2]) {
        world.now = at(minute);
        expect((await runDueDigests(restarted, at(minute))).outcomes).toEqual([]);
      }
      expect(await store.getDigestRun(subscription.id, '2026-06-01')).toMatchObject({ status: 'claimed', attempts: 1 });

      await kill(child, url);
      world.now = at(3);
      const report = await runDueDigests(restarted, at(3));
      expect(report.outcomes).toEqual([{ subscriptionId: subscription.id, digestDate: '2026-06-01', outcome: 'posted' }]);
      expect(world.in('CKILL1')).toHaveLength(1);
      expect(await store.getDigestRun(subscription.id, '2026-06-01')).toMatchObject({ status: 'posted', attempts: 2, claimedBy: restarted.instanceId });
    }, 90_000);

    it('killed after Slack took the post but before it was recorded: the next minute it is found in the history, not posted again', async () => {
      const { url, store, subscription, world, restarted } = await setup('CKILL2');
      world.acceptThenHang.add('CKILL2');
      const child = await schedulerPostingAtNine(url);
      await kill(child, url);
      expect(world.in('CKILL2')).toHaveLength(1);

      world.now = at(1);
      const report = await runDueDigests(restarted, at(1));
      expect(report.outcomes).toEqual([{ subscriptionId: subscription.id, digestDate: '2026-06-01', outcome: 'recovered' }]);
      expect(world.in('CKILL2')).toHaveLength(1);
      expect(await store.getDigestRun(subscription.id, '2026-06-01')).toMatchObject({ status: 'posted', messageTs: world.in('CKILL2')[0]?.ts });
    }, 90_000);
  });
}
