/**
 * A daily ingest missed because the process was down at `INGEST_CRON`: at start, when the last successful scheduled
 * ingest is older than the cron's last time, one catch-up ingest runs in the background (one log line), instead of the
 * day's list waiting for the next cron. Real SQLite store, the local Hugging Face fixture, an injected clock; and the
 * real entry point (src/main.ts) as a child process, ready and answering /healthz while the catch-up still waits on
 * Hugging Face.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIngestScheduler, type IngestScheduler } from '../../src/ingest/scheduler.ts';
import { lastCronRun } from '../../src/ingest/cron-times.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { startReadyApp, type AppProcess } from '../support/app-process.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { eventually } from '../support/slack-events.ts';
import { BOT_TOKEN, SIGNING_SECRET, tempSqliteUrl } from '../support/test-app.ts';
import { DAY, HfFixture, NORMAL_DAY } from './hf-fixture.ts';
import { fakeSleep, ingestDeps, memoryLogger } from './helpers.ts';

const CRON = '30 6 * * *';
const NINE = new Date(`${DAY}T09:00:00.000Z`);

describe('the last time a cron expression matched (UTC)', () => {
  it('is the latest match at or before the instant', () => {
    expect(lastCronRun(CRON, NINE)).toEqual(new Date(`${DAY}T06:30:00.000Z`));
    expect(lastCronRun(CRON, new Date(`${DAY}T06:30:00.000Z`))).toEqual(new Date(`${DAY}T06:30:00.000Z`));
    expect(lastCronRun(CRON, new Date(`${DAY}T06:29:59.000Z`))).toEqual(new Date('2025-02-16T06:30:00.000Z'));
    expect(lastCronRun('0 */6 * * *', NINE)).toEqual(new Date(`${DAY}T06:00:00.000Z`));
    // Weekdays only: on Monday 2025-02-17 at 05:00 the last one was Friday's.
    expect(lastCronRun('0 6 * * 1-5', new Date(`${DAY}T05:00:00.000Z`))).toEqual(new Date('2025-02-14T06:00:00.000Z'));
    expect(lastCronRun('15 3 1 * *', NINE)).toEqual(new Date('2025-02-01T03:15:00.000Z'));
    expect(lastCronRun('*/10 * * * * *', new Date(`${DAY}T09:00:07.500Z`))).toEqual(new Date(`${DAY}T09:00:00.000Z`));
  });
});

describe('a scheduled ingest missed while the process was down', () => {
  let hf: HfFixture;
  const schedulers: IngestScheduler[] = [];
  const stores: Store[] = [];

  beforeAll(async () => {
    hf = await new HfFixture().start();
  });
  afterAll(async () => {
    for (const scheduler of schedulers) await scheduler.stop();
    for (const store of stores) await store.close();
    await hf.stop();
  });

  async function startAt(now: Date, lastIngest: Date | null, store?: Store) {
    const db = store ?? (await openStore(tempSqliteUrl()));
    if (!store) stores.push(db);
    if (lastIngest) await db.recordScheduledIngest(lastIngest);
    const { logger, lines } = memoryLogger();
    hf.requests.length = 0;
    let refreshed = 0;
    const scheduler = startIngestScheduler({
      cron: CRON,
      firstIngest: true,
      deps: ingestDeps(db, hf.url, { maxAttempts: 1, sleep: fakeSleep().sleep }, { now, logger }),
      refresh: () => {
        refreshed += 1;
        return Promise.resolve(true);
      },
      logger,
      refreshCron: null,
    });
    schedulers.push(scheduler);
    return { store: db, scheduler, lines, refreshed: () => refreshed };
  }

  it('down at 06:30, up at 09:00: the week is fetched at start, in the background, logged in one line, and recorded', async () => {
    hf.setDay(DAY, NORMAL_DAY);
    const { store, scheduler, lines, refreshed } = await startAt(NINE, new Date('2025-02-16T06:30:00.000Z'));
    // The start returned before anything was asked of Hugging Face: the catch-up runs behind it.
    expect(hf.requests).toEqual([]);
    const report = await scheduler.catchUp;
    expect(report).toMatchObject({ ok: true, fetched: 4, added: 4 });
    expect(hf.requests.map((r) => r.date)).toEqual(['2025-02-11', '2025-02-12', '2025-02-13', '2025-02-14', '2025-02-15', '2025-02-16', DAY]);
    expect(refreshed()).toBe(1);
    const logged = lines.filter((line) => /catch-up|scheduled ingest/.test(line));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(
      /INFO .*catch-up ingest \(the scheduled one of 2025-02-17T06:30:00\.000Z did not run; last one 2025-02-16T06:30:00\.000Z\): hf 2025-02-11 … 2025-02-17: 4 fetched, 4 added/,
    );
    expect(await store.lastScheduledIngestAt()).toEqual(NINE);

    // Restarted a minute later: the day's list is in, nothing is fetched again.
    const again = await startAt(new Date(NINE.getTime() + 60_000), null, store);
    expect(await again.scheduler.catchUp).toBeNull();
    expect(hf.requests).toEqual([]);
  });

  it('the 06:30 ingest ran: a start at 09:00 fetches nothing', async () => {
    const { scheduler, lines } = await startAt(NINE, new Date(`${DAY}T06:30:00.000Z`));
    expect(await scheduler.catchUp).toBeNull();
    expect(hf.requests).toEqual([]);
    expect(lines.filter((line) => /catch-up/.test(line))).toEqual([]);
  });

  it('a catch-up that fails is logged as such and not recorded: the next start tries again', async () => {
    hf.answerNext({ status: 500, json: { error: 'down' } });
    const last = new Date('2025-02-16T06:30:00.000Z');
    const { store, scheduler, lines } = await startAt(NINE, last);
    expect(await scheduler.catchUp).toMatchObject({ ok: false });
    expect(lines.filter((line) => /ERROR .*catch-up ingest .*1 failed; the next scheduled run tries again/.test(line))).toHaveLength(1);
    expect(await store.lastScheduledIngestAt()).toEqual(last);
  });
});

describe('the app starting with a missed ingest', () => {
  let hf: HfFixture;
  let slack: FakeSlack;
  let app: AppProcess | undefined;

  beforeAll(async () => {
    hf = await new HfFixture().start();
    slack = await new FakeSlack().start();
  });
  afterAll(async () => {
    app?.kill();
    await app?.exited;
    await slack.stop();
    await hf.stop();
  });

  it('is ready and answers /healthz while the catch-up ingest still waits on Hugging Face', async () => {
    const databaseUrl = tempSqliteUrl();
    const store = await openStore(databaseUrl);
    await store.recordScheduledIngest(new Date(Date.now() - 3 * 24 * 3_600_000));
    await store.close();
    // Hugging Face takes the request and never answers.
    for (let i = 0; i < 8; i++) hf.answerNext({ hang: 'before-headers' });
    const started = await startReadyApp(slack, {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      DATABASE_URL: databaseUrl,
      INDEX_CACHE_DIR: 'off',
      HF_API_URL: hf.url,
      INGEST_CRON: CRON,
    });
    app = started.app;
    expect((await fetch(`${started.url}/healthz`)).status).toBe(200);
    // The catch-up did start (and hangs): it held back neither the start nor /healthz.
    await eventually(() => hf.requests.length > 0);
    expect(hf.requests.every((r) => r.path === '/api/daily_papers')).toBe(true);
    expect((await fetch(`${started.url}/healthz`)).status).toBe(200);
  });
});
