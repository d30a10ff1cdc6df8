import lunr from 'lunr';
import { describe, expect, it } from 'vitest';
import {
  installLunrTokenSetPatch,
  isLunrTokenSetPatched,
  originalTokenSetToString,
  patchedTokenSetToString,
} from '../../src/search/lunr-patch.ts';
import { createPaperSearch } from '../../src/search/paper-index.ts';
import type { Paper } from '../../src/papers/paper.ts';

/** Importing the index module alone must have fixed lunr (checked before any test can install it). */
const patchedByImport = isLunrTokenSetPatched();

/** lunr internals the reproduction needs (not in @types/lunr). */
const TokenSetStatics = lunr.TokenSet as unknown as {
  _nextId: number;
  fromArray(words: string[]): lunr.TokenSet;
};
const tokenSetProto = lunr.TokenSet.prototype as unknown as { toString: typeof patchedTokenSetToString };

/** Nodes a TokenSet builder creates for sorted `words` (one per character after the common prefix). */
function nodesCreated(words: readonly string[]): number {
  let previous = '';
  let count = 0;
  for (const word of words) {
    let common = 0;
    while (common < word.length && common < previous.length && word[common] === previous[common]) common++;
    count += word.length - common;
    previous = word;
  }
  return count;
}

/**
 * The #503 collision, built for a TokenSet whose root gets id 1:
 * - "0" comes first, so the node after "0" (id 2) is the leaf every other leaf is minimised into;
 * - "c0", "c1" make node C = { '0' → #2, '1' → #2 }, stock key "0" + "02" + "12" = "00212";
 * - "b0y" makes node B = { '0' → N }: with fillers pushing N's id to 212, B's stock key is "0" + "0212", the same.
 * N = { 'y' → leaf } must be a node no filler has (fillers use no 'y'), or it would be merged into an older id.
 * B is minimised first, so C is replaced by B: "c0" and "c1" vanish and the never-indexed "c0y" appears.
 */
function collidingVocabulary(): string[] {
  const root = 1;
  const leaf = root + 1; // the node after "0"
  const target = Number(`${leaf}1${leaf}`); // 212
  // Ids: root, "0" leaf, fillers, then B ("b"), then N ("b0"): N = root + 1 + fillerNodes + 2.
  const fillerNodes = target - root - 3;
  // Filler words "aaxxxxxxxxxx", "abxxxxxxxxxx", …: each adds 11 nodes; the last one is cut to fit exactly.
  const fillers: string[] = [];
  for (let i = 0; nodesCreated(fillers) < fillerNodes; i++) {
    const letter = String.fromCharCode(97 + i);
    const room = fillerNodes - nodesCreated(fillers) - (i === 0 ? 1 : 0);
    fillers.push(`a${letter}${'x'.repeat(Math.min(10, room - 1))}`);
  }
  expect(nodesCreated(fillers)).toBe(fillerNodes);
  return ['0', ...fillers, 'b0y', 'c0', 'c1'];
}

function withToString<T>(impl: typeof patchedTokenSetToString, run: () => T): T {
  const saved = tokenSetProto.toString;
  tokenSetProto.toString = impl;
  try {
    return run();
  } finally {
    tokenSetProto.toString = saved;
  }
}

/** Builds a TokenSet / index as the first TokenSet of a fresh process would: root id 1. */
function fromFirstId<T>(build: () => T): T {
  TokenSetStatics._nextId = 1;
  return build();
}

function plainIndex(words: readonly string[]): lunr.Index {
  return lunr(function build() {
    this.pipeline.reset(); // index the words exactly as given
    this.ref('id');
    this.field('body');
    words.forEach((word, i) => this.add({ id: String(i), body: word }));
    TokenSetStatics._nextId = 1; // the token set is built right after this callback
  });
}

const exact = (index: lunr.Index, word: string): lunr.Index.Result[] =>
  index.query((q) => q.term(word, { usePipeline: false, wildcard: lunr.Query.wildcard.NONE }));

describe('lunr TokenSet key (issue #503)', () => {
  const vocabulary = collidingVocabulary();

  it('the vocabulary is small, sorted and distinct', () => {
    expect([...vocabulary].sort()).toEqual(vocabulary);
    expect(new Set(vocabulary).size).toBe(vocabulary.length);
    expect(vocabulary.length).toBeLessThan(30);
  });

  it('with the stock key two different nodes collide: words vanish and a phantom appears', () => {
    expect(originalTokenSetToString).not.toBe(patchedTokenSetToString);
    const stored = withToString(originalTokenSetToString, () =>
      fromFirstId(() => TokenSetStatics.fromArray(vocabulary).toArray()),
    );
    expect(stored).not.toContain('c0');
    expect(stored).not.toContain('c1');
    expect(stored).toContain('c0y');
  });

  it('with the stock key a lunr index cannot find an indexed word, and a phantom word throws', () => {
    withToString(originalTokenSetToString, () => {
      const index = plainIndex(vocabulary);
      expect(exact(index, 'b0y')).toHaveLength(1);
      expect(exact(index, 'c0')).toHaveLength(0); // indexed, yet unfindable
      expect(() => exact(index, 'c0y')).toThrow(TypeError); // never indexed, yet in the token set
    });
  });

  it('the patch is installed by the index module and keeps every word', () => {
    expect(patchedByImport).toBe(true);
    const stored = fromFirstId(() => TokenSetStatics.fromArray(vocabulary).toArray());
    expect([...stored].sort()).toEqual(vocabulary);
  });

  it('with the patch a lunr index finds every word and the phantom is simply absent', () => {
    const index = plainIndex(vocabulary);
    for (const word of vocabulary) expect(exact(index, word), word).toHaveLength(1);
    expect(exact(index, 'c0y')).toEqual([]);
  });

  it('the paper search (a lunr index) over the same vocabulary finds every word (it reads the postings, not the automaton)', () => {
    const paper: Paper = {
      id: 'vocab',
      title: '0',
      abstract: vocabulary.join(' '),
      authors: [],
      authorCount: null,
      date: null,
      upvotes: null,
      arxivId: null,
      url: 'https://example.org',
    };
    const build = (): ReturnType<typeof createPaperSearch> => fromFirstId(() => createPaperSearch([paper]));
    // The search scores from lunr's posting lists (inverted index + field vectors), not its term automaton, so even
    // an index built with the broken key answers; lunr's own query on it would not (tested above).
    const broken = withToString(originalTokenSetToString, build);
    expect(broken.search('c0').total).toBe(1);
    expect(broken.search('c1').total).toBe(1);

    const fixed = build();
    for (const word of ['c0', 'c1', 'b0y', '0', 'aaxxxxxxxxxx']) expect(fixed.search(word).total, word).toBe(1);
    // The phantom is no indexed word: the typo fallback reads it as one of the nearest that are.
    const phantom = fixed.search('c0y');
    expect(['b0y', 'c0']).toContain(phantom.correctedQuery);
    expect(phantom.total).toBe(1);
  });

  it('installing twice is a no-op, and the key tells the colliding nodes apart', () => {
    expect(installLunrTokenSetPatch()).toBe(false);
    expect(isLunrTokenSetPatched()).toBe(true);
    const leaf = { final: true, edges: {}, id: 2 };
    const b = { final: false, edges: { '0': { final: false, edges: {}, id: 212 } }, id: 9 };
    const c = { final: false, edges: { '0': leaf, '1': leaf }, id: 10 };
    expect(originalTokenSetToString.call(b)).toBe(originalTokenSetToString.call(c));
    expect(patchedTokenSetToString.call(b)).not.toBe(patchedTokenSetToString.call(c));
  });
});
