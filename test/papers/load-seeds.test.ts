import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadSeedPapers, type LoadedSeeds } from '../../src/papers/load-seeds.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { COMPACT, SEEDS_DIR, SEED_FILES, SPACED, seedText } from './seed-fixtures.ts';

function byTitle(papers: Paper[], title: string): Paper {
  const found = papers.find((paper) => paper.title === title);
  if (!found) throw new Error(`no paper titled ${JSON.stringify(title)}`);
  return found;
}

describe('loadSeedPapers on the real seeds', () => {
  let loaded: LoadedSeeds;
  beforeAll(async () => {
    loaded = await loadSeedPapers(SEEDS_DIR);
  });

  it('reads the four pages in name order, without warnings, into 247 distinct papers', () => {
    expect(loaded.files).toEqual(SEED_FILES.map((name) => join(SEEDS_DIR, name)));
    expect(loaded.warnings).toEqual([]);
    expect(loaded.papers).toHaveLength(247);
    expect(new Set(loaded.papers.map((paper) => paper.id)).size).toBe(247);
    for (const paper of loaded.papers) {
      expect(paper.title.trim()).not.toBe('');
      expect(paper.abstract.trim()).not.toBe('');
      expect(paper.authors).toEqual([]);
      expect(paper.arxivId).toBeNull();
    }
  });

  it('Hydra: 6 authors, 2024-02-07, 2 upvotes', () => {
    expect(byTitle(loaded.papers, 'Hydra: Sequentially-Dependent Draft Heads for Medusa Decoding')).toMatchObject({
      id: expect.stringMatching(/^hydra-sequentially-dependent-draft-heads-[0-9a-f]{6}$/),
      authorCount: 6,
      date: '2024-02-07',
      upvotes: 2,
    });
  });

  it('a paper from the compact page only has no metadata', () => {
    expect(
      byTitle(loaded.papers, 'The NPU-ASLP-LiAuto System Description for Visual Speech Recognition in CNVSRC 2023'),
    ).toMatchObject({ authorCount: null, date: null, upvotes: null, abstract: expect.stringMatching(/^This paper delineates/) });
  });

  it('papers listed on several pages take their metadata from the one page that had it', () => {
    // 000 (compact, no metadata) and 002 (7 authors, Jul 21, 2024, 2 upvotes)
    expect(byTitle(loaded.papers, 'RazorAttention: Efficient KV Cache Compression Through Retrieval Heads')).toMatchObject({
      authorCount: 7,
      date: '2024-07-21',
      upvotes: 2,
    });
    // 000, 001 (no metadata) and 002 (9 authors, Dec 18, 2024)
    expect(
      byTitle(loaded.papers, 'Cracking the Code of Hallucination in LVLMs with Vision-aware Head Divergence'),
    ).toMatchObject({ authorCount: 9, date: '2024-12-18', upvotes: null });
    // 000 (no metadata) and 003 (5 authors, "Oct 6" without a year)
    expect(
      loaded.papers.find((paper) => paper.title.startsWith('Compressed Convolutional Attention')),
    ).toMatchObject({ authorCount: 5, date: '2025-10-06' });
  });

  it('a year-less date takes its year from its page (002: listing date Dec 26, latest written year 2024): "Mar 20" → 2025-03-20', () => {
    expect(
      byTitle(
        loaded.papers,
        'Learning to Efficiently Adapt Foundation Models for Self-Supervised Endoscopic 3D Scene Reconstruction from Any Cameras',
      ),
    ).toMatchObject({ authorCount: 11, date: '2025-03-20' });
  });

  it('82 papers carry metadata; the other 165 have none', () => {
    const withMeta = loaded.papers.filter((paper) => paper.authorCount !== null);
    expect(withMeta).toHaveLength(82);
    expect(loaded.papers.filter((paper) => paper.date === null && paper.authorCount === null)).toHaveLength(165);
  });

  it('lists the newest papers first and the undated ones last', () => {
    const dates = loaded.papers.map((paper) => paper.date);
    const firstUndated = dates.indexOf(null);
    expect(firstUndated).toBe(82);
    expect(dates.slice(firstUndated).every((date) => date === null)).toBe(true);
    const dated = dates.slice(0, firstUndated) as string[];
    expect(dated).toEqual([...dated].sort().reverse());
    // "Dec 3" (no year) on page 002 (listing date Dec 26, captured in 2025) is the newest date, then "Oct 28" on
    // page 003 (listing date Nov 11): neither later than its page's listing date.
    expect(loaded.papers.slice(0, 2)).toMatchObject([
      { title: expect.stringMatching(/^SHRP: Specialized Head Routing and Pruning/), date: '2025-12-03' },
      { title: 'Long-Context Modeling with Dynamic Hierarchical Sparse Attention for On-Device LLMs', date: '2025-10-28' },
    ]);
  });
});

describe('loadSeedPapers on other directories', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'paper-digest-seeds-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a missing directory throws an error naming it', async () => {
    const missing = join(dir, 'no-such-dir');
    await expect(loadSeedPapers(missing)).rejects.toThrow(missing);
  });

  it('an unreadable page becomes a warning naming it; the other pages still load', async () => {
    const mixed = join(dir, 'mixed');
    await mkdir(mixed);
    await copyFile(join(SEEDS_DIR, SPACED), join(mixed, 'b.txt'));
    await symlink(join(mixed, 'gone'), join(mixed, 'a-broken-link.txt'));
    await writeFile(join(mixed, 'notes.md'), seedText(COMPACT));
    await mkdir(join(mixed, 'nested.txt'));
    await writeFile(join(mixed, 'nested.txt', 'c.txt'), seedText(COMPACT));

    const result = await loadSeedPapers(mixed);
    expect(result.papers).toHaveLength(36);
    expect(result.files).toEqual([join(mixed, 'b.txt')]);
    expect(result.warnings).toEqual([
      { source: join(mixed, 'a-broken-link.txt'), line: 0, message: expect.stringMatching(/^cannot read this seed page \(ENOENT/) },
    ]);
  });

  it('a *.txt in the seed directory that is not a listing page (notes, a README) is skipped with one warning, no paper taken from it', async () => {
    const stray = join(dir, 'stray');
    await mkdir(stray);
    await copyFile(join(SEEDS_DIR, SPACED), join(stray, 'b.txt'));
    await copyFile(new URL('../../README.md', import.meta.url), join(stray, 'notes.txt'));
    const result = await loadSeedPapers(stray);
    expect(result.papers).toHaveLength(36);
    expect(result.files).toEqual([join(stray, 'b.txt'), join(stray, 'notes.txt')]);
    expect(result.warnings).toEqual([
      { source: join(stray, 'notes.txt'), line: 0, message: expect.stringMatching(/^not a Hugging Face daily papers listing page: .*; skipped$/) },
    ]);
  });

  it('warnings from a damaged page name its path and line', async () => {
    const damaged = join(dir, 'damaged');
    await mkdir(damaged);
    await writeFile(join(damaged, 'cut.txt'), seedText(SPACED).split('\n').slice(0, 57).join('\r\n'));
    const result = await loadSeedPapers(damaged);
    expect(result.papers).toHaveLength(6);
    expect(result.warnings).toEqual([
      { source: join(damaged, 'cut.txt'), line: 57, message: expect.stringMatching(/^paper cut off: no abstract/) },
    ]);
  });

  it('an empty directory gives no papers and says so', async () => {
    const empty = join(dir, 'empty');
    await mkdir(empty);
    const result = await loadSeedPapers(empty);
    expect(result).toEqual({
      papers: [],
      files: [],
      warnings: [{ source: empty, line: 0, message: expect.stringMatching(/no \*\.txt seed pages/) }],
    });
  });

  it('the clock at load time plays no part in the dates: any day, the same papers', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-19T12:00:00Z'));
    const spring = await loadSeedPapers(SEEDS_DIR);
    vi.setSystemTime(new Date('2031-01-01T00:00:00Z'));
    const later = await loadSeedPapers(SEEDS_DIR);
    expect(later).toEqual(spring);
    expect(spring.papers.find((paper) => paper.title.startsWith('Learning to Efficiently Adapt'))?.date).toBe('2025-03-20');
  });
});
