import { describe, expect, it } from 'vitest';
import { composeDigest, countMatches } from '../../src/digests/compose.ts';
import { createPaperSearch } from '../../src/search/paper-index.ts';
import { paper } from '../search/fixtures.ts';

const strongOld = paper('Sparse attention for long documents', 'Sparse attention patterns make sparse attention cheap.', { date: '2024-01-10' });
const weakOld = paper('Efficient transformers survey', 'We review sparse kernels and attention variants.', { date: '2023-05-01' });
const fresh = paper('Routing tokens', 'A new sparse mixing layer with attention on demand.', { date: '2026-11-20' });
const offTopic = paper('Graph neural networks', 'Message passing on graphs.', { date: '2026-11-21' });
const search = createPaperSearch([strongOld, weakOld, fresh, offTopic]);

describe('composeDigest', () => {
  it('keeps only papers with every topic word, best first, without a clock', () => {
    const ids = composeDigest(search, 'sparse attention', new Set(), 5).map((h) => h.paper.id);
    expect(ids[0]).toBe(strongOld.id);
    expect(ids).toHaveLength(3);
    expect(ids).not.toContain(offTopic.id);
    expect(countMatches(search, 'sparse attention')).toBe(3);
  });

  it('puts papers from the last week first when it knows the date', () => {
    const ids = composeDigest(search, 'sparse attention', new Set(), 2, { now: new Date('2026-11-23T09:00:00Z') }).map((h) => h.paper.id);
    expect(ids).toEqual([fresh.id, strongOld.id]);
  });

  it('counts a paper listed on Hugging Face this week as news, however long ago arXiv published it', () => {
    // Published in October, on the daily list yesterday; less relevant than the old paper, so only being news puts it first.
    const lateListed = paper('Token pruning', 'We prune tokens by their attention scores and compare sparse methods.', { date: '2026-10-01', listedOn: '2026-11-22' });
    const withLate = createPaperSearch([strongOld, weakOld, fresh, offTopic, lateListed]);
    const byRelevance = composeDigest(withLate, 'sparse attention', new Set(), 5).map((h) => h.paper.id);
    expect(byRelevance.indexOf(lateListed.id)).toBeGreaterThan(byRelevance.indexOf(strongOld.id));
    const ids = composeDigest(withLate, 'sparse attention', new Set(), 2, { now: new Date('2026-11-23T09:00:00Z') }).map((h) => h.paper.id);
    expect(new Set(ids)).toEqual(new Set([lateListed.id, fresh.id]));
  });

  it('never offers what the channel was already sent', () => {
    const ids = composeDigest(search, 'sparse attention', new Set([fresh.id, strongOld.id]), 5, { now: new Date('2026-11-23T09:00:00Z') }).map((h) => h.paper.id);
    expect(ids).toEqual([weakOld.id]);
    expect(composeDigest(search, 'sparse attention', new Set([fresh.id, strongOld.id, weakOld.id]), 5)).toEqual([]);
  });
});
