/**
 * A paper withdrawn after it was listed. Hugging Face's paper record then carries `withdrawnAt`
 * (../shared/docs/hf-daily-papers.md); the scheduled ingest re-reads the last 7 days, so it meets the paper again with
 * it. Before, the item was only skipped ("withdrawn") and the stored paper stayed searchable, in digests, similar
 * papers, top lists and the followed authors' section. Now the stored paper is marked withdrawn and none of those
 * shows it; whoever saved it still has it, marked withdrawn. Real day: the 2026-08-17 fixture, MobileMem withdrawn.
 */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { ingestHfDays } from '../../src/ingest/ingest.ts';
import { openRuntime, type Runtime } from '../../src/runtime.ts';
import { consoleScript } from '../support/console-script.ts';
import { tempSqliteUrl } from '../support/test-app.ts';
import { HfFixture } from './hf-fixture.ts';
import { fakeSleep, memoryLogger } from './helpers.ts';

const DAY = '2026-08-17';
const FIXTURE = JSON.parse(readFileSync(new URL(`../../../shared/fixtures/hf-daily-papers/daily_papers_${DAY}.json`, import.meta.url), 'utf8')) as Array<{
  paper: { id: string; title: string };
}>;
const MOBILEMEM = '2608.13606';
const TITLE = 'MobileMem: Learning from a Year of Mobile Experiences';
const WITHDRAWN_AT = '2026-08-18T03:00:00.000Z';

function dayWithWithdrawal(): unknown[] {
  return FIXTURE.map((item) => (item.paper.id === MOBILEMEM ? { ...item, paper: { ...item.paper, withdrawnAt: WITHDRAWN_AT } } : item));
}

describe('a paper withdrawn after it was stored', () => {
  let hf: HfFixture;
  let runtime: Runtime | undefined;
  const clock = new Date('2026-08-18T06:30:00.000Z');

  beforeAll(async () => {
    hf = await new HfFixture().start();
  });
  afterEach(async () => {
    await runtime?.close();
    runtime = undefined;
  });
  afterAll(() => hf.stop());

  async function open(): Promise<Runtime> {
    const config = loadConfig({ DATABASE_URL: tempSqliteUrl(), HF_API_URL: hf.url, DIGEST_SIZE: '10' });
    const opened = await openRuntime(config, memoryLogger().logger, { clock: () => clock, fetchPolicy: { timeoutMs: 5000, maxAttempts: 2, sleep: fakeSleep().sleep } });
    runtime = opened;
    await opened.loadIndex();
    return opened;
  }

  it('leaves search, digests, similar, top and follows; stays in the saved list of whoever saved it, marked withdrawn', async () => {
    expect(FIXTURE.find((item) => item.paper.id === MOBILEMEM)?.paper.title).toBe(TITLE);
    const rt = await open();
    hf.setDay(DAY, FIXTURE as unknown[]);
    expect(await ingestHfDays(rt.ingestDeps, [DAY])).toMatchObject({ ok: true, added: FIXTURE.length });
    await rt.refreshIndex();
    const stored = await rt.store.getPaperByArxivId(MOBILEMEM);
    if (!stored) throw new Error('MobileMem was not stored');

    const say = async (line: string): Promise<string> => consoleScript(rt, [line]);
    expect(await say('/paper MobileMem mobile experiences')).toContain(TITLE);
    expect(await consoleScript(rt, ['/paper MobileMem mobile experiences', 'save 1'])).toContain(`Saved ${TITLE} for later`);
    await say('/paper follow "Xinle Deng"');
    await say('/paper subscribe video attacks');
    const followed = await say('/paper digest video attacks');
    expect(followed).toContain(TITLE);
    expect(await say('/paper digest mobile experiences')).toContain(TITLE);
    expect(await say('/paper top week')).toContain(TITLE);

    hf.setDay(DAY, dayWithWithdrawal());
    const report = await ingestHfDays(rt.ingestDeps, [DAY]);
    expect(report).toMatchObject({ ok: true, withdrawn: 1, added: 0, updated: 0, skipped: [] });
    expect(report.withdrawnIds).toEqual([stored.id]);
    await rt.refreshIndex();

    const search = rt.searchState.current;
    if (!search) throw new Error('no search');
    expect(search.search('MobileMem mobile experiences').hits.map((hit) => hit.paper.id)).not.toContain(stored.id);
    for (const item of FIXTURE) {
      const paper = await rt.store.getPaperByArxivId(item.paper.id);
      if (paper && paper.id !== stored.id) expect(search.similar(paper.id, 20).map((hit) => hit.paper.id)).not.toContain(stored.id);
    }
    expect(await rt.store.getPaperByArxivId(MOBILEMEM)).toMatchObject({ id: stored.id, withdrawnAt: WITHDRAWN_AT });

    expect(await say('/paper MobileMem mobile experiences')).not.toContain(TITLE);
    expect(await say('/paper digest video attacks')).not.toContain(TITLE);
    expect(await say('/paper digest mobile experiences')).not.toContain(TITLE);
    expect(await say('/paper top week')).not.toContain(TITLE);
    // Its link does not unfold (the first paste here), and Hugging Face is not asked about it.
    hf.requests.length = 0;
    expect(await say(`see https://arxiv.org/abs/${MOBILEMEM}`)).not.toContain(TITLE);
    expect(hf.requests).toEqual([]);
    expect(await say('/paper saved')).toMatch(/MobileMem: Learning from a Year of Mobile Experiences[^\n]*\n[^\n]*withdrawn/);

    // Re-reading the day again changes nothing; a seed-style re-listing (no arXiv id) does not bring it back either.
    const again = await ingestHfDays(rt.ingestDeps, [DAY]);
    expect(again).toMatchObject({ ok: true, withdrawn: 0, added: 0, updated: 0 });
  });

  it('comes back when a later re-read of its day lists it without withdrawnAt (Hugging Face un-withdrew it)', async () => {
    const rt = await open();
    hf.setDay(DAY, dayWithWithdrawal());
    // First met already withdrawn: skipped, not stored. Then listed, then withdrawn, then listed again.
    expect(await ingestHfDays(rt.ingestDeps, [DAY])).toMatchObject({ ok: true, added: FIXTURE.length - 1, withdrawn: 0 });
    hf.setDay(DAY, FIXTURE as unknown[]);
    expect(await ingestHfDays(rt.ingestDeps, [DAY])).toMatchObject({ ok: true, added: 1 });
    await rt.refreshIndex();
    const say = async (line: string): Promise<string> => consoleScript(rt, [line]);
    expect(await consoleScript(rt, ['/paper MobileMem mobile experiences', 'save 1'])).toContain(`Saved ${TITLE} for later`);
    hf.setDay(DAY, dayWithWithdrawal());
    expect(await ingestHfDays(rt.ingestDeps, [DAY])).toMatchObject({ ok: true, withdrawn: 1 });
    await rt.refreshIndex();
    expect(await say('/paper MobileMem mobile experiences')).not.toContain(TITLE);
    expect(await say('/paper top week')).not.toContain(TITLE);

    hf.setDay(DAY, FIXTURE as unknown[]);
    const report = await ingestHfDays(rt.ingestDeps, [DAY]);
    const stored = await rt.store.getPaperByArxivId(MOBILEMEM);
    if (!stored) throw new Error('MobileMem was not stored');
    expect(report).toMatchObject({ ok: true, withdrawn: 0, reinstated: 1, reinstatedIds: [stored.id], added: 0, skipped: [] });
    expect(stored).not.toHaveProperty('withdrawnAt');
    await rt.refreshIndex();
    expect(await say('/paper MobileMem mobile experiences')).toContain(TITLE);
    expect(await say('/paper digest mobile experiences')).toContain(TITLE);
    expect(await say('/paper top week')).toContain(TITLE);
    expect(await say('/paper saved')).toContain(TITLE);
    expect(await say('/paper saved')).not.toContain('withdrawn');
    // Read once more: nothing changes.
    expect(await ingestHfDays(rt.ingestDeps, [DAY])).toMatchObject({ ok: true, reinstated: 0, withdrawn: 0, updated: 0 });
  });
});
