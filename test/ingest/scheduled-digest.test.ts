/**
 * The whole path through the runtime: seeds upserted into the papers table at start, the index built
 * from the table, the scheduled ingest (against the local fixture API) committing new papers, the index
 * swapped without a restart, and the next digest containing the new papers.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { composeDigest, countMatches } from '../../src/digests/compose.ts';
import type { DeliveryTag, DigestPoster, DigestTarget } from '../../src/digests/poster.ts';
import { runDueDigests } from '../../src/digests/runner.ts';
import { startIngestScheduler, type IngestScheduler } from '../../src/ingest/scheduler.ts';
import { paperIdFor } from '../../src/papers/paper.ts';
import { openRuntime, type Runtime } from '../../src/runtime.ts';
import type { Message } from '../../src/views/message.ts';
import { openStore } from '../../src/store/index.ts';
import { tempSqliteUrl } from '../support/test-app.ts';
import { DAY, HfFixture, NORMAL_DAY, PREVIOUS_DAY } from './hf-fixture.ts';
import { fakeSleep, memoryLogger } from './helpers.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';

const TOPIC = 'sparse attention';
const NSA = paperIdFor('Native Sparse Attention: Hardware-Aligned and Natively Trainable Sparse Attention');
const MOBA = paperIdFor('MoBA: Mixture of Block Attention for Long-Context LLMs, a Sparse Attention Alternative');

/** Records what would have been posted. */
class RecordingPoster implements DigestPoster {
  readonly posts: Array<{ target: DigestTarget; text: string; paperIds: string[]; blockKitErrors: string[] }> = [];
  post(target: DigestTarget, message: Message, tag: DeliveryTag): Promise<{ ts: string }> {
    this.posts.push({ target, text: message.text, paperIds: [...tag.paperIds], blockKitErrors: blockKitErrors(message) });
    return Promise.resolve({ ts: `${1_700_000_000 + this.posts.length}.000100` });
  }
  findPosted(): Promise<null> {
    return Promise.resolve(null);
  }
}

describe('scheduled ingest → index swapped without a restart → the next digest has the new papers', () => {
  let hf: HfFixture;
  let runtime: Runtime | undefined;
  let scheduler: IngestScheduler | undefined;
  let clock = new Date(`${DAY}T06:30:00.000Z`);

  let seedsDir = 'seeds';

  beforeAll(async () => {
    hf = await new HfFixture().start();
    // The seed pages as if captured the day before this test's ingest day, so they are older than its news: a
    // year-less date ("Dec 3") takes its year from the capture, never from the clock.
    seedsDir = mkdtempSync(join(tmpdir(), 'paper-digest-seeds-'));
    for (const name of readdirSync('seeds')) {
      writeFileSync(join(seedsDir, name), `Captured: ${PREVIOUS_DAY}T12:00:00Z\n${readFileSync(join('seeds', name), 'utf8')}`);
    }
  });
  afterEach(async () => {
    await scheduler?.stop();
    scheduler = undefined;
    await runtime?.close();
    runtime = undefined;
  });
  afterAll(async () => {
    await hf.stop();
  });

  async function start(databaseUrl = tempSqliteUrl(), timeoutMs = 10_000): Promise<{ runtime: Runtime; lines: string[]; databaseUrl: string }> {
    const { logger, lines } = memoryLogger();
    const config = loadConfig({ DATABASE_URL: databaseUrl, HF_API_URL: hf.url, SEEDS_DIR: seedsDir, DIGEST_SIZE: '5' });
    const opened = await openRuntime(config, logger, { clock: () => clock, fetchPolicy: { timeoutMs, maxAttempts: 3, sleep: fakeSleep().sleep } });
    runtime = opened;
    return { runtime: opened, lines, databaseUrl };
  }

  it('at 06:30 ingests the last 7 days; the 09:00 digest carries the new paper on its topic', async () => {
    clock = new Date(`${DAY}T06:30:00.000Z`);
    hf.setDay(DAY, NORMAL_DAY);
    hf.setDay(PREVIOUS_DAY, []);
    hf.requests.length = 0;
    const { runtime, lines } = await start();
    const seeded = await runtime.loadIndex();
    expect(seeded).toMatchObject({ papers: 247, added: 247 });
    const seedIndex = runtime.searchState.current;
    if (!seedIndex) throw new Error('index not loaded');
    expect(seedIndex.size).toBe(247);
    // The seeds alone would fill this digest: the new papers have to win their places.
    expect(countMatches(seedIndex, TOPIC)).toBeGreaterThan(5);
    const seedOnly = composeDigest(seedIndex, TOPIC, new Set(), 5).map((h) => h.paper.id);
    expect(seedOnly).not.toContain(NSA);

    const { subscription } = await runtime.store.upsertSubscription({
      teamId: 'T1',
      channelId: 'C_ML',
      topic: TOPIC,
      time: '09:00',
      timezone: 'UTC',
      createdBy: 'U1',
      now: new Date(`${PREVIOUS_DAY}T12:00:00.000Z`),
    });

    scheduler = startIngestScheduler({
      cron: runtime.config.ingestCron,
      firstIngest: false,
      deps: runtime.ingestDeps,
      refresh: () => runtime.refreshIndex(),
      logger: runtime.logger,
      refreshCron: null,
    });
    const report = await scheduler.ingestNow();
    // Today's list and the six before it (re-read for their upvotes, issue 18).
    const week = ['2025-02-11', '2025-02-12', '2025-02-13', '2025-02-14', '2025-02-15', PREVIOUS_DAY, DAY];
    expect(report).toMatchObject({ ok: true, days: week, fetched: 4, added: 4, updated: 0 });
    expect(hf.requests.map((r) => r.date)).toEqual(week);
    expect(lines.some((l) => l.includes(`scheduled ingest: hf 2025-02-11 … ${DAY}: 4 fetched, 4 added, 0 updated, 0 unchanged, 0 skipped`))).toBe(true);

    // Swapped in, no restart: the new papers are searchable.
    const index = runtime.searchState.current;
    expect(index).not.toBe(seedIndex);
    expect(index?.size).toBe(251);
    expect(index?.get(NSA)?.url).toBe('https://huggingface.co/papers/2502.11089');
    expect(index?.search('natively trainable').hits[0]?.paper.id).toBe(NSA);

    const poster = new RecordingPoster();
    const tick = await runDueDigests(runtime.runnerDeps(poster), new Date(`${DAY}T09:00:00.000Z`));
    expect(tick.outcomes).toEqual([{ subscriptionId: subscription.id, digestDate: DAY, outcome: 'posted' }]);
    expect(poster.posts).toHaveLength(1);
    const [post] = poster.posts;
    expect(post?.paperIds).toHaveLength(5);
    // Fresh papers on the topic lead the digest (a digest is news first); the seeds-only digest had neither.
    expect(post?.paperIds.slice(0, 2).sort()).toEqual([MOBA, NSA].sort());
    expect(seedOnly).not.toContain(NSA);
    expect(seedOnly).not.toContain(MOBA);
    expect(post?.text).toMatch(/sparse attention/i);
    expect(post?.blockKitErrors).toEqual([]);
    expect(await runtime.store.deliveredPaperIds('T1', 'C_ML')).toEqual(new Set(post?.paperIds));
  });

  it('the cron job itself fires the ingest and swaps the index in, with no call from outside', async () => {
    hf.setDay(DAY, NORMAL_DAY);
    hf.setDay(PREVIOUS_DAY, []);
    hf.requests.length = 0;
    const { runtime } = await start();
    await runtime.loadIndex();
    expect(runtime.searchState.current?.size).toBe(247);
    // Every second (node-cron's six-field form) instead of 06:30, so the test does not wait a day.
    scheduler = startIngestScheduler({
      cron: '* * * * * *',
      firstIngest: false,
      deps: runtime.ingestDeps,
      refresh: () => runtime.refreshIndex(),
      logger: runtime.logger,
      refreshCron: null,
    });
    const deadline = Date.now() + 15_000;
    while (runtime.searchState.current?.size !== 251 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(runtime.searchState.current?.size).toBe(251);
    expect(hf.requests.length).toBeGreaterThanOrEqual(2);
  });

  it('the 06:30 ingest still runs when its cron timer fires seconds late (the event loop was busy at 06:30)', async () => {
    hf.setDay(DAY, NORMAL_DAY);
    hf.setDay(PREVIOUS_DAY, []);
    hf.requests.length = 0;
    const { runtime } = await start();
    await runtime.loadIndex();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: new Date(`${DAY}T06:29:59.000Z`) });
    try {
      scheduler = startIngestScheduler({ cron: '30 6 * * *', firstIngest: false, deps: runtime.ingestDeps, refresh: () => runtime.refreshIndex(), logger: runtime.logger, refreshCron: null });
      // Blocked from 06:29:59 to 06:30:03.5: the wall clock moved on, the 06:30 timer had to wait.
      vi.setSystemTime(new Date(`${DAY}T06:30:02.500Z`));
      await vi.advanceTimersByTimeAsync(1_000);
    } finally {
      vi.useRealTimers();
    }
    const deadline = Date.now() + 10_000;
    while (runtime.searchState.current?.size !== 251 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(hf.requests.length).toBeGreaterThanOrEqual(1);
    expect(runtime.searchState.current?.size).toBe(251);
  });

  it('searches keep being answered by the current index while an ingest is in flight', async () => {
    hf.setDay(DAY, NORMAL_DAY);
    hf.setDay(PREVIOUS_DAY, []);
    const { runtime } = await start(tempSqliteUrl(), 500);
    await runtime.loadIndex();
    scheduler = startIngestScheduler({ cron: '30 6 * * *', firstIngest: false, deps: runtime.ingestDeps, refresh: () => runtime.refreshIndex(), logger: runtime.logger, refreshCron: null });
    // The first request hangs until the 500 ms timeout.
    hf.answerNext({ hang: 'before-headers' });
    const pending = scheduler.ingestNow();
    for (let i = 0; i < 5; i++) {
      const page = runtime.searchState.current?.search(TOPIC);
      expect(page?.total).toBeGreaterThan(0);
      expect(page?.hits.some((h) => h.paper.id === NSA)).toBe(false);
      await new Promise((r) => setTimeout(r, 40));
    }
    // A second trigger while one runs shares it instead of fetching twice.
    expect(scheduler.ingestNow()).toBe(pending);
    const report = await pending;
    expect(report).toMatchObject({ ok: true, added: 4 });
    expect(runtime.searchState.current?.get(NSA)).toBeDefined();
  });

  it('rebuilds only when the corpus changed; papers ingested elsewhere (CLI, another instance) are picked up', async () => {
    hf.setDay(DAY, NORMAL_DAY);
    hf.setDay(PREVIOUS_DAY, []);
    const { runtime, databaseUrl } = await start();
    await runtime.loadIndex();
    const first = runtime.searchState.current;
    expect(await runtime.refreshIndex()).toBe(false);
    expect(runtime.searchState.current).toBe(first);

    // Loading the seeds again (another start) changes nothing and rebuilds nothing needlessly.
    const again = await runtime.loadIndex();
    expect(again).toMatchObject({ added: 0, updated: 0 });
    const second = runtime.searchState.current;
    expect(await runtime.refreshIndex()).toBe(false);

    // An empty scheduled run: no rebuild.
    hf.setDay(DAY, []);
    scheduler = startIngestScheduler({ cron: '30 6 * * *', firstIngest: false, deps: runtime.ingestDeps, refresh: () => runtime.refreshIndex(), logger: runtime.logger, refreshCron: null });
    expect(await scheduler.ingestNow()).toMatchObject({ ok: true, fetched: 0, added: 0 });
    expect(runtime.searchState.current).toBe(second);

    // Another process writes to the same database (here a second store on the file, as the CLI would).
    const other = await openStore(databaseUrl);
    try {
      await other.upsertPapers([
        {
          title: 'Papers Ingested By Another Process',
          abstract: 'An operator ran npm run cli -- ingest on a file. The running bot picks it up.',
          authors: ['Op Erator'],
          authorCount: 1,
          date: DAY,
          upvotes: 1,
          arxivId: '2502.55555',
        },
      ]);
    } finally {
      await other.close();
    }
    expect(await scheduler.refreshNow()).toBe(true);
    expect(runtime.searchState.current?.search('ingested by another process').hits[0]?.paper.arxivId).toBe('2502.55555');
    expect(await scheduler.refreshNow()).toBe(false);
  });

  it('papers survive a restart: a new runtime on the same database serves them', async () => {
    hf.setDay(DAY, NORMAL_DAY);
    hf.setDay(PREVIOUS_DAY, []);
    const { runtime: first, databaseUrl } = await start();
    await first.loadIndex();
    scheduler = startIngestScheduler({ cron: '30 6 * * *', firstIngest: false, deps: first.ingestDeps, refresh: () => first.refreshIndex(), logger: first.logger, refreshCron: null });
    await scheduler.ingestNow();
    await scheduler.stop();
    scheduler = undefined;
    await first.close();
    runtime = undefined;

    const { runtime: second } = await start(databaseUrl);
    const seeded = await second.loadIndex();
    expect(seeded).toMatchObject({ added: 0, updated: 0 });
    expect(second.searchState.current?.size).toBe(251);
    expect(second.searchState.current?.get(MOBA)?.arxivId).toBe('2502.13923');
  });
});
