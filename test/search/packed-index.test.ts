import { beforeAll, describe, expect, it } from 'vitest';
import type { Paper } from '../../src/papers/paper.ts';
import { analyseWords, loadPackedIndex, packIndex, serializePackedIndex, STOP_WORD_BIT, type PackedIndex } from '../../src/search/retrieve/packed-index.ts';
import { DEFAULT_BM25, createPaperSearch, packedIndexOf } from '../../src/search/paper-index.ts';
import { indexTerms, stem, words } from '../../src/search/query.ts';
import { buildLunrIndex } from '../../src/search/retrieve/lunr-index.ts';
import { loadSeedCorpus, paper, smallCorpus } from './fixtures.ts';

/** lunr's own index of the papers' stems, and its packed form. */
function packOf(papers: readonly Paper[]): { pack: PackedIndex; vectors: Record<string, { elements: number[] }>; lunrTerms: Record<string, { _index: number }> } {
  const analysed = papers.map((p) => ({ id: p.id, title: analyseWords(p.title), abstract: analyseWords(p.abstract) }));
  const index = buildLunrIndex(
    papers.map((p) => ({ id: p.id, title: indexTerms(p.title), abstract: indexTerms(p.abstract) })),
    DEFAULT_BM25,
  );
  const internals = index as unknown as { fieldVectors: Record<string, { elements: number[] }>; invertedIndex: Record<string, { _index: number }> };
  return { pack: packIndex(index, analysed), vectors: internals.fieldVectors, lunrTerms: internals.invertedIndex };
}

function postingsOf(pack: PackedIndex, field: 'title' | 'abstract', term: string): Array<[number, number]> {
  const t = pack.terms.indexOf(term);
  const { offsets, docs, weights } = pack[field];
  const out: Array<[number, number]> = [];
  for (let k = offsets[t] ?? 0; k < (offsets[t + 1] ?? 0); k++) out.push([docs[k] ?? -1, weights[k] ?? 0]);
  return out;
}

describe('the packed index', () => {
  let papers: Paper[];
  let packed: ReturnType<typeof packOf>;
  beforeAll(async () => {
    papers = await loadSeedCorpus();
    packed = packOf(papers);
  });

  it("holds lunr's weights: every paper's field vector, term by term, in ascending paper order", () => {
    const { pack, vectors, lunrTerms } = packed;
    expect(pack.refs).toEqual(papers.map((p) => p.id));
    let checked = 0;
    for (const term of ['attent', 'spars', 'diffus', 'model', 'kv']) {
      for (const field of ['title', 'abstract'] as const) {
        const expected: Array<[number, number]> = [];
        papers.forEach((p, doc) => {
          const elements = vectors[`${field}/${p.id}`]?.elements ?? [];
          for (let k = 0; k < elements.length; k += 2) {
            if (elements[k] === lunrTerms[term]?._index) expected.push([doc, elements[k + 1] ?? 0]);
          }
        });
        expect(postingsOf(pack, field, term), `${field} ${term}`).toEqual(expected);
        checked += expected.length;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('keeps each paper’s words in order, stop words marked, and how many papers hold each term', () => {
    const { pack } = packed;
    papers.forEach((p, doc) => {
      const title = [...pack.text.subarray(pack.textOffsets[2 * doc], pack.textOffsets[2 * doc + 1])];
      const abstract = [...pack.text.subarray(pack.textOffsets[2 * doc + 1], pack.textOffsets[2 * doc + 2])];
      const decode = (ids: number[], all: boolean): string[] =>
        ids.filter((id) => all || (id & STOP_WORD_BIT) === 0).map((id) => pack.terms[(id & ~STOP_WORD_BIT) >>> 0] ?? '?');
      expect(decode(title, true)).toEqual(words(p.title).map(stem));
      expect(decode(abstract, false)).toEqual(indexTerms(p.abstract));
    });
    for (const term of ['attent', 'the', 'video']) {
      const t = pack.terms.indexOf(term);
      const holding = papers.filter((p) => [...indexTerms(p.title), ...indexTerms(p.abstract)].includes(term)).length;
      expect(pack.df[t], term).toBe(holding);
    }
    // "the" is a stop word: in the papers' words, in no posting list.
    expect(pack.df[pack.terms.indexOf('the')]).toBe(0);
  });

  it('round-trips through its bytes, corpus tables included', () => {
    const corpus = [...smallCorpus(), paper('Streaming decoding', 'Hybrid decoding with a zebra-like transducer (ZLT) aligns speech.')];
    const pack = packedIndexOf(createPaperSearch(corpus));
    if (!pack) throw new Error('no packed index');
    expect(pack.tables?.acronyms.find(([key]) => key === 'zlt')?.[1][0]?.stems).toEqual(['zebra', 'transduc']);
    expect(pack.tables?.vocabulary.get('attention')).toBeGreaterThan(0);
    const bytes = serializePackedIndex(pack);
    const loaded = loadPackedIndex(bytes);
    expect(loaded).toEqual(pack);
    // Aligned (a worker's transferred buffer, a cache file's body): the arrays are read in place, not copied.
    expect(loaded.title.weights.buffer).toBe(bytes.buffer);
    expect(loaded.text.buffer).toBe(bytes.buffer);
    // Unaligned in a larger buffer: copied, same contents.
    const shifted = new Uint8Array(bytes.byteLength + 3);
    shifted.set(bytes, 3);
    const copied = loadPackedIndex(shifted.subarray(3));
    expect(copied).toEqual(pack);
    expect(copied.title.weights.buffer).not.toBe(shifted.buffer);
  });

  it('refuses bytes that do not add up, rather than serving wrong papers', () => {
    const pack = packedIndexOf(createPaperSearch(smallCorpus()));
    if (!pack) throw new Error('no packed index');
    const bytes = serializePackedIndex(pack);
    expect(() => loadPackedIndex(bytes.subarray(0, bytes.byteLength - 4))).toThrow(/past the end/);
    const longer = new Uint8Array(bytes.byteLength + 8);
    longer.set(bytes);
    expect(() => loadPackedIndex(longer)).toThrow(/left over/);
    expect(() => loadPackedIndex(new TextEncoder().encode('{"version":1}'))).toThrow();

    // A paper number past the last paper, in the last title posting (written where the bytes say it is).
    const badDoc = bytes.slice();
    const headerLength = new DataView(badDoc.buffer).getUint32(0, true);
    const arraysStart = Math.ceil((4 + headerLength) / 8) * 8;
    const titleDocsAt = arraysStart + (pack.title.weights.byteLength + pack.abstract.weights.byteLength) + pack.title.offsets.byteLength;
    new DataView(badDoc.buffer).setInt32(titleDocsAt, pack.refs.length + 5, true);
    expect(() => loadPackedIndex(badDoc)).toThrow(/paper numbers out of range/);

    const badHeader = serializePackedIndex({ ...pack, refs: pack.refs.slice(1) });
    expect(() => loadPackedIndex(badHeader)).toThrow();

    const [first = '', ...rest] = pack.refs;
    expect(() => loadPackedIndex(serializePackedIndex({ ...pack, refs: [first, first, ...rest.slice(1)] }))).toThrow(/listed twice/);
    const notANumber = bytes.slice();
    new DataView(notANumber.buffer).setFloat64(arraysStart, Number.NaN, true);
    expect(() => loadPackedIndex(notANumber)).toThrow(/not a number/);
    // A posting list out of order: the first run of two or more papers, reversed.
    const t = pack.terms.findIndex((_, i) => (pack.title.offsets[i + 1] ?? 0) - (pack.title.offsets[i] ?? 0) >= 2);
    const docs = pack.title.docs.slice();
    docs.subarray(pack.title.offsets[t], pack.title.offsets[t + 1]).reverse();
    expect(() => loadPackedIndex(serializePackedIndex({ ...pack, title: { ...pack.title, docs } }))).toThrow(/out of order/);
    const badTables = { acronyms: [['kv', 'not a long form']], vocabulary: new Map([['attention', 3]]) } as unknown as PackedIndex['tables'];
    expect(() => loadPackedIndex(serializePackedIndex({ ...pack, tables: badTables }))).toThrow(/bad corpus tables/);
  });
});
