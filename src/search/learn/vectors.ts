/**
 * A paper as a term vector: its content stems weighted tf (title counted `titleWeight` times) dampened by a log,
 * times idf, scaled to length 1. What the learner averages into a channel's taste and compares papers with (cosine).
 * Read from the terms the index already holds for each paper (`IndexedPaper` counts, the corpus's df), nothing new.
 */
import type { Corpus } from '../retrieve/corpus.ts';
import { isContentStem } from '../tables/paper-text.ts';

export type TermVector = ReadonlyMap<string, number>;

/** Per corpus (immutable while served): stem → its idf when it may weigh in a vector, else 0; read once per stem. */
const stemWeights = new WeakMap<Corpus, Map<string, number>>();
/** Per corpus, the vectors made lately (rated papers come back digest after digest); dropped all at once when full. */
const vectorCache = new WeakMap<Corpus, Map<number, Map<string, number>>>();
const VECTOR_CACHE_MAX = 4096;

function stemWeight(corpus: Corpus, weights: Map<string, number>, s: string): number {
  let weight = weights.get(s);
  if (weight === undefined) {
    // A word half the papers use says nothing about taste; one no other paper uses finds no neighbour.
    const maxDf = Math.max(2, Math.floor(corpus.liveCount * 0.5));
    const df = isContentStem(s) ? corpus.dfOf(s) : 0;
    weight = df < 2 || df > maxDf ? 0 : corpus.idf(s);
    weights.set(s, weight);
  }
  return weight;
}

/** A paper's unit-length tf-idf vector over the words other papers share (empty for an unknown paper). */
export function paperVector(corpus: Corpus, doc: number, titleWeight: number): TermVector {
  let cache = vectorCache.get(corpus);
  if (!cache) vectorCache.set(corpus, (cache = new Map()));
  const cached = cache.get(doc);
  if (cached) return cached;
  let weights = stemWeights.get(corpus);
  if (!weights) stemWeights.set(corpus, (weights = new Map()));
  const entry = corpus.entries[doc];
  const out = new Map<string, number>();
  if (!entry) return out;
  let norm = 0;
  for (const s of entry.stems) {
    const idf = stemWeight(corpus, weights, s);
    if (idf === 0) continue;
    const tf = titleWeight * (entry.titleCounts.get(s) ?? 0) + (entry.abstractCounts.get(s) ?? 0);
    if (tf <= 0) continue;
    const weight = (1 + Math.log(tf)) * idf;
    out.set(s, weight);
    norm += weight * weight;
  }
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (const [s, weight] of out) out.set(s, weight * scale);
  }
  if (cache.size >= VECTOR_CACHE_MAX) cache.clear();
  cache.set(doc, out);
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
