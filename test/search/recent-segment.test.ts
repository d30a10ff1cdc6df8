import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSeedPapers } from '../../src/papers/load-seeds.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { createPaperSearch, extendPaperSearch, packedIndexOf } from '../../src/search/paper-index.ts';
import type { PaperSearch } from '../../src/search/types.ts';
import { paper, QRELS_PATH, SEEDS_DIR, smallCorpus, withFrozenClock } from './fixtures.ts';

const ids = (search: PaperSearch, query: string, limit = 10): string[] =>
  search.search(query, { limit }).hits.map((hit) => hit.paper.id);

describe('a base index plus a recent segment', () => {
  let papers: Paper[];
  let queries: string[];
  let full: PaperSearch;

  beforeAll(async () => {
    papers = (await loadSeedPapers(SEEDS_DIR)).papers;
    const judged = JSON.parse(readFileSync(QRELS_PATH, 'utf8')) as { queries: Array<{ query: string }> };
    const heldOut = JSON.parse(readFileSync(new URL('./fixtures/qrels-heldout.json', import.meta.url), 'utf8')) as {
      queries: Array<{ query: string }>;
    };
    queries = [...judged.queries, ...heldOut.queries].map((q) => q.query);
    full = createPaperSearch(papers);
  });

  it('ranks like a full rebuild: same top hit, top-10 nearly identical, scores within 3%', () => {
    for (const split of [150, 200, 230]) {
      const extended = extendPaperSearch(createPaperSearch(papers.slice(0, split)), papers.slice(split));
      expect(extended.size).toBe(papers.length);
      let shared = 0;
      let total = 0;
      for (const query of queries) {
        const want = withFrozenClock(() => full.search(query, { limit: 10 }).hits);
        const got = withFrozenClock(() => extended.search(query, { limit: 10 }).hits);
        expect(got[0]?.paper.id, `${split}: ${query}`).toBe(want[0]?.paper.id);
        const wantIds = new Set(want.map((hit) => hit.paper.id));
        shared += got.filter((hit) => wantIds.has(hit.paper.id)).length;
        total += want.length;
        for (const hit of got) {
          const same = want.find((other) => other.paper.id === hit.paper.id);
          if (same) expect(Math.abs(hit.score - same.score) / same.score, `${split}: ${query}`).toBeLessThan(0.03);
        }
      }
      expect(shared / total).toBeGreaterThanOrEqual(0.98);
    }
  });

  it('weighs a word by its frequency in the whole corpus, not in the segment that holds it', () => {
    // "quokka" is in one base paper and in every recent paper: common overall, so it must not count as rare.
    const base = [
      paper('Quokka tracking with drones', 'We track quokka colonies from the air.'),
      ...Array.from({ length: 30 }, (_, i) => paper(`Unrelated base paper ${i}`, `Graph neural networks for molecules, study ${i}.`)),
    ];
    const recent = Array.from({ length: 30 }, (_, i) => paper(`Recent quokka paper ${i}`, `Quokka behaviour observed in season ${i}.`));
    const extended = extendPaperSearch(createPaperSearch(base), recent);
    const rebuilt = createPaperSearch([...base, ...recent]);
    const score = (search: PaperSearch): number =>
      search.search('quokka tracking', { limit: 50 }).hits.find((hit) => hit.paper.title.startsWith('Quokka tracking'))?.score ?? 0;
    expect(score(extended)).toBeGreaterThan(0);
    expect(Math.abs(score(extended) - score(rebuilt)) / score(rebuilt)).toBeLessThan(0.03);
    // Before the recent papers, the same word was rare in the base and weighed far more.
    expect(score(createPaperSearch(base))).toBeGreaterThan(score(extended) * 1.5);
  });

  it('serves the new version of a replaced paper and forgets a removed one', () => {
    const corpus = smallCorpus();
    const [first, second] = corpus;
    if (!first || !second) throw new Error('fixture too small');
    const base = createPaperSearch(corpus);
    const revised = { ...first, abstract: 'Rewritten: a zebrafish study of sparse attention.', upvotes: 99 };
    const extended = extendPaperSearch(base, [revised], { removedIds: [second.id] });

    expect(extended.size).toBe(corpus.length - 1);
    expect(extended.get(first.id)?.upvotes).toBe(99);
    expect(ids(extended, 'zebrafish')).toEqual([first.id]);
    expect(ids(base, '"block-sparse attention"')).toEqual([first.id]);
    expect(ids(extended, '"block-sparse attention"')).toEqual([]);
    expect(ids(extended, 'sparse attention').filter((id) => id === first.id)).toHaveLength(1);
    expect(extended.get(second.id)).toBeUndefined();
    expect(ids(extended, 'key-value cache compression')).not.toContain(second.id);
    expect(extended.similar(first.id).map((hit) => hit.paper.id)).not.toContain(second.id);
    // The base is untouched.
    expect(ids(base, 'zebrafish')).toEqual([]);
    expect(base.get(second.id)).toBeDefined();
    expect(base.size).toBe(corpus.length);
  });

  it.each([
    ['a warmed-up base (vocabulary and acronyms carried over)', true],
    ['a cold base (built from scratch on first use)', false],
  ])('corrects typos and expands acronyms from recent papers, on %s', async (_label, warm) => {
    const base = createPaperSearch(smallCorpus());
    if (warm) await base.warmUp?.();
    const recent = [
      paper(
        'Hyperdimensional Xylophone Representations',
        'We introduce hyperdimensional xylophone representations (HXR) for music retrieval with vector symbolic architectures.',
      ),
    ];
    const extended = extendPaperSearch(base, recent);
    const typo = extended.search('xylofone');
    expect(typo.correctedQuery).toBe('xylophone');
    expect(typo.hits[0]?.paper.title).toBe('Hyperdimensional Xylophone Representations');
    // "HXR" is defined only in the recent paper; the query "hxr" also asks for its long form.
    const byAcronym = extended.search('HXR music');
    expect(byAcronym.hits[0]?.paper.title).toBe('Hyperdimensional Xylophone Representations');
    expect(byAcronym.hits[0]?.snippet.highlights.length).toBeGreaterThan(0);
  });

  it('uses a prebuilt index for the recent papers, and has no single index to serialise', () => {
    const corpus = smallCorpus();
    const recent = [paper('Zebrafish sparse attention', 'A zebrafish study of sparse attention.')];
    const prebuilt = packedIndexOf(createPaperSearch(recent), { tables: false });
    const extended = extendPaperSearch(createPaperSearch(corpus), recent, prebuilt ? { index: prebuilt } : {});
    expect(ids(extended, 'zebrafish')).toEqual([recent[0]?.id]);
    expect(packedIndexOf(extended)).toBeUndefined();
  });
});
