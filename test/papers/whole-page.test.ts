/**
 * A Daily Papers page saved whole: the site's navigation above the listing, its footer below (a browser's "save as
 * text", or select-all and copy). Before, the navigation hid the listing's own header, so a compact page (and a
 * spaced one without metadata) was refused as "not recognisably a listing page … keep the page header", and the
 * others gained papers made of chrome ("Daily Papers" / "byAK and the research community", dated; "Pricing" /
 * "Docs"). Now the chrome is dropped and the page reads as the bare listing does; a whole page that is not a listing
 * (a paper's own page) is still refused, saying why. Real seed pages, both layouts.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestFile, type IngestDeps } from '../../src/ingest/ingest.ts';
import { readListingPage } from '../../src/papers/listing-check.ts';
import { loadSeedPapers } from '../../src/papers/load-seeds.ts';
import type { ParsedPaper } from '../../src/papers/parse-listing.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { ingestDeps, memoryLogger } from '../ingest/helpers.ts';

const SEEDS = new URL('../../../shared/seeds/', import.meta.url);
const SEED_FILES = readdirSync(SEEDS).filter((name) => name.endsWith('.txt')).sort();
const seedText = (name: string): string => readFileSync(new URL(name, SEEDS), 'utf8');

const SITE_HEADER = ["Hugging Face's logo", 'Hugging Face', 'Models', 'Datasets', 'Spaces', 'Community', 'Docs', 'Enterprise', 'Pricing', 'Log In', 'Sign Up'];
const LISTING_NAV = ['Daily', 'Weekly', 'Monthly', 'Previous', 'Next'];
const SITE_FOOTER = ['System theme', 'Company', 'TOS', 'Privacy', 'About', 'Careers', 'Website', 'Models', 'Datasets', 'Spaces', 'Pricing', 'Docs'];
const CHROME_WORDS = new Set([...SITE_HEADER, ...LISTING_NAV, ...SITE_FOOTER, 'Daily Papers', 'byAK and the research community', 'Subscribe', 'new']);

/** The page as a browser saves it whole; `spaced`: a blank line between the chrome's lines, as the spaced layout has. */
function wholePage(listing: string, spaced: boolean, listingNav = false): string {
  const sep = spaced ? '\n\n' : '\n';
  const body = listingNav ? listing.replace(/^(Daily Papers)$/m, `$1${sep}${LISTING_NAV.join(sep)}`) : listing;
  return `${SITE_HEADER.join(sep)}${sep}${body.trimEnd()}${sep}${SITE_FOOTER.join(sep)}\n`;
}

const fields = (papers: readonly ParsedPaper[]) =>
  papers.map(({ title, abstract, authorCount, date, upvotes }) => ({ title, abstract, authorCount, date, upvotes }));

describe('a Daily Papers page saved whole, with the site navigation and footer', () => {
  for (const name of SEED_FILES) {
    for (const spaced of [false, true]) {
      it(`${name} (${spaced ? 'blank lines between' : 'one line each'}): the same papers, dates and warnings as the bare listing`, () => {
        const bare = readListingPage(seedText(name), name);
        const whole = readListingPage(wholePage(seedText(name), spaced, name.startsWith('002')), name);
        if (bare.refusal !== null) throw new Error(`the bare seed page is refused: ${bare.refusal}`);
        expect(whole.refusal).toBeNull();
        if (whole.refusal !== null) return;
        expect(fields(whole.papers)).toEqual(fields(bare.papers));
        for (const paper of whole.papers) {
          expect(CHROME_WORDS.has(paper.title)).toBe(false);
          expect(CHROME_WORDS.has(paper.abstract)).toBe(false);
          expect(paper.title).not.toMatch(/^Subscribe/);
        }
        expect(whole.warnings.map((w) => w.message)).toEqual(bare.warnings.map((w) => w.message));
      });
    }
  }

  it('a Captured: line above the listing, or above the navigation, still dates the page (year-less dates take its year)', () => {
    let redated = 0;
    for (const name of SEED_FILES) {
      const plain = readListingPage(seedText(name), name);
      const bare = readListingPage(`Captured: 2023-02-01T12:00:00Z\n${seedText(name)}`, name);
      const whole = readListingPage(`Captured: 2023-02-01T12:00:00Z\n${wholePage(seedText(name), true)}`, name);
      if (plain.refusal !== null || bare.refusal !== null || whole.refusal !== null) throw new Error(`refused: ${bare.refusal ?? whole.refusal ?? ''}`);
      expect(fields(whole.papers)).toEqual(fields(bare.papers));
      if (JSON.stringify(fields(bare.papers)) !== JSON.stringify(fields(plain.papers))) redated += 1;
    }
    // The capture time moved the year-less dates of the pages that have them.
    expect(redated).toBeGreaterThan(0);
  });

  describe('through ingest <file> and the seed directory', () => {
    let store: Store;
    let deps: IngestDeps;
    let dir: string;
    beforeEach(async () => {
      store = await openStore('sqlite::memory:');
      deps = ingestDeps(store, 'http://127.0.0.1:9/api/daily_papers', {}, { logger: memoryLogger().logger });
      dir = mkdtempSync(join(tmpdir(), 'whole-page-'));
    });
    afterEach(async () => {
      await store.close();
    });

    it('ingest <file> stores the compact page saved whole, no chrome among the papers', async () => {
      const name = SEED_FILES[0] ?? '';
      const path = join(dir, 'daily-papers.txt');
      writeFileSync(path, wholePage(seedText(name), false));
      const report = await ingestFile(deps, path);
      const bare = readListingPage(seedText(name), name);
      expect(report).toMatchObject({ ok: true, failures: [], skipped: [] });
      expect(report.added).toBe(bare.refusal === null ? new Set(bare.papers.map((p) => p.title)).size : -1);
      const titles = (await store.listPapers()).map((paper) => paper.title);
      expect(titles.filter((title) => CHROME_WORDS.has(title) || title.startsWith('Subscribe'))).toEqual([]);
    });

    it('a seed directory holding whole-page captures loads them like the bare pages', async () => {
      for (const name of SEED_FILES) writeFileSync(join(dir, name), wholePage(seedText(name), name !== SEED_FILES[0]));
      const whole = await loadSeedPapers(dir);
      const bare = await loadSeedPapers(SEEDS.pathname);
      expect(whole.warnings.map((w) => w.message)).toEqual(bare.warnings.map((w) => w.message));
      expect(whole.papers.map((p) => [p.title, p.date, p.upvotes])).toEqual(bare.papers.map((p) => [p.title, p.date, p.upvotes]));
    });

    it('a whole page of something else (the models list) is refused as not a listing', async () => {
      const modelsPage = [
        ...SITE_HEADER,
        'Models',
        'Filter by name',
        'Full-text search',
        'Sort: Trending',
        'deepseek-ai/DeepSeek-V3.2',
        'Text Generation • 685B • Updated 2 days ago • 120k • 1.1k',
        'Qwen/Qwen3-Next-80B-A3B-Instruct',
        'Text Generation • 80B • Updated 5 days ago • 980k • 800',
        'black-forest-labs/FLUX.2-dev',
        'Text-to-Image • Updated 1 day ago • 45k • 600',
        ...SITE_FOOTER,
      ].join('\n');
      const path = join(dir, 'models.txt');
      writeFileSync(path, modelsPage);
      const report = await ingestFile(deps, path);
      expect(report.ok).toBe(false);
      expect(report.failures[0]?.reason).toMatch(/^not a Hugging Face daily papers listing page: \d+ of its lines fit no paper/);
      expect(await store.listPapers()).toEqual([]);
    });

    it('a whole page with no paper at all (a 404 page) is refused as not a listing page', async () => {
      const path = join(dir, 'missing.txt');
      writeFileSync(path, [...SITE_HEADER, '404', "Sorry, we can't find the page you are looking for.", ...SITE_FOOTER].join('\n'));
      const report = await ingestFile(deps, path);
      expect(report.ok).toBe(false);
      expect(report.failures[0]?.reason).toMatch(/^not recognisably a Hugging Face daily papers listing page: no page header/);
      expect(await store.listPapers()).toEqual([]);
    });

    it('a whole page that is not a listing (a paper page) is refused, saying what it is not, and nothing is stored', async () => {
      const paperPage = [
        ...SITE_HEADER,
        'Papers',
        'arxiv:2502.11089',
        'Native Sparse Attention: Hardware-Aligned and Natively Trainable Sparse Attention',
        'Published on Feb 16',
        'Submitted by',
        'akhaliq',
        'on Feb 18',
        '#1 Paper of the day',
        'Authors:',
        'Jingyang Yuan',
        'Huazuo Gao',
        'Abstract',
        'Long-context modeling is crucial for next-generation language models, yet the high computational cost of standard attention mechanisms poses significant computational challenges. Sparse attention offers a promising direction for improving efficiency while maintaining model capabilities. We present NSA, a Natively trainable Sparse Attention mechanism.',
        'View arXiv page',
        'View PDF',
        'Add to collection',
        'Community',
        'Models citing this paper 0',
        'Datasets citing this paper 0',
        ...SITE_FOOTER,
      ].join('\n');
      const path = join(dir, 'paper-page.txt');
      writeFileSync(path, paperPage);
      const report = await ingestFile(deps, path);
      expect(report.ok).toBe(false);
      expect(report.failures[0]?.reason).toMatch(/^not (recognisably )?a Hugging Face daily papers listing page/);
      expect(await store.listPapers()).toEqual([]);
    });
  });
});
