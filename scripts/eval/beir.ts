/**
 * A BEIR-layout test collection (corpus.jsonl, queries.jsonl, qrels/<split>.tsv) as papers and judgments, for the
 * search evaluation: each abstract becomes a Paper (its corpus id as the paper id) that the project's own index builder
 * indexes, and each judged query its graded documents by id.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Paper } from '../../src/papers/paper.ts';

export interface BeirCollection {
  papers: Paper[];
  /** Query text → judged paper id → grade. Two queries with one text share their judgments. */
  grades: Map<string, Map<string, number>>;
}

function jsonLines(text: string): unknown[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}

function field(value: unknown, name: string): string {
  if (typeof value === 'object' && value !== null && name in value) {
    const v = (value as Record<string, unknown>)[name];
    if (typeof v === 'string') return v;
  }
  throw new Error(`expected a string "${name}" in ${JSON.stringify(value).slice(0, 80)}`);
}

export async function loadBeir(dir: string, split: string): Promise<BeirCollection> {
  const papers: Paper[] = jsonLines(await readFile(join(dir, 'corpus.jsonl'), 'utf8')).map((doc) => ({
    id: field(doc, '_id'),
    title: field(doc, 'title'),
    abstract: field(doc, 'text'),
    authors: [],
    authorCount: null,
    date: null,
    upvotes: null,
    arxivId: null,
    url: '',
  }));
  const queries = new Map<string, string>();
  for (const q of jsonLines(await readFile(join(dir, 'queries.jsonl'), 'utf8'))) queries.set(field(q, '_id'), field(q, 'text'));
  const grades = new Map<string, Map<string, number>>();
  const rows = (await readFile(join(dir, 'qrels', `${split}.tsv`), 'utf8')).split('\n').slice(1);
  for (const row of rows) {
    const [queryId, docId, score] = row.trim().split('\t');
    if (queryId === undefined || docId === undefined || score === undefined) continue;
    const text = queries.get(queryId);
    if (text === undefined) throw new Error(`qrels name query ${queryId}, which queries.jsonl does not hold`);
    const judged = grades.get(text) ?? new Map<string, number>();
    judged.set(docId, Math.max(judged.get(docId) ?? 0, Number(score)));
    grades.set(text, judged);
  }
  return { papers, grades };
}
