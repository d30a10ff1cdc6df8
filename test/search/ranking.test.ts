import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalizeTitle, type Paper } from '../../src/papers/paper.ts';
import { miniSearchRanker, paperSearchRanker, plainLunrRanker } from '../../src/search/baselines.ts';
import { evaluateRanker, gradesById, type Judgments } from '../../src/search/eval-metrics.ts';
import { QRELS_PATH, loadSeedCorpus } from './fixtures.ts';

describe('ranking on the public judgments', () => {
  let papers: Paper[];
  let grades: Map<string, Map<string, number>>;

  beforeAll(async () => {
    papers = await loadSeedCorpus();
    const judgments = JSON.parse(await readFile(QRELS_PATH, 'utf8')) as Judgments;
    const mapped = gradesById(judgments, papers, normalizeTitle);
    expect(mapped.unknownTitles).toEqual([]);
    grades = mapped.grades;
  });

  it('every judged query is evaluated', () => {
    expect(grades.size).toBeGreaterThanOrEqual(8);
  });

  it('our nDCG@10 is at least plain lunr’s, and P@5 / MRR do not fall behind', () => {
    const ours = evaluateRanker(paperSearchRanker(papers), grades);
    const lunr = evaluateRanker(plainLunrRanker(papers), grades);
    expect(ours.mean.ndcg10).toBeGreaterThanOrEqual(lunr.mean.ndcg10);
    expect(ours.mean.p5).toBeGreaterThanOrEqual(lunr.mean.p5);
    expect(ours.mean.mrr).toBeGreaterThanOrEqual(lunr.mean.mrr);
  });

  it('the baselines are real rankers (not empty), so the comparison means something', () => {
    const lunr = evaluateRanker(plainLunrRanker(papers), grades);
    const mini = evaluateRanker(miniSearchRanker(papers), grades);
    expect(lunr.mean.ndcg10).toBeGreaterThan(0.5);
    expect(mini.mean.ndcg10).toBeGreaterThan(0.5);
  });

  it('no query is much worse than plain lunr', () => {
    const ours = evaluateRanker(paperSearchRanker(papers), grades);
    const lunr = evaluateRanker(plainLunrRanker(papers), grades);
    ours.perQuery.forEach((row, i) => {
      expect(row.ndcg10, row.query).toBeGreaterThanOrEqual((lunr.perQuery[i]?.ndcg10 ?? 0) - 0.05);
    });
  });
});
