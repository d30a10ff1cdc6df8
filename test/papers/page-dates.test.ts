/**
 * Dates without a year take their year from their page (its listing date, the years written on it, the order of
 * its entries) or a capture time recorded with it: never from the clock at load time, and never later than the
 * capture. Real seed pages (../shared/seeds and the project's seeds/) and hand-made pages crossing a new year.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadSeedPapers } from '../../src/papers/load-seeds.ts';
import { parseListing } from '../../src/papers/parse-listing.ts';
import { corpusStats } from '../../src/papers/stats.ts';
import { SEEDS_DIR, SEED_FILES } from './seed-fixtures.ts';

const SHARED_SEEDS = join('..', 'shared', 'seeds');

/** A spaced page: optional lines above the listing, then one paper per date (in listing order). */
function page(top: readonly string[], dates: readonly string[]): string {
  const papers = dates.flatMap((date, i) => [
    `Paper number ${i + 1} on the calendar`,
    '',
    `We study paper ${i + 1}. It has an abstract of two sentences.`,
    '',
    '  • 3 authors',
    '·',
    date,
    '',
  ]);
  return [...top, '', ...papers].join('\n');
}

function datesOf(text: string, capturedAt?: Date) {
  const result = parseListing(text, { source: 'page.txt', ...(capturedAt ? { capturedAt } : {}) });
  return { dates: result.papers.map((p) => p.date), warnings: result.warnings, anchor: result.anchor };
}

const ACROSS_NEW_YEAR = ['Dec 30', 'Dec 31', 'Jan 1', 'Jan 2'];
const DATED_ACROSS_NEW_YEAR = ['2025-12-30', '2025-12-31', '2026-01-01', '2026-01-02'];

afterEach(() => {
  vi.useRealTimers();
});

describe('the four seed pages', () => {
  it.each([SHARED_SEEDS, SEEDS_DIR])('%s: every date on or before its page\'s listing date, whatever the clock', async (dir) => {
    expect(readdirSync(dir).sort()).toEqual(SEED_FILES);
    const anchors = SEED_FILES.map((name) => parseListing(readFileSync(join(dir, name), 'utf8'), { source: name }));
    // 000 and 001 date no paper; 002 and 003 write years up to 2024 and list Dec 26 and Nov 11: captured in 2025.
    expect(anchors.map((r) => r.anchor)).toEqual([
      { day: null, basis: 'none' },
      { day: null, basis: 'none' },
      { day: '2025-12-26', basis: 'years-and-header' },
      { day: '2025-11-11', basis: 'years-and-header' },
    ]);
    for (const { papers, anchor } of anchors) {
      for (const paper of papers) if (paper.date !== null) expect(paper.date <= (anchor.day ?? '')).toBe(true);
    }

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-02T09:00:00Z'));
    const now = await loadSeedPapers(dir);
    vi.setSystemTime(new Date('2029-02-01T00:00:00Z'));
    expect(await loadSeedPapers(dir)).toEqual(now);
    const stats = corpusStats(now.papers);
    expect(stats).toMatchObject({ papers: 247, withDate: 82, oldest: '2015-06-09', newest: '2025-12-03' });
    const byTitle = (start: string) => now.papers.find((p) => p.title.startsWith(start))?.date;
    expect(byTitle('Long-Context Modeling with Dynamic Hierarchical Sparse Attention')).toBe('2025-10-28');
    expect(byTitle('Learning to Efficiently Adapt Foundation Models')).toBe('2025-03-20');
  });
});

describe('a page whose dates cross a new year (Dec 30, Dec 31, Jan 1, Jan 2 in listing order)', () => {
  it('with a capture time recorded in the page', () => {
    const result = datesOf(page(['Captured: 2026-01-02T18:00:00Z'], ACROSS_NEW_YEAR));
    expect(result).toMatchObject({ dates: DATED_ACROSS_NEW_YEAR, warnings: [], anchor: { day: '2026-01-02', basis: 'capture' } });
  });

  it('with a capture time given by the caller', () => {
    expect(datesOf(page([], ACROSS_NEW_YEAR), new Date('2026-01-03T08:00:00Z')).dates).toEqual(DATED_ACROSS_NEW_YEAR);
  });

  it('from the listing date header and a year written on the page', () => {
    const result = datesOf(page(['Daily Papers', '', 'Jan 2'], ['Nov 5, 2025', ...ACROSS_NEW_YEAR]));
    expect(result.dates).toEqual(['2025-11-05', ...DATED_ACROSS_NEW_YEAR]);
    expect(result.anchor).toEqual({ day: '2026-01-02', basis: 'years-and-header' });
  });

  it('from the order of the entries and a year written on the page, oldest first or newest first', () => {
    expect(datesOf(page([], ['Nov 5, 2025', ...ACROSS_NEW_YEAR])).dates).toEqual(['2025-11-05', ...DATED_ACROSS_NEW_YEAR]);
    const newestFirst = datesOf(page([], [...ACROSS_NEW_YEAR].reverse().concat('Nov 5, 2025')));
    expect(newestFirst.dates).toEqual([...DATED_ACROSS_NEW_YEAR].reverse().concat('2025-11-05'));
  });

  it('with nothing that tells the year, the dates stay unknown (with a warning) rather than guessed from the clock', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-02T09:00:00Z'));
    const result = datesOf(page(['Daily Papers', '', 'Jan 2'], ACROSS_NEW_YEAR));
    expect(result.dates).toEqual([null, null, null, null]);
    expect(result.anchor).toEqual({ day: null, basis: 'none' });
    expect(result.warnings).toEqual([
      { source: 'page.txt', line: expect.any(Number), message: expect.stringMatching(/^date "Dec 30" has no year and nothing on the page tells it/) },
    ]);
  });
});

describe('a capture time near midnight, in a zone other than UTC', () => {
  it('captured at 08:00 on Jan 1 in Tokyo (still Dec 31 in UTC): its Jan 1 is this Jan 1, not last year\'s', () => {
    const result = datesOf(page(['Captured: 2026-01-01T08:00:00+09:00'], ['Dec 31', 'Jan 1']));
    expect(result).toMatchObject({ dates: ['2025-12-31', '2026-01-01'], warnings: [], anchor: { day: '2026-01-01', basis: 'capture' } });
    // West of UTC the UTC day is the later one (Dec 31 20:00 in Los Angeles is Jan 1 in UTC).
    expect(datesOf(page(['Captured: 2025-12-31T20:00:00-08:00'], ['Dec 31', 'Jan 1'])).dates).toEqual(['2025-12-31', '2026-01-01']);
  });

  it('a capture time without an offset is UTC, whatever the zone of the machine reading the page', () => {
    const zone = process.env.TZ;
    process.env.TZ = 'Asia/Tokyo';
    try {
      const result = datesOf(page(['Captured: 2026-01-01T02:00:00'], ['Dec 31', 'Jan 1']));
      expect(result).toMatchObject({ dates: ['2025-12-31', '2026-01-01'], anchor: { day: '2026-01-01', basis: 'capture' } });
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});

describe('never later than the capture', () => {
  it('a year-less date after the capture day is the year before; a written date after it is dropped with a warning', () => {
    const result = datesOf(page(['Captured: 2025-11-11'], ['Nov 11', 'Nov 12', 'Jan 3, 2026']));
    expect(result.dates).toEqual(['2025-11-11', '2024-11-12', null]);
    expect(result.warnings).toEqual([
      { source: 'page.txt', line: expect.any(Number), message: 'date "Jan 3, 2026" is later than the page\'s capture (2025-11-11); paper kept without a date' },
    ]);
  });
});
