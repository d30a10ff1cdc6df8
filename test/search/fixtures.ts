import { resolve } from 'node:path';
import { loadSeedPapers } from '../../src/papers/load-seeds.ts';
import { paperIdFor, paperUrl, type Paper } from '../../src/papers/paper.ts';

export const SEEDS_DIR = resolve(import.meta.dirname, '../../seeds');
export const QRELS_PATH = '/work/shared/eval/qrels_public.json';

/** A paper with only what a test cares about filled in. */
export function paper(title: string, abstract: string, extra: Partial<Paper> = {}): Paper {
  return {
    id: paperIdFor(title),
    title,
    abstract,
    authors: [],
    authorCount: null,
    date: null,
    upvotes: null,
    arxivId: null,
    url: paperUrl(title, null),
    ...extra,
  };
}

/**
 * Speech recognition papers of two kinds (CTC alignment; many languages) and a plain one: what the learner's tests
 * rate and expect to move (each test adds its own second CTC paper and unrelated papers).
 */
export const speechPapers = {
  ctc: paper('CTC alignment for speech recognition', 'Connectionist temporal classification aligns audio frames with blank tokens for speech recognition without forced alignment.'),
  languages: paper('Speech recognition for low-resource languages', 'Multilingual transfer lets speech recognition serve languages with little data through shared phoneme inventories.'),
  languages2: paper('Multilingual speech recognition across many languages', 'One speech recognition model for hundreds of languages, transferring phoneme knowledge between languages.'),
  plain: paper('A speech recognition benchmark', 'We benchmark speech recognition systems on read and spontaneous speech recognition tasks.'),
};

/** A small corpus with known contents. */
export function smallCorpus(): Paper[] {
  return [
    paper(
      'Sparse Attention for Long Documents',
      'We study sparse attention patterns that let transformers read long documents. Block-sparse attention keeps accuracy while cutting memory.',
      { upvotes: 3, date: '2024-05-01' },
    ),
    paper(
      'Efficient Key-Value Cache Compression',
      'The key-value cache dominates memory at inference. We compress the key-value cache with low-rank projections and quantization.',
      { upvotes: 10, date: '2024-06-01' },
    ),
    paper(
      'Vision Transformers with a Key-Value Cache',
      'For vision models we reuse the key-value cache across video frames, which speeds up streaming vision inference.',
      { date: '2024-07-01' },
    ),
    paper(
      'Cache Eviction Policies for Language Models',
      'We compare eviction policies when the value cache of the keys is full; the key cache and the value stores are pruned separately.',
      { date: '2023-01-01' },
    ),
    paper(
      'Induction Heads and In-Context Learning',
      'Induction heads are attention heads that copy earlier tokens. They may explain in-context learning in transformers.',
      { upvotes: 50 },
    ),
    paper(
      'Graph Neural Networks for Molecules',
      'Message passing networks predict molecular properties. We benchmark graph neural networks on chemistry datasets.',
    ),
    paper(
      'Remote Sensing Change Captioning',
      'Describing changes between satellite images in natural language helps remote sensing analysts.',
    ),
    paper(
      'Speech Recognition with Streaming Transducers',
      'A streaming speech recognition model based on transducers with low latency on device.',
    ),
    paper(
      'Attentions Everywhere: A Survey',
      'This survey covers attention mechanisms. Models attend to relevant tokens; many attentions are redundant.',
    ),
    paper('Diffusion Models for Video Generation', 'A diffusion transformer generates video clips from text prompts.'),
    paper(
      'Token Pruning in Vision Transformers',
      'Pruning redundant tokens accelerates vision transformers with little loss in accuracy.',
      { upvotes: 1 },
    ),
    paper(
      'Multi-Task Learning for Recommendation',
      'Multi-task learning shares parameters across tasks in industrial recommendation systems.',
    ),
  ];
}

let seedPapers: Promise<Paper[]> | null = null;

/** The real seed corpus (about 250 papers), loaded once per test file. */
export function loadSeedCorpus(): Promise<Paper[]> {
  seedPapers ??= loadSeedPapers(SEEDS_DIR).then((loaded) => loaded.papers);
  return seedPapers;
}

/** `n` papers drawn from the seeds' words (fixed seed): titles and abstracts of realistic length and vocabulary. */
export function syntheticPapers(seeds: readonly Paper[], n: number): Paper[] {
  let state = 42;
  const random = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const titleWords = seeds.flatMap((p) => p.title.split(/\s+/));
  const abstractWords = seeds.flatMap((p) => p.abstract.split(/\s+/));
  const pick = (words: readonly string[]): string => words[Math.floor(random() * words.length)] ?? 'model';
  return Array.from({ length: n }, (_, i) => {
    const title = `${Array.from({ length: 8 }, () => pick(titleWords)).join(' ')} Synthpaper${i}`;
    const abstract = Array.from({ length: 150 }, () => pick(abstractWords)).join(' ');
    return { id: paperIdFor(title), title, abstract, authors: [], authorCount: null, date: null, upvotes: null, arxivId: null, url: paperUrl(title, null) };
  });
}

/**
 * Runs `answer` with the clock the search reads frozen, so the per-query time budget never drops a ranking layer:
 * a test comparing two rankings' scores compares the ranking code, not how loaded the machine was (as
 * scripts/check-search-answers.ts does).
 */
export function withFrozenClock<T>(answer: () => T): T {
  const realNow = performance.now.bind(performance);
  performance.now = (): number => 0;
  try {
    return answer();
  } finally {
    performance.now = realNow;
  }
}
