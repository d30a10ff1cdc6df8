/**
 * Slack fails a channel's digest all day (a 500 on every post) while the bot is up and retrying. When the digest
 * leaves the 12-hour catch-up window it is given up as failed, with Slack's error: `/paper list` must not say
 * "skipped (too late to send)", and the log must not blame downtime. A digest nobody tried (the bot really was down)
 * is still recorded as skipped.
 */
import { describe, expect, it } from 'vitest';
import { subscriptionListMessage } from '../../src/views/subscription-list.ts';
import type { FakeSlack } from '../support/fake-slack.ts';
import { SlackWorld, readySearch, runnerDeps, slackAndFreshStores, slackPoster, subscribeDaily, tickEveryMinute, utc } from './runner-harness.ts';

describe('digest runner: a digest Slack kept failing for 12 hours', () => {
  let fake: FakeSlack;
  const newStore = slackAndFreshStores((started) => (fake = started));

  it('is given up as failed with Slack\'s error, not reported as skipped because the bot was down; the next day goes out', async () => {
    const store = await newStore();
    const world = new SlackWorld(fake);
    const { deps, logs } = runnerDeps({ store, searchState: await readySearch(), poster: slackPoster(fake), instanceId: 'instance-a' });
    const sub = await subscribeDaily(store, { channelId: 'CSTUCK', now: utc('2026-06-01T00:00:00.000Z') });
    world.postAnswer = (call) =>
      call.params.channel === 'CSTUCK' && world.now < utc('2026-06-02T00:00:00.000Z') ? { status: 500, body: { ok: false, error: 'internal_error' } } : undefined;

    const morning = await tickEveryMinute(world, deps, utc('2026-06-01T08:59:00.000Z'), utc('2026-06-01T12:00:00.000Z'));
    const slackSaid = (await store.getDigestRun(sub.id, '2026-06-01'))?.error ?? '';
    expect(slackSaid).toBe('http_500');
    const evening = await tickEveryMinute(world, deps, utc('2026-06-01T12:00:00.000Z'), utc('2026-06-02T00:00:00.000Z'));
    const day = { outcomes: [...morning.outcomes, ...evening.outcomes] };

    expect(world.in('CSTUCK')).toEqual([]);
    expect(day.outcomes.filter((o) => o.outcome !== 'failed')).toEqual([]);
    const run = await store.getDigestRun(sub.id, '2026-06-01');
    expect(run).toMatchObject({ status: 'failed', nextAttemptAt: null });
    expect(run?.error).toBe(`${slackSaid}; given up after 12 h`);
    const [listed] = await store.listSubscriptions('T1', 'CSTUCK');
    expect(listed?.lastDigestStatus).toBe(`failed: ${slackSaid}; given up after 12 h`);
    const list = JSON.stringify(
      subscriptionListMessage({
        items: [{ id: sub.id, topic: sub.topic, scheduleText: 'every day at 09:00 UTC', nextRunText: null, pausedReason: null, lastDigest: { atText: 'Mon 21:00', status: listed?.lastDigestStatus ?? '' } }],
      }).blocks,
    );
    expect(list).toContain('failed (http_500; given up after 12 h)');
    expect(list).not.toContain('bot was down');
    expect(logs.filter((line) => line.includes('outside the catch-up window'))).toEqual([]);
    expect(logs.filter((line) => /WARN .*digest #\d+ .*for 2026-06-01 given up: Slack kept failing \(.*500.*\) for 12 h/.test(line))).toHaveLength(1);

    // Slack is back the next day: the next digest goes out at its time.
    const next = await tickEveryMinute(world, deps, utc('2026-06-02T08:59:00.000Z'), utc('2026-06-02T09:02:00.000Z'));
    expect(next.outcomes.map((o) => [o.at, o.digestDate, o.outcome])).toEqual([['2026-06-02T09:00:00.000Z', '2026-06-02', 'posted']]);
    expect(world.in('CSTUCK')).toHaveLength(1);
  });
});
