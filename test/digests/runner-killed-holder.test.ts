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

    /** A scheduler process on `databaseUrl` that ticks at NINE, once its post reached Slack (not waiting for an answer). */
    async function schedulerPostingAtNine(databaseUrl: string): Promise<ChildProcess> {
      const postsBefore = fake.callsTo('chat.postMessage').length;
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/digests/fixtures/scheduler-process.ts'], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: databaseUrl, SLACK_API_URL: fake.apiUrl },
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      children.push(child);
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

    async function kill(child: ChildProcess): Promise<void> {
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
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

      await kill(child);
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
      await kill(child);
      expect(world.in('CKILL2')).toHaveLength(1);

      world.now = at(1);
      const report = await runDueDigests(restarted, at(1));
      expect(report.outcomes).toEqual([{ subscriptionId: subscription.id, digestDate: '2026-06-01', outcome: 'recovered' }]);
      expect(world.in('CKILL2')).toHaveLength(1);
      expect(await store.getDigestRun(subscription.id, '2026-06-01')).toMatchObject({ status: 'posted', messageTs: world.in('CKILL2')[0]?.ts });
    }, 90_000);
  });
}
