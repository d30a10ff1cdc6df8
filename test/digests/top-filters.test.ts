import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/commands/grammar.ts';
import { topPapers } from '../../src/digests/top-papers.ts';
import { createPaperSearch } from '../../src/search/paper-index.ts';
import type { PaperSearch } from '../../src/search/types.ts';
import { openStore, type PaperInput, type Store } from '../../src/store/index.ts';

const NOW = new Date('2026-12-02T12:00:00.000Z');
const REPO = 'https://github.com/example/kernels';

function paper(arxivId: string, title: string, upvotes: number, githubRepo: string | null, authors = ['Ada Lovelace']): PaperInput {
  return {
    title,
    abstract: `${title}. We study it and report results on standard benchmarks.`,
    authors,
    authorCount: authors.length,
    date: '2026-11-30',
    upvotes,
    arxivId,
    listedOn: '2026-11-30',
    ...(githubRepo === null ? {} : { githubRepo }),
  };
}

const PAPERS: PaperInput[] = [
  paper('2611.00001', 'Sparse Attention Kernels', 500, REPO, ['Tri Dao']),
  paper('2611.00002', 'Sparse Attention Survey', 90, null),
  paper('2611.00003', 'Diffusion Models for Video', 80, null, ['Tri Dao']),
  paper('2611.00004', 'Graph Networks With Code', 40, REPO),
  paper('2611.00005', 'Tokenizers Revisited', 10, null),
];

describe('/paper top with negated filters, like a search', () => {
  let store: Store;
  let search: PaperSearch;
  beforeAll(async () => {
    store = await openStore('sqlite::memory:');
    await store.upsertPapers(PAPERS);
    search = createPaperSearch(await store.listPapers());
  });
  afterAll(() => store.close());

  const top = async (topic: string): Promise<string[]> =>
    (await topPapers({ store, search }, { period: 'week', topic, now: NOW })).papers.map((p) => p.title);

  it('`top -has:code` and `subscribe top -has:code` are accepted', () => {
    expect(parseCommand('top -has:code')).toEqual({ kind: 'top', period: 'week', topic: '-has:code' });
    expect(parseCommand('top month -has:code -author:"Tri Dao"')).toEqual({ kind: 'top', period: 'month', topic: '-has:code -author:"Tri Dao"' });
    expect(parseCommand('subscribe top -has:code')).toMatchObject({ kind: 'subscribe', topic: '-has:code', top: true });
    // Still refused: a search or a plain digest of only exclusions, and a top list of only excluded words.
    expect(parseCommand('subscribe -has:code')).toMatchObject({ kind: 'invalid' });
    expect(parseCommand('top -vision')).toMatchObject({ kind: 'invalid' });
  });

  it('`-has:code` lists the papers without code; several negated filters each take theirs out', async () => {
    expect(await top('-has:code')).toEqual(['Sparse Attention Survey', 'Diffusion Models for Video', 'Tokenizers Revisited']);
    expect(await top('-has:code -author:"Tri Dao"')).toEqual(['Sparse Attention Survey', 'Tokenizers Revisited']);
    expect(await top('-upvotes:>=80')).toEqual(['Graph Networks With Code', 'Tokenizers Revisited']);
    expect(await top('sparse attention -has:code')).toEqual(['Sparse Attention Survey']);
  });
});
