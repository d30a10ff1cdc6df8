/**
 * Saved papers (issue 17) on every dialect: per person, saving twice is a no-op, mark read, remove and save again,
 * newest first with paging. sqlite.test.ts and postgres.test.ts run it.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openStore, StoreValidationError, type SavePaperInput, type Store } from '../../src/store/index.ts';
import { suiteStores, type StoreHarness } from './harness.ts';

const T1 = new Date('2026-08-17T09:00:00.000Z');
const at = (minutes: number): Date => new Date(T1.getTime() + minutes * 60_000);

function paper(n: number): SavePaperInput['paper'] {
  return {
    id: `paper-${n}`,
    arxivId: `2502.${String(10000 + n)}`,
    title: `Paper ${n} <@U999> & friends`,
    authors: ['Ada Lovelace', 'Alan Turing'],
    date: '2025-02-17',
    url: `https://arxiv.org/abs/2502.${String(10000 + n)}`,
  };
}

export function defineSavedPapersStoreContract(harness: StoreHarness): void {
  describe(`saved papers in the store (${harness.label})`, () => {
    const { fresh } = suiteStores(harness);

    it('saves a paper once per person: the second save changes nothing, other people have their own lists', async () => {
      const store = await fresh();
      const first = await store.savePaper({ teamId: 'T1', userId: 'U1', paper: paper(1), now: T1 });
      expect(first.created).toBe(true);
      expect(first.saved).toEqual({
        teamId: 'T1',
        userId: 'U1',
        paperId: 'paper-1',
        arxivId: '2502.10001',
        title: 'Paper 1 <@U999> & friends',
        authors: ['Ada Lovelace', 'Alan Turing'],
        date: '2025-02-17',
        url: 'https://arxiv.org/abs/2502.10001',
        savedAt: T1,
        readAt: null,
        withdrawnAt: null,
      });
      const again = await store.savePaper({ teamId: 'T1', userId: 'U1', paper: { ...paper(1), title: 'Changed' }, now: at(5) });
      expect(again.created).toBe(false);
      expect(again.saved.savedAt).toEqual(T1);
      expect(again.saved.title).toBe('Paper 1 <@U999> & friends');
      expect((await store.listSavedPapers('T1', 'U1', { offset: 0, limit: 10 })).total).toBe(1);
      expect((await store.listSavedPapers('T1', 'U2', { offset: 0, limit: 10 })).total).toBe(0);
      expect((await store.listSavedPapers('T2', 'U1', { offset: 0, limit: 10 })).total).toBe(0);
      // One person's saved paper, read back (what Save on a withdrawn paper checks): theirs only.
      expect(await store.getSavedPaper('T1', 'U1', 'paper-1')).toEqual(first.saved);
      expect(await store.getSavedPaper('T1', 'U2', 'paper-1')).toBeNull();
      expect(await store.getSavedPaper('T2', 'U1', 'paper-1')).toBeNull();
      expect(await store.getSavedPaper('T1', 'U1', 'paper-2')).toBeNull();
      await expect(store.savePaper({ teamId: 'T1', userId: '', paper: paper(2) })).rejects.toThrow(StoreValidationError);
    });

    it('lists newest first, paged, with the total', async () => {
      const store = await fresh();
      for (let i = 1; i <= 7; i++) await store.savePaper({ teamId: 'T1', userId: 'U1', paper: paper(i), now: at(i) });
      const first = await store.listSavedPapers('T1', 'U1', { offset: 0, limit: 3 });
      expect(first.total).toBe(7);
      expect(first.papers.map((p) => p.paperId)).toEqual(['paper-7', 'paper-6', 'paper-5']);
      const last = await store.listSavedPapers('T1', 'U1', { offset: 6, limit: 3 });
      expect(last.papers.map((p) => p.paperId)).toEqual(['paper-1']);
    });

    it('marks read (keeping the first time), removes, and a removed paper can be saved again', async () => {
      const store = await fresh();
      await store.savePaper({ teamId: 'T1', userId: 'U1', paper: paper(1), now: T1 });
      expect((await store.markSavedPaperRead('T1', 'U1', 'paper-1', at(10)))?.readAt).toEqual(at(10));
      expect((await store.markSavedPaperRead('T1', 'U1', 'paper-1', at(20)))?.readAt).toEqual(at(10));
      expect(await store.markSavedPaperRead('T1', 'U2', 'paper-1', at(10))).toBeNull();
      expect(await store.removeSavedPaper('T1', 'U2', 'paper-1')).toBe(false);
      expect(await store.removeSavedPaper('T1', 'U1', 'paper-1')).toBe(true);
      expect(await store.removeSavedPaper('T1', 'U1', 'paper-1')).toBe(false);
      expect((await store.listSavedPapers('T1', 'U1', { offset: 0, limit: 10 })).total).toBe(0);
      const again = await store.savePaper({ teamId: 'T1', userId: 'U1', paper: paper(1), now: at(30) });
      expect(again.created).toBe(true);
      expect(again.saved).toMatchObject({ savedAt: at(30), readAt: null });
    });
  });
}
