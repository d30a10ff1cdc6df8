/**
 * Top-list subscriptions (issue 18) through the real runner, a SQLite store and the Slack poster against the fake
 * Slack, over two weeks with an injected clock: each weekly list covers the 7 UTC listing days up to its instant (so
 * the subscription's zone decides the days), a daily list with overlapping windows never repeats a paper, and a paper
 * another digest already brought to the channel is left out (the product's promise, README *What's hot*).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPaperSearch } from '../../src/search/paper-index.ts';
import { SearchState } from '../../src/search/search-state.ts';
import { openStore, type PaperInput, type Store, type Subscription } from '../../src/store/index.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { tempSqliteUrl } from '../support/test-app.ts';
import { SlackWorld, expectNoRepeats, runnerDeps, slackPoster, tick, utc } from './runner-harness.ts';

const TEAM = 'T1';

function listed(arxivId: string, title: string, upvotes: number, listedOn: string): PaperInput {
  return {
    title,
    abstract: `${title}. We present results on standard benchmarks and release code.`,
    authors: ['Grace Hopper'],
    authorCount: 1,
    date: '2026-11-01',
    upvotes,
    arxivId,
    listedOn,
  };
}

const PAPERS = {
  sparse: listed('2611.30001', 'Sparse Attention at Scale', 120, '2026-11-23'), // a Monday
  diffusion: listed('2611.30002', 'Diffusion Transformers Revisited', 100, '2026-11-17'),
  speculative: listed('2611.30003', 'Speculative Decoding Survey', 90, '2026-11-20'),
  experts: listed('2611.30004', 'Mixture of Experts Routing', 200, '2026-11-16'), // a Sunday
  retrieval: listed('2611.30005', 'Retrieval Augmented Agents', 80, '2026-11-24'),
  video: listed('2611.30006', 'Video Generation Benchmarks', 70, '2026-11-29'), // a Sunday
  reward: listed('2611.30007', 'Reward Models for Code', 60, '2026-11-30'), // a Monday
  old: listed('2611.30008', 'A Paper Listed Long Before', 999, '2026-11-10'),
};
type Name = keyof typeof PAPERS;

describe('top-list subscriptions through the runner, over two weeks', () => {
  let fake: FakeSlack;
  let store: Store;
  let ids: Record<Name, string>;
  const names = new Map<string, Name>();

  beforeAll(async () => {
    fake = await new FakeSlack().start();
    store = await openStore(tempSqliteUrl());
    await store.upsertPapers(Object.values(PAPERS));
    const all = await store.listPapers();
    ids = Object.fromEntries(
      (Object.keys(PAPERS) as Name[]).map((name) => [name, all.find((p) => p.arxivId === PAPERS[name].arxivId)?.id ?? '']),
    ) as Record<Name, string>;
    for (const [name, id] of Object.entries(ids) as Array<[Name, string]>) names.set(id, name);
  });
  afterAll(async () => {
    await store.close();
    await fake.stop();
  });

  it('weekly lists follow the zone, a daily list never repeats, a paper another digest sent is left out', async () => {
    const world = new SlackWorld(fake);
    const searchState = new SearchState();
    searchState.swap(createPaperSearch(await store.listPapers()));
    const { deps } = runnerDeps({ store, searchState, poster: slackPoster(fake), instanceId: 'top-1', digestSize: 3 });
    const subscribe = async (channelId: string, topic: string, time: string, timezone: string, cadence: 'daily' | 'weekly', kind: 'top' | 'topic', now: string): Promise<Subscription> =>
      (await store.upsertSubscription({ teamId: TEAM, channelId, topic, time, timezone, cadence, kind, createdBy: 'U1', now: utc(now) })).subscription;

    // Monday 08:00 in Tokyo is Sunday 23:00 UTC; Monday 08:00 in London is Monday 08:00 UTC.
    const tokyo = await subscribe('CTOKYO', 'top', '08:00', 'Asia/Tokyo', 'weekly', 'top', '2026-11-22T16:00:00.000Z');
    const london = await subscribe('CLONDON', 'top', '08:00', 'Europe/London', 'weekly', 'top', '2026-11-23T00:30:00.000Z');
    // The London channel also follows "sparse attention" (weekly, Mondays 07:00): it gets that paper first.
    const topic = await subscribe('CLONDON', 'sparse attention', '07:00', 'Europe/London', 'weekly', 'topic', '2026-11-23T00:30:00.000Z');
    const daily = await subscribe('CDAILY', 'top', '12:00', 'UTC', 'daily', 'top', '2026-11-22T13:00:00.000Z');

    const instants = [
      '2026-11-22T23:00:00.000Z',
      '2026-11-23T07:00:00.000Z',
      '2026-11-23T08:00:00.000Z',
      ...['23', '24', '25', '26', '27', '28', '29'].map((d) => `2026-11-${d}T12:00:00.000Z`),
      '2026-11-29T23:00:00.000Z',
      '2026-11-30T07:00:00.000Z',
      '2026-11-30T08:00:00.000Z',
      '2026-11-30T12:00:00.000Z',
    ].sort();
    const outcomes: Array<[number, string, string]> = [];
    for (const at of instants) {
      const report = await tick(world, deps, utc(at));
      for (const o of report.outcomes) outcomes.push([o.subscriptionId, o.digestDate, o.outcome]);
    }

    const posts = (channel: string): Array<[string, Name[]]> =>
      world.in(channel).map((m) => [m.postedAt.toISOString(), m.paperIds.map((id) => names.get(id) ?? (id as Name))]);

    // Tokyo: the days up to Sunday (UTC) each time; the Monday paper waits for the next list.
    expect(posts('CTOKYO')).toEqual([
      ['2026-11-22T23:00:00.000Z', ['experts', 'diffusion', 'speculative']],
      ['2026-11-29T23:00:00.000Z', ['sparse', 'retrieval', 'video']],
    ]);
    // London: up to Monday each time; the sparse attention paper came with the topic digest an hour earlier.
    expect(posts('CLONDON')).toEqual([
      ['2026-11-23T07:00:00.000Z', ['sparse']],
      ['2026-11-23T08:00:00.000Z', ['diffusion', 'speculative']],
      ['2026-11-30T08:00:00.000Z', ['retrieval', 'video', 'reward']],
    ]);
    // Daily: overlapping windows, each paper once, quiet days record "nothing new".
    expect(posts('CDAILY')).toEqual([
      ['2026-11-23T12:00:00.000Z', ['sparse', 'diffusion', 'speculative']],
      ['2026-11-24T12:00:00.000Z', ['retrieval']],
      ['2026-11-29T12:00:00.000Z', ['video']],
      ['2026-11-30T12:00:00.000Z', ['reward']],
    ]);
    expect(outcomes.filter(([id]) => id === daily.id).map(([, date, outcome]) => `${date} ${outcome}`)).toEqual([
      '2026-11-23 posted',
      '2026-11-24 posted',
      '2026-11-25 nothing_new',
      '2026-11-26 nothing_new',
      '2026-11-27 nothing_new',
      '2026-11-28 nothing_new',
      '2026-11-29 posted',
      '2026-11-30 posted',
    ]);
    for (const channel of ['CTOKYO', 'CLONDON', 'CDAILY']) expectNoRepeats(world, channel);
    expect(outcomes.filter(([id]) => id === tokyo.id || id === london.id).every(([, , outcome]) => outcome === 'posted')).toBe(true);
    expect(outcomes.filter(([id]) => id === topic.id).map(([, date, outcome]) => `${date} ${outcome}`)).toEqual(['2026-11-23 posted', '2026-11-30 nothing_new']);

    // What the channel sees: a top list, with upvotes, valid for Slack, delivered ids = the papers shown.
    const calls = fake.callsTo('chat.postMessage');
    expect(calls).toHaveLength(world.messages.length);
    for (const call of calls) expect(blockKitErrors(call.params)).toEqual([]);
    const first = world.in('CTOKYO')[0];
    expect(first?.text).toMatch(/^Top papers of the week: 1\. Mixture of Experts Routing; 2\. Diffusion Transformers Revisited/);
    const firstBlocks = JSON.stringify(calls.find((c) => c.params.channel === 'CTOKYO')?.params.blocks);
    expect(firstBlocks).toContain('▲ 200 upvotes · listed Nov 16');
    expect(firstBlocks).toContain('Nov 16 – Nov 22, 2026');
    expect(await store.deliveredPaperIds(TEAM, 'CTOKYO')).toEqual(new Set([ids.experts, ids.diffusion, ids.speculative, ids.sparse, ids.retrieval, ids.video]));
    expect(world.messages.flatMap((m) => m.paperIds)).not.toContain(ids.old);
  });
});
