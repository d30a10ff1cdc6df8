/**
 * `/paper <query>` in a channel that rated papers (issue 16, "per channel for search"): the query stays the anchor
 * (only its matches, reordered; its best match by the words first), the channel's taste counts only when it is about
 * the query, a paper the channel marked "not for us" is still found, and the result cache never serves one channel's
 * order to another or an old order after a vote.
 */
import { describe, expect, it } from 'vitest';
import { channelSearchTaste } from '../../src/digests/preferences.ts';
import { createPaperSearch } from '../../src/search/paper-index.ts';
import type { SearchPreferences } from '../../src/search/types.ts';
import { paper, speechPapers } from './fixtures.ts';

const { ctc: ctcSpeech, languages: langSpeech, languages2: langSpeech2, plain: plainSpeech } = speechPapers;
const ctcSpeech2 = paper(
  'Blank tokens in connectionist temporal classification',
  'We study the blank token of connectionist temporal classification, its alignment of audio frames and its decoding in speech recognition.',
);
const graphs = [
  paper('Graph neural networks for molecules', 'Message passing over molecular graphs predicts properties of molecules.'),
  paper('Graph transformers for molecules', 'Attention over molecular graph nodes with positional encodings predicts properties.'),
];
const unrelated = [
  paper('Vision transformers for detection', 'Patches and attention detect objects in images.'),
  paper('Diffusion models for images', 'Denoising diffusion generates images from noise.'),
  paper('Reinforcement learning for robots', 'Policies learned from rewards control robot arms.'),
  paper('Protein folding with language models', 'Protein sequences embedded by language models predict structure.'),
  paper('Speech synthesis with diffusion', 'Diffusion generates speech audio from text.'),
];
const papers = [ctcSpeech, ctcSpeech2, langSpeech, langSpeech2, plainSpeech, ...graphs, ...unrelated];

const QUERY = 'speech recognition';
const ranked = (search: ReturnType<typeof createPaperSearch>, query: string, preferences?: SearchPreferences): Array<[string, number]> =>
  search.search(query, { limit: 20, ...(preferences ? { preferences } : {}) }).hits.map((hit) => [hit.paper.id, hit.score]);
const ids = (rows: Array<[string, number]>): string[] => rows.map(([id]) => id);

describe('a /paper search learns from the channel', () => {
  it('a like on the query’s topic lifts papers like it among the matches; the words’ best match stays first; nothing off the query comes in', () => {
    const search = createPaperSearch(papers);
    const plain = ids(ranked(search, QUERY));
    const liked = ids(ranked(search, QUERY, { liked: [langSpeech.id] }));
    expect(liked[0]).toBe(plain[0]);
    expect(liked.indexOf(langSpeech2.id)).toBeLessThan(plain.indexOf(langSpeech2.id));
    expect([...liked].sort()).toEqual([...plain].sort());
    const hits = search.search(QUERY, { limit: 20, preferences: { liked: [langSpeech.id] } }).hits;
    expect(hits.every((hit) => hit.learned !== undefined && !hit.learned.offTopic)).toBe(true);
  });

  it('a dislike sinks papers like it, but the disliked paper keeps its own score and is found first by its title', () => {
    const search = createPaperSearch(papers);
    const plain = ranked(search, QUERY);
    const disliked = ranked(search, QUERY, { disliked: [ctcSpeech.id] });
    const score = (rows: Array<[string, number]>, id: string): number => rows.find(([found]) => found === id)?.[1] ?? Number.NaN;
    expect(score(disliked, ctcSpeech2.id)).toBeLessThan(score(plain, ctcSpeech2.id));
    expect(ids(disliked).indexOf(ctcSpeech2.id)).toBeGreaterThanOrEqual(ids(plain).indexOf(ctcSpeech2.id));
    expect(ids(disliked).indexOf(ctcSpeech2.id)).toBeGreaterThan(ids(disliked).indexOf(langSpeech.id));
    expect(score(disliked, ctcSpeech.id)).toBe(score(plain, ctcSpeech.id));
    for (const rated of [ctcSpeech, langSpeech]) {
      const taste = { liked: [langSpeech2.id, plainSpeech.id], disliked: [ctcSpeech.id, rated.id] };
      expect(ids(ranked(search, rated.title, taste))[0]).toBe(rated.id);
    }
  });

  it('ratings on another topic leave the search exactly as it is (same papers, same scores, no note)', () => {
    const search = createPaperSearch(papers);
    const plain = search.search(QUERY, { limit: 20 });
    const other = search.search(QUERY, { limit: 20, preferences: { liked: graphs.map((p) => p.id), disliked: [unrelated[2]?.id ?? ''] } });
    expect(other.hits.map((hit) => [hit.paper.id, hit.score])).toEqual(plain.hits.map((hit) => [hit.paper.id, hit.score]));
    expect(other.hits.every((hit) => hit.learned === undefined)).toBe(true);
  });

  it('the result cache serves neither one channel’s order to another nor an old order after a new vote', () => {
    const search = createPaperSearch(papers);
    const plain = ranked(search, QUERY);
    const channelA = channelSearchTaste([{ paperId: langSpeech.id, value: 1 }]);
    const channelB = channelSearchTaste([{ paperId: ctcSpeech.id, value: 1 }]);
    const a = ranked(search, QUERY, channelA.preferences);
    const b = ranked(search, QUERY, channelB.preferences);
    expect(ids(a)).not.toEqual(ids(b));
    expect(ids(a)).not.toEqual(ids(plain));
    // Asked again, in any order: each gets its own, and the plain search (cached) is untouched.
    expect(ranked(search, QUERY)).toEqual(plain);
    expect(ranked(search, QUERY, channelB.preferences)).toEqual(b);
    expect(ranked(search, QUERY, channelA.preferences)).toEqual(a);
    expect(ranked(search, QUERY)).toEqual(plain);
    // A second vote in channel A changes its next order at once.
    const voted = channelSearchTaste([
      { paperId: langSpeech.id, value: 1 },
      { paperId: langSpeech2.id, value: -1 },
    ]);
    const after = ranked(search, QUERY, voted.preferences);
    expect(ids(after).indexOf(langSpeech2.id)).toBeGreaterThan(ids(a).indexOf(langSpeech2.id));
  });

  it('the channel’s taste sums everyone’s votes from any digest or result: a tie is neither; the count shown is of votes', () => {
    const taste = channelSearchTaste([
      { paperId: 'a', value: 1 },
      { paperId: 'a', value: 1 },
      { paperId: 'b', value: 1 },
      { paperId: 'b', value: -1 },
      { paperId: 'c', value: -1 },
    ]);
    expect(taste).toEqual({ preferences: { liked: ['a'], disliked: ['c'] }, rated: 2, votes: 5 });
    expect(channelSearchTaste([])).toMatchObject({ rated: 0, votes: 0 });
  });
});
