/**
 * What pasted links remember across instances (issue 17), on every dialect: the claim behind "the same paper is not
 * unfolded again in a channel within 30 minutes" (atomic: of two stores on one database, as two instances, exactly
 * one wins), giving a claim back, pruning, the ids no source has, and migration 0011 on a database that already
 * holds data. sqlite.test.ts and postgres.test.ts run it.
 */
import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/store/dialect.ts';
import { openStore, parseDatabaseUrl, StoreValidationError, type Store, type UnfurlRef } from '../../src/store/index.ts';
import { migrationsThrough, runMigrations } from '../../src/store/migrations.ts';
import { suiteStores, type StoreHarness } from './harness.ts';

const T1 = new Date('2026-08-17T09:00:00.000Z');
const at = (minutes: number): Date => new Date(T1.getTime() + minutes * 60_000);
const WINDOW = 30 * 60_000;
const REF: UnfurlRef = { teamId: 'T1', channelId: 'C1', arxivId: '2510.00446' };

export function defineLinkMemoryStoreContract(harness: StoreHarness): void {
  describe(`pasted links' memory in the store (${harness.label})`, () => {
    const { open, fresh } = suiteStores(harness);

    it('a paper is claimed once per channel within the window, and again once the window has passed', async () => {
      const store = await fresh();
      expect(await store.claimPaperUnfurl(REF, T1, WINDOW)).toEqual({ ...REF, claimedAt: T1 });
      expect(await store.claimPaperUnfurl(REF, at(29.99), WINDOW)).toBeNull();
      // Other channels, teams and papers have their own windows.
      expect(await store.claimPaperUnfurl({ ...REF, channelId: 'C2' }, at(1), WINDOW)).not.toBeNull();
      expect(await store.claimPaperUnfurl({ ...REF, teamId: 'T2' }, at(1), WINDOW)).not.toBeNull();
      expect(await store.claimPaperUnfurl({ ...REF, arxivId: '2510.02283' }, at(1), WINDOW)).not.toBeNull();
      // Exactly 30 minutes later it unfolds again, and that starts a new window.
      expect(await store.claimPaperUnfurl(REF, at(30), WINDOW)).toEqual({ ...REF, claimedAt: at(30) });
      expect(await store.claimPaperUnfurl(REF, at(59), WINDOW)).toBeNull();
      expect(await store.claimPaperUnfurl(REF, at(60), WINDOW)).not.toBeNull();
    });

    it('two instances (two stores on one database) claiming the same papers at once: exactly one wins each', async () => {
      const url = await harness.storeUrl();
      const [a, b] = [await open(url), await open(url)];
      if (!a || !b) throw new Error('no store');
      const refs = Array.from({ length: 25 }, (_, i) => ({ teamId: 'T1', channelId: `C${i % 5}`, arxivId: `2510.${String(10000 + i)}` }));
      const results = await Promise.all(refs.flatMap((ref) => [a.claimPaperUnfurl(ref, T1, WINDOW), b.claimPaperUnfurl(ref, T1, WINDOW)]));
      for (let i = 0; i < refs.length; i++) {
        const pair = [results[2 * i], results[2 * i + 1]];
        expect(pair.filter((claim) => claim !== null)).toEqual([{ ...refs[i], claimedAt: T1 }]);
      }
      // Once the window has passed, again exactly one of two concurrent claims wins.
      const [first, second] = await Promise.all([a.claimPaperUnfurl(REF, at(31), WINDOW), b.claimPaperUnfurl(REF, at(31), WINDOW)]);
      expect(await a.claimPaperUnfurl(REF, at(32), WINDOW)).toBeNull();
      expect([first, second].filter((claim) => claim !== null)).toHaveLength(1);
      const renewed = await Promise.all([a.claimPaperUnfurl(REF, at(62), WINDOW), b.claimPaperUnfurl(REF, at(62), WINDOW)]);
      expect(renewed.filter((claim) => claim !== null)).toEqual([{ ...REF, claimedAt: at(62) }]);
    });

    it('a claim given back (nothing was unfolded) can be claimed again at once; an old claim given back late changes nothing', async () => {
      const store = await fresh();
      const claim = await store.claimPaperUnfurl(REF, T1, WINDOW);
      if (!claim) throw new Error('not claimed');
      await store.releasePaperUnfurl(claim);
      const again = await store.claimPaperUnfurl(REF, at(1), WINDOW);
      expect(again).toEqual({ ...REF, claimedAt: at(1) });
      // The first claim given back a second time does not free the paper the later claim unfolded.
      await store.releasePaperUnfurl(claim);
      expect(await store.claimPaperUnfurl(REF, at(2), WINDOW)).toBeNull();
    });

    it('old unfolds are pruned, recent ones kept (and still keep their paper from unfolding)', async () => {
      const url = await harness.storeUrl();
      const store = await open(url);
      await store.claimPaperUnfurl(REF, T1, WINDOW);
      await store.claimPaperUnfurl({ ...REF, channelId: 'C2' }, at(10), WINDOW);
      await store.claimPaperUnfurl({ ...REF, channelId: 'C3' }, at(40), WINDOW);
      expect(await store.forgetPaperUnfurlsBefore(at(41 - 30))).toBe(2);
      expect(await store.forgetPaperUnfurlsBefore(at(41 - 30))).toBe(0);
      expect(await harness.query<{ channel_id: string }>(url, 'select channel_id from unfurled_papers')).toEqual([{ channel_id: 'C3' }]);
      expect(await store.claimPaperUnfurl({ ...REF, channelId: 'C3' }, at(41), WINDOW)).toBeNull();
      expect(await store.claimPaperUnfurl(REF, at(41), WINDOW)).not.toBeNull();
    });

    it('bad input is refused before it reaches SQL', async () => {
      const store = await fresh();
      await expect(store.claimPaperUnfurl({ ...REF, channelId: '' }, T1, WINDOW)).rejects.toThrow(StoreValidationError);
      await expect(store.claimPaperUnfurl({ ...REF, arxivId: ' ' }, T1, WINDOW)).rejects.toThrow(StoreValidationError);
      await expect(store.claimPaperUnfurl(REF, T1, 0)).rejects.toThrow(StoreValidationError);
      await expect(store.claimPaperUnfurl(REF, new Date(Number.NaN), WINDOW)).rejects.toThrow(StoreValidationError);
      await expect(store.rememberLookupMiss('', T1)).rejects.toThrow(StoreValidationError);
    });

    it('an id no source has is remembered from when it was last missed, for every instance, and pruned later', async () => {
      const url = await harness.storeUrl();
      const [a, b] = [await open(url), await open(url)];
      if (!a || !b) throw new Error('no store');
      expect(await a.lookupMissedSince('2509.99999', at(-10))).toBe(false);
      await a.rememberLookupMiss('2509.99999', T1);
      expect(await b.lookupMissedSince('2509.99999', at(-10))).toBe(true);
      expect(await b.lookupMissedSince('2509.99999', T1)).toBe(false);
      expect(await b.lookupMissedSince('2509.99998', at(-10))).toBe(false);
      await b.rememberLookupMiss('2509.99999', at(20));
      expect(await a.lookupMissedSince('2509.99999', at(15))).toBe(true);
      await a.rememberLookupMiss('2509.99998', at(5));
      expect(await a.forgetLookupMissesBefore(at(10))).toBe(1);
      expect(await a.lookupMissedSince('2509.99998', at(-10))).toBe(false);
      expect(await a.lookupMissedSince('2509.99999', at(15))).toBe(true);
    });

    it('migration 0012 adds the memory to a database that already holds data, and leaves that data alone', async () => {
      const url = await harness.freshUrl();
      const connection = await connect(parseDatabaseUrl(url));
      try {
        await runMigrations(connection, migrationsThrough(connection.kind, '0011_paper_ratings'));
        await sql`insert into channel_settings (team_id, channel_id, unfurl_links, updated_by, updated_at)
          values ('T1', 'C1', 0, 'U1', ${T1.toISOString()})`.execute(connection.db);
      } finally {
        await connection.db.destroy();
      }
      const store = await open(url);
      expect(await store.channelUnfurlEnabled('T1', 'C1')).toBe(false);
      expect(await store.claimPaperUnfurl(REF, T1, WINDOW)).not.toBeNull();
      await store.rememberLookupMiss('2509.99999', T1);
      expect(await store.lookupMissedSince('2509.99999', at(-1))).toBe(true);
    });
  });
}
