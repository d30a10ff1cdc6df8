/**
 * Search quality on graded judgments: nDCG@10, P@5 (relevant = grade ≥ 1) and MRR per query and on average, for
 * our search, a reference BM25 (Lucene's defaults: scripts/eval/reference-bm25.ts), plain lunr and MiniSearch, all
 * built in this run over the same papers and asked the same queries.
 *
 *   npx tsx scripts/eval-search.ts [--json] [--qrels path]... [--ablate] [--no-scifact] [--lead-ins]
 *
 * Seeds come from SEEDS_DIR (default: seeds/). Judgments: every `--qrels` given, else the public set
 * (QRELS, default ../shared/eval/qrels_public.json) followed by our own two held-out sets, written by hand for
 * issue 4 (test/search/fixtures/qrels-heldout.json, used while tuning, and qrels-fresh.json, never tuned on).
 * Then, unless `--no-scifact`, SciFact's training claims over its 5,183 abstracts (SCIFACT_DIR, default
 * ../shared/eval/scifact-train, BEIR layout; long natural-language queries on text that is not ML): means only, our
 * search ranked 100 deep (MiniSearch left out there); the same claims over the corpus with about half its records
 * keeping only their title (CACM's shape: sentences over many records without an abstract). Then a stand-in for
 * CACM's short keyword queries (scripts/eval/short-queries.ts): the same claims cut to their 2–4 rarest words, over
 * the same corpus and over the half title-only one.
 * `--lead-ins` adds the claims with a request's lead-in before them (scripts/eval/phrasings.ts), over both corpora.
 * `--ablate` adds, per judgment set, the mean of our search with each ranking feature switched off.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSeedPapers } from '../src/papers/load-seeds.ts';
import { normalizeTitle, type Paper } from '../src/papers/paper.ts';
import { miniSearchRanker, paperSearchRanker, plainLunrRanker, type Ranker } from '../src/search/baselines.ts';
import type { PaperSearch } from '../src/search/types.ts';
import { loadBeir } from './eval/beir.ts';
import { referenceBm25Ranker } from './eval/reference-bm25.ts';
import { LEAD_INS, withLeadIn } from './eval/phrasings.ts';
import { halfTitleOnly, shortQueries } from './eval/short-queries.ts';
import {
  evaluateRanker,
  gradesById,
  type Judgments,
  type QueryEvaluation,
  type QueryMetrics,
} from '../src/search/eval-metrics.ts';
import { createPaperSearch, DEFAULT_RANKING, type RankingOptions } from '../src/search/paper-index.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Our own judged sets (see each file's "about"): `heldout` was used while tuning, `fresh` only to report. */
const OWN_SETS = ['test/search/fixtures/qrels-heldout.json', 'test/search/fixtures/qrels-fresh.json'].map((p) => resolve(root, p));

function argValues(name: string): string[] {
  const out: string[] = [];
  process.argv.forEach((arg, i) => {
    const next = process.argv[i + 1];
    if (arg === name && next !== undefined) out.push(next);
  });
  return out;
}

function isJudgments(value: unknown): value is Judgments {
  if (typeof value !== 'object' || value === null || !('queries' in value)) return false;
  const { queries } = value;
  return (
    Array.isArray(queries) &&
    queries.every(
      (q: unknown) =>
        typeof q === 'object' &&
        q !== null &&
        'query' in q &&
        typeof q.query === 'string' &&
        'relevant' in q &&
        typeof q.relevant === 'object' &&
        q.relevant !== null,
    )
  );
}

interface SystemResult {
  name: string;
  buildMillis: number;
  perQuery: QueryEvaluation[];
  mean: QueryMetrics;
  meanQueryMillis: number;
}

interface SetResult {
  qrels: string;
  papers: number;
  /** Print each query's row (not for sets of hundreds of queries). */
  perQueryRows: boolean;
  queries: number;
  unknownTitles: string[];
  systems: SystemResult[];
  /** Our search with one feature off (only with --ablate). */
  ablations: Array<{ name: string; mean: QueryMetrics }>;
}

/** Each ranking feature switched off on its own, for the "kept / dropped" table. */
const ABLATIONS: Array<{ name: string; options: Partial<RankingOptions> }> = [
  { name: 'no typo fallback', options: { typoCorrection: false } },
  { name: 'no acronym expansion', options: { acronyms: false } },
  { name: 'AND-before-OR by count of words matched', options: { coordination: 'count' } },
  { name: 'AND-before-OR: all words, then the rest', options: { coordination: 'all' } },
  { name: 'no AND-before-OR (score only)', options: { coordination: 'none' } },
  { name: 'no adjacency bonus', options: { proximityBonus: 0 } },
  { name: 'no pseudo-relevance feedback', options: { feedbackTerms: 0 } },
  { name: 'title weight 1 (no field weighting)', options: { bm25: { ...DEFAULT_RANKING.bm25, titleWeight: 1 } } },
  { name: 'no abstract: scored on the title field only', options: { bm25: { ...DEFAULT_RANKING.bm25, missingAbstract: 'empty' } } },
  { name: 'long queries planned as short ones', options: { longQuery: { ...DEFAULT_RANKING.longQuery, minConcepts: 99, minPieces: 99 } } },
  { name: 'keyword bags planned as short queries', options: { longQuery: { ...DEFAULT_RANKING.longQuery, minPieces: Number.POSITIVE_INFINITY } } },
  { name: 'keyword bags scored by lunr alone', options: { longQuery: { ...DEFAULT_RANKING.longQuery, bagOneField: 0 } } },
  { name: 'long: title weighed as for short queries', options: { longQuery: { ...DEFAULT_RANKING.longQuery, titleWeight: DEFAULT_RANKING.bm25.titleWeight } } },
  { name: 'long: adjacency bonus of short queries', options: { longQuery: { ...DEFAULT_RANKING.longQuery, proximityBonus: DEFAULT_RANKING.proximityBonus } } },
  { name: 'long: no adjacency bonus', options: { longQuery: { ...DEFAULT_RANKING.longQuery, proximityBonus: 0 } } },
  { name: "long: a run's acronym weighs each word", options: { longQuery: { ...DEFAULT_RANKING.longQuery, acronymRunBoost: 'each' } } },
  { name: 'long: expansions added, not synonyms', options: { longQuery: { ...DEFAULT_RANKING.longQuery, expansionScoring: 'added' } } },
];

async function loadJudgments(path: string): Promise<Judgments> {
  const raw: unknown = JSON.parse(await readFile(path, 'utf8'));
  if (!isJudgments(raw)) throw new Error(`${path}: expected { queries: [{ query, relevant }] }`);
  return raw;
}

/** Our search's first `depth` results (a deep ranking costs pages of 50; nDCG@10 and P@5 need the first 10). */
function searchRanker(search: PaperSearch, depth: number): Ranker {
  return (query) => {
    const ids: string[] = [];
    for (let offset = 0; offset < depth; offset += 50) {
      const page = search.search(query, { offset, limit: 50, unbounded: true });
      ids.push(...page.hits.map((hit) => hit.paper.id));
      if (offset + 50 >= page.total) break;
    }
    return ids;
  };
}

interface SetInput {
  qrels: string;
  papers: Paper[];
  grades: Map<string, Map<string, number>>;
  unknownTitles: string[];
  /** How deep our search ranks (undefined: every match). */
  depth?: number;
  withMiniSearch: boolean;
}

async function evaluateSet(input: SetInput, ablate: boolean): Promise<SetResult> {
  const { papers, grades, depth } = input;
  const ours = (options: Partial<RankingOptions> = {}): Ranker =>
    depth === undefined ? paperSearchRanker(papers, createPaperSearch(papers, options)) : searchRanker(createPaperSearch(papers, options), depth);
  const systems: Array<{ name: string; build: () => Ranker }> = [
    { name: 'ours', build: () => ours() },
    { name: 'bm25', build: () => referenceBm25Ranker(papers.map((p) => ({ id: p.id, text: `${p.title} ${p.abstract}` }))) },
    { name: 'lunr', build: () => plainLunrRanker(papers) },
    ...(input.withMiniSearch ? [{ name: 'minisearch', build: () => miniSearchRanker(papers) }] : []),
  ];
  const results: SystemResult[] = [];
  for (const system of systems) {
    const t0 = performance.now();
    const rank = system.build();
    const buildMillis = performance.now() - t0;
    let queryMillis = 0;
    const timed: Ranker = (query) => {
      const t = performance.now();
      const ids = rank(query);
      queryMillis += performance.now() - t;
      return ids;
    };
    const { perQuery, mean } = evaluateRanker(timed, grades);
    results.push({ name: system.name, buildMillis, perQuery, mean, meanQueryMillis: queryMillis / Math.max(1, grades.size) });
  }
  const ablations = ablate ? ABLATIONS.map(({ name, options }) => ({ name, mean: evaluateRanker(ours(options), grades).mean })) : [];
  return {
    qrels: input.qrels,
    papers: papers.length,
    perQueryRows: depth === undefined,
    queries: grades.size,
    unknownTitles: input.unknownTitles,
    systems: results,
    ablations,
  };
}

async function seedSet(path: string, papers: Paper[]): Promise<SetInput> {
  const { grades, unknownTitles } = gradesById(await loadJudgments(path), papers, normalizeTitle);
  return { qrels: path, papers, grades, unknownTitles, withMiniSearch: true };
}

/** What a user waits for: building our index, and one default page (5 hits with snippets) per query. */
function measureLatency(papers: Paper[], queries: readonly string[]): { buildMillis: number; medianPageMillis: number; maxPageMillis: number } {
  createPaperSearch(papers); // warm-up
  const buildStarted = performance.now();
  const search = createPaperSearch(papers);
  const buildMillis = performance.now() - buildStarted;
  const pageMillis: number[] = [];
  for (const query of queries) {
    search.search(query);
    const runs: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      search.search(query);
      runs.push(performance.now() - t);
    }
    runs.sort((a, b) => a - b);
    pageMillis.push(runs[Math.floor(runs.length / 2)] ?? 0);
  }
  return {
    buildMillis,
    medianPageMillis: [...pageMillis].sort((a, b) => a - b)[Math.floor(pageMillis.length / 2)] ?? 0,
    maxPageMillis: Math.max(0, ...pageMillis),
  };
}

function printSet(set: SetResult, warnings: number): void {
  const f = (n: number): string => n.toFixed(3);
  const header = ['query'.padEnd(40), ...set.systems.map((r) => `${r.name} nDCG@10  P@5    MRR`.padStart(28))].join(' | ');
  const source = set.perQueryRows ? ` (${warnings} seed warnings)` : '';
  console.log(`${set.papers} papers${source}, ${set.queries} judged queries from ${set.qrels}`);
  if (set.unknownTitles.length > 0) console.log(`judged titles not among the papers: ${set.unknownTitles.join('; ')}`);
  console.log(header);
  console.log('-'.repeat(header.length));
  const queries = set.systems[0]?.perQuery.map((row) => row.query) ?? [];
  if (!set.perQueryRows) queries.length = 0;
  queries.forEach((query, i) => {
    const cells = set.systems.map((r) => {
      const m = r.perQuery[i];
      return m ? `${f(m.ndcg10)}  ${f(m.p5)}  ${f(m.mrr)}`.padStart(28) : ''.padStart(28);
    });
    console.log([query.slice(0, 40).padEnd(40), ...cells].join(' | '));
  });
  console.log('-'.repeat(header.length));
  console.log(['MEAN'.padEnd(40), ...set.systems.map((r) => `${f(r.mean.ndcg10)}  ${f(r.mean.p5)}  ${f(r.mean.mrr)}`.padStart(28))].join(' | '));
  if (set.ablations.length > 0) {
    const ours = set.systems.find((r) => r.name === 'ours')?.mean;
    console.log();
    console.log(`${'ours, one feature off'.padEnd(40)} |         nDCG@10  P@5    MRR | change in nDCG@10 / P@5`);
    for (const row of set.ablations) {
      const delta = ours ? `${(row.mean.ndcg10 - ours.ndcg10).toFixed(3)} / ${(row.mean.p5 - ours.p5).toFixed(3)}` : '';
      console.log(`${row.name.padEnd(40)} | ${`${f(row.mean.ndcg10)}  ${f(row.mean.p5)}  ${f(row.mean.mrr)}`.padStart(28)} | ${delta}`);
    }
  }
  console.log();
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const ablate = process.argv.includes('--ablate');
  const seedsDir = resolve(process.env.SEEDS_DIR ?? resolve(root, 'seeds'));
  const given = argValues('--qrels');
  const publicSet = resolve(process.env.QRELS ?? resolve(root, '../shared/eval/qrels_public.json'));
  const paths = given.length > 0 ? given.map((p) => resolve(p)) : [publicSet, ...OWN_SETS.filter((p) => existsSync(p))];

  const { papers, warnings } = await loadSeedPapers(seedsDir);
  const inputs: SetInput[] = [];
  for (const path of paths) inputs.push(await seedSet(path, papers));
  const scifactDir = resolve(process.env.SCIFACT_DIR ?? resolve(root, '../shared/eval/scifact-train'));
  if (!process.argv.includes('--no-scifact') && given.length === 0 && existsSync(scifactDir)) {
    const scifact = await loadBeir(scifactDir, 'train');
    inputs.push({ qrels: `${scifactDir} (train)`, ...scifact, unknownTitles: [], depth: 100, withMiniSearch: false });
    const halfTitles = halfTitleOnly(scifact.papers);
    inputs.push({ qrels: `${scifactDir} (train, half title-only)`, papers: halfTitles, grades: scifact.grades, unknownTitles: [], depth: 100, withMiniSearch: false });
    if (process.argv.includes('--lead-ins')) {
      for (const leadIn of LEAD_INS) {
        const grades = withLeadIn(scifact.grades, leadIn);
        const common = { grades, unknownTitles: [], depth: 100, withMiniSearch: false };
        inputs.push({ qrels: `${scifactDir} (train, "${leadIn} …")`, papers: scifact.papers, ...common });
        inputs.push({ qrels: `${scifactDir} (train, "${leadIn} …", half title-only)`, papers: halfTitles, ...common });
      }
    }
    const short = shortQueries(scifact);
    const common = { grades: short, unknownTitles: [], depth: 100, withMiniSearch: false };
    inputs.push({ qrels: `${scifactDir} (train, short queries)`, papers: scifact.papers, ...common });
    inputs.push({ qrels: `${scifactDir} (train, short queries, half title-only)`, papers: halfTitles, ...common });
  }
  const sets: SetResult[] = [];
  for (const input of inputs) sets.push(await evaluateSet(input, ablate));
  const allQueries = sets.filter((set) => set.perQueryRows).flatMap((set) => set.systems[0]?.perQuery.map((row) => row.query) ?? []);
  const latency = measureLatency(papers, allQueries);

  if (json) {
    const [first, ...rest] = sets;
    const shape = (set: SetResult): Record<string, unknown> => ({
      qrels: set.qrels,
      queries: set.queries,
      unknownTitles: set.unknownTitles,
      systems: Object.fromEntries(set.systems.map((r) => [r.name, r])),
      ...(set.ablations.length > 0 ? { ablations: set.ablations } : {}),
    });
    const out = { papers: papers.length, seedWarnings: warnings.length, ...(first ? shape(first) : {}), latency, otherSets: rest.map(shape) };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return;
  }

  for (const set of sets) printSet(set, warnings.length);
  console.log(
    `our search: build ${latency.buildMillis.toFixed(1)} ms for ${papers.length} papers; one page of results ` +
      `(median over the judged queries of the median of 20 runs) ${latency.medianPageMillis.toFixed(2)} ms, slowest query ${latency.maxPageMillis.toFixed(2)} ms`,
  );
  for (const r of sets[0]?.systems ?? []) {
    console.log(`${r.name.padEnd(11)} build ${r.buildMillis.toFixed(1)} ms, full ranking per query ${r.meanQueryMillis.toFixed(2)} ms`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
