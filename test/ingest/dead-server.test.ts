/**
 * A Hugging Face API that is down (nothing listening, or a server that takes the connection and never answers)
 * against one that is alive but slow or rate limiting. The scheduled ingest asks for 7 days; with the budget of a
 * live server (4 attempts, 15 s each, backoff 2 + 4 + 8 s) a dead one held every day for ~74 s and logged five lines
 * per day. Down is now told after two silent attempts, the remaining days are not asked, and the log has one line.
 * Sleeps are recorded, never waited for; timeouts are real but short.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LogLevel } from '../../src/logger.ts';
import { recentDays } from '../../src/ingest/dates.ts';
import { ingestHfDays, type IngestDeps } from '../../src/ingest/ingest.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { DAY, HfFixture, NORMAL_DAY } from './hf-fixture.ts';
import { fakeSleep, ingestDeps, memoryLogger } from './helpers.ts';
import { freePort } from '../support/app-process.ts';

const NOW = new Date(`${DAY}T06:30:00.000Z`);
const WEEK = recentDays(NOW, 7);
const SHORT_TIMEOUT_MS = 300;


describe('ingest hf: a dead server fails fast, a live one is retried', () => {
  let hf: HfFixture;
  let store: Store;
  let sleeps: number[];
  let logs: string[];
  let deps: IngestDeps;

  beforeAll(async () => {
    hf = await new HfFixture().start();
  });
  afterAll(async () => {
    await hf.stop();
  });
  beforeEach(async () => {
    store = await openStore('sqlite::memory:');
    const fake = fakeSleep();
    sleeps = fake.sleeps;
    const { logger, lines } = memoryLogger(LogLevel.INFO);
    logs = lines;
    // The default attempts and backoff; only the timeout is short.
    deps = ingestDeps(store, hf.url, { timeoutMs: SHORT_TIMEOUT_MS, sleep: fake.sleep }, { logger, now: NOW });
    hf.requests.length = 0;
    for (const day of WEEK) hf.setDay(day, []);
  });
  afterEach(async () => {
    await store.close();
  });

  it('nothing listening: two attempts, the other six days not asked, one log line naming the server and the days', async () => {
    const port = await freePort();
    const report = await ingestHfDays({ ...deps, hfApiUrl: `http://127.0.0.1:${port}/api/daily_papers?token=s3cret` }, WEEK);
    expect(report.ok).toBe(false);
    expect(report.failures.map((f) => f.source)).toEqual(WEEK);
    expect(report.failures[0]?.reason).toMatch(/ECONNREFUSED/);
    expect(report.failures[1]?.reason).toMatch(/not asked: the Hugging Face API did not answer/);
    expect(sleeps).toEqual([2000]);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(new RegExp(`Hugging Face API at http://127\\.0\\.0\\.1:${port}/api/daily_papers is not answering`));
    expect(logs[0]).toMatch(/connection refused/);
    expect(logs[0]).toContain(`7 days not fetched (${WEEK[0]} … ${WEEK[6]})`);
    expect(logs[0]).not.toContain('s3cret');
    expect(await store.listPapers()).toEqual([]);
  });

  it('a server that takes the connection and never answers: two timeouts in all, not 28', async () => {
    hf.setDay(WEEK[0] ?? '', { hang: 'before-headers' });
    const report = await ingestHfDays(deps, WEEK);
    expect(report.failures.map((f) => f.source)).toEqual(WEEK);
    expect(report.failures[0]?.reason).toMatch(new RegExp(`no answer within ${SHORT_TIMEOUT_MS} ms`));
    // Two timeouts and one backoff in all (the sleeps are injected): the other six days were never asked.
    expect(hf.requests).toHaveLength(2);
    expect(sleeps).toEqual([2000]);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/is not answering \(no answer within 300 ms, 2 attempts\); 7 days not fetched/);
  });

  it('one silent attempt, then an answer: the day and the rest of the week are stored', async () => {
    hf.answerNext({ hang: 'before-headers' });
    hf.setDay(DAY, NORMAL_DAY);
    const report = await ingestHfDays(deps, WEEK);
    expect(report).toMatchObject({ ok: true, added: 4, failures: [] });
    expect(hf.requests).toHaveLength(8);
    expect(sleeps).toEqual([2000]);
  });

  it('a server answering 429 is alive: every attempt it is given, waiting what it asks, and the other days are still asked', async () => {
    hf.setDay(WEEK[0] ?? '', { status: 429, headers: { 'retry-after': '5' } });
    hf.setDay(DAY, NORMAL_DAY);
    const report = await ingestHfDays(deps, WEEK);
    expect(report.failures).toEqual([{ source: WEEK[0], reason: expect.stringMatching(/HTTP 429 \(rate limited\) \(gave up after 4 attempts\)/) as unknown }]);
    expect(hf.requestsFor(WEEK[0] ?? '')).toBe(4);
    expect(sleeps).toEqual([5000, 5000, 5000]);
    expect(report.added).toBe(4);
    expect(hf.requests).toHaveLength(10);
  });

  it('a server that answers slowly (headers, then a stalled body) is alive: retried with the full budget', async () => {
    hf.answerNext({ hang: 'mid-body', json: NORMAL_DAY }, { hang: 'mid-body', json: NORMAL_DAY }, { hang: 'mid-body', json: NORMAL_DAY });
    hf.setDay(WEEK[0] ?? '', NORMAL_DAY);
    const report = await ingestHfDays(deps, WEEK);
    expect(report).toMatchObject({ ok: true, added: 4 });
    expect(hf.requestsFor(WEEK[0] ?? '')).toBe(4);
    expect(sleeps).toEqual([2000, 4000, 8000]);
  });

  it('down, then silent on a different kind of failure: 5xx between two silent attempts does not count as down', async () => {
    hf.answerNext({ hang: 'before-headers' }, { status: 503 }, { hang: 'before-headers' });
    hf.setDay(WEEK[0] ?? '', NORMAL_DAY);
    const report = await ingestHfDays(deps, WEEK);
    expect(report).toMatchObject({ ok: true, added: 4 });
    expect(hf.requestsFor(WEEK[0] ?? '')).toBe(4);
  });
});
