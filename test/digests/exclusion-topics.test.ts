/**
 * `-word` in a subscription's topic excludes papers (issue 16), in what the runner posts and the preview shows alike:
 * both ask digestContent, here with a real SQLite store and a real index.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { digestContent } from '../../src/digests/digest-content.ts';
import { createPaperSearch } from '../../src/search/paper-index.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { paper } from '../search/fixtures.ts';

const vision = paper('Sparse attention for vision transformers', 'Sparse attention patterns for vision models.', { date: '2026-11-20' });
const text = paper('Sparse attention for long documents', 'Sparse attention makes long documents cheap.', { date: '2026-11-19' });
const other = paper('Graph neural networks', 'Message passing on graphs.', { date: '2026-11-21' });
const search = createPaperSearch([vision, text, other]);
const NOW = new Date('2026-11-23T09:00:00Z');

describe('-word topics in digests and previews', () => {
  let store: Store | undefined;
  afterAll(async () => {
    await store?.close();
  });

  it('leaves out papers with the excluded word, for a subscription and for a preview without one', async () => {
    store = await openStore('sqlite::memory:');
    const { subscription } = await store.upsertSubscription({ teamId: 'T1', channelId: 'C1', topic: 'sparse attention -vision', createdBy: 'U1' });
    expect(subscription.topic).toBe('sparse attention -vision');
    const deps = { store, search, digestSize: 5 };
    const target = { teamId: 'T1', channelId: 'C1', topic: subscription.topic, subscriptionId: subscription.id };
    expect((await digestContent(deps, target, NOW)).hits.map((h) => h.paper.id)).toEqual([text.id]);
    expect((await digestContent(deps, { ...target, subscriptionId: null }, NOW)).hits.map((h) => h.paper.id)).toEqual([text.id]);
    // Without the exclusion both match.
    expect((await digestContent(deps, { ...target, topic: 'sparse attention', subscriptionId: null }, NOW)).hits).toHaveLength(2);
  });
});
