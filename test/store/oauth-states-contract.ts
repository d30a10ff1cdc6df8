/**
 * OAuth install states in the store, on every dialect: a state is used once (of two stores on one database, as two
 * instances, exactly one gets it), not after it expired, and expired ones are pruned. sqlite.test.ts and
 * postgres.test.ts run it; the install flow itself is test/slack/oauth-state-single-use.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { suiteStores, type StoreHarness } from './harness.ts';

const T0 = new Date('2026-12-03T09:00:00.000Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
const state = (hash: string, expiresAt = at(10)) => ({ stateHash: hash, installOptions: '{"scopes":["commands"]}', issuedAt: T0, expiresAt });

export function defineOAuthStatesStoreContract(harness: StoreHarness): void {
  describe(`OAuth install states in the store (${harness.label})`, () => {
    const { open, fresh } = suiteStores(harness);

    it('a saved state is used once; an unknown one never', async () => {
      const store = await fresh();
      await store.saveOAuthState(state('h1'));
      expect(await store.consumeOAuthState('nope', at(1))).toBeNull();
      expect(await store.consumeOAuthState('h1', at(1))).toBe('{"scopes":["commands"]}');
      expect(await store.consumeOAuthState('h1', at(1))).toBeNull();
      expect(await store.consumeOAuthState('', at(1))).toBeNull();
    });

    it('an expired state is refused (and gone); pruning drops only the expired ones', async () => {
      const store = await fresh();
      await store.saveOAuthState(state('old', at(10)));
      expect(await store.consumeOAuthState('old', at(10))).toBeNull();
      await store.saveOAuthState(state('a', at(5)));
      await store.saveOAuthState(state('b', at(20)));
      expect(await store.forgetOAuthStatesBefore(at(6))).toBe(1);
      expect(await store.consumeOAuthState('b', at(7))).not.toBeNull();
    });

    it('two instances using the same states at once: exactly one gets each', async () => {
      const url = await harness.storeUrl();
      const [a, b] = [await open(url), await open(url)];
      const hashes = Array.from({ length: 20 }, (_, i) => `race-${i}`);
      for (const hash of hashes) await a.saveOAuthState(state(hash));
      const results = await Promise.all(hashes.flatMap((hash) => [a.consumeOAuthState(hash, at(1)), b.consumeOAuthState(hash, at(1))]));
      for (let i = 0; i < hashes.length; i++) expect([results[2 * i], results[2 * i + 1]].filter((r) => r !== null)).toHaveLength(1);
    });
  });
}
