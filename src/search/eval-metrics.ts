/**
 * Ranking metrics for judged queries (pure functions). A ranking is a list of document keys, best first;
 * judgments map a key to its grade (2 = on topic, 1 = partly relevant, missing or 0 = not relevant).
 */

export type Grades = ReadonlyMap<string, number>;

function gradeOf(grades: Grades, key: string): number {
  const grade = grades.get(key);
  return grade !== undefined && Number.isFinite(grade) && grade > 0 ? grade : 0;
}

/** Discounted cumulative gain of the first `k` positions, gain 2^grade − 1, discount log2(rank + 1). */
export function dcgAt(gradesInOrder: readonly number[], k: number): number {
  let total = 0;
  const n = Math.min(k, gradesInOrder.length);
  for (let i = 0; i < n; i++) {
    const grade = gradesInOrder[i] ?? 0;
    if (grade > 0) total += (2 ** grade - 1) / Math.log2(i + 2);
  }
  return total;
}

/** nDCG@k: DCG of the ranking over DCG of the ideal ordering of all judged documents; 0 when none is relevant. */
export function ndcgAt(ranking: readonly string[], grades: Grades, k = 10): number {
  const ideal = [...grades.values()].filter((g) => g > 0).sort((a, b) => b - a);
  const idealDcg = dcgAt(ideal, k);
  if (idealDcg === 0) return 0;
  const seen = new Set<string>();
  const gains: number[] = [];
  for (const key of ranking) {
    // A document listed twice only counts once.
    if (seen.has(key)) {
      gains.push(0);
      continue;
    }
    seen.add(key);
    gains.push(gradeOf(grades, key));
  }
  return dcgAt(gains, k) / idealDcg;
}

/** Share of the first `k` positions holding a document of grade ≥ `minGrade` (missing positions count as misses). */
export function precisionAt(ranking: readonly string[], grades: Grades, k = 5, minGrade = 1): number {
  if (k <= 0) return 0;
  const top = [...new Set(ranking)].slice(0, k);
  return top.filter((key) => gradeOf(grades, key) >= minGrade).length / k;
}

/** 1 / rank of the first document of grade ≥ `minGrade`; 0 when there is none. */
export function reciprocalRank(ranking: readonly string[], grades: Grades, minGrade = 1): number {
  const index = ranking.findIndex((key) => gradeOf(grades, key) >= minGrade);
  return index === -1 ? 0 : 1 / (index + 1);
}

export interface QueryMetrics {
  ndcg10: number;
  p5: number;
  mrr: number;
}

export function evaluateRanking(ranking: readonly string[], grades: Grades): QueryMetrics {
  return { ndcg10: ndcgAt(ranking, grades, 10), p5: precisionAt(ranking, grades, 5), mrr: reciprocalRank(ranking, grades) };
}

export function meanMetrics(rows: readonly QueryMetrics[]): QueryMetrics {
  if (rows.length === 0) return { ndcg10: 0, p5: 0, mrr: 0 };
  const sum = rows.reduce((acc, row) => ({ ndcg10: acc.ndcg10 + row.ndcg10, p5: acc.p5 + row.p5, mrr: acc.mrr + row.mrr }), {
    ndcg10: 0,
    p5: 0,
    mrr: 0,
  });
  return { ndcg10: sum.ndcg10 / rows.length, p5: sum.p5 / rows.length, mrr: sum.mrr / rows.length };
}

/** Graded judgments as in /work/shared/eval/qrels_public.json: papers named by title. */
export interface Judgments {
  queries: Array<{ query: string; relevant: Record<string, number> }>;
}

export interface QueryEvaluation extends QueryMetrics {
  query: string;
}

export interface JudgedPaper {
  id: string;
  title: string;
}

/** Turns titles into ids (by `keyOf`, e.g. normalizeTitle), reporting judged titles no paper has. */
export function gradesById(
  judgments: Judgments,
  papers: readonly JudgedPaper[],
  keyOf: (title: string) => string,
): { grades: Map<string, Map<string, number>>; unknownTitles: string[] } {
  const idByKey = new Map<string, string>();
  for (const paper of papers) {
    const key = keyOf(paper.title);
    if (!idByKey.has(key)) idByKey.set(key, paper.id);
  }
  const grades = new Map<string, Map<string, number>>();
  const unknownTitles: string[] = [];
  for (const judged of judgments.queries) {
    const byId = new Map<string, number>();
    for (const [title, grade] of Object.entries(judged.relevant)) {
      const id = idByKey.get(keyOf(title));
      if (id === undefined) unknownTitles.push(title);
      else byId.set(id, Math.max(byId.get(id) ?? 0, grade));
    }
    grades.set(judged.query, byId);
  }
  return { grades, unknownTitles };
}

/** Per-query metrics of `rank` (query → ids, best first) against judgments already keyed by id. */
export function evaluateRanker(
  rank: (query: string) => readonly string[],
  grades: ReadonlyMap<string, Grades>,
): { perQuery: QueryEvaluation[]; mean: QueryMetrics } {
  const perQuery: QueryEvaluation[] = [];
  for (const [query, judged] of grades) {
    perQuery.push({ query, ...evaluateRanking(rank(query), judged) });
  }
  return { perQuery, mean: meanMetrics(perQuery) };
}
