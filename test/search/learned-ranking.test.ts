import { describe, expect, it } from 'vitest';
import { composeDigest, OFF_TOPIC_SHARE } from '../../src/digests/compose.ts';
import { createPaperSearch } from '../../src/search/paper-index.ts';
import { DEFAULT_RANKING } from '../../src/search/ranking-options.ts';
import type { PaperSearch } from '../../src/search/types.ts';
import { paper, speechPapers } from './fixtures.ts';

// Speech papers of two kinds (CTC alignment; many languages), CTC papers that never say "speech recognition",
// and unrelated papers so the words' idf means something.
const { ctc: ctcSpeech, languages: langSpeech, languages2: langSpeech2, plain: plainSpeech } = speechPapers;
const ctcSpeech2 = paper(
  'Blank tokens in connectionist temporal classification',
  'We study the blank token of connectionist temporal classification, its alignment of audio frames and its decoding in speech recognition, and what speech recognition loses without it.',
);
const ctcOnly = [1, 2].map((i) =>
  paper(`Connectionist temporal classification study ${i}`, `Blank tokens and alignment in connectionist temporal classification: decoding variant ${i} for audio frames.`),
);
const unrelated = [
  paper('Graph neural networks for molecules', 'Message passing over molecular graphs predicts properties.'),
  paper('Graph transformers at scale', 'Attention over graph nodes with positional encodings.'),
  paper('Vision transformers for detection', 'Patches and attention detect objects in images.'),
  paper('Diffusion models for images', 'Denoising diffusion generates images from noise.'),
  paper('Reinforcement learning for robots', 'Policies learned from rewards control robot arms.'),
  paper('Protein folding with language models', 'Protein sequences embedded by language models predict structure.'),
];
const papers = [ctcSpeech, ctcSpeech2, langSpeech, langSpeech2, plainSpeech, ...ctcOnly, ...unrelated];
const search = createPaperSearch(papers);

function ids(searchWith: PaperSearch, topic: string, options: Parameters<PaperSearch['search']>[1]): string[] {
  return searchWith.search(topic, { match: 'all', limit: 20, ...options }).hits.map((hit) => hit.paper.id);
}

describe('learned ranking (a channel ratings and examples)', () => {
  it('without preferences, or with empty ones, the search is the same', () => {
    const plain = search.search('speech recognition', { match: 'all', limit: 10 });
    const empty = search.search('speech recognition', { match: 'all', limit: 10, preferences: { liked: [], disliked: [], examples: [] } });
    expect(empty.hits.map((hit) => [hit.paper.id, hit.score])).toEqual(plain.hits.map((hit) => [hit.paper.id, hit.score]));
    expect(empty.total).toBe(plain.total);
    expect(plain.hits.every((hit) => hit.learned === undefined)).toBe(true);
  });

  it('a like pulls a paper like it up; a dislike pushes one like it down', () => {
    const exclude = new Set([ctcSpeech.id]);
    const before = ids(search, 'speech recognition', { exclude });
    expect(before.indexOf(ctcSpeech2.id)).toBeGreaterThanOrEqual(2);
    const liked = ids(search, 'speech recognition', { exclude, preferences: { liked: [ctcSpeech.id] } });
    expect(liked.indexOf(ctcSpeech2.id)).toBeLessThan(before.indexOf(ctcSpeech2.id));

    const all = ids(search, 'speech recognition', {});
    const disliked = ids(search, 'speech recognition', { preferences: { disliked: [langSpeech.id] } });
    expect(disliked.indexOf(langSpeech2.id)).toBeGreaterThan(all.indexOf(langSpeech2.id));
    expect(disliked.slice(-2)).toContain(langSpeech2.id);
  });

  it('a search reorders its matches only; a digest also lets in close neighbours, marked off-topic', () => {
    const searched = search.search('speech recognition', { limit: 20, preferences: { liked: [ctcSpeech.id] } });
    expect(searched.hits.map((hit) => hit.paper.id)).not.toEqual(expect.arrayContaining([ctcOnly[0]?.id]));
    const widened = search.search('speech recognition', { match: 'all', limit: 20, preferences: { liked: [ctcSpeech.id], neighbours: true } });
    const neighbours = widened.hits.filter((hit) => hit.learned?.offTopic);
    expect(neighbours.map((hit) => hit.paper.id)).toEqual(expect.arrayContaining(ctcOnly.map((p) => p.id)));
    expect(neighbours.every((hit) => hit.learned?.closest?.id === ctcSpeech.id)).toBe(true);
    expect(widened.hits.map((hit) => hit.paper.id)).not.toContain(unrelated[0]?.id);
  });

  it('a digest lets in only the closest neighbours (30), and a widened search leaves nothing behind for the next one', () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      paper(`Connectionist temporal classification variant ${i}`, `Blank tokens and alignment of audio frames in connectionist temporal classification, study ${i}.`),
    );
    // Filler, so that the neighbours' words stay in less than half of the papers (else they say nothing of taste).
    const filler = Array.from({ length: 60 }, (_, i) => paper(`Unrelated filler ${i}`, `Another subject entirely, number ${i}.`));
    const wide = createPaperSearch([...papers, ...many, ...filler]);
    const plain = (): Array<[string, number]> => wide.search('speech recognition', { limit: 50 }).hits.map((hit) => [hit.paper.id, hit.score]);
    const before = plain();
    const widened = wide.search('speech recognition', { match: 'all', limit: 50, preferences: { liked: [ctcSpeech.id], neighbours: true } });
    const neighbours = widened.hits.filter((hit) => hit.learned?.offTopic);
    expect(neighbours.length).toBe(DEFAULT_RANKING.learn.neighbours);
    expect(widened.total).toBe(5 + DEFAULT_RANKING.learn.neighbours);
    expect(plain()).toEqual(before);
    // The same widened search again: the same answer (no score or mark left over from the first).
    const again = wide.search('speech recognition', { match: 'all', limit: 50, preferences: { liked: [ctcSpeech.id], neighbours: true } });
    expect(again.hits.map((hit) => [hit.paper.id, hit.score])).toEqual(widened.hits.map((hit) => [hit.paper.id, hit.score]));
  });

  it('one like never fills a digest with papers off the topic', () => {
    const sent = new Set([plainSpeech.id, langSpeech.id, langSpeech2.id]);
    const digest = composeDigest(search, 'speech recognition', sent, 5, { preferences: { liked: [ctcSpeech.id] } });
    const offTopic = digest.filter((hit) => !/speech recognition/i.test(`${hit.paper.title} ${hit.paper.abstract}`));
    // Only one on-topic paper is left unsent (ctcSpeech2; the liked one counts as sent by the caller or not).
    expect(digest.map((hit) => hit.paper.id)).toContain(ctcSpeech2.id);
    expect(offTopic.length).toBe(Math.floor(5 * OFF_TOPIC_SHARE));
    expect(digest.length).toBeLessThan(5);
  });

  it('a paper the channel rated is never offered again when it is excluded, and liked papers never come back as neighbours', () => {
    const rated = new Set([ctcSpeech.id, langSpeech.id]);
    const digest = composeDigest(search, 'speech recognition', rated, 5, { preferences: { liked: [ctcSpeech.id], disliked: [langSpeech.id] } });
    expect(digest.map((hit) => hit.paper.id)).not.toEqual(expect.arrayContaining([ctcSpeech.id]));
    expect(digest.map((hit) => hit.paper.id)).not.toContain(langSpeech.id);
  });

  it('an example-only feed (no words) holds papers like the examples, never the examples themselves', () => {
    const feed = composeDigest(search, '', new Set(), 5, { preferences: { examples: [ctcSpeech.id, ctcSpeech2.id] } });
    const got = feed.map((hit) => hit.paper.id);
    expect(got.length).toBeGreaterThanOrEqual(2);
    expect(got).not.toContain(ctcSpeech.id);
    expect(got).not.toContain(ctcSpeech2.id);
    expect(got.slice(0, 2).sort()).toEqual(ctcOnly.map((p) => p.id).sort());
    expect(got).not.toContain(unrelated[0]?.id);
    expect(feed.every((hit) => hit.learned?.closest?.kind === 'example')).toBe(true);
    // Without examples or likes an empty topic is still nothing.
    expect(composeDigest(search, '', new Set(), 5)).toEqual([]);
  });
});
