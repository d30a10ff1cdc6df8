/**
 * A new install (a database no scheduled ingest has succeeded on) fetches the daily papers once in the background
 * right after it is ready, instead of serving only the seed papers (and an empty `/paper top`) until the next
 * `INGEST_CRON`. Only the Slack app does: the local console (offline starts) waits for the cron, and `INGEST_CRON=off`
 * (what the child-process tests default to) fetches nothing at all. Real SQLite, the local Hugging Face stand-in
 * serving a real day from ../shared/fixtures, and the real entry point (src/main.ts) as a child process.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIngestScheduler, type IngestScheduler } from '../../src/ingest/scheduler.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { freePort, startReadyApp, type AppProcess } from '../support/app-process.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { postSigned, slashCommandBody } from '../support/signed-request.ts';
import { BOT_TOKEN, SIGNING_SECRET, tempSqliteUrl } from '../support/test-app.ts';
import { DAY, HfFixture, NORMAL_DAY } from './hf-fixture.ts';
import { fakeSleep, ingestDeps, memoryLogger } from './helpers.ts';

const CRON = '30 6 * * *';
const NINE = new Date(`${DAY}T09:00:00.000Z`);
/** A real day of Hugging Face's daily papers (17 items). */
const REAL_DAY = JSON.parse(
  readFileSync(new URL('../../../shared/fixtures/hf-daily-papers/daily_papers_2026-08-21.json', import.meta.url), 'utf8'),
) as unknown[];

/** Lines about ingesting (the seed pages' and the index's own lines left out). */
const ingestLines = (lines: readonly string[]): string[] => lines.filter((line) => /ingest|Hugging Face|daily papers/.test(line));

describe('the ingest schedule on a database no scheduled ingest has succeeded on', () => {
  let hf: HfFixture;
  const schedulers: IngestScheduler[] = [];
  const stores: Store[] = [];

  beforeAll(async () => {
    hf = await new HfFixture().start();
    hf.setDay(DAY, NORMAL_DAY);
  });
  afterAll(async () => {
    for (const scheduler of schedulers) await scheduler.stop();
    for (const store of stores) await store.close();
    await hf.stop();
  });

  async function startOn(options: { store?: Store; cron?: string | null; firstIngest: boolean; hfApiUrl?: string }) {
    const store = options.store ?? (await openStore(tempSqliteUrl()));
    if (!options.store) stores.push(store);
    const { logger, lines } = memoryLogger();
    hf.requests.length = 0;
    const scheduler = startIngestScheduler({
      cron: options.cron === undefined ? CRON : options.cron,
      firstIngest: options.firstIngest,
      deps: ingestDeps(store, options.hfApiUrl ?? hf.url, { maxAttempts: 2, sleep: fakeSleep().sleep }, { now: NINE, logger }),
      refresh: () => Promise.resolve(true),
      logger,
      refreshCron: null,
    });
    schedulers.push(scheduler);
    return { store, scheduler, lines };
  }

  it('the Slack app fetches the last 7 days at once, in the background, in one INFO line, and records it', async () => {
    const { store, scheduler, lines } = await startOn({ firstIngest: true });
    expect(hf.requests).toEqual([]);
    expect(await scheduler.catchUp).toMatchObject({ ok: true, fetched: 4, added: 4 });
    expect(hf.requests.map((r) => r.date)).toEqual(['2025-02-11', '2025-02-12', '2025-02-13', '2025-02-14', '2025-02-15', '2025-02-16', DAY]);
    expect(ingestLines(lines)).toHaveLength(1);
    expect(ingestLines(lines)[0]).toMatch(/INFO .*first ingest \(no scheduled ingest on record yet\): hf 2025-02-11 … 2025-02-17: 4 fetched, 4 added/);
    expect(await store.lastScheduledIngestAt()).toEqual(NINE);

    // The next start finds it recorded: nothing is fetched again.
    const again = await startOn({ store, firstIngest: true });
    expect(await again.scheduler.catchUp).toBeNull();
    expect(hf.requests).toEqual([]);
  });

  it('an unreachable Hugging Face is one WARN line naming HF_API_URL\'s host, no stack; nothing recorded', async () => {
    const closed = await freePort();
    const { store, scheduler, lines } = await startOn({ firstIngest: true, hfApiUrl: `http://127.0.0.1:${closed}/api/daily_papers?token=s3cret` });
    expect(await scheduler.catchUp).toMatchObject({ ok: false, added: 0 });
    const logged = lines.filter((line) => !/ DEBUG /.test(line));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(
      new RegExp(`WARN .*first ingest: the Hugging Face API \\(HF_API_URL, 127\\.0\\.0\\.1:${closed}\\) could not be read \\(7 of 7 days failed, .*connection refused.*\\); nothing fetched, the next scheduled ingest tries again`),
    );
    expect(logged[0]).not.toMatch(/s3cret|\n\s+at /);
    expect(await store.lastScheduledIngestAt()).toBeNull();
  });

  it('the local console (firstIngest false) waits for the cron', async () => {
    const { scheduler } = await startOn({ firstIngest: false });
    expect(await scheduler.catchUp).toBeNull();
    expect(hf.requests).toEqual([]);
  });

  it('INGEST_CRON=off fetches nothing, not even on a new database', async () => {
    const { scheduler, lines } = await startOn({ cron: null, firstIngest: true });
    expect(await scheduler.catchUp).toBeNull();
    expect(hf.requests).toEqual([]);
    expect(ingestLines(lines)).toEqual([]);
  });
});

describe('a new install of the app (HTTP mode, a new SQLite database)', { timeout: 120_000 }, () => {
  let hf: HfFixture;
  let slack: FakeSlack;
  const apps: AppProcess[] = [];
  const databaseUrl = tempSqliteUrl();

  beforeAll(async () => {
    hf = await new HfFixture().start();
    slack = await new FakeSlack().start();
    // Whatever day it is (UTC), Hugging Face lists the real day's papers on it.
    hf.setDay(new Date().toISOString().slice(0, 10), REAL_DAY);
  });
  afterAll(async () => {
    for (const app of apps) app.kill();
    await Promise.all(apps.map((app) => app.exited));
    await slack.stop();
    await hf.stop();
  });

  async function start(hfApiUrl: string): Promise<{ app: AppProcess; url: string }> {
    const started = await startReadyApp(slack, {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      DATABASE_URL: databaseUrl,
      INDEX_CACHE_DIR: 'off',
      HF_API_URL: hfApiUrl,
      INGEST_CRON: CRON,
    });
    apps.push(started.app);
    return started;
  }

  async function paper(url: string, text: string): Promise<string> {
    const res = await postSigned(`${url}/slack/events`, slashCommandBody({ text, response_url: slack.responseUrl('cmd') }), SIGNING_SECRET);
    expect(res.status).toBe(200);
    return res.text();
  }

  async function stop(app: AppProcess): Promise<void> {
    app.child.kill('SIGTERM');
    expect((await app.exited).code, app.output()).toBe(0);
  }

  it('fetches today\'s papers right after ready, without waiting for the cron; the next start fetches nothing', async () => {
    const { app, url } = await start(hf.url);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    await app.waitForOutput(/INFO .*first ingest \(no scheduled ingest on record yet\): hf .*: 17 fetched, 17 added/);
    expect(await paper(url, 'EnvHarness awakening static worlds')).toContain('EnvHarness');
    expect(app.output()).not.toMatch(/ (WARN|ERROR) .*(ingest|Hugging Face)/);
    await stop(app);

    // A restart: the ingest is on record (its stop waited for the start's decision), so nothing is asked again.
    const asked = hf.requests.length;
    const second = await start(hf.url);
    expect(await paper(second.url, 'EnvHarness awakening static worlds')).toContain('EnvHarness');
    await stop(second.app);
    expect(hf.requests.length).toBe(asked);
    expect(second.app.output()).not.toMatch(/first ingest|catch-up ingest/);
  });

  it('an unreachable Hugging Face on a new database: one WARN line, and the app serves', async () => {
    const closed = await freePort();
    const { app, url } = await startReadyApp(slack, {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      DATABASE_URL: tempSqliteUrl(),
      INDEX_CACHE_DIR: 'off',
      HF_API_URL: `http://127.0.0.1:${closed}`,
      INGEST_CRON: CRON,
    });
    apps.push(app);
    await app.waitForOutput(/WARN .*first ingest/);
    const complaints = app.output().split('\n').filter((line) => / (WARN|ERROR) /.test(line));
    expect(complaints, app.output()).toHaveLength(1);
    expect(complaints[0]).toMatch(new RegExp(`127\\.0\\.0\\.1:${closed}.*connection refused`));
    expect(app.output()).not.toMatch(/\n\s+at /);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(await paper(url, 'sparse attention')).toMatch(/Sparse Attention/i);
  });
});
