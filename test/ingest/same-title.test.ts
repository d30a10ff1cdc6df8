/**
 * Distinct arXiv papers with one title (technical reports, errata, common phrasings) through the real ingest
 * paths: a real Hugging Face day (from ../shared/fixtures) served by the local fixture API, and files (a JSON day
 * and a listing page). Both papers are stored, both are found by search, and a digest delivers both.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { DeliveryTag, DigestPoster, DigestTarget } from '../../src/digests/poster.ts';
import { runDueDigests } from '../../src/digests/runner.ts';
import { ingestFile, ingestHfDays } from '../../src/ingest/ingest.ts';
import { openRuntime, type Runtime } from '../../src/runtime.ts';
import type { Message } from '../../src/views/message.ts';
import { tempSqliteUrl } from '../support/test-app.ts';
import { HfFixture } from './hf-fixture.ts';
import { fakeSleep, memoryLogger } from './helpers.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';

const DAY = '2025-03-17';
const REAL_DAY = join('..', 'shared', 'fixtures', 'hf-daily-papers', `daily_papers_${DAY}.json`);
const TITLE = 'API Agents vs. GUI Agents: Divergence and Convergence';
const REAL_ID = '2503.11069';
const TWIN_ID = '2503.19069';
const TWIN_SUMMARY =
  'We compare agents that call APIs with agents that drive graphical interfaces on a new benchmark of office tasks. ' +
  'GUI agents recover from unexpected dialogs more often, while API agents finish in fewer steps and at lower cost.';

type Item = { title: string; summary: string; paper: { id: string; title: string; summary: string; upvotes: number } };

/** The real day, plus a second paper with the same title: another arXiv id, its own abstract and upvotes. */
function dayWithTwin(): Item[] {
  const items = JSON.parse(readFileSync(REAL_DAY, 'utf8')) as Item[];
  const real = items.find((item) => item.paper.id === REAL_ID);
  if (!real) throw new Error(`${REAL_ID} is not in ${REAL_DAY}`);
  const twin: Item = { ...real, summary: TWIN_SUMMARY, paper: { ...real.paper, id: TWIN_ID, summary: TWIN_SUMMARY, upvotes: 5 } };
  return [...items, twin];
}

class RecordingPoster implements DigestPoster {
  readonly posts: Array<{ target: DigestTarget; paperIds: string[]; blockKitErrors: string[] }> = [];
  post(target: DigestTarget, message: Message, tag: DeliveryTag): Promise<{ ts: string }> {
    this.posts.push({ target, paperIds: [...tag.paperIds], blockKitErrors: blockKitErrors(message) });
    return Promise.resolve({ ts: `${1_700_000_000 + this.posts.length}.000100` });
  }
  findPosted(): Promise<null> {
    return Promise.resolve(null);
  }
}

describe('two arXiv papers with the same title', () => {
  let hf: HfFixture;
  let runtime: Runtime | undefined;
  const clock = new Date(`${DAY}T06:30:00.000Z`);

  beforeAll(async () => {
    hf = await new HfFixture().start();
  });
  afterEach(async () => {
    await runtime?.close();
    runtime = undefined;
  });
  afterAll(async () => {
    await hf.stop();
  });

  async function start(): Promise<Runtime> {
    const seedsDir = mkdtempSync(join(tmpdir(), 'paper-digest-seeds-'));
    const config = loadConfig({ DATABASE_URL: tempSqliteUrl(), HF_API_URL: hf.url, SEEDS_DIR: seedsDir, DIGEST_SIZE: '5', INDEX_CACHE_DIR: 'off' });
    runtime = await openRuntime(config, memoryLogger().logger, { clock: () => clock, fetchPolicy: { maxAttempts: 1, sleep: fakeSleep().sleep } });
    await runtime.loadIndex();
    return runtime;
  }

  async function sameTitled(rt: Runtime): Promise<Array<{ id: string; arxivId: string | null }>> {
    return (await rt.store.listPapers()).filter((p) => p.title === TITLE).map((p) => ({ id: p.id, arxivId: p.arxivId }));
  }

  it('from the Hugging Face API: both stored, both found by search, both delivered in one digest', async () => {
    const rt = await start();
    hf.setDay(DAY, dayWithTwin());
    const report = await ingestHfDays(rt.ingestDeps, [DAY]);
    expect(report).toMatchObject({ ok: true, fetched: 13, added: 13, skipped: [] });
    const both = await sameTitled(rt);
    expect(both.map((p) => p.arxivId).sort()).toEqual([REAL_ID, TWIN_ID]);
    expect(new Set(both.map((p) => p.id)).size).toBe(2);

    await rt.refreshIndex();
    const search = rt.searchState.current;
    if (!search) throw new Error('no index');
    const found = search.search('API agents GUI agents divergence convergence').hits.map((hit) => hit.paper.arxivId);
    expect(found.slice(0, 2).sort()).toEqual([REAL_ID, TWIN_ID]);

    const { subscription } = await rt.store.upsertSubscription({
      teamId: 'T1',
      channelId: 'C_AGENTS',
      topic: 'GUI agents',
      time: '09:00',
      timezone: 'UTC',
      createdBy: 'U1',
      now: clock,
    });
    const poster = new RecordingPoster();
    const tick = await runDueDigests(rt.runnerDeps(poster), new Date(`${DAY}T09:00:00.000Z`));
    expect(tick.outcomes).toEqual([{ subscriptionId: subscription.id, digestDate: DAY, outcome: 'posted' }]);
    const ids = both.map((p) => p.id);
    expect(poster.posts[0]?.paperIds).toEqual(expect.arrayContaining(ids));
    expect(poster.posts[0]?.blockKitErrors).toEqual([]);
    const delivered = await rt.store.deliveredPaperIds('T1', 'C_AGENTS');
    expect(ids.every((id) => delivered.has(id))).toBe(true);
  });

  it('from files: a JSON day stores both; a listing page with that title merges into one of them, adding nothing', async () => {
    const rt = await start();
    const dir = mkdtempSync(join(tmpdir(), 'paper-digest-same-title-'));
    const json = join(dir, 'day.json');
    writeFileSync(json, JSON.stringify(dayWithTwin()));
    const report = await ingestFile(rt.ingestDeps, json);
    expect(report).toMatchObject({ ok: true, fetched: 13, added: 13, skipped: [] });
    const both = await sameTitled(rt);
    expect(both.map((p) => p.arxivId).sort()).toEqual([REAL_ID, TWIN_ID]);

    // A seed-style page listing the twin under the shared title (no arXiv id): its abstract says which paper it is.
    const page = join(dir, 'page.txt');
    writeFileSync(page, ['Daily Papers', '', 'Mar 17, 2025', '', TITLE, '', TWIN_SUMMARY, '', '  • 4 authors', '·', 'Mar 17, 2025 9', ''].join('\n'));
    const listed = await ingestFile(rt.ingestDeps, page);
    const twinId = both.find((p) => p.arxivId === TWIN_ID)?.id;
    expect(listed).toMatchObject({ ok: true, fetched: 1, added: 0, updatedIds: [twinId] });
    expect(await sameTitled(rt)).toHaveLength(2);
    expect((await rt.store.listPapers()).find((p) => p.id === twinId)?.upvotes).toBe(9);
  });
});
