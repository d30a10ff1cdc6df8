/**
 * The Hugging Face extras (ai_summary, githubRepo/githubStars, projectPage) from real API days
 * (../shared/fixtures/hf-daily-papers): stored on ingest, filled in by a re-ingest, odd values dropped, never the paper.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/ingest/ingest.ts';
import { validateItem } from '../../src/ingest/hf-api.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { ingestDeps, memoryLogger } from './helpers.ts';

const FIXTURES = resolve(import.meta.dirname, '../../../shared/fixtures/hf-daily-papers');
const OCT_2025 = join(FIXTURES, 'daily_papers_2025-10-03.json');
const MAY_2024 = join(FIXTURES, 'daily_papers_2024-05-27.json');

type RawItem = { paper: Record<string, unknown> };

function items(path: string): RawItem[] {
  return JSON.parse(readFileSync(path, 'utf8')) as RawItem[];
}

describe('Hugging Face extras', () => {
  let store: Store;
  let dir: string;
  beforeEach(async () => {
    store = await openStore('sqlite::memory:');
    dir = mkdtempSync(join(tmpdir(), 'paper-digest-extras-'));
  });
  afterEach(async () => {
    await store.close();
  });
  const deps = () => ingestDeps(store, 'http://127.0.0.1:9/unused', {}, { logger: memoryLogger().logger });

  it('a real 2025 day stores each paper’s one-line summary, code repository with stars and project page', async () => {
    const report = await ingestFile(deps(), OCT_2025);
    expect(report.ok).toBe(true);
    const papers = await store.listPapers();
    const byArxiv = new Map(papers.map((p) => [p.arxivId, p]));
    expect(byArxiv.get('2510.00446')).toMatchObject({
      aiSummary: expect.stringMatching(/^LongCodeZip is a code compression framework for LLMs/),
      githubRepo: 'https://github.com/YerbaPage/LongCodeZip',
      githubStars: 24,
    });
    expect(byArxiv.get('2510.00446')).not.toHaveProperty('projectPage');
    expect(byArxiv.get('2510.02283')).toMatchObject({ projectPage: 'https://self-forcing-plus-plus.github.io/' });
    const raw = items(OCT_2025);
    expect(papers.filter((p) => p.aiSummary).length).toBe(raw.filter((i) => typeof i.paper.ai_summary === 'string').length);
    expect(papers.filter((p) => p.githubRepo).length).toBe(raw.filter((i) => typeof i.paper.githubRepo === 'string').length);
  });

  it('2024 papers (before Hugging Face had extras) are stored without them', async () => {
    await ingestFile(deps(), MAY_2024);
    const papers = await store.listPapers();
    expect(papers.length).toBeGreaterThan(0);
    expect(papers.some((p) => p.aiSummary !== undefined || p.githubRepo !== undefined)).toBe(false);
  });

  it('re-ingesting a day stored before the extras existed fills them in, same papers, same ids', async () => {
    const stripped = items(OCT_2025).map((item) => {
      const { ai_summary: _s, githubRepo: _r, githubStars: _g, projectPage: _p, ...paper } = item.paper;
      return { ...item, paper };
    });
    const old = join(dir, 'old.json');
    writeFileSync(old, JSON.stringify(stripped));
    await ingestFile(deps(), old);
    const before = await store.listPapers();
    expect(before.some((p) => p.aiSummary !== undefined)).toBe(false);

    const report = await ingestFile(deps(), OCT_2025);
    expect(report.added).toBe(0);
    expect(report.updated).toBe(items(OCT_2025).filter((i) => i.paper.ai_summary || i.paper.githubRepo || i.paper.projectPage).length);
    const after = await store.listPapers();
    expect(after.map((p) => p.id).sort()).toEqual(before.map((p) => p.id).sort());
    expect(after.find((p) => p.arxivId === '2510.00446')?.githubStars).toBe(24);
  });

  it('an odd extra is dropped, the paper kept', () => {
    const [first] = items(OCT_2025);
    if (!first) throw new Error('fixture is empty');
    const odd = { ...first, paper: { ...first.paper, githubRepo: 'javascript:alert(1)', githubStars: 'many', projectPage: '/relative', ai_summary: 42 } };
    const result = validateItem(odd, null);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.input).toMatchObject({ aiSummary: null, githubRepo: null, githubStars: null, projectPage: null });
    const multiline = validateItem({ ...first, paper: { ...first.paper, ai_summary: '  One line\n  over two.  ' } }, null);
    expect(multiline.ok && multiline.input.aiSummary).toBe('One line over two.');
  });
});
