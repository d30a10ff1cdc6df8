import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { alwaysReachable } from '../../src/digests/channel-access.ts';
import { topPapers, topWindow, type TopList } from '../../src/digests/top-papers.ts';
import { runLocalConsole } from '../../src/local/console.ts';
import { renderText } from '../../src/local/render-text.ts';
import { createLogger, LogLevel } from '../../src/logger.ts';
import { openRuntime } from '../../src/runtime.ts';
import { createPaperSearch } from '../../src/search/paper-index.ts';
import type { PaperSearch } from '../../src/search/types.ts';
import { openStore, type PaperInput, type Store } from '../../src/store/index.ts';
import { validateMessage } from '../../src/views/limits.ts';
import { topPapersMessage } from '../../src/views/top-papers.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';

const NOW = new Date('2026-12-02T12:00:00.000Z');

function paper(arxivId: string | null, title: string, upvotes: number | null, listedOn: string | null, date: string | null = listedOn): PaperInput {
  return {
    title,
    abstract: `${title}. We study it and report results on standard benchmarks.`,
    authors: ['Ada Lovelace', 'Alan Turing'],
    authorCount: 2,
    date,
    upvotes,
    arxivId,
    ...(listedOn === null ? {} : { listedOn }),
  };
}

/** A corpus around NOW: the week is Nov 26 – Dec 2, the month Nov 3 – Dec 2 (UTC listing days). */
const PAPERS: PaperInput[] = [
  paper('2612.00001', 'Sparse Attention for Long Context Models', 50, '2026-12-02'),
  paper('2611.00002', 'Diffusion Models for Video Generation', 80, '2026-11-26'),
  paper('2611.00003', 'Sparse Attention Kernels on GPUs', 500, '2026-11-25'),
  paper('2611.00004', 'Sparse Attention Routing for Mixtures', 90, '2026-11-03'),
  paper('2611.00005', 'A Paper Listed Too Long Ago', 900, '2026-11-02'),
  paper('2611.00006', 'Another Sparse Attention Baseline', 50, '2026-11-30'),
  paper('2611.00007', 'Zeta Functions in Reinforcement Learning', 50, '2026-11-30'),
  // Published in October, on the daily list this week: the listing day counts.
  paper('2610.00008', 'Old Preprint Rediscovered on the Daily List', 70, '2026-11-29', '2026-10-01'),
  // Published this week but listed in October: not this week's.
  paper('2610.00009', 'Listed In October Dated In November', 300, '2026-10-10', '2026-11-30'),
  paper('2612.00010', 'A Paper Without Upvotes', null, '2026-12-01'),
  // From a listing page (no listing day): counts by its date.
  paper(null, 'Seed Page Paper About Tokenizers', 10, null, '2026-11-28'),
];

const titles = (list: TopList): string[] => list.papers.map((p) => p.title);

describe('top lists by period (issue 18)', () => {
  let store: Store;
  let search: PaperSearch;
  beforeAll(async () => {
    store = await openStore('sqlite::memory:');
    await store.upsertPapers(PAPERS);
    search = createPaperSearch(await store.listPapers());
  });
  afterAll(() => store.close());

  it('the week is the 7 UTC listing days ending today: most upvoted first, ties by later listing day then title', async () => {
    const list = await topPapers({ store, search }, { period: 'week', topic: null, now: NOW });
    expect(list).toMatchObject({ from: '2026-11-26', to: '2026-12-02' });
    expect(titles(list)).toEqual([
      'Diffusion Models for Video Generation',
      'Old Preprint Rediscovered on the Daily List',
      'Sparse Attention for Long Context Models',
      'Another Sparse Attention Baseline',
      'Zeta Functions in Reinforcement Learning',
      'Seed Page Paper About Tokenizers',
    ]);
    expect(list.papers.map((p) => p.upvotes)).toEqual([80, 70, 50, 50, 50, 10]);
  });

  it('the month is the 30 days ending today; a day later the oldest day drops out', async () => {
    const month = await topPapers({ store, search }, { period: 'month', topic: null, now: NOW });
    expect(month).toMatchObject({ from: '2026-11-03', to: '2026-12-02' });
    expect(titles(month).slice(0, 3)).toEqual(['Sparse Attention Kernels on GPUs', 'Sparse Attention Routing for Mixtures', 'Diffusion Models for Video Generation']);
    expect(titles(month)).not.toContain('A Paper Listed Too Long Ago');
    expect(titles(month)).not.toContain('Listed In October Dated In November');

    const nextDay = await topPapers({ store, search }, { period: 'week', topic: null, now: new Date('2026-12-03T00:00:00.000Z') });
    expect(nextDay.from).toBe('2026-11-27');
    expect(titles(nextDay)).not.toContain('Diffusion Models for Video Generation');
    expect(titles(nextDay)[0]).toBe('Old Preprint Rediscovered on the Daily List');
  });

  it('the same answer every time, whatever order the papers were stored in', async () => {
    const other = await openStore('sqlite::memory:');
    try {
      await other.upsertPapers([...PAPERS].reverse());
      const again = await topPapers({ store: other, search: createPaperSearch(await other.listPapers()) }, { period: 'week', topic: null, now: NOW });
      const first = await topPapers({ store, search }, { period: 'week', topic: null, now: NOW });
      expect(titles(again)).toEqual(titles(first));
    } finally {
      await other.close();
    }
  });

  it('a topic keeps the papers with every word of it, in upvote order', async () => {
    const week = await topPapers({ store, search }, { period: 'week', topic: 'sparse attention', now: NOW });
    expect(titles(week)).toEqual(['Sparse Attention for Long Context Models', 'Another Sparse Attention Baseline']);
    expect(week.matching).toBe(2);
    const month = await topPapers({ store, search }, { period: 'month', topic: 'Sparse Attention', now: NOW });
    expect(titles(month)).toEqual([
      'Sparse Attention Kernels on GPUs',
      'Sparse Attention Routing for Mixtures',
      'Sparse Attention for Long Context Models',
      'Another Sparse Attention Baseline',
    ]);
  });

  it('the window follows the instant: 08:00 on Monday in Tokyo is still Sunday in UTC, in London it is Monday', () => {
    expect(topWindow('week', new Date('2026-11-29T23:00:00.000Z'))).toEqual({ period: 'week', from: '2026-11-23', to: '2026-11-29' });
    expect(topWindow('week', new Date('2026-11-30T08:00:00.000Z'))).toEqual({ period: 'week', from: '2026-11-24', to: '2026-11-30' });
  });

  it('a topic nothing matches, and a period with no papers, get a friendly answer valid for Slack', async () => {
    const none = await topPapers({ store, search }, { period: 'week', topic: 'quantum gravity', now: NOW });
    expect(none.papers).toEqual([]);
    const message = topPapersMessage(none);
    expect(message.text).toContain('None of the 6 papers listed this week');
    expect(message.text).toContain('quantum gravity');
    expect(message.text).toContain('/paper top month quantum gravity');
    expect(blockKitErrors(message)).toEqual([]);

    const empty = topPapersMessage(await topPapers({ store, search }, { period: 'week', topic: null, now: new Date('2027-06-01T00:00:00.000Z') }));
    expect(empty.text).toMatch(/No papers with upvotes were listed on Hugging Face this week \(May 26 – Jun 1, 2027\)/);
    expect(blockKitErrors(empty)).toEqual([]);
  });

  it('a list of one paper is drawn like a longer one: its summary, then its metadata line under it', async () => {
    const week = await topPapers({ store, search }, { period: 'week', topic: 'tokenizers', now: NOW });
    expect(titles(week)).toEqual(['Seed Page Paper About Tokenizers']);
    const one = { ...week, papers: week.papers.map((p) => ({ ...p, aiSummary: 'Tokenizers, summarized in one line.' })) };
    const shapeOf = (message: ReturnType<typeof topPapersMessage>) => message.blocks.map((b) => b.block_id);
    expect(shapeOf(topPapersMessage(one))).toEqual(['top_header', 'top_window', 'top_paper:0', 'top_paper_meta:0', 'top_paper_actions:0', 'top_footer']);
    expect(renderText(topPapersMessage(one))).toContain('Tokenizers, summarized in one line.');
  });

  it('the footer\'s commands keep the topic: the other period and the subscription are for the same topic', async () => {
    const week = topPapersMessage(await topPapers({ store, search }, { period: 'week', topic: 'sparse attention', now: NOW }));
    expect(renderText(week)).toContain('`/paper top month sparse attention` for the other period');
    expect(renderText(week)).toContain('`/paper subscribe top sparse attention weekly` posts it here every week');
    const month = topPapersMessage(await topPapers({ store, search }, { period: 'month', topic: null, now: NOW }));
    expect(renderText(month)).toContain('`/paper top week` for the other period');
    expect(renderText(month)).toContain('`/paper subscribe top weekly` posts');
  });

  it('renders upvotes and listing days, escaped, within Slack limits and valid against the Block Kit schema', async () => {
    const list = await topPapers({ store, search }, { period: 'week', topic: null, now: NOW });
    const hostile = { ...list, topic: '<!channel> *bold* & `code`', papers: list.papers.map((p, i) => (i === 0 ? { ...p, title: '<!here> Ranking & <b>friends</b>' } : p)) };
    for (const message of [topPapersMessage(list), topPapersMessage(hostile)]) {
      expect(blockKitErrors(message)).toEqual([]);
      expect(validateMessage(message.blocks, { surface: 'message' })).toEqual([]);
    }
    const text = renderText(topPapersMessage(list));
    expect(text).toContain('Top papers this week');
    expect(text).toMatch(/1\. .*Diffusion Models for Video Generation/);
    expect(text).toContain('▲ 80 upvotes · listed Nov 26');
    expect(text).toContain('Nov 26 – Dec 2, 2026');
    expect(JSON.stringify(topPapersMessage(hostile))).not.toMatch(/<!here>|<!channel>|<b>/);
  });
});

describe('/paper top in the local console', () => {
  it('answers /paper top, /paper top month sparse attention and a bad period with readable text', async () => {
    const runtime = await openRuntime(loadConfig({ DATABASE_URL: 'sqlite::memory:' }), createLogger({ level: LogLevel.ERROR }), { clock: () => NOW });
    let out = '';
    try {
      await runtime.store.upsertPapers(PAPERS);
      runtime.searchState.swap(createPaperSearch(await runtime.store.listPapers()));
      const output = new Writable({
        write(chunk: Buffer, _encoding, done) {
          out += chunk.toString('utf8');
          done();
        },
      });
      await runLocalConsole({
        input: Readable.from([['/paper top', '/paper top month sparse attention', '/paper top year'].join('\n')]),
        output,
        interactive: false,
        deps: runtime.commandDeps(alwaysReachable, { homeTab: false }),
      });
    } finally {
      await runtime.close();
    }
    expect(out).toContain('Top papers this week');
    expect(out).toMatch(/1\. .*Diffusion Models for Video Generation/);
    expect(out).toContain('Top papers this month · sparse attention');
    expect(out).toMatch(/1\. .*Sparse Attention Kernels on GPUs[\s\S]*▲ 500 upvotes/);
    expect(out).toContain('I keep top lists for the week or the month, not "year"');
    expect(out).not.toMatch(/&lt;|&amp;|Error|at .*\.ts:\d+/);
  });
});
