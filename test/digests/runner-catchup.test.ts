/**
 * The bot was down: digests missed by less than the catch-up window (12 h) go out once when it comes
 * back; older ones are recorded 'skipped' once and logged, never sent late; a restart (store closed and
 * reopened from the same SQLite file, new instance id) never reposts. Real runner, SQLite temp file,
 * Slack poster against the fake Slack, injected clock.
 */
import { describe, expect, it } from 'vitest';
import type { DigestRunnerDeps } from '../../src/digests/runner.ts';
import type { Store, Subscription } from '../../src/store/index.ts';
import type { FakeSlack } from '../support/fake-slack.ts';
import { tempSqliteUrl } from '../support/test-app.ts';
import { MINUTE, SlackWorld, readySearch, runnerDeps, slackPoster, tick, tickEveryMinute, utc, type TickOutcome, slackAndStores, subscribeDaily } from './runner-harness.ts';

const SKIP_LOG = /WARN .*digest #\d+ "speech recognition" for (\d{4}-\d{2}-\d{2}) was due at (\S+), outside the catch-up window: skipped/;

describe('digest runner: catching up after downtime', () => {
  let fake: FakeSlack;
  const open = slackAndStores((started) => (fake = started));

  /** One running bot process: its own store connection, poster and instance id; logs shared across restarts. */
  async function boot(url: string, instanceId: string, logs: string[]): Promise<{ store: Store; deps: DigestRunnerDeps }> {
    const store = await open(url);
    const { deps } = runnerDeps({ store, searchState: await readySearch(), poster: slackPoster(fake), instanceId, logs });
    return { store, deps };
  }

  const subscribe = (store: Store, channelId: string, time: string, now: Date): Promise<Subscription> => subscribeDaily(store, { channelId, time, now });

  const skipLogs = (logs: readonly string[]): Array<[string, string]> =>
    logs.flatMap((line) => {
      const match = SKIP_LOG.exec(line);
      return match?.[1] && match[2] ? [[match[1], match[2]] as [string, string]] : [];
    });

  it('down 08:00–15:00 posts once at 15:00; down two days skips the old one (logged once) and sends today\'s; restarts never repost', async () => {
    const url = tempSqliteUrl();
    const logs: string[] = [];
    const world = new SlackWorld(fake);
    let bot = await boot(url, 'instance-a', logs);
    const sub = await subscribe(bot.store, 'CCATCH', '09:00', utc('2026-06-01T00:00:00.000Z'));
    const outcomes: TickOutcome[] = [];
    const run = async (from: string, to: string): Promise<void> => {
      outcomes.push(...(await tickEveryMinute(world, bot.deps, utc(from), utc(to))).outcomes);
    };

    // Up until 08:00, down until 15:00 (the 09:00 digest was missed by 6 h: inside the window).
    await run('2026-06-01T07:00:00.000Z', '2026-06-01T08:00:00.000Z');
    expect(world.in('CCATCH')).toEqual([]);
    await run('2026-06-01T15:00:00.000Z', '2026-06-01T16:00:00.000Z');
    expect(world.in('CCATCH').map((m) => m.postedAt.toISOString())).toEqual(['2026-06-01T15:00:00.000Z']);
    expect(outcomes).toEqual([{ subscriptionId: sub.id, digestDate: '2026-06-01', outcome: 'posted', at: '2026-06-01T15:00:00.000Z' }]);

    // Restart: same file, new process. Still inside June 1's window: nothing is posted again.
    await bot.store.close();
    bot = await boot(url, 'instance-b', logs);
    await run('2026-06-01T16:00:00.000Z', '2026-06-01T16:30:00.000Z');
    expect(world.in('CCATCH')).toHaveLength(1);

    // Down from 16:30 on June 1 until 10:00 on June 3, and restarted: June 2 (49 h ago) is out of the
    // window; June 3 09:00 (1 h ago) is in it.
    await bot.store.close();
    bot = await boot(url, 'instance-c', logs);
    await run('2026-06-03T10:00:00.000Z', '2026-06-03T12:00:00.000Z');
    expect(world.in('CCATCH').map((m) => m.postedAt.toISOString())).toEqual(['2026-06-01T15:00:00.000Z', '2026-06-03T10:00:00.000Z']);
    expect(outcomes.slice(1).map((o) => [o.at, o.digestDate, o.outcome]).sort()).toEqual(
      [
        ['2026-06-03T10:00:00.000Z', '2026-06-02', 'skipped'],
        ['2026-06-03T10:00:00.000Z', '2026-06-03', 'posted'],
      ].sort(),
    );
    expect(await bot.store.getDigestRun(sub.id, '2026-06-02')).toMatchObject({ status: 'skipped', messageTs: null, attempts: 1 });
    expect(await bot.store.getDigestRun(sub.id, '2026-06-03')).toMatchObject({ status: 'posted', claimedBy: 'instance-c' });
    expect(skipLogs(logs)).toEqual([['2026-06-02', '2026-06-02T09:00:00.000Z']]);

    // Restart again, and keep ticking past the end of June 3's window: no repost, no second skip.
    await bot.store.close();
    bot = await boot(url, 'instance-d', logs);
    await run('2026-06-03T12:00:00.000Z', '2026-06-03T12:30:00.000Z');
    await run('2026-06-03T20:55:00.000Z', '2026-06-03T21:10:00.000Z');
    expect(world.in('CCATCH')).toHaveLength(2);
    expect(outcomes).toHaveLength(3);
    expect(skipLogs(logs)).toHaveLength(1);
    expect(fake.callsTo('chat.postMessage').filter((c) => c.params.channel === 'CCATCH')).toHaveLength(2);
    const papers = world.in('CCATCH').flatMap((m) => m.paperIds);
    expect(new Set(papers).size).toBe(papers.length);
    const [listed] = await bot.store.listSubscriptions('T1', 'CCATCH');
    expect(listed).toMatchObject({ lastDigestStatus: 'posted', lastDigestAt: utc('2026-06-03T10:00:00.000Z') });
  });

  it('back before today\'s time: yesterday\'s missed digest is skipped and logged once, today\'s goes out on time', async () => {
    const logs: string[] = [];
    const world = new SlackWorld(fake);
    const bot = await boot(tempSqliteUrl(), 'instance-a', logs);
    const sub = await subscribe(bot.store, 'CEARLY', '09:00', utc('2026-06-01T00:00:00.000Z'));
    const first = await tickEveryMinute(world, bot.deps, utc('2026-06-01T08:50:00.000Z'), utc('2026-06-01T09:10:00.000Z'));
    // Down from 09:10 on June 1 to 08:00 on June 3.
    const back = await tickEveryMinute(world, bot.deps, utc('2026-06-03T08:00:00.000Z'), utc('2026-06-03T09:30:00.000Z'));

    expect(world.in('CEARLY').map((m) => m.postedAt.toISOString())).toEqual(['2026-06-01T09:00:00.000Z', '2026-06-03T09:00:00.000Z']);
    expect([...first.outcomes, ...back.outcomes].map((o) => [o.at, o.digestDate, o.outcome])).toEqual([
      ['2026-06-01T09:00:00.000Z', '2026-06-01', 'posted'],
      ['2026-06-03T08:00:00.000Z', '2026-06-02', 'skipped'],
      ['2026-06-03T09:00:00.000Z', '2026-06-03', 'posted'],
    ]);
    expect(await bot.store.getDigestRun(sub.id, '2026-06-02')).toMatchObject({ status: 'skipped' });
    expect(skipLogs(logs)).toEqual([['2026-06-02', '2026-06-02T09:00:00.000Z']]);
  });

  it('the 12 h window is inclusive: missed by exactly 12 h goes out, by 12 h 1 min is skipped', async () => {
    const logs: string[] = [];
    const world = new SlackWorld(fake);
    const bot = await boot(tempSqliteUrl(), 'instance-a', logs);
    const createdAt = utc('2026-06-01T00:00:00.000Z');
    const onEdge = await subscribe(bot.store, 'CEDGE', '09:00', createdAt);
    const past = await subscribe(bot.store, 'CPAST', '08:59', createdAt);

    // Down all morning; back at 21:00.
    const first = await tick(world, bot.deps, utc('2026-06-01T21:00:00.000Z'));
    const later = await tick(world, bot.deps, new Date(utc('2026-06-01T21:00:00.000Z').getTime() + MINUTE));

    expect(world.in('CEDGE').map((m) => m.postedAt.toISOString())).toEqual(['2026-06-01T21:00:00.000Z']);
    expect(world.in('CPAST')).toEqual([]);
    expect(first.outcomes.map((o) => [o.subscriptionId, o.outcome])).toEqual([
      [onEdge.id, 'posted'],
      [past.id, 'skipped'],
    ]);
    expect(later.outcomes).toEqual([]);
    expect(await bot.store.getDigestRun(past.id, '2026-06-01')).toMatchObject({ status: 'skipped' });
    expect(logs.filter((line) => line.includes('outside the catch-up window'))).toHaveLength(1);
  });

  it('a digest that fell while the subscription was paused is not reported as skipped because the bot was down', async () => {
    const logs: string[] = [];
    const world = new SlackWorld(fake);
    const bot = await boot(tempSqliteUrl(), 'instance-a', logs);
    const sub = await subscribe(bot.store, 'CPAUSED', '09:00', utc('2026-06-01T00:00:00.000Z'));
    await tick(world, bot.deps, utc('2026-06-01T09:00:00.000Z'));
    // Paused from the App Home after Monday's digest, resumed on Wednesday evening, past Wednesday's time.
    await bot.store.setSubscriptionPaused('T1', sub.id, 'paused_by_user', utc('2026-06-01T10:00:00.000Z'));
    await tick(world, bot.deps, utc('2026-06-02T09:00:00.000Z'));
    await bot.store.setSubscriptionPaused('T1', sub.id, null, utc('2026-06-03T22:00:00.000Z'));

    const resumed = await tickEveryMinute(world, bot.deps, utc('2026-06-03T22:01:00.000Z'), utc('2026-06-03T22:05:00.000Z'));
    expect(resumed.outcomes).toEqual([]);
    expect(await bot.store.getDigestRun(sub.id, '2026-06-03')).toBeNull();
    expect((await bot.store.listSubscriptions('T1', 'CPAUSED'))[0]).toMatchObject({ lastDigestStatus: 'posted' });
    expect(logs.filter((line) => line.includes('outside the catch-up window'))).toEqual([]);
    const thursday = await tick(world, bot.deps, utc('2026-06-04T09:00:00.000Z'));
    expect(thursday.outcomes.map((o) => [o.digestDate, o.outcome])).toEqual([['2026-06-04', 'posted']]);
    expect(world.in('CPAUSED')).toHaveLength(2);
  });
});
