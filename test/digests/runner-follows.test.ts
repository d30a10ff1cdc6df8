/**
 * Followed authors in scheduled digests (issue 18), through the real runner, a SQLite store, the Slack poster and a
 * fake Slack, over two days with an injected clock. The papers are real Hugging Face API days (2026-08-17 … 08-20).
 *
 * - The follow section rides on the channel's oldest active digest only: a channel with two digests at the same
 *   minute never gets a followed paper twice, and no paper of the channel repeats across the two days.
 * - A channel that follows authors but has no digest gets nothing (follows need a digest to ride on).
 * - A post that reached Slack but whose answer was lost is found in the history and its followed papers recorded as
 *   delivered, exactly once: the next day does not send them again.
 * - A followed Hugging Face account matches its claimed papers under another spelling, not a namesake's.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDailyPapers } from '../../src/ingest/hf-api.ts';
import type { PaperInput } from '../../src/papers/corpus-merge.ts';
import { authorKey } from '../../src/papers/author-names.ts';
import type { Store, Subscription } from '../../src/store/index.ts';
import type { FakeSlack } from '../support/fake-slack.ts';
import { SlackWorld, expectNoRepeats, readySearch, runnerDeps, slackPoster, tick, utc, MINUTE, slackAndStore, subscribeDaily } from './runner-harness.ts';

const TEAM = 'T1';
const DIGEST_SIZE = 6;
const DAY1 = utc('2026-08-18T09:00:00.000Z');
const DAY2 = utc('2026-08-20T09:00:00.000Z');
const CREATED = utc('2026-08-17T12:00:00.000Z');

function apiDay(day: string): PaperInput[] {
  const file = resolve(import.meta.dirname, `../../../shared/fixtures/hf-daily-papers/daily_papers_${day}.json`);
  return parseDailyPapers(JSON.parse(readFileSync(file, 'utf8')), day, day).papers.map((p) => p.input);
}

/** Real papers of 08-19 with two authors rewritten: "J. Langford" claimed by JohnLangford, a namesake claimed by another account. */
function day2Inputs(): PaperInput[] {
  const inputs = [...apiDay('2026-08-19'), ...apiDay('2026-08-20')];
  const [variant, namesake] = inputs.filter((p) => p.authors.length >= 2 && p.date !== null && p.date >= '2026-08-18');
  if (!variant || !namesake) throw new Error('fixture changed');
  const rewrite = (input: PaperInput, name: string, account: string): PaperInput => ({
    ...input,
    authors: [name, ...input.authors.slice(1)],
    authorAccounts: [account, ...(input.authorAccounts ?? input.authors.map(() => null)).slice(1)],
  });
  return inputs.map((p) => (p === variant ? rewrite(p, 'J. Langford', 'JohnLangford') : p === namesake ? rewrite(p, 'John Langford', 'other-john') : p));
}

describe('digest runner: the follow section over two days', () => {
  let fake: FakeSlack;
  let store: Store;

  slackAndStore((started) => ({ fake, store } = started));

  const subscribe = (channelId: string, topic: string): Promise<Subscription> => subscribeDaily(store, { teamId: TEAM, channelId, topic, now: CREATED });
  async function follow(channelId: string, name: string, hfUser: string | null = null): Promise<void> {
    await store.addFollow({ teamId: TEAM, channelId, name, nameKey: authorKey(name), hfUser, createdBy: 'U1', now: CREATED });
  }
  /** The message a subscription's digest of `date` became (its run's delivery id), with the blocks Slack got. */
  async function digestOf(world: SlackWorld, sub: Subscription, date: string) {
    const run = await store.getDigestRun(sub.id, date);
    const message = world.in(sub.channelId).find((m) => m.deliveryId === run?.deliveryId);
    const call = fake.callsTo('chat.postMessage').find((c) => JSON.stringify(c.params.metadata ?? '').includes(run?.deliveryId ?? '-'));
    const blocks = (call?.params.blocks ?? []) as Array<{ block_id?: string }>;
    return { paperIds: message?.paperIds ?? [], text: message?.text ?? '', followed: blocks.filter((b) => /^digest_followed:\d+$/.test(b.block_id ?? '')).length };
  }

  it('followed papers go out once per channel, with its oldest digest, and never again', async () => {
    await store.upsertPapers([...apiDay('2026-08-17'), ...apiDay('2026-08-18')], { now: CREATED });
    await readIds();
    const main = await subscribe('CMAIN', 'speech recognition');
    const second = await subscribe('CMAIN', 'sparse attention');
    await follow('CMAIN', 'Nuno Vasconcelos');
    await follow('CMAIN', 'John Langford', 'JohnLangford');
    await follow('CNOSUB', 'Nuno Vasconcelos');
    const hung = await subscribe('CHANG', 'retrieval');
    await follow('CHANG', 'nuno vasconcelos');

    const world = new SlackWorld(fake);
    const { deps } = runnerDeps({ store, searchState: await readySearch(), poster: slackPoster(fake, { timeoutMs: 1_000 }), instanceId: 'i-1', digestSize: DIGEST_SIZE });

    // Day 1: CHANG's post reaches Slack but its answer never comes.
    world.acceptThenHang.add('CHANG');
    const day1 = await tick(world, deps, DAY1);
    expect(day1.outcomes.map((o) => [o.subscriptionId, o.outcome])).toEqual([
      [main.id, 'posted'],
      [second.id, 'posted'],
      [hung.id, 'failed'],
    ]);
    // A minute later the retry finds the message in the channel's history and records it: nothing is posted again.
    const retry = await tick(world, deps, new Date(DAY1.getTime() + MINUTE));
    expect(retry.outcomes.map((o) => [o.subscriptionId, o.outcome])).toEqual([[hung.id, 'recovered']]);

    const mainDay1 = await digestOf(world, main, '2026-08-18');
    const secondDay1 = await digestOf(world, second, '2026-08-18');
    // Nuno Vasconcelos's papers of 08-17 and 08-14 and John Langford's (claimed) of 08-12, newest first.
    expect(mainDay1.followed).toBe(3);
    expect(mainDay1.paperIds.slice(0, 3)).toEqual(['2608.16072', '2608.14144', '2608.11612'].map(idOf));
    expect(secondDay1.followed).toBe(0);
    expect(secondDay1.paperIds.length).toBeGreaterThan(0);
    expect(secondDay1.paperIds.filter((id) => mainDay1.paperIds.includes(id))).toEqual([]);
    expect(mainDay1.text).toMatch(/^Paper digest for speech recognition: From people you follow: /);
    expect(world.in('CNOSUB')).toEqual([]);
    const [hungDay1] = world.in('CHANG');
    expect(world.in('CHANG')).toHaveLength(1);
    expect(hungDay1?.paperIds.slice(0, 2)).toEqual(['2608.16072', '2608.14144'].map(idOf));
    expect(await store.deliveredPaperIds(TEAM, 'CHANG')).toEqual(new Set(hungDay1?.paperIds));

    // Day 2: new papers (08-19 and 08-20), one by Nuno Vasconcelos, one John Langford claimed as "J. Langford",
    // one by a namesake "John Langford" claimed by another account.
    const day2 = day2Inputs();
    await store.upsertPapers(day2, { now: new Date(DAY2.getTime() - 60 * MINUTE) });
    await readIds();
    const report = await tick(world, deps, DAY2);
    // (08-19's digests, missed while the clock jumped a day, are recorded as skipped.)
    expect(report.outcomes.filter((o) => o.digestDate === '2026-08-20').map((o) => o.outcome)).toEqual(['posted', 'posted', 'posted']);

    const mainDay2 = await digestOf(world, main, '2026-08-20');
    const variant = day2.find((p) => p.authors[0] === 'J. Langford');
    const namesake = day2.find((p) => p.authors[0] === 'John Langford');
    const followedDay2 = mainDay2.paperIds.slice(0, mainDay2.followed);
    expect(followedDay2).toContain(idOf('2608.17253'));
    expect(followedDay2).toContain(idOf(variant?.arxivId ?? ''));
    expect(followedDay2).not.toContain(idOf(namesake?.arxivId ?? ''));
    expect((await digestOf(world, second, '2026-08-20')).followed).toBe(0);
    const hungDay2 = world.in('CHANG')[1];
    expect(hungDay2?.paperIds[0]).toBe(idOf('2608.17253'));

    for (const channel of ['CMAIN', 'CHANG']) {
      expectNoRepeats(world, channel);
      expect(await store.deliveredPaperIds(TEAM, channel), channel).toEqual(new Set(world.in(channel).flatMap((m) => m.paperIds)));
    }
    expect(world.in('CNOSUB')).toEqual([]);
    expect(fake.blockKitViolations).toEqual([]);
  });

  /** Stored paper ids (what digests carry) by arXiv id, read after each ingest. */
  const paperIds = new Map<string, string>();
  async function readIds(): Promise<void> {
    for (const paper of await store.listPapers()) if (paper.arxivId) paperIds.set(paper.arxivId, paper.id);
  }
  function idOf(arxivId: string): string {
    return paperIds.get(arxivId) ?? `missing ${arxivId}`;
  }
});

describe('digest runner: a followed author\'s paper Hugging Face lists late', () => {
  let fake: FakeSlack;
  let store: Store;

  slackAndStore((started) => ({ fake, store } = started));

  it('goes out in the follow section: it is new to the channel the day it is listed, whenever arXiv published it', async () => {
    // Real papers listed on 08-18 and 08-20: Zeyu Cao's 2608.14614 was published on 07-10 (listed 39 days later),
    // Igor Itkin's 2608.18115 on 06-30 (51 days later).
    const listedAt = utc('2026-08-20T07:00:00.000Z');
    await store.upsertPapers([...apiDay('2026-08-18'), ...apiDay('2026-08-20')], { now: listedAt });
    const ids = new Map((await store.listPapers()).map((paper) => [paper.arxivId, paper.id]));
    const sub = await subscribeDaily(store, { teamId: TEAM, channelId: 'CLATE', topic: 'speech recognition', now: utc('2026-08-21T07:00:00.000Z') });
    for (const name of ['Igor Itkin', 'Zeyu Cao']) {
      await store.addFollow({ teamId: TEAM, channelId: 'CLATE', name, nameKey: authorKey(name), hfUser: null, createdBy: 'U1', now: listedAt });
    }
    const world = new SlackWorld(fake);
    const { deps } = runnerDeps({ store, searchState: await readySearch(), poster: slackPoster(fake), instanceId: 'i-1', digestSize: DIGEST_SIZE });

    const report = await tick(world, deps, utc('2026-08-21T09:00:00.000Z'));
    expect(report.outcomes.map((o) => [o.subscriptionId, o.outcome])).toEqual([[sub.id, 'posted']]);
    const [digest] = world.in('CLATE');
    // Newest listing first: Itkin's (listed 08-20), then Cao's (listed 08-18).
    expect(digest?.paperIds.slice(0, 2)).toEqual([ids.get('2608.18115'), ids.get('2608.14614')]);
    expect(digest?.text).toMatch(/^Paper digest for speech recognition: From people you follow: /);
    expect(fake.blockKitViolations).toEqual([]);
  });
});
