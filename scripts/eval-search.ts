/**
 * Search quality on the graded judgments: nDCG@10, P@5 (relevant = grade ≥ 1) and MRR per query and on
 * average, for our search, plain lunr and MiniSearch.
 *
 *   npx tsx scripts/eval-search.ts [--json] [--qrels path]
 *
 * Seeds come from SEEDS_DIR (default: seeds/), judgments from QRELS (default: /work/shared/eval/qrels_public.json).
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSeedPapers } from '../src/papers/load-seeds.ts';
import { normalizeTitle } from '../src/papers/paper.ts';
import { miniSearchRanker, paperSearchRanker, plainLunrRanker, type Ranker } from '../src/search/baselines.ts';
import {
  evaluateRanker,
  gradesById,
  type Judgments,
  type QueryEvaluation,
  type QueryMetrics,
} from '../src/search/eval-metrics.ts';
import { createPaperSearch } from '../src/search/paper-index.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
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

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const seedsDir = resolve(process.env.SEEDS_DIR ?? resolve(root, 'seeds'));
  const qrelsPath = resolve(argValue('--qrels') ?? process.env.QRELS ?? '/work/shared/eval/qrels_public.json');

  const { papers, warnings } = await loadSeedPapers(seedsDir);
  const raw: unknown = JSON.parse(await readFile(qrelsPath, 'utf8'));
  if (!isJudgments(raw)) throw new Error(`${qrelsPath}: expected { queries: [{ query, relevant }] }`);
  const { grades, unknownTitles } = gradesById(raw, papers, normalizeTitle);

  const systems: Array<{ name: string; build: () => Ranker }> = [
    { name: 'ours', build: () => paperSearchRanker(papers, createPaperSearch(papers)) },
    { name: 'lunr', build: () => plainLunrRanker(papers) },
    { name: 'minisearch', build: () => miniSearchRanker(papers) },
  ];

  // What a user waits for: building our index, and one default page (5 hits with snippets) per query.
  createPaperSearch(papers); // warm-up
  const buildStarted = performance.now();
  const search = createPaperSearch(papers);
  const ourBuildMillis = performance.now() - buildStarted;
  const pageMillis: number[] = [];
  for (const query of grades.keys()) {
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
  const latency = {
    buildMillis: ourBuildMillis,
    medianPageMillis: [...pageMillis].sort((a, b) => a - b)[Math.floor(pageMillis.length / 2)] ?? 0,
    maxPageMillis: Math.max(0, ...pageMillis),
  };

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

  if (json) {
    process.stdout.write(
      `${JSON.stringify(
        {
          papers: papers.length,
          seedWarnings: warnings.length,
          qrels: qrelsPath,
          queries: grades.size,
          unknownTitles,
          latency,
          systems: Object.fromEntries(results.map((r) => [r.name, r])),
        },
        null,
        2,
      )}\n`,
    );
    return;
  }

  const f = (n: number): string => n.toFixed(3);
  const header = ['query'.padEnd(40), ...results.map((r) => `${r.name} nDCG@10  P@5    MRR`.padStart(28))].join(' | ');
  console.log(`${papers.length} papers (${warnings.length} seed warnings), ${grades.size} judged queries from ${qrelsPath}`);
  if (unknownTitles.length > 0) console.log(`judged titles not among the papers: ${unknownTitles.join('; ')}`);
  console.log(header);
  console.log('-'.repeat(header.length));
  const queries = [...grades.keys()];
  queries.forEach((query, i) => {
    const cells = results.map((r) => {
      const m = r.perQuery[i];
      return m ? `${f(m.ndcg10)}  ${f(m.p5)}  ${f(m.mrr)}`.padStart(28) : ''.padStart(28);
    });
    console.log([query.slice(0, 40).padEnd(40), ...cells].join(' | '));
  });
  console.log('-'.repeat(header.length));
  console.log(
    ['MEAN'.padEnd(40), ...results.map((r) => `${f(r.mean.ndcg10)}  ${f(r.mean.p5)}  ${f(r.mean.mrr)}`.padStart(28))].join(' | '),
  );
  console.log();
  console.log(
    `our search: build ${latency.buildMillis.toFixed(1)} ms for ${papers.length} papers; one page of results ` +
      `(median over the judged queries of the median of 20 runs) ${latency.medianPageMillis.toFixed(2)} ms, slowest query ${latency.maxPageMillis.toFixed(2)} ms`,
  );
  for (const r of results) {
    console.log(`${r.name.padEnd(11)} build ${r.buildMillis.toFixed(1)} ms, full ranking per query ${r.meanQueryMillis.toFixed(2)} ms`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
