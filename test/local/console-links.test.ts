import { resolve } from 'node:path';
import { consoleScript } from '../support/console-script.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { ingestFile } from '../../src/ingest/ingest.ts';
import { pastedPaperLinks } from '../../src/local/console.ts';
import { createLogger, LogLevel } from '../../src/logger.ts';
import { openRuntime } from '../../src/runtime.ts';
import { ArxivFixture, atomFixture } from '../ingest/arxiv-fixture.ts';
import { HfFixture } from '../ingest/hf-fixture.ts';
import { fakeSleep } from '../ingest/helpers.ts';
import { freePort } from '../support/app-process.ts';

const HF_DAY = resolve(import.meta.dirname, '../../../shared/fixtures/hf-daily-papers/daily_papers_2025-10-03.json');

// Stand-ins for the sources of papers the corpus lacks: Hugging Face knows Perelman's paper by its arXiv id only.
let hf: HfFixture;
let arxiv: ArxivFixture;
beforeAll(async () => {
  hf = await new HfFixture().start();
  arxiv = await new ArxivFixture().start();
  arxiv.setFeed('math/0211159', { raw: atomFixture('arxiv-math-0211159.atom.xml') });
});
afterAll(async () => {
  await Promise.all([hf.stop(), arxiv.stop()]);
});

async function runScript(lines: string[]): Promise<string> {
  const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', HF_API_URL: hf.base, ARXIV_API_URL: arxiv.url, INDEX_CACHE_DIR: 'off' });
  const runtime = await openRuntime(config, createLogger({ level: LogLevel.ERROR }));
  await ingestFile(runtime.ingestDeps, HF_DAY);
  const out = await consoleScript(runtime, lines);
  await runtime.close();
  return out;
}

describe('local console: a pasted paper link unfolds', () => {
  it('renders the card as text, once per 30 minutes, and says why a link stays as it is', async () => {
    const out = await runScript([
      'https://arxiv.org/pdf/2510.00446v1.pdf',
      'https://huggingface.co/papers/2510.00446',
      'https://arxiv.org/abs/2509.99999',
      '/paper unfurl off',
      'https://arxiv.org/abs/2510.02283',
    ]);
    const buttons = '[👍 More like this] [👎 Not for us] [Save] [Similar]';
    const card = out.slice(0, out.indexOf(buttons) + buttons.length);
    expect(card).toMatch(/^LongCodeZip/);
    expect(card).toContain('(https://huggingface.co/papers/2510.00446)');
    expect(card).toContain('LongCodeZip is a code compression framework for LLMs');
    expect(card).toContain('Code: YerbaPage/LongCodeZip (https://github.com/YerbaPage/LongCodeZip) \u2605 24');
    expect(card).not.toMatch(/&lt;|&amp;|<https?:/);
    expect(out.match(/\[Similar\]/g)).toHaveLength(1);
    const rest = out.slice(card.length).trim().split(/\n+/).filter((line) => !line.startsWith('(`save N`') && !line.startsWith('(`👍 N`'));
    expect(rest[0]).toBe('(https://huggingface.co/papers/2510.00446 is not unfolded: already unfolded here in the last 30 minutes)');
    expect(rest[1]).toBe('(https://arxiv.org/abs/2509.99999 is not unfolded: no paper found for it)');
    expect(rest.at(-1)).toContain('is not unfolded: paper links are turned off in this channel');
  });

  it('a paper the corpus lacks is looked up (Hugging Face 404, then arXiv), unfolds, and /paper finds it next', async () => {
    const out = await runScript(['https://arxiv.org/abs/math/0211159v1', '/paper ricci flow entropy']);
    const card = out.slice(0, out.indexOf('[Similar]') + '[Similar]'.length);
    expect(card).toMatch(/^The entropy formula for the Ricci flow and its geometric applications/);
    expect(card).toContain('Grisha Perelman');
    expect(out.slice(card.length)).toContain('The entropy formula for the Ricci flow');
    expect(arxiv.requests).toContain('math/0211159');
  });

  it('a lookup that fails (Hugging Face unreachable) says so and to try again, not that there is no paper', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', HF_API_URL: closed, ARXIV_API_URL: closed, INDEX_CACHE_DIR: 'off' });
    const runtime = await openRuntime(config, createLogger({ level: LogLevel.ERROR }), { fetchPolicy: { maxAttempts: 1, timeoutMs: 2000, sleep: fakeSleep().sleep } });
    try {
      const out = await consoleScript(runtime, ['https://arxiv.org/abs/2510.02283', 'https://huggingface.co/papers/2510.02283']);
      const failed = 'is not unfolded: looking it up at Hugging Face and arXiv failed; try again in a minute)';
      expect(out).toContain(`(https://arxiv.org/abs/2510.02283 ${failed}`);
      // Not remembered as a miss nor as unfolded: the next paste asks again.
      expect(out).toContain(`(https://huggingface.co/papers/2510.02283 ${failed}`);
      expect(out).not.toContain('no paper found');
    } finally {
      await runtime.close();
    }
  });

  it('finds the paper links in a pasted line, nothing else', () => {
    expect(pastedPaperLinks('see https://arxiv.org/abs/2510.00446v2, and https://arxiv.org/list/cs.CL/recent')).toEqual(['https://arxiv.org/abs/2510.00446v2,']);
    expect(pastedPaperLinks('sparse attention')).toEqual([]);
  });
});
