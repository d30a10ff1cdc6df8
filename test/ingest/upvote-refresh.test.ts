/**
 * Upvotes keep changing after a paper is listed (issue 18): the scheduled ingest re-reads the last 7 days from the
 * Hugging Face fixture server. Stored upvotes follow, search and `/paper top` reflect them, no channel gets a paper
 * again because its upvotes changed, a failing or damaged day does not stop the others, and a second run changes nothing.
 */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { DeliveryTag, DigestPoster, DigestTarget } from '../../src/digests/poster.ts';
import { runDueDigests } from '../../src/digests/runner.ts';
import { topPapers } from '../../src/digests/top-papers.ts';
import { startIngestScheduler, type IngestScheduler } from '../../src/ingest/scheduler.ts';
import { paperIdFor } from '../../src/papers/paper.ts';
import { openRuntime, type Runtime } from '../../src/runtime.ts';
import type { Message } from '../../src/views/message.ts';
import { tempSqliteUrl } from '../support/test-app.ts';
import { HfFixture, hfItem } from './hf-fixture.ts';
import { fakeSleep, memoryLogger } from './helpers.ts';

const DAMAGED = JSON.parse(
  readFileSync(new URL('../../../shared/fixtures/hf-daily-papers/daily_papers_2024-12-11.collector-damaged.json', import.meta.url), 'utf8'),
) as unknown[];

const TOPIC = 'upvote refresh';
const listed = (day: string): string => `${day}T00:20:00.000Z`;
const item = (id: string, title: string, upvotes: number, day: string) =>
  hfItem({ id, title, upvotes, listedAt: listed(day), publishedAt: '2026-11-20T12:00:00.000Z', summary: `${title}. An upvote refresh study with results.` });

const RISER = paperIdFor('Upvote Refresh: The Riser');
const STEADY = paperIdFor('Upvote Refresh: The Steady One');
const TODAY = paperIdFor('Upvote Refresh: Listed Today');

class RecordingPoster implements DigestPoster {
  readonly posts: Array<{ target: DigestTarget; paperIds: string[] }> = [];
  post(target: DigestTarget, _message: Message, tag: DeliveryTag): Promise<{ ts: string }> {
    this.posts.push({ target, paperIds: [...tag.paperIds] });
    return Promise.resolve({ ts: `${1_700_000_000 + this.posts.length}.000100` });
  }
  findPosted(): Promise<null> {
    return Promise.resolve(null);
  }
}

describe('the scheduled ingest re-reads the last 7 days and updates upvotes', () => {
  let hf: HfFixture;
  let runtime: Runtime | undefined;
  let scheduler: IngestScheduler | undefined;
  let clock = new Date('2026-11-28T06:30:00.000Z');

  beforeAll(async () => {
    hf = await new HfFixture().start();
  });
  afterEach(async () => {
    await scheduler?.stop();
    await runtime?.close();
  });
  afterAll(() => hf.stop());

  it('stored upvotes updated, search and top follow, deliveries unchanged, running twice changes nothing', async () => {
    const { logger } = memoryLogger();
    const config = loadConfig({ DATABASE_URL: tempSqliteUrl(), HF_API_URL: hf.url, DIGEST_SIZE: '5' });
    const opened = await openRuntime(config, logger, { clock: () => clock, fetchPolicy: { timeoutMs: 2000, maxAttempts: 2, sleep: fakeSleep().sleep } });
    runtime = opened;
    await opened.loadIndex();
    scheduler = startIngestScheduler({ cron: '30 6 * * *', firstIngest: false, deps: opened.ingestDeps, refresh: () => opened.refreshIndex(), logger, refreshCron: null });

    // Nov 28: two papers listed on Nov 26, one today; Nov 27's list is damaged (items stored as Python reprs).
    hf.setDay('2026-11-26', [item('2611.20001', 'Upvote Refresh: The Riser', 10, '2026-11-26'), item('2611.20002', 'Upvote Refresh: The Steady One', 50, '2026-11-26')]);
    hf.setDay('2026-11-27', DAMAGED);
    hf.setDay('2026-11-28', [item('2611.20003', 'Upvote Refresh: Listed Today', 30, '2026-11-28')]);
    const first = await scheduler.ingestNow();
    // The damaged day stores nothing and says so (a failed day), the others land.
    expect(first).toMatchObject({ ok: false, added: 3, updated: 0, failures: [{ source: '2026-11-27', reason: expect.stringMatching(/^none of its 26 items could be read/) as unknown }] });
    expect(first.skipped.filter((s) => s.item.startsWith('2026-11-27'))).toHaveLength(DAMAGED.length);

    await opened.store.upsertSubscription({ teamId: 'T1', channelId: 'C1', topic: TOPIC, time: '09:00', timezone: 'UTC', createdBy: 'U1', now: new Date('2026-11-27T00:00:00.000Z') });
    const poster = new RecordingPoster();
    clock = new Date('2026-11-28T09:00:00.000Z');
    await runDueDigests(opened.runnerDeps(poster), clock);
    expect(poster.posts.flatMap((p) => p.paperIds).sort()).toEqual([RISER, STEADY, TODAY].sort());
    const delivered = await opened.store.deliveredPaperIds('T1', 'C1');

    // Nov 29: the riser went from 10 to 120 upvotes, today's paper from 30 to 31; Nov 28's list fails (500s) this time.
    clock = new Date('2026-11-29T06:30:00.000Z');
    hf.setDay('2026-11-26', [item('2611.20001', 'Upvote Refresh: The Riser', 120, '2026-11-26'), item('2611.20002', 'Upvote Refresh: The Steady One', 50, '2026-11-26')]);
    hf.setDay('2026-11-28', { status: 500, json: { error: 'Internal Error' } });
    hf.setDay('2026-11-29', []);
    const refresh = await scheduler.ingestNow();
    expect(refresh).toMatchObject({ ok: false, added: 0, updated: 1, updatedIds: [RISER] });
    expect(refresh.days).toHaveLength(7);
    expect(refresh.failures.map((f) => f.source)).toEqual(['2026-11-27', '2026-11-28']);

    expect((await opened.store.getPaperByArxivId('2611.20001'))?.upvotes).toBe(120);
    const search = opened.searchState.current;
    if (!search) throw new Error('no index');
    expect(search.get(RISER)?.upvotes).toBe(120);
    const top = await topPapers({ store: opened.store, search }, { period: 'week', topic: TOPIC, now: clock });
    expect(top.papers.map((p) => [p.id, p.upvotes])).toEqual([
      [RISER, 120],
      [STEADY, 50],
      [TODAY, 30],
    ]);

    // Nothing is delivered again because its upvotes changed.
    clock = new Date('2026-11-29T09:00:00.000Z');
    const tick = await runDueDigests(opened.runnerDeps(poster), clock);
    expect(tick.outcomes.map((o) => o.outcome)).toEqual(['nothing_new']);
    expect(poster.posts).toHaveLength(1);
    expect(await opened.store.deliveredPaperIds('T1', 'C1')).toEqual(delivered);

    // The same answers again: nothing written, the index not rebuilt.
    clock = new Date('2026-11-29T06:45:00.000Z');
    hf.setDay('2026-11-28', [item('2611.20003', 'Upvote Refresh: Listed Today', 31, '2026-11-28')]);
    const fixed = await scheduler.ingestNow();
    expect(fixed).toMatchObject({ ok: false, added: 0, updated: 1, updatedIds: [TODAY] });
    expect(fixed.failures.map((f) => f.source)).toEqual(['2026-11-27']);
    const revision = await opened.store.papersRevision();
    const served = opened.searchState.current;
    const again = await scheduler.ingestNow();
    expect(again).toMatchObject({ ok: false, added: 0, updated: 0, unchanged: 3 });
    expect(await opened.store.papersRevision()).toBe(revision);
    expect(opened.searchState.current).toBe(served);
  });
});
