/**
 * `ingest <file>`: a saved listing page (compact or spaced layout) or a JSON file in the API's shape.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedCorpus } from '../../src/ingest/corpus-index.ts';
import { ingestFile, formatReport, type IngestDeps } from '../../src/ingest/ingest.ts';
import { paperIdFor } from '../../src/papers/paper.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { COMPACT, SEED_FILES, SEEDS_DIR, SPACED, SPACED_NO_META, seedText } from '../papers/seed-fixtures.ts';
import { NORMAL_DAY, hfItem } from './hf-fixture.ts';
import { ingestDeps, memoryLogger } from './helpers.ts';

const REFERENCE = new Date('2026-11-23T12:00:00Z');
const HYDRA = 'Hydra: Sequentially-Dependent Draft Heads for Medusa Decoding';

describe('ingest <file>', () => {
  let store: Store;
  let deps: IngestDeps;
  let dir: string;

  beforeEach(async () => {
    store = await openStore('sqlite::memory:');
    deps = ingestDeps(store, 'http://127.0.0.1:9/unused', {}, { now: REFERENCE, logger: memoryLogger().logger });
    dir = mkdtempSync(join(tmpdir(), 'paper-digest-ingest-'));
  });
  afterEach(async () => {
    await store.close();
  });

  function write(name: string, content: string): string {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  }

  it('a compact listing page (title line + abstract line, first title glued to "Subscribe")', async () => {
    const path = join(SEEDS_DIR, COMPACT);
    const report = await ingestFile(deps, path);
    expect(report.ok).toBe(true);
    expect(report.added).toBeGreaterThan(20);
    expect(report.added).toBe(report.fetched);
    expect(report).toMatchObject({ updated: 0, unchanged: 0, failures: [] });
    const papers = await store.listPapers();
    expect(papers).toHaveLength(report.added);
    expect(papers.every((p) => p.arxivId === null && p.abstract.length > 0 && !p.title.startsWith('Subscribe'))).toBe(true);

    const again = await ingestFile(deps, path);
    expect(again).toMatchObject({ ok: true, added: 0, updated: 0, unchanged: report.added });
    expect(await store.papersRevision()).toBe(1);
  });

  it('a spaced listing page with metadata blocks (authors, dates, upvotes)', async () => {
    const report = await ingestFile(deps, join(SEEDS_DIR, SPACED));
    expect(report).toMatchObject({ ok: true, updated: 0, failures: [] });
    expect(report.added).toBeGreaterThan(20);
    const hydra = (await store.listPapers()).find((p) => p.title === HYDRA);
    expect(hydra).toMatchObject({ id: paperIdFor(HYDRA), authorCount: 6, date: '2024-02-07', upvotes: 2, arxivId: null });
    // A spaced page without metadata blocks too.
    const plain = await ingestFile(deps, join(SEEDS_DIR, SPACED_NO_META));
    expect(plain.ok).toBe(true);
    expect(plain.added + plain.unchanged + plain.updated).toBeGreaterThan(20);
  });

  it('a listing page merges into papers the API already gave, filling gaps only', async () => {
    const json = write(
      'day.json',
      JSON.stringify([hfItem({ id: '2402.05109', title: HYDRA, upvotes: 40, publishedAt: '2024-02-07T18:23:11.000Z', authors: ['Zachary Ankner'] })]),
    );
    expect(await ingestFile(deps, json)).toMatchObject({ ok: true, added: 1 });
    const report = await ingestFile(deps, join(SEEDS_DIR, SPACED));
    expect(report.ok).toBe(true);
    const hydra = (await store.listPapers()).filter((p) => /^hydra/i.test(p.title));
    expect(hydra).toHaveLength(1);
    expect(hydra[0]).toMatchObject({ id: paperIdFor(HYDRA), arxivId: '2402.05109', upvotes: 40, authors: ['Zachary Ankner'], url: 'https://huggingface.co/papers/2402.05109' });
  });

  it('a JSON file in the API shape: valid items stored, invalid ones reported by position and title', async () => {
    const items = [...NORMAL_DAY, { ...hfItem({ id: '2502.77777', title: 'Broken Item' }), paper: { id: '2502.77777', title: 'Broken Item' } }];
    const path = write('papers.json', `\uFEFF${JSON.stringify(items, null, 2)}`);
    const report = await ingestFile(deps, path);
    expect(report).toMatchObject({ ok: true, source: path, fetched: 5, added: 4 });
    expect(report.skipped).toEqual([{ item: `${path} #5 "Broken Item" (2502.77777)`, reason: expect.stringMatching(/^paper\.upvotes: .*expected number/) }]);
    expect(formatReport(report)).toContain(`skipped ${path} #5 "Broken Item" (2502.77777): paper.upvotes:`);
    // Dated from the papers themselves (no listing day for a file).
    expect((await store.listPapers()).every((p) => p.date === '2025-02-16')).toBe(true);
    expect(await ingestFile(deps, path)).toMatchObject({ added: 0, updated: 0, unchanged: 4 });
  });

  it('a day the archiver damaged (items stored as Python-repr strings): each skipped, named by its title and arXiv id', async () => {
    const path = new URL('../../../shared/fixtures/hf-daily-papers/daily_papers_2024-12-11.collector-damaged.json', import.meta.url).pathname;
    const report = await ingestFile(deps, path);
    // Nothing of it could be read: a failed file (exit code 1), not a quiet success with 26 skipped.
    expect(report).toMatchObject({ ok: false, fetched: 26, added: 0 });
    expect(report.failures).toEqual([{ source: path, reason: 'none of its 26 items could be read (each is skipped above): not the daily papers format' }]);
    expect(report.skipped).toHaveLength(26);
    expect(report.skipped[0]).toEqual({
      item: `${path} #1 "STIV: Scalable Text and Image Conditioned Video Generation" (2412.07730)`,
      reason: expect.stringMatching(/expected object, received string/) as unknown,
    });
    expect(report.skipped.every((skip) => /"[^"]+" \(2412\.\d{5}\)$/.test(skip.item))).toBe(true);
    expect(await store.listPapers()).toEqual([]);
  });

  it('refuses a JSON file that is not a list, is not JSON, or does not exist; a page with no papers; storing nothing', async () => {
    const cases: Array<[string, RegExp]> = [
      [write('object.json', JSON.stringify({ papers: NORMAL_DAY })), /expected a JSON array of daily papers, got an object/],
      [write('broken.json', '[{"paper": '), /not valid JSON/],
      [join(dir, 'missing.txt'), /cannot read the file \(ENOENT/],
      [write('empty.txt', ''), /no papers found on this listing page/],
      [write('binary.txt', '\u0000\u0001\u0002PNG'), /no papers found on this listing page/],
    ];
    for (const [path, reason] of cases) {
      const report = await ingestFile(deps, path);
      expect(report.ok, path).toBe(false);
      expect(report.failures, path).toEqual([{ source: path, reason: expect.stringMatching(reason) }]);
      expect(formatReport(report)).toMatch(/FAILED .*\(nothing stored from it\)/);
    }
    expect(await store.listPapers()).toEqual([]);
    expect(await store.papersRevision()).toBe(0);
  });

  it('refuses a file that is not a listing page (Markdown, source, HTML, a licence, a JSON day saved as .txt), storing nothing', async () => {
    const repo = (path: string): string => new URL(`../../${path}`, import.meta.url).pathname;
    const shared = (path: string): string => new URL(`../../../shared/${path}`, import.meta.url).pathname;
    const title = 'Native Sparse Attention: Hardware-Aligned and Natively Trainable Sparse Attention';
    const abstract = 'Long-context modeling is crucial for next-generation language models. Sparse attention offers a promising direction.';
    const cases: Array<[string, RegExp]> = [
      [repo('README.md'), /not a Hugging Face daily papers listing page: \d+ of its lines fit no paper/],
      [repo('docs/architecture.md'), /not a Hugging Face daily papers listing page/],
      [repo('src/cli.ts'), /not a Hugging Face daily papers listing page/],
      // Names the listing's page chrome and shows a metadata block, among 20-odd lines of prose.
      [shared('docs/hf-daily-papers.md'), /not a Hugging Face daily papers listing page/],
      [shared('fixtures/README.md'), /not a Hugging Face daily papers listing page/],
      // Every line pairs up as title and abstract: only the markup tells.
      [write('saved.html', `<h3>${title}</h3>\n<p>${abstract}</p>\n`), /an HTML or XML document, not the text of a listing page/],
      [write('page.htm', `<!DOCTYPE html>\n<html><body>\n<h1>Daily Papers</h1>\n<h3>${title}</h3>\n\n<p>${abstract}</p>\n</body></html>\n`), /an HTML or XML document/],
      [
        write('LICENSE.txt', [
          'MIT License', '', 'Copyright (c) 2025 Someone', '',
          'Permission is hereby granted, free of charge, to any person obtaining a copy of this software. The above copyright notice shall be included.', '',
          'The above copyright notice and this permission notice shall be included in all copies of the Software.', '',
          'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND. IN NO EVENT SHALL THE AUTHORS BE LIABLE.', '',
        ].join('\n')),
        /no page header .* and no paper metadata/,
      ],
      [write('day.txt', JSON.stringify(NORMAL_DAY, null, 2)), /JSON.*name the file \.json/],
    ];
    for (const [path, reason] of cases) {
      const report = await ingestFile(deps, path);
      expect(report.ok, path).toBe(false);
      expect(report.failures, path).toEqual([{ source: path, reason: expect.stringMatching(reason) }]);
      expect(report, path).toMatchObject({ fetched: 0, added: 0, skipped: [] });
      expect(formatReport(report), path).toMatch(/^ {2}FAILED .*\(nothing stored from it\)$/m);
    }
    expect(await store.listPapers()).toEqual([]);
    expect(await store.papersRevision()).toBe(0);
  });

  it('every real seed page (../shared/seeds, both layouts) and a one-paper page without header still ingest', async () => {
    const dirUrl = new URL('../../../shared/seeds/', import.meta.url);
    for (const name of SEED_FILES) {
      const report = await ingestFile(deps, new URL(name, dirUrl).pathname);
      expect(report, name).toMatchObject({ ok: true, failures: [], skipped: [] });
      expect(report.fetched, name).toBeGreaterThan(30);
    }
    expect((await store.listPapers()).length).toBe(247);
    const bare = write('one.txt', 'Zebra Attention for Striped Inputs\nWe study zebra attention, a striped sparse attention for long inputs. It works.\n');
    expect(await ingestFile(deps, bare)).toMatchObject({ ok: true, added: 1 });
  });

  it('a listing page with a 100k-character abstract keeps its other papers and names the oversized one; so does a seed directory', async () => {
    const lines = seedText(SPACED).split('\n');
    const at = lines.findIndex((line) => line.length > 300);
    lines[at] = `${lines[at] ?? ''}${' More text.'.repeat(10_000)}`;
    const page = write('huge.txt', lines.join('\n'));
    const report = await ingestFile(deps, page);
    expect(report.failures).toEqual([]);
    expect(report).toMatchObject({ ok: true, added: 35 });
    expect(report.skipped).toEqual([{ item: `${page}:${at - 1}`, reason: expect.stringMatching(/^abstract of 1\d{5} characters \(at most 50000\): paper ".+" dropped$/) }]);

    const seeds = mkdtempSync(join(tmpdir(), 'paper-digest-huge-seeds-'));
    for (const name of SEED_FILES) writeFileSync(join(seeds, name), seedText(name));
    writeFileSync(join(seeds, '004_huge.txt'), lines.join('\n'));
    const fresh = await openStore('sqlite::memory:');
    try {
      expect(await seedCorpus(fresh, seeds, memoryLogger().logger, REFERENCE)).toMatchObject({ papers: 247, added: 247 });
    } finally {
      await fresh.close();
    }
  });

  it('a listing page cut off mid-paper keeps the complete papers and reports the rest', async () => {
    const text = seedText(SPACED);
    const cut = text.slice(0, Math.floor(text.length / 3));
    const report = await ingestFile(deps, write('cut.txt', cut));
    expect(report.ok).toBe(true);
    expect(report.added).toBeGreaterThan(3);
    const papers = await store.listPapers();
    expect(papers.every((p) => p.title.length > 0 && p.abstract.length > 0)).toBe(true);
  });
});
