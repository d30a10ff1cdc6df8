/**
 * A simulated week of the digest scheduler: the real runner, a SQLite store in a temp file and the
 * Slack poster talking to a fake Slack, ticked every minute (10,080 ticks) with an injected clock.
 * The week (Thu 2026-10-22 … Wed 2026-10-28) contains the EU fall-back (Sunday 2026-10-25, 02:30
 * happens twice in Berlin). New York across the US spring-forward (2026-03-08) is in
 * runner-week-us-dst.test.ts, its own window, so the two files run in parallel: together they simulate
 * seven subscriptions in six time zones. Every tick costs the runner a claim attempt per active
 * subscription, so this file is the slow one (about 1.5 ms a tick here, ~10 s for the week). Expected instants are written out by hand, not computed with
 * schedule.ts, so a scheduling bug cannot cancel itself out.
 */
import { describe, expect, it } from 'vitest';
import { countMatches } from '../../src/digests/compose.ts';
import { type Cadence, type Store, type Subscription } from '../../src/store/index.ts';
import type { FakeSlack } from '../support/fake-slack.ts';
import { seedPaperSearch } from '../support/test-app.ts';
import {
  SlackWorld,
  expectNoRepeats,
  expectPostedExactlyAt,
  readySearch,
  runnerDeps,
  slackPoster,
  tickEveryMinute,
  utc,
  slackAndStore,
} from './runner-harness.ts';

const DIGEST_SIZE = 2;
const TEAM = 'T1';
/** Few enough seed papers contain all these words that the channel runs out mid-week. */
const EXHAUSTED_TOPIC = 'mixture of experts';

type Key = 'utc' | 'berlinWeekdays' | 'berlinNight' | 'tokyo' | 'kathmandu';

const SPECS: Record<Key, { channelId: string; topic: string; time: string; timezone: string; cadence: Cadence }> = {
  utc: { channelId: 'CUTC', topic: 'speech recognition', time: '09:00', timezone: 'UTC', cadence: 'daily' },
  berlinWeekdays: { channelId: 'CBERLIN', topic: 'sparse attention', time: '08:30', timezone: 'Europe/Berlin', cadence: 'weekdays' },
  berlinNight: { channelId: 'CBERLIN2', topic: 'retrieval', time: '02:30', timezone: 'Europe/Berlin', cadence: 'daily' },
  tokyo: { channelId: 'CTOKYO', topic: 'graph', time: '07:00', timezone: 'Asia/Tokyo', cadence: 'weekly' },
  kathmandu: { channelId: 'CKTM', topic: EXHAUSTED_TOPIC, time: '07:15', timezone: 'Asia/Kathmandu', cadence: 'daily' },
};

/** Thursday 08:00 in Tokyo: the weekly digest goes out on Thursdays (the weekday it was created on there). */
const CREATED_AT = utc('2026-10-21T23:00:00.000Z');
const START = utc('2026-10-22T00:00:00.000Z');
const END = utc('2026-10-29T00:00:00.000Z');

const DAYS = ['2026-10-22', '2026-10-23', '2026-10-24', '2026-10-25', '2026-10-26', '2026-10-27', '2026-10-28'];
const daysAt = (days: readonly string[], time: string): Array<[string, string]> => days.map((day) => [`${day}T${time}:00.000Z`, day]);

/** [UTC instant the digest must be posted at, its local digest date], every digest day of the week. */
const EXPECTED: Record<Key, Array<[string, string]>> = {
  utc: daysAt(DAYS, '09:00'),
  berlinWeekdays: [
    ['2026-10-22T06:30:00.000Z', '2026-10-22'], // Thu, CEST (+2)
    ['2026-10-23T06:30:00.000Z', '2026-10-23'], // Fri
    // Sat 10-24 and Sun 10-25: weekend in Berlin.
    ['2026-10-26T07:30:00.000Z', '2026-10-26'], // Mon, CET (+1) after the fall-back
    ['2026-10-27T07:30:00.000Z', '2026-10-27'],
    ['2026-10-28T07:30:00.000Z', '2026-10-28'],
  ],
  berlinNight: [
    ['2026-10-22T00:30:00.000Z', '2026-10-22'],
    ['2026-10-23T00:30:00.000Z', '2026-10-23'],
    ['2026-10-24T00:30:00.000Z', '2026-10-24'],
    // 02:30 happens twice on 10-25: due at the first (02:30 CEST = 00:30Z), not again at 02:30 CET (01:30Z).
    ['2026-10-25T00:30:00.000Z', '2026-10-25'],
    ['2026-10-26T01:30:00.000Z', '2026-10-26'],
    ['2026-10-27T01:30:00.000Z', '2026-10-27'],
    ['2026-10-28T01:30:00.000Z', '2026-10-28'],
  ],
  // Thursday 10-22 07:00 JST (10-21 22:00Z) was before the subscription existed; the next Thursday in
  // Tokyo (10-29) starts at 10-28 15:00Z, so that digest is dated 10-29 and goes out on 10-28 in UTC.
  tokyo: [['2026-10-28T22:00:00.000Z', '2026-10-29']],
  kathmandu: daysAt(DAYS, '01:30'), // 07:15 at +05:45
};

describe('digest runner: a simulated week, ticked every minute', () => {
  let fake: FakeSlack;
  let store: Store;

  slackAndStore((started) => ({ fake, store } = started));

  it('posts each digest once at its local minute across time zones and the EU fall-back; a topic that runs out goes quiet', async () => {
    const exhaustedMatches = countMatches(await seedPaperSearch(), EXHAUSTED_TOPIC);
    // The seed data must make this topic run out after a few days (else the test proves nothing about it).
    const postDays = Math.ceil(exhaustedMatches / DIGEST_SIZE);
    expect(exhaustedMatches).toBeGreaterThan(DIGEST_SIZE);
    expect(postDays).toBeLessThanOrEqual(5);

    const world = new SlackWorld(fake);
    const { deps } = runnerDeps({ store, searchState: await readySearch(), poster: slackPoster(fake), instanceId: 'scheduler-1', digestSize: DIGEST_SIZE });
    const subs = {} as Record<Key, Subscription>;
    for (const [key, spec] of Object.entries(SPECS) as Array<[Key, (typeof SPECS)[Key]]>) {
      const { subscription } = await store.upsertSubscription({ teamId: TEAM, createdBy: 'U1', now: CREATED_AT, ...spec });
      subs[key] = subscription;
    }

    const { outcomes, ticks, ms } = await tickEveryMinute(world, deps, START, END);
    console.info(`[runner-week] ${ticks} minute ticks, ${Object.keys(SPECS).length} subscriptions: ${Math.round(ms)} ms`);
    expect(ticks).toBe(7 * 24 * 60);

    // Only posts and (for the exhausted topic) nothing_new; Slack never refused or saw an untracked post.
    expect(outcomes.filter((o) => o.outcome !== 'posted' && o.outcome !== 'nothing_new')).toEqual([]);
    expect(world.refused).toEqual([]);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(world.messages.length);

    for (const key of ['utc', 'berlinWeekdays', 'berlinNight', 'tokyo'] as const) {
      await expectPostedExactlyAt(store, world, outcomes, subs[key], EXPECTED[key], DIGEST_SIZE);
    }
    // Weekdays: the local weekend is not a digest day at all (not even claimed).
    for (const day of ['2026-10-24', '2026-10-25']) {
      expect(await store.getDigestRun(subs.berlinWeekdays.id, day), day).toBeNull();
    }

    // The topic that runs out: posts until every matching paper was shown once, then 'nothing_new' on
    // each later digest day (at the right minute), with no message.
    const ktm = subs.kathmandu;
    const ktmMessages = world.in(ktm.channelId);
    expect(ktmMessages.map((m) => m.postedAt.toISOString())).toEqual(EXPECTED.kathmandu.slice(0, postDays).map(([at]) => at));
    const shown = ktmMessages.flatMap((m) => m.paperIds);
    expect(new Set(shown).size).toBe(exhaustedMatches);
    expectNoRepeats(world, ktm.channelId);
    expect(outcomes.filter((o) => o.subscriptionId === ktm.id).map((o) => [o.at, o.digestDate, o.outcome])).toEqual(
      EXPECTED.kathmandu.map(([at, date], i) => [at, date, i < postDays ? 'posted' : 'nothing_new']),
    );
    for (const [i, [, date]] of EXPECTED.kathmandu.entries()) {
      const run = await store.getDigestRun(ktm.id, date);
      expect(run, date).toMatchObject(i < postDays ? { status: 'posted' } : { status: 'nothing_new', messageTs: null });
    }

    // What `/paper list` shows afterwards.
    for (const key of Object.keys(SPECS) as Key[]) {
      const [listed] = await store.listSubscriptions(TEAM, SPECS[key].channelId);
      expect(listed?.lastDigestStatus, key).toBe(key === 'kathmandu' ? 'nothing_new' : 'posted');
      expect(listed?.lastDigestAt?.toISOString(), key).toBe(EXPECTED[key].at(-1)?.[0]);
    }
  }, 60_000); // 10,080 ticks of real scheduler code: ~15–20 s on a loaded 2-core machine, near the default 20 s
});
