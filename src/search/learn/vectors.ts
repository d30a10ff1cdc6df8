/**
 * A paper as a term vector: its content stems weighted tf (title counted `titleWeight` times) dampened by a log,
 * times idf, scaled to length 1. What the learner averages into a channel's taste and compares papers with (cosine).
 * Read from the terms the index already holds for each paper (`IndexedPaper` counts, the corpus's df), nothing new.
 */
import type { Corpus } from '../retrieve/corpus.ts';
import { isContentStem } from '../tables/paper-text.ts';

export type TermVector = ReadonlyMap<string, number>;

/** A paper's unit-length tf-idf vector over the words other papers share (empty for an unknown paper). */
export function paperVector(corpus: Corpus, doc: number, titleWeight: number): Map<string, number> {
  const entry = corpus.entries[doc];
  const out = new Map<string, number>();
  if (!entry) return out;
  // A word half the papers use says nothing about taste; one no other paper uses finds no neighbour.
  const maxDf = Math.max(2, Math.floor(corpus.liveCount * 0.5));
  let norm = 0;
  for (const s of entry.stems) {
    if (!isContentStem(s)) continue;
    const df = corpus.dfOf(s);
    if (df < 2 || df > maxDf) continue;
    const tf = titleWeight * (entry.titleCounts.get(s) ?? 0) + (entry.abstractCounts.get(s) ?? 0);
    if (tf <= 0) continue;
    const weight = (1 + Math.log(tf)) * corpus.idf(s);
    out.set(s, weight);
    norm += weight * weight;
  }
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (const [s, weight] of out) out.set(s, weight * scale);
  }
  return out;
}

/** Σ a·b over the terms both hold (cosine of unit vectors), iterating over the shorter. */
export function dot(a: TermVector, b: TermVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [s, weight] of small) {
    const other = large.get(s);
    if (other !== undefined) sum += weight * other;
  }
  return sum;
}

/** The mean of some vectors (not rescaled). */
export function centroid(vectors: readonly TermVector[]): Map<string, number> {
  const out = new Map<string, number>();
  if (vectors.length === 0) return out;
  const share = 1 / vectors.length;
  for (const vector of vectors) for (const [s, weight] of vector) out.set(s, (out.get(s) ?? 0) + weight * share);
  return out;
}
