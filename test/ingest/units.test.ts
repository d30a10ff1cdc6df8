/** Small pieces of ingestion: days, Retry-After, URLs, backoff, config, merge rules. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { IngestDateError, MAX_INGEST_DAYS, addDays, ingestDays, recentDays } from '../../src/ingest/dates.ts';
import { backoffMs, dailyPapersUrl, parseRetryAfter } from '../../src/ingest/hf-client.ts';
import { validateItem } from '../../src/ingest/hf-api.ts';
import { DEFAULT_INGEST_CRON } from '../../src/ingest/scheduler.ts';
import { mergeStoredPaper, newStoredPaper } from '../../src/papers/corpus-merge.ts';
import { isArxivId, paperTitleKey } from '../../src/papers/paper.ts';
import { hfItem } from './hf-fixture.ts';

const NOW = new Date('2025-02-17T06:30:00.000Z');

describe('which days an ingest fetches', () => {
  it('today by default, one --date, or every day --since, oldest first', () => {
    expect(ingestDays({}, NOW)).toEqual(['2025-02-17']);
    expect(ingestDays({ date: '2025-02-10' }, NOW)).toEqual(['2025-02-10']);
    expect(ingestDays({ since: '2025-02-14' }, NOW)).toEqual(['2025-02-14', '2025-02-15', '2025-02-16', '2025-02-17']);
    expect(ingestDays({ since: '2025-02-17' }, NOW)).toEqual(['2025-02-17']);
  });

  it(`caps --since at ${MAX_INGEST_DAYS} days and refuses nonsense`, () => {
    expect(ingestDays({ since: addDays('2025-02-17', -(MAX_INGEST_DAYS - 1)) }, NOW)).toHaveLength(MAX_INGEST_DAYS);
    expect(() => ingestDays({ since: addDays('2025-02-17', -MAX_INGEST_DAYS) }, NOW)).toThrow(/at most 31 days \(to 2025-01-18\)/);
    expect(() => ingestDays({ date: '2025-02-18' }, NOW)).toThrow(/in the future/);
    expect(() => ingestDays({ date: '17.02.2025' }, NOW)).toThrow(IngestDateError);
    expect(() => ingestDays({ date: '2025-02-17', since: '2025-02-16' }, NOW)).toThrow(/not both/);
  });

  it('the scheduled run takes yesterday and today (UTC), across month and year ends', () => {
    expect(recentDays(NOW, 2)).toEqual(['2025-02-16', '2025-02-17']);
    expect(recentDays(new Date('2025-03-01T00:10:00Z'), 2)).toEqual(['2025-02-28', '2025-03-01']);
    expect(recentDays(new Date('2025-01-01T06:30:00Z'), 2)).toEqual(['2024-12-31', '2025-01-01']);
  });
});

describe('HTTP details', () => {
  it('Retry-After in seconds or as an HTTP date', () => {
    expect(parseRetryAfter('7', NOW)).toBe(7000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
    expect(parseRetryAfter(new Date(NOW.getTime() + 30_000).toUTCString(), NOW)).toBe(30_000);
    expect(parseRetryAfter(new Date(NOW.getTime() - 30_000).toUTCString(), NOW)).toBe(0);
    expect(parseRetryAfter('soon', NOW)).toBeNull();
    expect(parseRetryAfter(null, NOW)).toBeNull();
  });

  it('exponential backoff, capped', () => {
    const policy = { baseDelayMs: 2000, maxDelayMs: 60_000 };
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffMs(policy, n))).toEqual([2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000]);
  });

  it('the day URL keeps what HF_API_URL already has', () => {
    expect(dailyPapersUrl('https://huggingface.co/api/daily_papers', '2025-02-17')).toBe(
      'https://huggingface.co/api/daily_papers?date=2025-02-17&limit=100',
    );
    expect(dailyPapersUrl('http://127.0.0.1:9/x?limit=5&token=a', '2025-02-17')).toBe('http://127.0.0.1:9/x?limit=5&token=a&date=2025-02-17');
  });
});

describe('validating one API item', () => {
  it('dates a paper by its publication, else when it was listed, else the day asked for', () => {
    const item = hfItem({ id: '2502.11089', title: 'T', publishedAt: '2025-02-14T23:59:59.000-05:00' });
    expect(validateItem(item, '2025-02-17')).toMatchObject({ ok: true, input: { date: '2025-02-15' } });
    const paper = { ...(item.paper as Record<string, unknown>), publishedAt: undefined };
    expect(validateItem({ ...item, paper }, '2025-02-17')).toMatchObject({ ok: true, input: { date: '2025-02-17' } });
    expect(validateItem({ ...item, paper, publishedAt: undefined }, '2025-02-17')).toMatchObject({ ok: true, input: { date: '2025-02-17' } });
  });

  it('accepts old-style and versioned arXiv ids, refuses others', () => {
    for (const id of ['2502.11089', '0704.0001', '1501.0001', '2502.11089v3', 'hep-th/9901001', 'math.GT/0309136']) expect(isArxivId(id), id).toBe(true);
    for (const id of ['', '2502.108', '2502.11089 ', 'abc', '../2502.11089', '2502.11089/x']) expect(isArxivId(id), id).toBe(false);
  });
});

describe('merge rules', () => {
  const seed = newStoredPaper('seed-id', {
    title: 'Deep Things',
    abstract: 'Short.',
    authors: [],
    authorCount: 4,
    date: '2024-03-20',
    upvotes: 8,
    arxivId: null,
  });

  it('an authoritative (arXiv) source replaces what it says; a page only fills gaps', () => {
    const api = mergeStoredPaper(
      seed,
      { title: 'Deep things!', abstract: 'The real abstract.', authors: ['A', 'B'], authorCount: 2, date: '2024-03-19', upvotes: 3, arxivId: '2403.00001' },
      () => true,
    );
    expect(api).toEqual({
      id: 'seed-id',
      title: 'Deep things!',
      abstract: 'The real abstract.',
      authors: ['A', 'B'],
      authorCount: 2,
      date: '2024-03-19',
      upvotes: 3,
      arxivId: '2403.00001',
      url: 'https://huggingface.co/papers/2403.00001',
    });
    const page = mergeStoredPaper(api, { ...seed, abstract: 'A much longer abstract than the real one.', upvotes: 5, date: '2025-03-20' }, () => true);
    expect(page).toMatchObject({ abstract: 'The real abstract.', upvotes: 5, date: '2024-03-19', authors: ['A', 'B'], title: 'Deep things!' });
  });

  it('a rename to a title another paper holds keeps the old title', () => {
    const renamed = mergeStoredPaper(seed, { ...seed, title: 'Other Paper', arxivId: '2403.00001' }, (key) => key !== paperTitleKey('Other Paper'));
    expect(renamed.title).toBe('Deep Things');
    expect(renamed.arxivId).toBe('2403.00001');
  });
});

describe('INGEST_CRON', () => {
  it('defaults to 06:30 (UTC) and refuses an invalid expression, naming the variable', () => {
    expect(DEFAULT_INGEST_CRON).toBe('30 6 * * *');
    expect(loadConfig({}).ingestCron).toBe('30 6 * * *');
    expect(loadConfig({ INGEST_CRON: '0 */6 * * *' }).ingestCron).toBe('0 */6 * * *');
    expect(loadConfig({ INGEST_CRON: 'off' }).ingestCron).toBeNull();
    expect(loadConfig({ INGEST_CRON: ' OFF ' }).ingestCron).toBeNull();
    expect(() => loadConfig({ INGEST_CRON: 'every morning' })).toThrow(ConfigError);
    expect(() => loadConfig({ INGEST_CRON: '61 6 * * *' })).toThrow(/INGEST_CRON must be a cron expression/);
  });
});
