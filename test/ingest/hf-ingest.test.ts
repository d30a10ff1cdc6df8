/**
 * `ingest hf` against a local HTTP fixture server standing in for the Hugging Face daily papers API:
 * a normal day, an empty day, malformed items, a wrong shape, 429 with Retry-After, 500, a hanging
 * response, a network failure; idempotent re-ingest, upvote updates, and the seed/API merge by title.
 * Sleeps between retries are recorded, never waited for; timeouts are real but short (300 ms).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedCorpus } from '../../src/ingest/corpus-index.ts';
import { ingestHfDays, type IngestDeps } from '../../src/ingest/ingest.ts';
import { paperIdFor } from '../../src/papers/paper.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { DAY, HfFixture, NORMAL_DAY, PREVIOUS_DAY, hfItem } from './hf-fixture.ts';
import { fakeSleep, ingestDeps, memoryLogger } from './helpers.ts';
import { freePort } from '../support/app-process.ts';

/** Attempts that must time out use this; the others get a generous timeout so a loaded machine never trips it. */
const TIMEOUT_MS = 300;
const GENEROUS_TIMEOUT_MS = 10_000;

describe('ingest hf: the daily papers API', () => {
  let hf: HfFixture;
  let store: Store;
  let sleeps: number[];
  let deps: IngestDeps;
  let logs: string[];

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
    const { logger, lines } = memoryLogger();
    logs = lines;
    deps = ingestDeps(store, hf.url, { timeoutMs: GENEROUS_TIMEOUT_MS, maxAttempts: 3, sleep: fake.sleep }, { logger });
    hf.requests.length = 0;
    hf.setDay(DAY, NORMAL_DAY);
    hf.setDay(PREVIOUS_DAY, []);
  });
  afterEach(async () => {
    await store.close();
  });

  it('a normal day: every paper stored with its arXiv id, authors, upvotes, date and HF link', async () => {
    const report = await ingestHfDays(deps, [DAY]);
    expect(report).toMatchObject({ ok: true, source: 'hf', days: [DAY], fetched: 4, added: 4, updated: 0, unchanged: 0, skipped: [], failures: [] });
    expect(hf.requests).toEqual([{ path: '/api/daily_papers', date: DAY, limit: '100' }]);
    expect(sleeps).toEqual([]);

    const papers = await store.listPapers();
    expect(papers).toHaveLength(4);
    const nsa = papers.find((p) => p.arxivId === '2502.11089');
    expect(nsa).toEqual({
      id: paperIdFor('Native Sparse Attention: Hardware-Aligned and Natively Trainable Sparse Attention'),
      title: 'Native Sparse Attention: Hardware-Aligned and Natively Trainable Sparse Attention',
      abstract: expect.stringMatching(/^Long-context modeling is crucial .* hardware-aligned optimizations\.$/),
      authors: ['Jingyang Yuan', 'Huazuo Gao', 'Damai Dai'],
      authorCount: 3,
      date: '2025-02-16',
      // The day it was on the daily list (issue 18), from paper.submittedOnDailyAt.
      listedOn: '2025-02-17',
      upvotes: 141,
      arxivId: '2502.11089',
      url: 'https://huggingface.co/papers/2502.11089',
      // The Hugging Face extras (issue 17).
      aiSummary: 'A short machine summary.',
      githubRepo: 'https://github.com/example/repo',
      githubStars: 120,
    });
    // Line breaks inside an abstract become spaces.
    expect(papers.find((p) => p.arxivId === '2502.12115')?.abstract).toBe(
      'SWE-Lancer: Can Frontier LLMs Earn $1 Million from Real-World Freelance Software Engineering?. We study it and report results. The abstract spans lines, as on arXiv.',
    );
    expect(await store.papersRevision()).toBe(1);
  });

  it('an empty day: nothing fetched, nothing written, revision unchanged', async () => {
    const report = await ingestHfDays(deps, [PREVIOUS_DAY]);
    expect(report).toMatchObject({ ok: true, fetched: 0, added: 0, updated: 0, unchanged: 0, skipped: [], failures: [] });
    expect(await store.listPapers()).toEqual([]);
    expect(await store.papersRevision()).toBe(0);
  });

  it('malformed items are skipped with a message naming each one and why; the good ones are stored', async () => {
    const good = NORMAL_DAY[0];
    const base = (): Record<string, unknown> => hfItem({ id: '2502.99999', title: 'A Perfectly Fine Paper' });
    const withPaper = (changes: Record<string, unknown>): Record<string, unknown> => {
      const item = base();
      return { ...item, paper: { ...(item.paper as Record<string, unknown>), ...changes } };
    };
    hf.setDay(DAY, [
      good,
      null,
      42,
      { title: 'No paper object', summary: 'x' },
      withPaper({ id: 'abc', title: 'Bad arXiv Id' }),
      withPaper({ id: '2502.00001', title: 'Upvotes As Text', upvotes: '12' }),
      withPaper({ id: '2502.00002', title: 'Negative Upvotes', upvotes: -3 }),
      { ...withPaper({ id: '2502.00003', title: '   ' }), title: '' },
      { ...withPaper({ id: '2502.00004', title: 'No Abstract', summary: undefined }), summary: undefined },
      withPaper({ id: '2502.00005', title: 'Authors Not A List', authors: 'Ada' }),
      withPaper({ id: '2502.00006', title: 'Nameless Author', authors: [{ hidden: false }] }),
      withPaper({ id: '2502.00007', title: 'Bad Date', publishedAt: 'yesterday' }),
      withPaper({ id: '2502.00008', title: 'Withdrawn Paper', withdrawnAt: '2025-02-17T10:00:00.000Z' }),
      withPaper({ id: '2502.00009', title: 'Another Fine Paper' }),
    ]);
    const report = await ingestHfDays(deps, [DAY]);
    expect(report).toMatchObject({ ok: true, fetched: 14, added: 2, updated: 0, failures: [] });
    expect(report.skipped).toEqual([
      { item: `${DAY} #2`, reason: expect.stringMatching(/expected object, received null/) },
      { item: `${DAY} #3`, reason: expect.stringMatching(/expected object, received number/) },
      { item: `${DAY} #4 "No paper object"`, reason: expect.stringMatching(/^paper: .*expected object/) },
      { item: `${DAY} #5 "Bad arXiv Id" (abc)`, reason: 'paper.id: is not an arXiv id' },
      { item: `${DAY} #6 "Upvotes As Text" (2502.00001)`, reason: expect.stringMatching(/^paper\.upvotes: .*expected number, received string/) },
      { item: `${DAY} #7 "Negative Upvotes" (2502.00002)`, reason: expect.stringMatching(/^paper\.upvotes: .*>=0/) },
      { item: `${DAY} #8 (2502.00003)`, reason: expect.stringMatching(/^no title/) },
      { item: `${DAY} #9 "No Abstract" (2502.00004)`, reason: expect.stringMatching(/^no abstract/) },
      { item: `${DAY} #10 "Authors Not A List" (2502.00005)`, reason: expect.stringMatching(/^paper\.authors: .*expected array/) },
      { item: `${DAY} #11 "Nameless Author" (2502.00006)`, reason: expect.stringMatching(/^paper\.authors\.0\.name: /) },
      { item: `${DAY} #12 "Bad Date" (2502.00007)`, reason: 'paper.publishedAt: is not an ISO date-time' },
      { item: `${DAY} #13 "Withdrawn Paper" (2502.00008)`, reason: 'withdrawn (2025-02-17T10:00:00.000Z)' },
    ]);
    expect((await store.listPapers()).map((p) => p.arxivId).sort()).toEqual(['2502.00009', '2502.11089']);
    // Each skip is also logged, naming the item.
    expect(logs.filter((l) => l.includes('WARN') && l.includes('ingest: skipped'))).toHaveLength(12);
    expect(logs.some((l) => l.includes(`skipped ${DAY} #5 "Bad arXiv Id" (abc): paper.id: is not an arXiv id`))).toBe(true);
  });

  it('an item the store would refuse (a date past year 9999, an author named by control characters only) is skipped; the rest of the day is stored', async () => {
    const odd = (id: string, title: string, changes: Record<string, unknown>): Record<string, unknown> => {
      const item = hfItem({ id, title });
      return { ...item, paper: { ...(item.paper as Record<string, unknown>), ...changes } };
    };
    hf.setDay(DAY, [
      ...NORMAL_DAY,
      odd('2502.50001', 'Far Future Paper', { publishedAt: '9999-12-31T23:59:59-23:59' }),
      odd('2502.50002', 'Far Future Listing', { submittedOnDailyAt: '9999-12-31T23:00:00-23:00' }),
      odd('2502.50003', 'Ghost Author', { authors: [{ name: 'Ada Lovelace' }, { name: '\u0000\u0007' }] }),
    ]);
    const report = await ingestHfDays(deps, [DAY]);
    expect(report.failures).toEqual([]);
    expect(report).toMatchObject({ ok: true, fetched: 7, added: 4 });
    expect(report.skipped).toEqual([
      { item: `${DAY} #5 "Far Future Paper" (2502.50001)`, reason: expect.stringMatching(/date must be null or YYYY-MM-DD, got "\+010000-01"/) },
      { item: `${DAY} #6 "Far Future Listing" (2502.50002)`, reason: expect.stringMatching(/listedOn must be null or YYYY-MM-DD/) },
      { item: `${DAY} #7 "Ghost Author" (2502.50003)`, reason: 'paper.authors.1.name: is empty' },
    ]);
    expect(await store.listPapers()).toHaveLength(4);
  });

  it('a day none of whose items fits (the format changed under us) is a failed day, said at ERROR, not a quiet success', async () => {
    const drifted = NORMAL_DAY.map((item) => ({ ...item, paper: { ...(item.paper as object), upvotes: '12' } }));
    hf.setDay(DAY, drifted);
    const report = await ingestHfDays(deps, [PREVIOUS_DAY, DAY]);
    expect(report).toMatchObject({ ok: false, fetched: 4, added: 0 });
    expect(report.skipped).toHaveLength(4);
    expect(report.failures).toEqual([{ source: DAY, reason: 'none of its 4 items could be read (each is skipped above): not the daily papers format' }]);
    expect(logs.filter((l) => l.includes('ERROR'))).toEqual([expect.stringContaining(`ingest: daily papers ${DAY} not stored: none of its 4 items could be read`)]);
  });

  describe('failures leave the corpus unchanged and are retried with backoff', () => {
    /** The corpus after a normal day, to compare against. */
    async function baseline() {
      await ingestHfDays(deps, [DAY]);
      hf.requests.length = 0;
      sleeps.length = 0;
      return { papers: await store.listPapers(), revision: await store.papersRevision() };
    }

    async function expectUnchanged(before: Awaited<ReturnType<typeof baseline>>): Promise<void> {
      expect(await store.listPapers()).toEqual(before.papers);
      expect(await store.papersRevision()).toBe(before.revision);
    }

    const changedDay = NORMAL_DAY.map((item, i) => (i === 0 ? { ...item, paper: { ...(item.paper as object), upvotes: 999 } } : item));

    it('a wrong shape (an object, not a list) is retried, then refused whole', async () => {
      const before = await baseline();
      hf.setDay(DAY, { json: { error: 'Invalid date', papers: changedDay } });
      const report = await ingestHfDays(deps, [DAY]);
      expect(report.ok).toBe(false);
      expect(report.failures).toEqual([
        { source: DAY, reason: expect.stringMatching(/expected a JSON array of daily papers, got an object \(gave up after 3 attempts\)/) },
      ]);
      expect(report).toMatchObject({ fetched: 0, added: 0, updated: 0 });
      expect(hf.requestsFor(DAY)).toBe(3);
      expect(sleeps).toEqual([2000, 4000]);
      await expectUnchanged(before);
    });

    it('a body that is not JSON at all (an HTML error page) is a wrong shape too', async () => {
      const before = await baseline();
      hf.answerNext({ raw: '<html><body>Bad gateway</body></html>', headers: { 'content-type': 'text/html' } });
      hf.setDay(DAY, changedDay);
      const report = await ingestHfDays(deps, [DAY]);
      expect(report).toMatchObject({ ok: true, updated: 1, unchanged: 3 });
      expect(hf.requestsFor(DAY)).toBe(2);
      expect(sleeps).toEqual([2000]);
      expect(logs.some((l) => l.includes('the body is not JSON') && l.includes('attempt 1 of 3'))).toBe(true);
      expect(before.papers).toHaveLength(4);
    });

    it('429 with Retry-After: waits what the server asked, then stores the day', async () => {
      hf.answerNext({ status: 429, headers: { 'retry-after': '7' }, json: { error: 'rate limited' } });
      const report = await ingestHfDays(deps, [DAY]);
      expect(report).toMatchObject({ ok: true, added: 4 });
      expect(sleeps).toEqual([7000]);
      expect(hf.requestsFor(DAY)).toBe(2);
      expect(logs.some((l) => l.includes('HTTP 429 (rate limited); attempt 1 of 3, retrying in 7 s'))).toBe(true);
    });

    it('429 with Retry-After as an HTTP date, and 429s until the attempts run out', async () => {
      const before = await baseline();
      const now = new Date('2025-02-17T06:30:00.000Z');
      const inTwelve = new Date(now.getTime() + 12_000).toUTCString();
      deps = { ...deps, fetchPolicy: { ...deps.fetchPolicy, now: () => now } };
      hf.setDay(DAY, { status: 429, headers: { 'retry-after': inTwelve } });
      const report = await ingestHfDays(deps, [DAY]);
      expect(report.ok).toBe(false);
      expect(report.failures[0]?.reason).toMatch(/HTTP 429 \(rate limited\) \(gave up after 3 attempts\)/);
      expect(sleeps).toEqual([12_000, 12_000]);
      await expectUnchanged(before);
    });

    it('a Retry-After longer than the cap gives up at once (the next scheduled run tries again)', async () => {
      const before = await baseline();
      hf.setDay(DAY, { status: 429, headers: { 'retry-after': '3600' } });
      const report = await ingestHfDays(deps, [DAY]);
      expect(report.failures[0]?.reason).toMatch(/Retry-After 3600 s is longer than 300 s; giving up until the next run/);
      expect(hf.requestsFor(DAY)).toBe(1);
      expect(sleeps).toEqual([]);
      await expectUnchanged(before);
    });

    it('500 then success: one backoff, then the day is stored', async () => {
      hf.answerNext({ status: 500, json: { error: 'Internal Error' } });
      const report = await ingestHfDays(deps, [DAY]);
      expect(report).toMatchObject({ ok: true, added: 4 });
      expect(sleeps).toEqual([2000]);
      expect(hf.requestsFor(DAY)).toBe(2);
    });

    it('5xx every time: exponential backoff, bounded attempts, nothing stored', async () => {
      const before = await baseline();
      hf.setDay(DAY, { status: 503, raw: 'Service Unavailable' });
      const report = await ingestHfDays(deps, [DAY]);
      expect(report).toMatchObject({ ok: false, added: 0, updated: 0 });
      expect(report.failures[0]?.reason).toMatch(/HTTP 503 \(gave up after 3 attempts\)/);
      expect(sleeps).toEqual([2000, 4000]);
      await expectUnchanged(before);
    });

    it('a 404 is not retried', async () => {
      hf.setDay(DAY, { status: 404, json: { error: 'not found' } });
      const report = await ingestHfDays(deps, [DAY]);
      expect(report.failures[0]?.reason).toBe(`daily papers ${DAY}: HTTP 404`);
      expect(hf.requestsFor(DAY)).toBe(1);
    });

    it('a response that never comes times out, is tried once more, and stores nothing (a silent server is down: dead-server.test.ts)', async () => {
      const before = await baseline();
      hf.setDay(DAY, { hang: 'before-headers' });
      const started = performance.now();
      const report = await ingestHfDays({ ...deps, fetchPolicy: { ...deps.fetchPolicy, timeoutMs: TIMEOUT_MS } }, [DAY]);
      const ms = performance.now() - started;
      expect(report.ok).toBe(false);
      expect(report.failures[0]?.reason).toMatch(new RegExp(`no answer within ${TIMEOUT_MS} ms \\(no answer to 2 attempts in a row\\)`));
      expect(hf.requestsFor(DAY)).toBe(2);
      expect(sleeps).toEqual([2000]);
      // Each attempt waited its full timeout (the backoff between them is injected: the sleeps above).
      expect(ms).toBeGreaterThanOrEqual(2 * TIMEOUT_MS - 50);
      await expectUnchanged(before);
    });

    it('a body that stops halfway times out too', async () => {
      const before = await baseline();
      hf.answerNext({ hang: 'mid-body', json: changedDay }, { hang: 'mid-body', json: changedDay });
      hf.setDay(DAY, changedDay);
      const slowTimeout = 1000; // long enough for the third (complete) answer even on a loaded machine
      const report = await ingestHfDays({ ...deps, fetchPolicy: { ...deps.fetchPolicy, timeoutMs: slowTimeout } }, [DAY]);
      // Third attempt succeeds.
      expect(report).toMatchObject({ ok: true, updated: 1, unchanged: 3 });
      expect(hf.requestsFor(DAY)).toBe(3);
      expect(logs.filter((l) => l.includes(`no complete answer within ${slowTimeout} ms`))).toHaveLength(2);
      expect(before.papers.find((p) => p.arxivId === '2502.11089')?.upvotes).toBe(141);
      expect((await store.listPapers()).find((p) => p.arxivId === '2502.11089')?.upvotes).toBe(999);
    });

    it('a network failure (nothing listening) is tried once more and stores nothing', async () => {
      const closed = await freePort();
      const report = await ingestHfDays({ ...deps, hfApiUrl: `http://127.0.0.1:${closed}/api/daily_papers` }, [DAY]);
      expect(report.ok).toBe(false);
      expect(report.failures[0]?.reason).toMatch(/connection refused: fetch failed: .*ECONNREFUSED.*\(no answer to 2 attempts in a row\)/);
      expect(sleeps).toEqual([2000]);
      expect(await store.listPapers()).toEqual([]);
    });

    it('one failed day does not stop the others; each day is its own transaction', async () => {
      hf.setDay(PREVIOUS_DAY, { status: 500 });
      const report = await ingestHfDays(deps, [PREVIOUS_DAY, DAY]);
      expect(report).toMatchObject({ ok: false, days: [PREVIOUS_DAY, DAY], fetched: 4, added: 4 });
      expect(report.failures.map((f) => f.source)).toEqual([PREVIOUS_DAY]);
      expect(await store.listPapers()).toHaveLength(4);
    });
  });

  it('re-ingesting the same day changes nothing', async () => {
    const first = await ingestHfDays(deps, [DAY]);
    const papers = await store.listPapers();
    const second = await ingestHfDays(deps, [DAY]);
    expect(first).toMatchObject({ added: 4, updated: 0, unchanged: 0 });
    expect(second).toMatchObject({ ok: true, fetched: 4, added: 0, updated: 0, unchanged: 4, skipped: [] });
    expect(await store.listPapers()).toEqual(papers);
    expect(await store.papersRevision()).toBe(1);
  });

  it('a paper seen again with new upvotes is updated, not duplicated', async () => {
    await ingestHfDays(deps, [DAY]);
    const ids = (await store.listPapers()).map((p) => p.id).sort();
    hf.setDay(DAY, NORMAL_DAY.map((item, i) => (i === 1 ? { ...item, paper: { ...(item.paper as object), upvotes: 77 } } : item)));
    const report = await ingestHfDays(deps, [DAY]);
    expect(report).toMatchObject({ added: 0, updated: 1, unchanged: 3, updatedIds: [paperIdFor(String((NORMAL_DAY[1]?.paper as { title: string }).title))] });
    const papers = await store.listPapers();
    expect(papers.map((p) => p.id).sort()).toEqual(ids);
    expect(papers.find((p) => p.arxivId === '2502.12115')?.upvotes).toBe(77);
    expect(await store.papersRevision()).toBe(2);
  });

  it('the same paper on two days is one paper, with the latest upvotes', async () => {
    hf.setDay(PREVIOUS_DAY, [{ ...NORMAL_DAY[0], paper: { ...(NORMAL_DAY[0]?.paper as object), upvotes: 3 } }]);
    const report = await ingestHfDays(deps, [PREVIOUS_DAY, DAY]);
    expect(report).toMatchObject({ ok: true, fetched: 5, added: 4, updated: 1 });
    expect(await store.listPapers()).toHaveLength(4);
  });

  it('a paper whose arXiv id comes with a version (v2) is the same paper: one record, the bare id, the HF link, upvotes updated', async () => {
    const first = await ingestHfDays(deps, [DAY]);
    expect(first).toMatchObject({ ok: true, added: 4 });
    const before = (await store.listPapers()).find((p) => p.arxivId === '2502.11089');
    const revised = { ...NORMAL_DAY[0], paper: { ...(NORMAL_DAY[0]?.paper as object), id: '2502.11089v2', upvotes: 200 } };
    hf.setDay(DAY, [revised, ...NORMAL_DAY.slice(1)]);
    const report = await ingestHfDays(deps, [DAY]);
    expect(report).toMatchObject({ ok: true, added: 0, updated: 1, unchanged: 3 });
    const papers = await store.listPapers();
    expect(papers).toHaveLength(4);
    expect(papers.find((p) => p.id === before?.id)).toMatchObject({ arxivId: '2502.11089', upvotes: 200, url: 'https://huggingface.co/papers/2502.11089' });
    // A versioned id the first time is stored bare too.
    hf.setDay(PREVIOUS_DAY, [hfItem({ id: '2502.40004v3', title: 'A Third Version' })]);
    await ingestHfDays(deps, [PREVIOUS_DAY]);
    expect((await store.listPapers()).find((p) => p.title === 'A Third Version')).toMatchObject({ arxivId: '2502.40004', url: 'https://huggingface.co/papers/2502.40004' });
  });

  it('merges with a seed paper on the normalized title: the seed keeps its id and gains arXiv id, authors and HF link', async () => {
    const { logger } = memoryLogger();
    const now = new Date('2026-11-23T12:00:00Z');
    const seeded = await seedCorpus(store, 'seeds', logger, now);
    expect(seeded).toMatchObject({ papers: 247, added: 247, updated: 0 });
    const seedTitle = 'Hydra: Sequentially-Dependent Draft Heads for Medusa Decoding';
    const seedId = paperIdFor(seedTitle);
    const before = (await store.listPapers()).find((p) => p.id === seedId);
    expect(before).toMatchObject({ arxivId: null, authors: [], authorCount: 6, upvotes: 2, date: '2024-02-07' });

    hf.setDay(DAY, [
      hfItem({
        id: '2402.05109',
        title: 'Hydra:  Sequentially-dependent draft heads for Medusa decoding',
        upvotes: 9,
        publishedAt: '2024-02-07T18:23:11.000Z',
        authors: ['Zachary Ankner', 'Rishab Parthasarathy', 'Aniruddha Nrusimha', 'Christopher Rinard', 'Jonathan Ragan-Kelley', 'William Brandon'],
      }),
      ...NORMAL_DAY,
    ]);
    const report = await ingestHfDays(deps, [DAY]);
    expect(report).toMatchObject({ ok: true, fetched: 5, added: 4, updated: 1, updatedIds: [seedId] });
    const papers = await store.listPapers();
    expect(papers).toHaveLength(251);
    expect(papers.filter((p) => /hydra/i.test(p.title))).toHaveLength(1);
    expect(papers.find((p) => p.id === seedId)).toMatchObject({
      arxivId: '2402.05109',
      authors: ['Zachary Ankner', 'Rishab Parthasarathy', 'Aniruddha Nrusimha', 'Christopher Rinard', 'Jonathan Ragan-Kelley', 'William Brandon'],
      authorCount: 6,
      upvotes: 9,
      date: '2024-02-07',
      url: 'https://huggingface.co/papers/2402.05109',
    });

    // The next start loads the seeds again: nothing changes, nothing reverts.
    const reseeded = await seedCorpus(store, 'seeds', logger, new Date('2027-03-01T12:00:00Z'));
    expect(reseeded).toMatchObject({ added: 0, updated: 0 });
    expect(await store.listPapers()).toEqual(papers);
  });
});

