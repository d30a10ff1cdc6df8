/**
 * What paper links need from the store (issue 17), on every dialect: finding a paper by its arXiv id and the
 * per-channel "unfurl links" setting. sqlite.test.ts and postgres.test.ts run it.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openStore, StoreValidationError, type Store } from '../../src/store/index.ts';
import { suiteStores, type StoreHarness } from './harness.ts';
import { apiInput, seedInput } from './papers-contract.ts';

const T1 = new Date('2026-08-17T09:00:00.000Z');

export function defineLinksStoreContract(harness: StoreHarness): void {
  describe(`paper links in the store (${harness.label})`, () => {
    const { fresh } = suiteStores(harness);

    it('finds a paper by its arXiv id, and nothing for an id it does not hold', async () => {
      const store = await fresh();
      await store.upsertPapers([apiInput('2502.11089', 'Native Sparse Attention', { aiSummary: 'Sparse attention, trained natively.' }), seedInput('A Seed Paper')], { now: T1 });
      expect(await store.getPaperByArxivId('2502.11089')).toMatchObject({ title: 'Native Sparse Attention', arxivId: '2502.11089', aiSummary: 'Sparse attention, trained natively.' });
      expect(await store.getPaperByArxivId('2502.99999')).toBeNull();
    });

    it('paper links unfold in a channel until someone turns it off, per channel, and back on', async () => {
      const store = await fresh();
      expect(await store.channelUnfurlEnabled('T1', 'C1')).toBe(true);
      await store.setChannelUnfurl('T1', 'C1', false, 'U1', T1);
      expect(await store.channelUnfurlEnabled('T1', 'C1')).toBe(false);
      expect(await store.channelUnfurlEnabled('T1', 'C2')).toBe(true);
      expect(await store.channelUnfurlEnabled('T2', 'C1')).toBe(true);
      await store.setChannelUnfurl('T1', 'C1', false, 'U2', T1);
      expect(await store.channelUnfurlEnabled('T1', 'C1')).toBe(false);
      await store.setChannelUnfurl('T1', 'C1', true, 'U2', T1);
      expect(await store.channelUnfurlEnabled('T1', 'C1')).toBe(true);
      await expect(store.setChannelUnfurl('T1', '', false, 'U1')).rejects.toThrow(StoreValidationError);
    });
  });
}
