/**
 * The US spring-forward (Sunday 2026-03-08: 02:00 EST jumps to 03:00 EDT, 02:30 does not exist in New
 * York), as a window of three and a half days ticked every minute; the rest of the simulated week is in
 * runner-week.test.ts. Real runner, SQLite temp file, Slack poster against the fake Slack.
 */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.ts';
import type { FakeSlack } from '../support/fake-slack.ts';
import { SlackWorld, expectPostedExactlyAt, readySearch, runnerDeps, slackPoster, tickEveryMinute, utc, slackAndStore } from './runner-harness.ts';

const DIGEST_SIZE = 2;

describe('digest runner: New York across the spring-forward, ticked every minute', () => {
  let fake: FakeSlack;
  let store: Store;

  slackAndStore((started) => ({ fake, store } = started));

  it('posts the missing 02:30 once at 03:00 EDT, and a late-evening weekdays digest on local weekdays only', async () => {
    const world = new SlackWorld(fake);
    const { deps } = runnerDeps({ store, searchState: await readySearch(), poster: slackPoster(fake), instanceId: 'scheduler-1', digestSize: DIGEST_SIZE });
    const createdAt = utc('2026-03-06T21:00:00.000Z'); // Fri 16:00 EST
    const common = { teamId: 'T1', createdBy: 'U1', timezone: 'America/New_York', now: createdAt };
    const night = (await store.upsertSubscription({ ...common, channelId: 'CNIGHT', topic: 'diffusion', time: '02:30', cadence: 'daily' })).subscription;
    const evening = (await store.upsertSubscription({ ...common, channelId: 'CEVENING', topic: 'speech recognition', time: '23:30', cadence: 'weekdays' }))
      .subscription;

    const { outcomes, ticks, ms } = await tickEveryMinute(world, deps, utc('2026-03-06T22:00:00.000Z'), utc('2026-03-10T07:00:00.000Z'));
    console.info(`[runner-week-us-dst] ${ticks} minute ticks, 2 subscriptions: ${Math.round(ms)} ms`);

    expect(outcomes.filter((o) => o.outcome !== 'posted')).toEqual([]);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(world.messages.length);
    await expectPostedExactlyAt(
      store,
      world,
      outcomes,
      night,
      [
        ['2026-03-07T07:30:00.000Z', '2026-03-07'], // Sat 02:30 EST (-5)
        ['2026-03-08T07:00:00.000Z', '2026-03-08'], // Sun: 02:30 does not exist; due once at 03:00 EDT
        ['2026-03-09T06:30:00.000Z', '2026-03-09'], // Mon 02:30 EDT (-4)
        ['2026-03-10T06:30:00.000Z', '2026-03-10'],
      ],
      DIGEST_SIZE,
    );
    await expectPostedExactlyAt(
      store,
      world,
      outcomes,
      evening,
      [
        ['2026-03-07T04:30:00.000Z', '2026-03-06'], // Friday 23:30 EST, already Saturday in UTC
        // Saturday and Sunday evenings: weekend in New York (Sunday 23:30 EDT would be Monday 03:30Z).
        ['2026-03-10T03:30:00.000Z', '2026-03-09'], // Monday 23:30 EDT
      ],
      DIGEST_SIZE,
    );
    for (const day of ['2026-03-07', '2026-03-08']) expect(await store.getDigestRun(evening.id, day), day).toBeNull();
  });
});
