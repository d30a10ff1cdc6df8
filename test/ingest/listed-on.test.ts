import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDailyPapers } from '../../src/ingest/hf-api.ts';

const FIXTURES = new URL('../../../shared/fixtures/hf-daily-papers/', import.meta.url);
const day = (name: string): unknown => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8'));

describe('the day a paper was on the daily list (issue 18: top lists count by it)', () => {
  it('is paper.submittedOnDailyAt when the API gives it, not the publication date', () => {
    const parsed = parseDailyPapers(day('daily_papers_2025-03-17.json'), '2025-03-17', '2025-03-17');
    const first = parsed.papers[0]?.input;
    // Published on arXiv a week earlier, listed on Hugging Face on the 17th.
    expect(first).toMatchObject({ arxivId: '2503.07677', date: '2025-03-10', listedOn: '2025-03-17', upvotes: 46 });
    expect(new Set(parsed.papers.map((p) => p.input.listedOn))).toEqual(new Set(['2025-03-17']));
  });

  it('is the day asked for when the items carry no submittedOnDailyAt (older API answers)', () => {
    const parsed = parseDailyPapers(day('daily_papers_2025-01-21.json'), '2025-01-21', '2025-01-21');
    expect(parsed.papers[0]?.input).toMatchObject({ arxivId: '2501.08325', date: '2025-01-14', listedOn: '2025-01-21' });
  });

  it("is the item's own time in a file with neither (before 2025 that was when it was listed)", () => {
    const parsed = parseDailyPapers(day('daily_papers_2024-05-27.json'), 'file.json', null);
    expect(parsed.papers[0]?.input).toMatchObject({ arxivId: '2405.15738', date: '2024-05-24', listedOn: '2024-05-27' });
  });
});
