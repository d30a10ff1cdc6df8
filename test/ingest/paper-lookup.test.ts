/**
 * Looking up a paper the corpus lacks (issue 17 #3) against local fixture servers standing in for the Hugging Face
 * paper API (a real record from ../shared/fixtures/hf-daily-papers) and the arXiv API (hand-written Atom faithful to
 * export.arxiv.org): found, 404 → arXiv, neither, withdrawn, malformed, 429 with Retry-After, slower than the timeout.
 * Sleeps between retries are recorded, never waited for; timeouts are real but short.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { alwaysReachable } from '../../src/digests/channel-access.ts';
import { FetchFailure } from '../../src/ingest/hf-client.ts';
import { fetchPaperFromSources, type PaperSourcesDeps } from '../../src/ingest/paper-lookup.ts';
import { openRuntime, type Runtime } from '../../src/runtime.ts';
import { ArxivFixture, atomFixture } from './arxiv-fixture.ts';
import { HfFixture } from './hf-fixture.ts';
import { hfDayPaper, PERELMAN } from './lookup-fixtures.ts';
import { fakeSleep, memoryLogger } from './helpers.ts';

/** The record Hugging Face has for LongCodeZip, exactly as its API carries it. */
const LONGCODEZIP = hfDayPaper('2510.00446');

const TIMEOUT_MS = 300;
const GENEROUS_TIMEOUT_MS = 10_000;

describe('paper lookup: Hugging Face, then arXiv', () => {
  let hf: HfFixture;
  let arxiv: ArxivFixture;
  let sleeps: number[];
  let logs: string[];
  let deps: PaperSourcesDeps;

  beforeAll(async () => {
    hf = await new HfFixture().start();
    arxiv = await new ArxivFixture().start();
    hf.setPaper('2510.00446', { json: LONGCODEZIP });
    arxiv.setFeed(PERELMAN, { raw: atomFixture('arxiv-math-0211159.atom.xml') });
    arxiv.setFeed('1234.12345', { raw: atomFixture('arxiv-error.atom.xml') });
  });
  afterAll(async () => {
    await Promise.all([hf.stop(), arxiv.stop()]);
  });
  beforeEach(() => {
    const fake = fakeSleep();
    sleeps = fake.sleeps;
    const memory = memoryLogger();
    logs = memory.lines;
    deps = {
      logger: memory.logger,
      hfApiUrl: hf.base,
      arxivApiUrl: arxiv.url,
      fetchPolicy: { timeoutMs: GENEROUS_TIMEOUT_MS, sleep: fake.sleep },
    };
    hf.requests.length = 0;
    arxiv.requests.length = 0;
  });

  it('a paper Hugging Face knows: its record (real shape) with summary, code and upvotes; arXiv is not asked', async () => {
    const found = await fetchPaperFromSources(deps, '2510.00446');
    expect(found?.source).toBe('huggingface');
    expect(found?.input).toMatchObject({
      arxivId: '2510.00446',
      title: expect.stringContaining('LongCodeZip'),
      githubRepo: 'https://github.com/YerbaPage/LongCodeZip',
      githubStars: 24,
      aiSummary: expect.stringMatching(/^LongCodeZip is a code compression framework for LLMs/),
      date: '2025-10-01',
    });
    expect(found?.input.authors.length).toBeGreaterThan(1);
    expect(found?.input.abstract).not.toMatch(/\n/);
    expect(hf.requests.map((r) => r.path)).toEqual(['/api/papers/2510.00446']);
    expect(arxiv.requests).toEqual([]);
  });

  it('Hugging Face answers 404: the arXiv Atom entry (old-style id, entities decoded, lines joined)', async () => {
    const found = await fetchPaperFromSources(deps, PERELMAN);
    expect(found?.source).toBe('arxiv');
    expect(found?.input).toEqual({
      title: 'The entropy formula for the Ricci flow and its geometric applications',
      abstract: expect.stringMatching(/^We present a monotonic expression for the Ricci flow, valid in all dimensions and without/),
      authors: ['Grisha Perelman'],
      authorCount: 1,
      date: '2002-11-11',
      upvotes: null,
      arxivId: PERELMAN,
    });
    expect(found?.input.abstract).toContain('proof of the Poincaré conjecture & its consequences is a byproduct');
    expect(hf.requests.map((r) => r.path)).toEqual([`/api/papers/${encodeURIComponent(PERELMAN)}`]);
    expect(arxiv.requests).toEqual([PERELMAN]);
  });

  it('neither has it: an empty feed, an arXiv error entry and an arXiv 404 are all "not found"', async () => {
    expect(await fetchPaperFromSources(deps, '2509.99999')).toBeNull();
    expect(await fetchPaperFromSources(deps, '1234.12345')).toBeNull();
    arxiv.answerNext({ status: 404, raw: '<html>Not Found</html>' });
    expect(await fetchPaperFromSources(deps, '2509.99998')).toBeNull();
    expect(arxiv.requests).toEqual(['2509.99999', '1234.12345', '2509.99998']);
  });

  it('a paper Hugging Face lists as withdrawn is not found (and arXiv is not asked)', async () => {
    hf.answerNext({ json: { ...LONGCODEZIP, withdrawnAt: '2025-10-05T00:00:00.000Z' } });
    expect(await fetchPaperFromSources(deps, '2510.00446')).toBeNull();
    expect(arxiv.requests).toEqual([]);
  });

  it('a paper arXiv says was withdrawn (its comment, or the note that replaced its abstract) is not found', async () => {
    const feed = atomFixture('arxiv-math-0211159.atom.xml');
    const byComment = feed.replace('>39 pages<', '>This paper has been withdrawn by the author due to a crucial error in Lemma 2<');
    const byAbstract = feed.replace(/<summary>[\s\S]*<\/summary>/, '<summary>  This submission has been withdrawn by arXiv administrators because it\nis a duplicate of an earlier submission.\n</summary>');
    for (const raw of [byComment, byAbstract]) {
      hf.answerNext({ status: 404, json: { error: 'Entry not found' } });
      arxiv.answerNext({ raw });
      expect(await fetchPaperFromSources(deps, PERELMAN)).toBeNull();
    }
    // A comment that merely mentions the word is not a withdrawal.
    hf.answerNext({ status: 404, json: { error: 'Entry not found' } });
    arxiv.answerNext({ raw: feed.replace('>39 pages<', '>39 pages; v2 corrects a claim withdrawn in v1<') });
    expect((await fetchPaperFromSources(deps, PERELMAN))?.source).toBe('arxiv');
  });

  it('a malformed answer (HTML from a proxy, a record missing fields, XML that stops) is retried, then the lookup fails', async () => {
    hf.answerNext({ raw: '<html>Bad gateway</html>' }, { json: { id: '2510.00446', title: 'No upvotes or authors' } });
    const found = await fetchPaperFromSources(deps, '2510.00446');
    expect(found?.source).toBe('huggingface');
    expect(logs.some((l) => l.includes('the body is not JSON') && l.includes('attempt 1 of 3'))).toBe(true);
    expect(logs.some((l) => l.includes('upvotes') && l.includes('attempt 2 of 3'))).toBe(true);

    const cut = atomFixture('arxiv-math-0211159.atom.xml').slice(0, 900);
    arxiv.answerNext({ raw: cut }, { raw: cut }, { raw: '<html><body>Service Unavailable</body></html>' });
    const failure = await fetchPaperFromSources(deps, PERELMAN).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FetchFailure);
    expect((failure as FetchFailure).kind).toBe('shape');
    expect((failure as FetchFailure).message).toMatch(/arXiv paper math\/0211159: expected an Atom <feed>, got <html>.*gave up after 3 attempts/);
    expect(sleeps).toEqual([500, 1000, 500, 1000]);
  });

  it('429 with Retry-After: waits what the server asked, then reads the paper; one longer than 10 s gives up at once', async () => {
    hf.answerNext({ status: 429, headers: { 'retry-after': '2' }, json: { error: 'rate limited' } });
    expect((await fetchPaperFromSources(deps, '2510.00446'))?.source).toBe('huggingface');
    expect(sleeps).toEqual([2000]);

    hf.answerNext({ status: 404, json: { error: 'Entry not found' } });
    arxiv.answerNext({ status: 429, headers: { 'retry-after': '30' }, raw: 'Rate exceeded.' });
    await expect(fetchPaperFromSources(deps, '2509.99999')).rejects.toThrow(/arXiv paper 2509\.99999: HTTP 429 \(rate limited\), Retry-After 30 s is longer than 10 s/);
    expect(sleeps).toEqual([2000]);
  });

  it('an answer slower than the timeout (no headers, or a body that stalls) is given up and retried', async () => {
    const shortDeps = { ...deps, fetchPolicy: { ...deps.fetchPolicy, timeoutMs: TIMEOUT_MS, maxAttempts: 2 } };
    hf.answerNext({ hang: 'before-headers' }, { hang: 'mid-body', json: LONGCODEZIP });
    const failure = await fetchPaperFromSources(shortDeps, '2510.00446').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FetchFailure);
    expect((failure as FetchFailure).kind).toBe('timeout');
    expect(arxiv.requests).toEqual([]);

    hf.answerNext({ status: 404, json: { error: 'Entry not found' } });
    arxiv.answerNext({ hang: 'before-headers' });
    const found = await fetchPaperFromSources(shortDeps, PERELMAN);
    expect(found?.source).toBe('arxiv');
    expect(logs.some((l) => l.includes(`arXiv paper ${PERELMAN}: no answer within ${TIMEOUT_MS} ms`))).toBe(true);
  });
});

describe('a paper found by lookup joins the corpus and is searchable at once', () => {
  let hf: HfFixture;
  let arxiv: ArxivFixture;
  let runtime: Runtime;
  let now = new Date('2026-12-02T09:00:00.000Z');

  beforeAll(async () => {
    hf = await new HfFixture().start();
    arxiv = await new ArxivFixture().start();
    hf.setPaper('2510.00446', { json: LONGCODEZIP });
    arxiv.setFeed(PERELMAN, { raw: atomFixture('arxiv-math-0211159.atom.xml') });
    const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', HF_API_URL: hf.url, ARXIV_API_URL: arxiv.url, INDEX_CACHE_DIR: 'off' });
    runtime = await openRuntime(config, memoryLogger().logger, { clock: () => now, fetchPolicy: { sleep: fakeSleep().sleep } });
  });
  afterAll(async () => {
    await runtime.close();
    await Promise.all([hf.stop(), arxiv.stop()]);
  });

  it('stored once, indexed, and not fetched again', async () => {
    const { unfurl } = runtime.commandDeps(alwaysReachable, { homeTab: false });
    const where = { teamId: 'T1', channelId: 'C1' };
    const first = await unfurl.cardsFor(where, ['https://arxiv.org/abs/2510.00446v1', `https://arxiv.org/abs/${PERELMAN}`]);
    expect(first.cards.map((c) => c.arxivId)).toEqual(['2510.00446', PERELMAN]);
    expect((await runtime.store.getPaperByArxivId(PERELMAN))?.title).toBe('The entropy formula for the Ricci flow and its geometric applications');
    const search = runtime.searchState.current;
    expect(search?.search('ricci flow entropy').hits[0]?.paper.arxivId).toBe(PERELMAN);
    expect(search?.search('LongCodeZip code compression').hits[0]?.paper.arxivId).toBe('2510.00446');

    const again = await unfurl.cardsFor({ teamId: 'T1', channelId: 'C2' }, ['https://huggingface.co/papers/2510.00446']);
    expect(again.cards).toHaveLength(1);
    expect(hf.requests.filter((r) => r.path.startsWith('/api/papers/'))).toHaveLength(2);
  });

  it('an id neither source has is not asked about again for 10 minutes; a failed lookup is tried again at the next paste', async () => {
    const { unfurl } = runtime.commandDeps(alwaysReachable, { homeTab: false });
    const asked = (): number => arxiv.requests.filter((id) => id === '2509.99999').length;
    const paste = async (channelId: string) => (await unfurl.cardsFor({ teamId: 'T1', channelId }, ['https://arxiv.org/abs/2509.99999'])).cards;
    expect(await paste('C3')).toEqual([]);
    now = new Date(now.getTime() + 9 * 60_000);
    expect(await paste('C4')).toEqual([]);
    expect(asked()).toBe(1);
    now = new Date(now.getTime() + 2 * 60_000);
    expect(await paste('C5')).toEqual([]);
    expect(asked()).toBe(2);

    now = new Date(now.getTime() + 11 * 60_000);
    hf.answerNext({ status: 400, json: { error: 'bad request' } });
    expect(await paste('C6')).toEqual([]);
    hf.setPaper('2509.99999', { json: { ...LONGCODEZIP, id: '2509.99999', title: 'A paper that arrived later' } });
    expect((await paste('C7')).map((card) => card.paper.title)).toEqual(['A paper that arrived later']);
    expect(asked()).toBe(2);
  });
});
