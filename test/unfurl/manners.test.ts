/**
 * The unfurl manners' upkeep on a real SQLite store with an injected clock: the memory of what was unfolded holds
 * only the last 30 minutes (older rows pruned as pastes come), and a store that fails to prune does not stop a
 * card. Papers from a real Hugging Face day.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { validateItem } from '../../src/ingest/hf-api.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { UnfurlManners } from '../../src/unfurl/manners.ts';
import { UnfurlService } from '../../src/unfurl/unfurl-service.ts';
import { memoryLogger } from '../ingest/helpers.ts';

const DAY = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../shared/fixtures/hf-daily-papers/daily_papers_2025-10-03.json'), 'utf8')) as unknown[];
const T0 = new Date('2026-08-17T09:00:00.000Z');
const URL = 'https://arxiv.org/abs/2510.00446';

describe('unfurl manners in the store', () => {
  const opened: Store[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });

  async function setup(options: { pruneFails?: boolean } = {}) {
    const path = join(mkdtempSync(join(tmpdir(), 'pd-manners-')), 'store.sqlite');
    const store = await openStore(`sqlite:${path}`);
    opened.push(store);
    const inputs = DAY.map((item) => validateItem(item, '2025-10-03')).flatMap((r) => (r.ok ? [r.input] : []));
    await store.upsertPapers(inputs, { now: T0 });
    let now = T0;
    const { logger, lines } = memoryLogger();
    const clock = (): Date => now;
    const manners = new UnfurlManners({
      store: {
        claimPaperUnfurl: (ref, at, windowMs) => store.claimPaperUnfurl(ref, at, windowMs),
        releasePaperUnfurl: (claim) => store.releasePaperUnfurl(claim),
        forgetPaperUnfurlsBefore: (before) => (options.pruneFails ? Promise.reject(new Error('disk I/O error')) : store.forgetPaperUnfurlsBefore(before)),
      },
      clock,
      logger,
    });
    const service = new UnfurlService({ store, manners, logger, clock });
    const rows = (): string[] => {
      const raw = new BetterSqlite3(path, { readonly: true });
      try {
        return (raw.prepare('select channel_id from unfurled_papers order by channel_id').all() as Array<{ channel_id: string }>).map((r) => r.channel_id);
      } finally {
        raw.close();
      }
    };
    const pasteAt = async (minutes: number, channelId: string): Promise<number> => {
      now = new Date(T0.getTime() + minutes * 60_000);
      return (await service.cardsFor({ teamId: 'T1', channelId }, [URL])).cards.length;
    };
    return { rows, pasteAt, lines };
  }

  it('keeps only the last 30 minutes of unfolds: older ones are pruned as new pastes come', async () => {
    const { rows, pasteAt } = await setup();
    expect(await pasteAt(0, 'C1')).toBe(1);
    expect(await pasteAt(20, 'C2')).toBe(1);
    expect(rows()).toEqual(['C1', 'C2']);
    expect(await pasteAt(31, 'C3')).toBe(1);
    expect(rows()).toEqual(['C2', 'C3']);
    // Pruning never forgets what still counts: C2 was unfolded 19 minutes ago.
    expect(await pasteAt(39, 'C2')).toBe(0);
    expect(await pasteAt(60, 'C4')).toBe(1);
    expect(rows()).toEqual(['C3', 'C4']);
  });

  it('a store that fails to prune still unfolds, says so in the log, and keeps the 30-minute rule', async () => {
    const { pasteAt, lines } = await setup({ pruneFails: true });
    expect(await pasteAt(0, 'C1')).toBe(1);
    expect(lines.some((line) => line.includes('pruning old unfolds failed') && line.includes('disk I/O error'))).toBe(true);
    expect(await pasteAt(10, 'C1')).toBe(0);
  });
});
