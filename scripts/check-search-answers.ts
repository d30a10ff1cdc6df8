/**
 * Records what the search answers, to prove a refactoring kept it: for every query of the tests' query checks, the
 * eval sets and the bench, on the seed corpus, a small test corpus, a 10k synthetic corpus (built, loaded from its
 * packed index, extended by a recent segment, and the eval's ranking ablations) and SciFact (eval:search's claims),
 * each page's ids in order, scores, totals, notices, corrections, suggestions and snippets, plus similar(id).
 *
 *   npx tsx scripts/check-search-answers.ts --out answers.json          record
 *   npx tsx scripts/check-search-answers.ts --compare answers.json      compare (exit 1 on any difference)
 *
 * The clock the search reads is frozen while answering, so the per-query time budget never drops a ranking layer:
 * the answers compare the ranking code, not how loaded the machine was. Scores match when within 1e-9 (relative to
 * the score, at least 1e-9 absolute); everything else must be equal.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSeedPapers } from '../src/papers/load-seeds.ts';
import { mergePapers } from '../src/papers/merge.ts';
import type { Paper } from '../src/papers/paper.ts';
import { parseListing } from '../src/papers/parse-listing.ts';
import { loadPackedIndex, serializePackedIndex } from '../src/search/retrieve/packed-index.ts';
import { createPaperSearch, DEFAULT_RANKING, extendPaperSearch, packedIndexOf, type RankingOptions } from '../src/search/paper-index.ts';
import { isStopWord, words } from '../src/search/query.ts';
import type { PaperSearch, SearchHit, SearchOptions, SearchPage } from '../src/search/types.ts';
import { paper, smallCorpus } from '../test/search/fixtures.ts';
import { rng, syntheticPages } from './bench/synthetic-corpus.ts';
import { loadBeir } from './eval/beir.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SCORE_TOLERANCE = 1e-9;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** One recorded answer: which corpus and search, what was asked, what came back. */
interface Answer {
  key: string;
  result: unknown;
}

/** The query-combination check of test/search/query-cost.test.ts (match × offset). */
const COMBINATION_QUERIES = ['attention', 'speculatve decodng', 'KV cache', '"language model" -vision'];
/** test/search/paper-index.test.ts (loaded index), warm-up.test.ts, index-cache.test.ts, query-cost.test.ts. */
const TEST_QUERIES = [
  'sparse attention', 'kv cache', 'speech recognition', '"language model" -vision', '+diffusion video',
  'mixture of experts -"large language"', 'atention', 'zzqxv', '"attention is all"', 'LLM reasoning',
  'trasnformer atention', 'language model training', 'model', 'KV cache', 'LLM', 'diffusion -video', 'sparce', 'xyzzyq',
  '"large language models"', 'transfomer', 'RL agents', 'sparce atention', 'remote sensing', 'key-value cache',
  'induction heads', 'graph neural networks', 'attention heads', '"key-value cache" -vision', 'KV cache LLM',
  'atention modle lerning trasnformer infernce', 'attention '.repeat(60),
];
/** The hostile inputs of test/search/query.test.ts. */
const HOSTILE = [
  '', '*', '**', '*:*', '""', '"', '"*"', '-', '--', '+-', ':', 'title:', 'abstract:', '\\', '\\\\\\', '~', '~2', '^', '^10', '+',
  '\u{1F600}', '\u{1F9E0}\u{1F525}\u{1F680}', 'x'.repeat(5000), '\u{1F600}'.repeat(2500), 'foo:bar', 'title:foo', 'a~2', 'x^10',
  '+must -not', '-attention', '-attention -vision', 'the of and', 'AND OR NOT', '__proto__', 'constructor', 'hasOwnProperty',
  'toString valueOf', 'sparse\u0000attention', '<script>alert(1)</script>', '注意力', '"unterminated phrase', 'attention*',
  'attention '.repeat(500), '(sparse) [attention] {x}', '@here <!channel>',
];
/** scripts/bench/measure.ts, add-papers.ts and serve.ts. */
const BENCH_QUERIES = [
  'sparse attention', 'graph transformers', 'speech recognition', 'mixture of experts', 'token pruning',
  'diffusion video generation', 'in-context learning', 'multi-task learning', 'remote sensing', 'kv cache compression',
  'kv cache', 'diffusion video',
];
/** The ranking ablations of scripts/eval-search.ts. */
const ABLATIONS: Array<[string, Partial<RankingOptions>]> = [
  ['no-typo', { typoCorrection: false }],
  ['no-acronyms', { acronyms: false }],
  ['coord-count', { coordination: 'count' }],
  ['coord-none', { coordination: 'none' }],
  ['no-adjacency', { proximityBonus: 0 }],
  ['no-feedback', { feedbackTerms: 0 }],
  ['title-weight-1', { bm25: { ...DEFAULT_RANKING.bm25, titleWeight: 1 } }],
];

function evalQueries(): string[] {
  const paths = [
    process.env.QRELS ?? resolve(root, '../shared/eval/qrels_public.json'),
    resolve(root, 'test/search/fixtures/qrels-heldout.json'),
    resolve(root, 'test/search/fixtures/qrels-fresh.json'),
  ];
  return paths.flatMap((path) => (JSON.parse(readFileSync(path, 'utf8')) as { queries: Array<{ query: string }> }).queries.map((q) => q.query));
}

/** The query-cost bench's hostile and generated queries for a corpus (scripts/bench/query-cost.ts). */
function scaleQueries(papers: readonly Paper[]): string[] {
  const freq = new Map<string, number>();
  for (const p of papers.slice(0, 2000)) {
    for (const word of words(`${p.title} ${p.abstract}`)) if (!isStopWord(word) && /^\p{L}{3,}$/u.test(word)) freq.set(word, (freq.get(word) ?? 0) + 1);
  }
  const frequent = [...freq].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 200).map(([word]) => word);
  const random = rng(7);
  const pick = (): string => frequent[Math.floor(random() * frequent.length)] ?? 'model';
  return [
    'large language models', 'model learning data training', frequent.slice(0, 32).join(' '), frequent.slice(0, 64).join(' '),
    frequent.slice(0, 80).join(' ').slice(0, 500), 'a'.repeat(500), '"large language model"', '+attention +model -learning',
    'trasnformer architecure effiicent infernce', 'LLM inference', 'ASR', 'ViT', 'diffusion model image generation',
    'reinforcement learning from human feedback', 'title:attention ~2 ^10 *',
    frequent.slice(0, 32).map((w) => `"${w} ${w}"`).join(' '), `${frequent.slice(0, 32).map((w) => `-${w}`).join(' ')} model`,
    `"${frequent[0] ?? 'model'} ${frequent[1] ?? 'learning'}"`,
    ...Array.from({ length: 40 }, (_, i) => Array.from({ length: 2 + (i % 2) }, pick).join(' ')),
  ];
}

function snippetDigest(hit: SearchHit): string {
  return createHash('sha256').update(JSON.stringify(hit.snippet)).digest('hex').slice(0, 16);
}

function pageResult(page: SearchPage): unknown {
  return {
    query: page.query,
    correctedQuery: page.correctedQuery,
    total: page.total,
    offset: page.offset,
    notice: page.notice,
    suggestions: page.suggestions,
    hits: page.hits.map((hit) => [hit.paper.id, hit.score, snippetDigest(hit)]),
  };
}

function describeOptions(options: SearchOptions): string {
  const { exclude, ...rest } = options;
  return JSON.stringify({ ...rest, ...(exclude ? { exclude: exclude.size } : {}) });
}

class Recorder {
  readonly answers: Answer[] = [];

  /** Every query with the option sets a surface uses: /paper pages, a digest (all words, recent first, sent papers left out). */
  queries(label: string, search: PaperSearch, queries: readonly string[], papers: readonly Paper[], deep: boolean): void {
    const exclude = new Set(papers.slice(0, 10).map((p) => p.id));
    const optionSets: SearchOptions[] = [
      {},
      { offset: 5, limit: 5 },
      { limit: 10, match: 'all' },
      { limit: 10, match: 'all', recentFirst: '2025-01-01', exclude },
      { limit: 5, recentFirst: '2024-06-01' },
    ];
    if (deep) optionSets.push({ offset: 0, limit: 50 }, { offset: 50, limit: 50 }, { offset: 990, limit: 20 });
    for (const query of queries) {
      for (const options of optionSets) this.page(label, search, query, options);
    }
  }

  page(label: string, search: PaperSearch, query: string, options: SearchOptions): void {
    this.answers.push({ key: `${label} | ${describeOptions(options)} | ${query.slice(0, 200)}`, result: pageResult(search.search(query, options)) });
  }

  /** The query-combination check: match × offset, each asked twice (the second from the result cache). */
  combinations(label: string, search: PaperSearch): void {
    for (const query of COMBINATION_QUERIES) {
      for (const match of ['any', 'all'] as const) {
        for (const offset of [0, 5, 50]) {
          this.page(`${label} combination`, search, query, { match, offset, limit: 5 });
          this.page(`${label} combination (again)`, search, query, { match, offset, limit: 5 });
        }
      }
    }
  }

  similar(label: string, search: PaperSearch, ids: readonly string[]): void {
    for (const id of ids) {
      const hits = search.similar(id, 8).map((hit) => [hit.paper.id, hit.score, snippetDigest(hit)]);
      this.answers.push({ key: `${label} | similar | ${id}`, result: hits });
    }
  }

  size(label: string, search: PaperSearch): void {
    this.answers.push({ key: `${label} | size`, result: search.size });
  }
}

/** `papers` without the last `recent`, extended by those (two of them changed versions of base papers) minus two removed. */
function extended(papers: readonly Paper[], recent: number): PaperSearch {
  const base = papers.slice(0, papers.length - recent);
  const changed = [
    ...papers.slice(papers.length - recent),
    ...base.slice(3, 5).map((p) => ({ ...p, abstract: `${p.abstract} Revised: adds speech recognition results with a KV cache.` })),
  ];
  const removedIds = base.slice(5, 7).map((p) => p.id);
  return extendPaperSearch(createPaperSearch(base), changed, { removedIds });
}

function loaded(papers: readonly Paper[]): PaperSearch {
  const pack = packedIndexOf(createPaperSearch(papers));
  if (!pack) throw new Error('no packed index');
  return createPaperSearch(papers, {}, loadPackedIndex(serializePackedIndex(pack)));
}

async function warmed(search: PaperSearch): Promise<PaperSearch> {
  search.prime?.();
  await search.warmUp?.();
  return search;
}

async function record(): Promise<Answer[]> {
  const recorder = new Recorder();
  const evals = evalQueries();
  const seedQueries = [...new Set([...TEST_QUERIES, ...HOSTILE, ...evals, ...BENCH_QUERIES])];

  const small = [
    ...smallCorpus(),
    paper('Streaming ASR with CTC', 'Automatic speech recognition (ASR) models stream audio with a CTC loss.', { date: '2025-02-01' }),
  ];
  const smallSearch = createPaperSearch(small);
  recorder.combinations('small', smallSearch);
  recorder.queries('small', smallSearch, seedQueries, small, false);
  recorder.similar('small', smallSearch, small.map((p) => p.id));

  const { papers: seeds } = await loadSeedPapers(resolve(root, 'seeds'));
  const seedVariants: Array<[string, PaperSearch]> = [
    ['seed built', createPaperSearch(seeds)],
    ['seed loaded+warmed', await warmed(loaded(seeds))],
    ['seed extended', extended(seeds, 47)],
    ['seed extended+warmed', await warmed(extended(seeds, 47))],
  ];
  for (const [label, search] of seedVariants) {
    recorder.size(label, search);
    recorder.combinations(label, search);
    recorder.queries(label, search, seedQueries, seeds, label === 'seed built');
    recorder.similar(label, search, [...seeds.slice(0, 15), ...seeds.slice(-5)].map((p) => p.id));
  }
  for (const [name, options] of ABLATIONS) {
    const search = createPaperSearch(seeds, options);
    recorder.combinations(`seed ${name}`, search);
    recorder.queries(`seed ${name}`, search, [...new Set([...evals, ...TEST_QUERIES])], seeds, false);
    recorder.similar(`seed ${name}`, search, seeds.slice(0, 5).map((p) => p.id));
  }

  const synthetic = mergePapers(
    syntheticPages(seeds, 10_000).flatMap((page, i) => parseListing(page, { source: `synthetic_${i}` }).papers),
  );
  const scale = [...new Set([...evals, ...BENCH_QUERIES, ...TEST_QUERIES, ...scaleQueries(synthetic)])];
  const scaleVariants: Array<[string, () => Promise<PaperSearch>]> = [
    ['10k built', () => Promise.resolve(createPaperSearch(synthetic))],
    ['10k extended+warmed', () => warmed(extended(synthetic, 100))],
  ];
  for (const [label, make] of scaleVariants) {
    const search = await make();
    recorder.size(label, search);
    recorder.combinations(label, search);
    recorder.queries(label, search, scale, synthetic, label === '10k built');
    recorder.similar(label, search, [...synthetic.slice(0, 10), ...synthetic.slice(-5)].map((p) => p.id));
  }
  // SciFact's training claims, as eval:search asks them (first 100 results in pages of 50), when the set is there.
  const scifactDir = resolve(process.env.SCIFACT_DIR ?? resolve(root, '../shared/eval/scifact-train'));
  if (existsSync(scifactDir)) {
    const scifact = await loadBeir(scifactDir, 'train');
    const search = createPaperSearch(scifact.papers);
    recorder.size('scifact', search);
    for (const claim of scifact.grades.keys()) {
      for (const options of [{ offset: 0, limit: 50 }, { offset: 50, limit: 50 }, { limit: 10, match: 'all' as const }]) {
        recorder.page('scifact', search, claim, options);
      }
    }
    recorder.similar('scifact', search, scifact.papers.slice(0, 10).map((p) => p.id));
  }
  return recorder.answers;
}

function sameScore(a: unknown, b: unknown): boolean {
  if (typeof a !== 'number' || typeof b !== 'number') return false;
  return Math.abs(a - b) <= SCORE_TOLERANCE * Math.max(1, Math.abs(a));
}

/** Whether two recorded results agree: scores (numbers in hit tuples) within tolerance, everything else equal. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || sameScore(a, b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => same(item, b[i]));
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const keysA = Object.keys(a);
    const keysB = Object.keys(b);
    return (
      keysA.length === keysB.length &&
      keysA.every((key) => same((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
    );
  }
  return a === b;
}

// Frozen clock: the time budget never drops a layer, whatever the machine's load (see the header).
const realNow = performance.now.bind(performance);
const started = realNow();
performance.now = (): number => 0;
const answers = await record();
performance.now = realNow;
const seconds = ((realNow() - started) / 1000).toFixed(1);

const out = arg('--out');
const compare = arg('--compare');
if (out) {
  writeFileSync(out, `${JSON.stringify({ answers }, null, 0)}\n`);
  console.log(`recorded ${answers.length} answers to ${out} in ${seconds} s`);
}
if (compare) {
  const before = (JSON.parse(readFileSync(compare, 'utf8')) as { answers: Answer[] }).answers;
  let identical = 0;
  let withinTolerance = 0;
  const differing: string[] = [];
  const count = Math.max(before.length, answers.length);
  for (let i = 0; i < count; i++) {
    const a = before[i];
    const b = answers[i];
    if (!a || !b || a.key !== b.key) {
      differing.push(`#${i}: ${a?.key ?? '(none)'} ≠ ${b?.key ?? '(none)'}`);
      continue;
    }
    if (JSON.stringify(a.result) === JSON.stringify(b.result)) identical++;
    else if (same(a.result, b.result)) withinTolerance++;
    else differing.push(`${a.key}\n  before: ${JSON.stringify(a.result).slice(0, 400)}\n  now:    ${JSON.stringify(b.result).slice(0, 400)}`);
  }
  console.log(
    `compared ${count} answers with ${compare} in ${seconds} s: ${identical} byte-identical, ${withinTolerance} equal with scores within ${SCORE_TOLERANCE}, ${differing.length} different`,
  );
  for (const line of differing.slice(0, 10)) console.log(line);
  if (differing.length > 0) process.exitCode = 1;
}
if (!out && !compare) console.log(`${answers.length} answers in ${seconds} s (give --out file or --compare file)`);
