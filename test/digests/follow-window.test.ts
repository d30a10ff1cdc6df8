/**
 * The follow section's window and share, through the real runner, a SQLite store, the Slack poster and a fake Slack,
 * with an injected clock:
 * - papers by followed authors over the section's share ("…and 1 more … they come with the next digest") do come with
 *   the next digest, also when that is a week later (weekly cadence), and never twice;
 * - the section never takes more than half of the digest: with `DIGEST_SIZE=1` the one paper is the topic's, and a
 *   followed paper takes it only when the topic has nothing new.
 */
import { describe, expect, it } from 'vitest';
import type { PaperInput } from '../../src/papers/corpus-merge.ts';
import { authorKey } from '../../src/papers/author-names.ts';
import type { Store, Subscription } from '../../src/store/index.ts';
import type { FakeSlack } from '../support/fake-slack.ts';
import { SlackWorld, expectNoRepeats, readySearch, runnerDeps, slackPoster, subscribeDaily, tick, utc, slackAndStore } from './runner-harness.ts';

const TEAM = 'T1';
const AUTHOR = 'Grace Followmore';

function byAuthor(day: string, n: number): PaperInput {
  return {
    title: `Followed author study ${n} of ${day}`,
    abstract: 'A study by an author the channel follows.',
    authors: [AUTHOR, 'Someone Else'],
    authorCount: 2,
    date: day,
    upvotes: 1,
    arxivId: null,
  };
}

describe('the follow section of scheduled digests', () => {
  let fake: FakeSlack;
  let store: Store;
  slackAndStore((started) => ({ fake, store } = started));

  async function follow(channelId: string, now: Date): Promise<void> {
    await store.addFollow({ teamId: TEAM, channelId, name: AUTHOR, nameKey: authorKey(AUTHOR), hfUser: null, createdBy: 'U1', now });
  }
  /** The text Slack got for the message of `sub`'s digest of `date`. */
  async function postedText(sub: Subscription, date: string): Promise<string> {
    const run = await store.getDigestRun(sub.id, date);
    const call = fake.callsTo('chat.postMessage').find((c) => JSON.stringify(c.params.metadata ?? '').includes(run?.deliveryId ?? '-'));
    return JSON.stringify(call?.params.blocks ?? []);
  }

  it('weekly: the followed paper over the share comes with next week\'s digest, though it is then over 7 days old', async () => {
    const created = utc('2026-06-01T10:00:00.000Z'); // a Monday, after 09:00: the digest goes out on Mondays from the 8th
    const added = await store.upsertPapers([byAuthor('2026-06-03', 1), byAuthor('2026-06-05', 2), byAuthor('2026-06-07', 3)], { now: created });
    const ids = new Map((await store.listPapers()).filter((p) => added.added.includes(p.id)).map((p) => [p.date, p.id]));
    const { subscription: sub } = await store.upsertSubscription({
      teamId: TEAM, channelId: 'CWEEKLY', topic: 'speech recognition', createdBy: 'U1', time: '09:00', timezone: 'UTC', cadence: 'weekly', now: created,
    });
    await follow('CWEEKLY', created);
    const world = new SlackWorld(fake);
    const { deps } = runnerDeps({ store, searchState: await readySearch(), poster: slackPoster(fake), instanceId: 'i-1', digestSize: 4 });

    const week1 = await tick(world, deps, utc('2026-06-08T09:00:00.000Z'));
    expect(week1.outcomes.map((o) => [o.digestDate, o.outcome])).toEqual([['2026-06-08', 'posted']]);
    const [first] = world.in('CWEEKLY');
    // Half of the 4 papers: the two newest by the followed author, then the topic's.
    expect(first?.paperIds.slice(0, 2)).toEqual([ids.get('2026-06-07'), ids.get('2026-06-05')]);
    expect(first?.paperIds).not.toContain(ids.get('2026-06-03'));
    expect(await postedText(sub, '2026-06-08')).toContain('and 1 more paper by people you follow: they come with the next digest');

    const week2 = await tick(world, deps, utc('2026-06-15T09:00:00.000Z'));
    expect(week2.outcomes.map((o) => [o.digestDate, o.outcome])).toEqual([['2026-06-15', 'posted']]);
    const second = world.in('CWEEKLY')[1];
    expect(second?.paperIds[0]).toBe(ids.get('2026-06-03'));
    expect(await postedText(sub, '2026-06-15')).not.toContain('more paper by people you follow');
    expectNoRepeats(world, 'CWEEKLY');
  });

  it('DIGEST_SIZE=1: the topic keeps its paper; a followed paper takes the slot only when the topic has nothing new', async () => {
    const created = utc('2026-07-01T00:00:00.000Z');
    const added = await store.upsertPapers([byAuthor('2026-07-01', 9)], { now: created });
    const [followedId] = added.added;
    const topical = await subscribeDaily(store, { teamId: TEAM, channelId: 'CSMALL', topic: 'speech recognition', now: created });
    const empty = await subscribeDaily(store, { teamId: TEAM, channelId: 'CSMALL2', topic: 'zyxwvut qqqq', now: created });
    await follow('CSMALL', created);
    await follow('CSMALL2', created);
    const world = new SlackWorld(fake);
    const { deps } = runnerDeps({ store, searchState: await readySearch(), poster: slackPoster(fake), instanceId: 'i-1', digestSize: 1 });

    const report = await tick(world, deps, utc('2026-07-01T09:00:00.000Z'));
    // (The weekly digest above, in the same store, is left out: its week was missed while the clock jumped.)
    expect(report.outcomes.filter((o) => o.digestDate === '2026-07-01').map((o) => [o.subscriptionId, o.outcome])).toEqual([
      [topical.id, 'posted'],
      [empty.id, 'posted'],
    ]);
    const [topicDigest] = world.in('CSMALL');
    expect(topicDigest?.paperIds).toHaveLength(1);
    expect(topicDigest?.paperIds).not.toContain(followedId);
    expect(topicDigest?.text).toMatch(/^Paper digest for speech recognition: 1 new paper/);
    expect(world.in('CSMALL2')[0]?.paperIds).toEqual([followedId]);
  });
});
