/**
 * A simulated week of the digest scheduler: the real runner, a SQLite store in a temp file and the
 * Slack poster talking to a fake Slack, ticked every minute with an injected clock. Two weeks are
 * simulated, each containing a DST change: the US spring-forward (2026-03-08) and the EU fall-back
 * (2026-10-25). Expected post instants are written out by hand (not computed with schedule.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countMatches } from '../../src/digests/compose.ts';
import { openStore, type Cadence, type Store, type Subscription } from '../../src/store/index.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { seedPaperSearch, tempSqliteUrl } from '../support/test-app.ts';
import { MINUTE, SlackWorld, readySearch, runnerDeps, slackPoster, tick, utc } from './runner-harness.ts';

const DIGEST_SIZE = 2;
const TEAM = 'T1';
const EXHAUSTED_TOPIC = 'mixture of experts';

interface SubscriptionSpec {
  key: string;
  channelId: string;
  topic: string;
  time: string;
  timezone: string;
  cadence: Cadence;
}

const SPECS: SubscriptionSpec[] = [
  { key: 'utc', channelId: 'CUTC', topic: 'speech recognition', time: '09:00', timezone: 'UTC', cadence: 'daily' },
  { key: 'berlinWeekdays', channelId: 'CBERLIN', topic: 'sparse attention', time: '08:30', timezone: 'Europe/Berlin', cadence: 'weekdays' },
  { key: 'berlinNight', channelId: 'CBERLIN2', topic: 'retrieval', time: '02:30', timezone: 'Europe/Berlin', cadence: 'daily' },
  { key: 'newYork', channelId: 'CNY', topic: 'diffusion', time: '02:30', timezone: 'America/New_York', cadence: 'daily' },
  { key: 'tokyo', channelId: 'CTOKYO', topic: 'graph', time: '07:00', timezone: 'Asia/Tokyo', cadence: 'weekly' },
  { key: 'kathmandu', channelId: 'CKTM', topic: 'vision transformer', time: '07:15', timezone: 'Asia/Kathmandu', cadence: 'daily' },
  { key: 'exhausted', channelId: 'CMOE', topic: EXHAUSTED_TOPIC, time: '12:00', timezone: 'UTC', cadence: 'daily' },
];

/** [UTC instant of the post, local digest date]. */
type Expected = Array<[string, string]>;

interface Week {
  name: string;
  createdAt: string;
  start: string;
  end: string;
  /** Every digest day of the week, per subscription (the exhausted topic: every day it is due). */
  expected: Record<string, Expected>;
  /** Days a weekdays subscription must not even be claimed. */
  weekend: string[];
}

const daysAt = (days: string[], time: string): Expected => days.map((day) => [`${day}T${time}:00.000Z`, day]);

const MARCH = ['2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10', '2026-03-11'];
const OCTOBER = ['2026-10-22', '2026-10-23', '2026-10-24', '2026-10-25', '2026-10-26', '2026-10-27', '2026-10-28'];

const WEEKS: Week[] = [
  {
    // Thu 2026-03-05 … Wed 2026-03-11; New York springs forward on Sunday 03-08 (02:30 does not exist).
    name: 'US spring-forward week (2026-03-05 … 03-11)',
    createdAt: '2026-03-04T23:00:00.000Z', // Thu 08:00 in Tokyo: the weekly digest goes out on Thursdays
    start: '2026-03-05T00:00:00.000Z',
    end: '2026-03-12T00:00:00.000Z',
    expected: {
      utc: daysAt(MARCH, '09:00'),
      // CET (+1): 08:30 → 07:30Z; Saturday 03-07 and Sunday 03-08 are skipped.
      berlinWeekdays: daysAt(['2026-03-05', '2026-03-06', '2026-03-09', '2026-03-10', '2026-03-11'], '07:30'),
      berlinNight: daysAt(MARCH, '01:30'),
      newYork: [
        ['2026-03-05T07:30:00.000Z', '2026-03-05'], // EST (-5)
        ['2026-03-06T07:30:00.000Z', '2026-03-06'],
        ['2026-03-07T07:30:00.000Z', '2026-03-07'],
        ['2026-03-08T07:00:00.000Z', '2026-03-08'], // 02:30 skipped by the clock: due at 03:00 EDT
        ['2026-03-09T06:30:00.000Z', '2026-03-09'], // EDT (-4)
        ['2026-03-10T06:30:00.000Z', '2026-03-10'],
        ['2026-03-11T06:30:00.000Z', '2026-03-11'],
      ],
      // Thursday 03-05 07:00 JST (03-04 22:00Z) is before the subscription existed; next Thursday is 03-12 in Tokyo.
      tokyo: [['2026-03-11T22:00:00.000Z', '2026-03-12']],
      kathmandu: daysAt(MARCH, '01:30'), // +05:45
      exhausted: daysAt(MARCH, '12:00'),
    },
    weekend: ['2026-03-07', '2026-03-08'],
  },
  {
    // Thu 2026-10-22 … Wed 2026-10-28; Berlin falls back on Sunday 10-25 (02:30 happens twice).
    name: 'EU fall-back week (2026-10-22 … 10-28)',
    createdAt: '2026-10-21T23:00:00.000Z', // Thu 08:00 in Tokyo
    start: '2026-10-22T00:00:00.000Z',
    end: '2026-10-29T00:00:00.000Z',
    expected: {
      utc: daysAt(OCTOBER, '09:00'),
      berlinWeekdays: [
        ['2026-10-22T06:30:00.000Z', '2026-10-22'], // CEST (+2)
        ['2026-10-23T06:30:00.000Z', '2026-10-23'],
        ['2026-10-26T07:30:00.000Z', '2026-10-26'], // CET (+1)
        ['2026-10-27T07:30:00.000Z', '2026-10-27'],
        ['2026-10-28T07:30:00.000Z', '2026-10-28'],
      ],
      berlinNight: [
        ['2026-10-22T00:30:00.000Z', '2026-10-22'],
        ['2026-10-23T00:30:00.000Z', '2026-10-23'],
        ['2026-10-24T00:30:00.000Z', '2026-10-24'],
        ['2026-10-25T00:30:00.000Z', '2026-10-25'], // the first 02:30 (CEST); not again at 01:30Z (02:30 CET)
        ['2026-10-26T01:30:00.000Z', '2026-10-26'],
        ['2026-10-27T01:30:00.000Z', '2026-10-27'],
        ['2026-10-28T01:30:00.000Z', '2026-10-28'],
      ],
      newYork: daysAt(OCTOBER, '06:30'), // still EDT (US falls back on 11-01)
      tokyo: [['2026-10-28T22:00:00.000Z', '2026-10-29']],
      kathmandu: daysAt(OCTOBER, '01:30'),
      exhausted: daysAt(OCTOBER, '12:00'),
    },
    weekend: ['2026-10-24', '2026-10-25'],
  },
];

describe('digest runner: a simulated week, ticked every minute', () => {
  let fake: FakeSlack;
  const stores: Store[] = [];

  beforeAll(async () => {
    fake = await new FakeSlack().start();
  });
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await fake.stop();
  });

  for (const week of WEEKS) {
    it(`posts every digest once, at its minute: ${week.name}`, async () => {
      const search = await seedPaperSearch();
      const exhaustedMatches = countMatches(search, EXHAUSTED_TOPIC);
      // The seed data must let this topic run out mid-week (else this test proves nothing about it).
      expect(exhaustedMatches).toBeGreaterThan(DIGEST_SIZE);
      expect(Math.ceil(exhaustedMatches / DIGEST_SIZE)).toBeLessThanOrEqual(5);

      const store = await openStore(tempSqliteUrl());
      stores.push(store);
      const callsBefore = fake.callsTo('chat.postMessage').length;
      const world = new SlackWorld(fake);
      const { deps } = runnerDeps({
        store,
        searchState: await readySearch(),
        poster: slackPoster(fake),
        instanceId: 'scheduler-1',
        digestSize: DIGEST_SIZE,
      });

      const subs = new Map<string, Subscription>();
      for (const spec of SPECS) {
        const { subscription } = await store.upsertSubscription({
          teamId: TEAM,
          channelId: spec.channelId,
          topic: spec.topic,
          createdBy: 'U1',
          time: spec.time,
          timezone: spec.timezone,
          cadence: spec.cadence,
          now: utc(week.createdAt),
        });
        subs.set(spec.key, subscription);
      }
      const keyOf = new Map([...subs].map(([key, sub]) => [sub.id, key]));

      // The runner's own account of each tick: what it posted (or found nothing new for) at which `now`.
      const outcomes: Array<{ key: string; at: string; digestDate: string; outcome: string }> = [];
      const started = performance.now();
      let ticks = 0;
      for (let t = utc(week.start).getTime(); t < utc(week.end).getTime(); t += MINUTE) {
        const now = new Date(t);
        const report = await tick(world, deps, now);
        ticks += 1;
        for (const o of report.outcomes) {
          outcomes.push({ key: keyOf.get(o.subscriptionId) ?? '?', at: now.toISOString(), digestDate: o.digestDate, outcome: o.outcome });
        }
      }
      const elapsed = performance.now() - started;
      console.info(`[runner-week] ${week.name}: ${ticks} ticks in ${Math.round(elapsed)} ms`);
      expect(ticks).toBe(7 * 24 * 60);

      // No failures of any kind, and nothing but posts and (for the exhausted topic) nothing_new.
      expect(outcomes.filter((o) => o.outcome !== 'posted' && o.outcome !== 'nothing_new')).toEqual([]);
      expect(world.refused).toEqual([]);
      expect(fake.callsTo('chat.postMessage').length - callsBefore).toBe(world.messages.length);

      for (const spec of SPECS) {
        const sub = subs.get(spec.key);
        if (!sub) throw new Error(spec.key);
        const expected = week.expected[spec.key] ?? [];
        const messages = world.in(spec.channelId);
        const mine = outcomes.filter((o) => o.key === spec.key);

        if (spec.key === 'exhausted') continue; // checked below

        // Exactly one message per digest day, accepted by Slack at the scheduled minute.
        expect(messages.map((m) => m.postedAt.toISOString()), spec.key).toEqual(expected.map(([at]) => at));
        expect(mine, spec.key).toEqual(expected.map(([at, digestDate]) => ({ key: spec.key, at, digestDate, outcome: 'posted' })));
        // Each message is the one recorded for its digest date (the delivery id ties them together).
        for (const [i, [, digestDate]] of expected.entries()) {
          const run = await store.getDigestRun(sub.id, digestDate);
          expect(run, `${spec.key} ${digestDate}`).toMatchObject({ status: 'posted', attempts: 1, messageTs: messages[i]?.ts });
          expect(messages[i]?.deliveryId).toBe(run?.deliveryId);
        }
        // Never the same paper twice in a channel, and what was shown is what the store remembers.
        const shown = messages.flatMap((m) => m.paperIds);
        for (const m of messages) expect(m.paperIds.length, `${spec.key} ${m.ts}`).toBe(DIGEST_SIZE);
        expect(new Set(shown).size, spec.key).toBe(shown.length);
        expect(await store.deliveredPaperIds(TEAM, spec.channelId)).toEqual(new Set(shown));
      }

      // Weekdays: the local weekend is not a digest day at all.
      for (const day of week.weekend) {
        expect(await store.getDigestRun(must(subs.get('berlinWeekdays')).id, day), day).toBeNull();
      }

      // The topic that runs out: posts until every matching paper was sent once, then 'nothing_new', silently.
      const exhausted = must(subs.get('exhausted'));
      const postDays = Math.ceil(exhaustedMatches / DIGEST_SIZE);
      const expected = week.expected.exhausted ?? [];
      const moeMessages = world.in('CMOE');
      expect(moeMessages.map((m) => m.postedAt.toISOString())).toEqual(expected.slice(0, postDays).map(([at]) => at));
      const moePapers = moeMessages.flatMap((m) => m.paperIds);
      expect(moePapers.length).toBe(exhaustedMatches);
      expect(new Set(moePapers).size).toBe(exhaustedMatches);
      expect(outcomes.filter((o) => o.key === 'exhausted')).toEqual(
        expected.map(([at, digestDate], i) => ({ key: 'exhausted', at, digestDate, outcome: i < postDays ? 'posted' : 'nothing_new' })),
      );
      for (const [i, [, digestDate]] of expected.entries()) {
        const run = await store.getDigestRun(exhausted.id, digestDate);
        expect(run?.status, digestDate).toBe(i < postDays ? 'posted' : 'nothing_new');
        if (i >= postDays) expect(run?.messageTs, digestDate).toBeNull();
      }

      // What /paper list would show.
      const lastDay = expected.at(-1);
      for (const spec of SPECS) {
        const [listed] = await store.listSubscriptions(TEAM, spec.channelId);
        const lastExpected = week.expected[spec.key]?.at(-1);
        expect(listed?.lastDigestStatus, spec.key).toBe(spec.key === 'exhausted' ? 'nothing_new' : 'posted');
        expect(listed?.lastDigestAt?.toISOString(), spec.key).toBe(spec.key === 'exhausted' ? lastDay?.[0] : lastExpected?.[0]);
      }
    });
  }
});

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('missing value');
  return value;
}
