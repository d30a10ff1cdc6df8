/**
 * Failed posts, against the fake Slack through the real SlackDigestPoster: rate limits and 5xx are
 * retried on schedule and delivered once; a channel the bot can't post in, or a revoked token, pauses
 * what it must and nothing else; a crash between the post and its record is recovered from the channel
 * history without a second message, and when the history can't be read the run is given up, not reposted.
 */
import { describe, expect, it } from 'vitest';
import type { DigestRunnerDeps } from '../../src/digests/runner.ts';
import type { Store, Subscription } from '../../src/store/index.ts';
import type { FakeSlack } from '../support/fake-slack.ts';
import { tempSqliteUrl } from '../support/test-app.ts';
import { MINUTE, SlackWorld, expectNoRepeats, readySearch, runnerDeps, slackPoster, tick, tickEveryMinute, utc, type TickOutcome, slackAndStores, subscribeDaily } from './runner-harness.ts';

const CREATED = utc('2026-06-01T00:00:00.000Z');
const NINE = utc('2026-06-01T09:00:00.000Z');
const SECOND = 1000;
const plus = (base: Date, ms: number): Date => new Date(base.getTime() + ms);

describe('digest runner: failures', () => {
  let fake: FakeSlack;
  const open = slackAndStores((started) => (fake = started));

  async function setup(options: { wrapStore?: (store: Store) => Store } = {}) {
    const url = tempSqliteUrl();
    const store = await open(url);
    const world = new SlackWorld(fake);
    const searchState = await readySearch();
    const logs: string[] = [];
    const { deps } = runnerDeps({ store: options.wrapStore?.(store) ?? store, searchState, poster: slackPoster(fake), instanceId: 'instance-a', logs });
    const subscribe = (teamId: string, channelId: string, topic = 'speech recognition'): Promise<Subscription> => subscribeDaily(store, { teamId, channelId, topic, now: CREATED });
    return { url, store, world, deps, logs, searchState, subscribe };
  }

  /** Every minute from 08:55 to 09:05 and every 20 minutes in between, June 1–3 (the paused ones are never due again). */
  async function threeMornings(world: SlackWorld, deps: DigestRunnerDeps) {
    const outcomes: TickOutcome[] = [];
    for (let day = 0; day < 3; day++) {
      const nine = plus(NINE, day * 24 * 60 * MINUTE);
      outcomes.push(...(await tickEveryMinute(world, deps, plus(nine, -5 * MINUTE), plus(nine, 6 * MINUTE))).outcomes);
      for (let t = plus(nine, 20 * MINUTE); t < plus(nine, 24 * 60 * MINUTE - 5 * MINUTE); t = plus(t, 20 * MINUTE)) {
        outcomes.push(...(await tick(world, deps, t)).outcomes.map((o) => ({ ...o, at: t.toISOString() })));
      }
    }
    return outcomes;
  }

  const postsTo = (channel: string): number => fake.callsTo('chat.postMessage').filter((call) => call.params.channel === channel).length;

  it('429 with Retry-After: 30 → failed, retried no earlier than 30 s later, then posted once', async () => {
    const { store, world, deps, logs, subscribe } = await setup();
    const sub = await subscribe('T1', 'CRATE');
    fake.answerNext('chat.postMessage', { status: 429, headers: { 'Retry-After': '30' }, body: { ok: false, error: 'ratelimited' } });

    const first = await tick(world, deps, NINE);
    expect(first.outcomes).toEqual([{ subscriptionId: sub.id, digestDate: '2026-06-01', outcome: 'failed', detail: 'ratelimited' }]);
    expect(postsTo('CRATE')).toBe(1); // the refused attempt
    expect(world.in('CRATE')).toEqual([]);
    expect(await store.deliveredPaperIds('T1', 'CRATE')).toEqual(new Set());
    expect(await store.getDigestRun(sub.id, '2026-06-01')).toMatchObject({
      status: 'failed',
      error: 'ratelimited',
      nextAttemptAt: plus(NINE, 30 * SECOND),
      attempts: 1,
    });
    expect((await store.listSubscriptions('T1', 'CRATE'))[0]?.lastDigestStatus).toBe('failed: ratelimited');
    expect(logs.some((line) => /WARN .*ratelimited; retrying in 30 s/.test(line))).toBe(true);

    expect((await tick(world, deps, plus(NINE, 10 * SECOND))).outcomes).toEqual([]);
    expect(postsTo('CRATE')).toBe(1);

    const retried = await tick(world, deps, plus(NINE, 31 * SECOND));
    expect(retried.outcomes.map((o) => o.outcome)).toEqual(['posted']);
    await tickEveryMinute(world, deps, plus(NINE, MINUTE), plus(NINE, 15 * MINUTE));

    expect(postsTo('CRATE')).toBe(2);
    expect(world.in('CRATE').map((m) => m.postedAt)).toEqual([plus(NINE, 31 * SECOND)]);
    const run = await store.getDigestRun(sub.id, '2026-06-01');
    expect(run).toMatchObject({ status: 'posted', attempts: 2, messageTs: world.in('CRATE')[0]?.ts, nextAttemptAt: null });
    expect(await store.deliveredPaperIds('T1', 'CRATE')).toEqual(new Set(world.in('CRATE')[0]?.paperIds));
  });

  it('500 → retried after 1 min, then 2 min (exponential backoff), then delivered once', async () => {
    const { store, world, deps, subscribe } = await setup();
    const sub = await subscribe('T1', 'C5XX');
    fake.answerNext('chat.postMessage', { status: 500, body: { ok: false, error: 'internal_error' } });
    fake.answerNext('chat.postMessage', { status: 503, body: { ok: false, error: 'service_unavailable' } });

    const { outcomes } = await tickEveryMinute(world, deps, plus(NINE, -MINUTE), plus(NINE, 10 * MINUTE));
    expect(outcomes.map((o) => [o.at, o.outcome])).toEqual([
      ['2026-06-01T09:00:00.000Z', 'failed'],
      ['2026-06-01T09:01:00.000Z', 'failed'],
      ['2026-06-01T09:03:00.000Z', 'posted'],
    ]);
    expect(postsTo('C5XX')).toBe(3);
    expect(world.in('C5XX').map((m) => m.postedAt.toISOString())).toEqual(['2026-06-01T09:03:00.000Z']);
    expect(await store.getDigestRun(sub.id, '2026-06-01')).toMatchObject({ status: 'posted', attempts: 3 });
    expect(await store.deliveredPaperIds('T1', 'C5XX')).toEqual(new Set(world.in('C5XX')[0]?.paperIds));
  });

  it('not_in_channel / is_archived pause every subscription of that channel only; no posts there on later days', async () => {
    const { store, world, deps, subscribe } = await setup();
    const kicked = [await subscribe('T1', 'CKICKED', 'speech recognition'), await subscribe('T1', 'CKICKED', 'diffusion')];
    const archived = await subscribe('T1', 'CARCHIVED');
    const fine = await subscribe('T1', 'CFINE');
    world.breakChannel('CKICKED', 'not_in_channel');
    world.breakChannel('CARCHIVED', 'is_archived');

    const outcomes = await threeMornings(world, deps);

    const broken = outcomes.filter((o) => o.subscriptionId !== fine.id).map((o) => [o.subscriptionId, o.at, o.outcome, o.detail]);
    expect(broken).toContainEqual([kicked[0]?.id, '2026-06-01T09:00:00.000Z', 'paused', 'not_in_channel']);
    expect(broken).toContainEqual([archived.id, '2026-06-01T09:00:00.000Z', 'paused', 'is_archived']);
    // The channel's second topic, queued behind the first in that tick, finds the channel paused and is not tried.
    expect(broken.filter(([id]) => id !== kicked[0]?.id && id !== archived.id)).toEqual([]);
    // Slack saw nothing for those channels after that first tick; the healthy channel got all three days.
    expect(world.refused.every((r) => r.at.toISOString() === '2026-06-01T09:00:00.000Z')).toBe(true);
    expect(postsTo('CKICKED')).toBe(1);
    expect(postsTo('CARCHIVED')).toBe(1);
    expect(world.in('CKICKED')).toEqual([]);
    expect(world.in('CARCHIVED')).toEqual([]);
    expect(world.in('CFINE').map((m) => m.postedAt.toISOString())).toEqual([
      '2026-06-01T09:00:00.000Z',
      '2026-06-02T09:00:00.000Z',
      '2026-06-03T09:00:00.000Z',
    ]);
    expectNoRepeats(world, 'CFINE');

    // The pause is visible in the store (what /paper list shows), and the runs are given up, not retried.
    expect((await store.listSubscriptions('T1', 'CKICKED')).map((s) => [s.pausedReason, s.lastDigestStatus])).toEqual([
      ['not_in_channel', 'failed: not_in_channel'],
      ['not_in_channel', null],
    ]);
    expect((await store.listSubscriptions('T1', 'CARCHIVED'))[0]?.pausedReason).toBe('is_archived');
    expect((await store.listSubscriptions('T1', 'CFINE'))[0]).toMatchObject({ pausedReason: null, lastDigestStatus: 'posted' });
    expect((await store.allActiveSubscriptions()).map((s) => s.id)).toEqual([fine.id]);
    expect(await store.getDigestRun(archived.id, '2026-06-01')).toMatchObject({ status: 'failed', error: 'is_archived', nextAttemptAt: null });
    expect(await store.getDigestRun(archived.id, '2026-06-02')).toBeNull();
  });

  it('token_revoked pauses the workspace: none of its channels is posted to again; other workspaces still get theirs', async () => {
    const { store, world, deps, subscribe } = await setup();
    const revoked = [await subscribe('TREVOKED', 'CR1'), await subscribe('TREVOKED', 'CR2')];
    const other = await subscribe('TOTHER', 'CO1');
    world.breakTeam('TREVOKED', 'token_revoked');

    const outcomes = await threeMornings(world, deps);

    expect(outcomes.filter((o) => o.subscriptionId !== other.id).every((o) => o.at === '2026-06-01T09:00:00.000Z' && o.outcome === 'paused')).toBe(true);
    expect((await store.getWorkspace('TREVOKED'))?.pausedReason).toBe('token_revoked');
    expect(await store.getWorkspace('TOTHER')).toBeNull();
    expect(world.refused.every((r) => r.at.toISOString() === '2026-06-01T09:00:00.000Z')).toBe(true);
    expect(postsTo('CR1') + postsTo('CR2')).toBeLessThanOrEqual(2);
    expect([...world.in('CR1'), ...world.in('CR2')]).toEqual([]);
    expect(world.in('CO1').map((m) => m.postedAt.toISOString())).toEqual([
      '2026-06-01T09:00:00.000Z',
      '2026-06-02T09:00:00.000Z',
      '2026-06-03T09:00:00.000Z',
    ]);
    expect((await store.allActiveSubscriptions()).map((s) => s.id)).toEqual([other.id]);
    for (const sub of revoked) expect(await store.getDigestRun(sub.id, '2026-06-02'), `#${sub.id}`).toBeNull();
  });

  it('missing_scope on chat.postMessage pauses the workspace instead of retrying all day', async () => {
    const { store, world, deps, subscribe } = await setup();
    const sub = await subscribe('TSCOPE', 'CSCOPE');
    fake.answerNext('chat.postMessage', { body: { ok: false, error: 'missing_scope', needed: 'chat:write', provided: 'commands' } });

    const { outcomes } = await tickEveryMinute(world, deps, NINE, plus(NINE, 3 * 60 * MINUTE));
    expect(outcomes.map((o) => [o.at, o.outcome, o.detail])).toEqual([['2026-06-01T09:00:00.000Z', 'paused', 'missing_scope']]);
    expect(postsTo('CSCOPE')).toBe(1);
    expect((await store.getWorkspace('TSCOPE'))?.pausedReason).toBe('missing_scope');
    expect(await store.getDigestRun(sub.id, '2026-06-01')).toMatchObject({ status: 'failed', nextAttemptAt: null });
  });

  it('invalid_blocks / msg_too_long give the run up at once (logged), instead of posting the same refused message all day', async () => {
    for (const [channel, error] of [['CBLOCKS', 'invalid_blocks'], ['CLONG', 'msg_too_long']] as const) {
      const { store, world, deps, logs, subscribe } = await setup();
      const sub = await subscribe('TMSG', channel);
      fake.answerNext('chat.postMessage', { body: { ok: false, error } });

      const { outcomes } = await tickEveryMinute(world, deps, NINE, plus(NINE, 3 * 60 * MINUTE));
      expect(outcomes.map((o) => [o.at, o.outcome, o.detail])).toEqual([['2026-06-01T09:00:00.000Z', 'failed', error]]);
      expect(postsTo(channel)).toBe(1);
      expect(await store.getDigestRun(sub.id, '2026-06-01')).toMatchObject({ status: 'failed', nextAttemptAt: null });
      // Neither the channel nor the workspace is paused: tomorrow's digest is tried again.
      expect((await store.listSubscriptions('TMSG', channel))[0]?.pausedReason).toBeNull();
      expect((await store.getWorkspace('TMSG'))?.pausedReason ?? null).toBeNull();
      expect(logs.some((line) => line.includes(`Slack refused the message (${error}); not retrying this digest`))).toBe(true);
      const next = await tickEveryMinute(world, deps, plus(NINE, 24 * 60 * MINUTE), plus(NINE, 24 * 60 * MINUTE + MINUTE));
      expect(next.outcomes.map((o) => o.outcome)).toEqual(['posted']);
    }
  });

  describe('crash between the post and its record', () => {
    /** The instance that posted "dies" before recording: its store throws once from a 'posted' completion. */
    function dyingAfterPost(store: Store): Store {
      let died = false;
      return new Proxy(store, {
        get(target, property) {
          if (property === 'completeDigest') {
            const complete: Store['completeDigest'] = async (claim, input) => {
              if (!died && input.status === 'posted') {
                died = true;
                throw new Error('process killed after chat.postMessage');
              }
              return target.completeDigest(claim, input);
            };
            return complete;
          }
          const value: unknown = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    }

    async function crashThenTakeOver(channel: string) {
      const env = await setup({ wrapStore: dyingAfterPost });
      const sub = await env.subscribe('T1', channel);
      // Instance A posts at 09:00 and dies before recording it.
      const crashed = await tick(env.world, env.deps, NINE);
      expect(crashed.outcomes).toEqual([{ subscriptionId: sub.id, digestDate: '2026-06-01', outcome: 'failed', detail: 'unexpected error' }]);
      expect(env.world.in(channel)).toHaveLength(1);
      expect(await env.store.getDigestRun(sub.id, '2026-06-01')).toMatchObject({ status: 'claimed', claimedBy: 'instance-a', attempts: 1 });
      expect(await env.store.deliveredPaperIds('T1', channel)).toEqual(new Set());
      // Instance B keeps ticking; the claim is A's until its 5-minute lease runs out.
      const b: DigestRunnerDeps = { ...env.deps, store: env.store, instanceId: 'instance-b' };
      return { ...env, sub, b };
    }

    it('the next instance finds the message in the channel history and records it without posting again', async () => {
      const { store, world, logs, sub, b } = await crashThenTakeOver('CCRASH');
      const first = world.in('CCRASH')[0];
      const historyCalls = () => fake.callsTo('conversations.history').filter((call) => call.params.channel === 'CCRASH');

      const during = await tickEveryMinute(world, b, plus(NINE, MINUTE), plus(NINE, 6 * MINUTE));
      expect(during.outcomes).toEqual([]);
      expect(historyCalls()).toHaveLength(0);

      const after = await tickEveryMinute(world, b, plus(NINE, 6 * MINUTE), plus(NINE, 30 * MINUTE));
      expect(after.outcomes.map((o) => [o.at, o.outcome])).toEqual([['2026-06-01T09:06:00.000Z', 'recovered']]);
      const history = historyCalls();
      expect(history).toHaveLength(1);
      expect(history[0]?.params).toMatchObject({ channel: 'CCRASH', include_all_metadata: 'true' });
      expect(postsTo('CCRASH')).toBe(1);
      expect(await store.getDigestRun(sub.id, '2026-06-01')).toMatchObject({ status: 'posted', attempts: 2, claimedBy: 'instance-b', messageTs: first?.ts });
      expect(await store.deliveredPaperIds('T1', 'CCRASH')).toEqual(new Set(first?.paperIds));
      expect(logs.some((line) => line.includes(`found the message an earlier attempt posted (${first?.ts})`))).toBe(true);

      // The next day's digest has none of the recovered message's papers.
      await tickEveryMinute(world, b, plus(NINE, 24 * 60 * MINUTE - MINUTE), plus(NINE, 24 * 60 * MINUTE + MINUTE));
      expect(world.in('CCRASH')).toHaveLength(2);
      expectNoRepeats(world, 'CCRASH');
    });

    it('in a busy channel, the message is found however many were written after it: the history is read page by page', async () => {
      const { store, world, sub, b } = await crashThenTakeOver('CCHATTY');
      const first = world.in('CCHATTY')[0];
      // Every instance is down until 11:00; meanwhile people write 250 messages in the channel.
      world.now = plus(NINE, 60 * MINUTE);
      world.say('CCHATTY', 250);

      const { outcomes } = await tickEveryMinute(world, b, plus(NINE, 120 * MINUTE), plus(NINE, 125 * MINUTE));
      expect(outcomes.map((o) => [o.at, o.outcome])).toEqual([['2026-06-01T11:00:00.000Z', 'recovered']]);
      expect(postsTo('CCHATTY')).toBe(1);
      expect(world.in('CCHATTY')).toHaveLength(1);
      expect(await store.getDigestRun(sub.id, '2026-06-01')).toMatchObject({ status: 'posted', messageTs: first?.ts });
      expect(await store.deliveredPaperIds('T1', 'CCHATTY')).toEqual(new Set(first?.paperIds));
    });

    it('a history too long to read to the end gives the run up instead of posting again', async () => {
      const { store, world, logs, sub, b } = await crashThenTakeOver('CFLOOD');
      world.now = plus(NINE, 60 * MINUTE);
      world.say('CFLOOD', 5_000);

      const { outcomes } = await tickEveryMinute(world, b, plus(NINE, 120 * MINUTE), plus(NINE, 125 * MINUTE));
      expect(outcomes.map((o) => [o.at, o.outcome, o.detail])).toEqual([['2026-06-01T11:00:00.000Z', 'failed', 'unverifiable']]);
      expect(postsTo('CFLOOD')).toBe(1);
      expect(await store.getDigestRun(sub.id, '2026-06-01')).toMatchObject({ status: 'failed', nextAttemptAt: null });
      expect(logs.some((line) => /cannot check whether an earlier attempt posted \(history_too_long\); not posting again/.test(line))).toBe(true);
    });

    it('when the history cannot be read (missing_scope) the run is given up: exactly one message in total', async () => {
      const { store, world, logs, sub, b } = await crashThenTakeOver('CNOSCOPE');
      const historyBefore = fake.callsTo('conversations.history').length; // the fake keeps calls across tests
      world.historyAnswer = () => ({ body: { ok: false, error: 'missing_scope', needed: 'channels:history', provided: 'chat:write' } });

      const { outcomes } = await tickEveryMinute(world, b, plus(NINE, MINUTE), plus(NINE, 13 * 60 * MINUTE));
      expect(outcomes.map((o) => [o.at, o.outcome, o.detail])).toEqual([['2026-06-01T09:06:00.000Z', 'failed', 'unverifiable']]);
      expect(fake.callsTo('conversations.history').length - historyBefore).toBe(1);
      expect(postsTo('CNOSCOPE')).toBe(1);
      expect(world.in('CNOSCOPE')).toHaveLength(1);
      expect(await store.getDigestRun(sub.id, '2026-06-01')).toMatchObject({
        status: 'failed',
        error: 'unverifiable: missing_scope',
        nextAttemptAt: null,
      });
      expect((await store.listSubscriptions('T1', 'CNOSCOPE'))[0]).toMatchObject({ pausedReason: null, lastDigestStatus: 'failed: unverifiable: missing_scope' });
      expect(logs.some((line) => /ERROR .*cannot check whether an earlier attempt posted \(missing_scope\); not posting again/.test(line))).toBe(true);
    });
  });
});
