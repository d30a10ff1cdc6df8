/**
 * How much a channel's taste counts in a `/paper` search (not a digest): a search is what the person typed, so the
 * taste only counts when it is about the query. The query's stems (idf-weighted) are compared with the mean of the
 * liked papers' vectors (and, for the negative part, of the disliked ones): a part whose cosine to the query is under
 * `searchRelatedMin` is left out (ratings on another topic change nothing), one above it counts at `searchWeight`
 * of a digest's boosts (a search moves its matches less than a digest does). Tuned with `npm run eval:feedback`.
 */
import type { Profile } from '../learn/profile.ts';
import { termSpace, type TermVector } from '../learn/vectors.ts';
import type { LearnOptions } from '../ranking-options.ts';
import type { Corpus } from '../retrieve/corpus.ts';

/** Cosine of the query's stems (idf-weighted) with the mean of some paper vectors; 0 when either is empty. */
export function queryRelatedness(corpus: Corpus, stems: Iterable<string>, vectors: readonly TermVector[]): number {
  if (vectors.length === 0) return 0;
  const space = termSpace(corpus);
  const mean = new Map<number, number>();
  for (const vector of vectors) {
    vector.terms.forEach((term, i) => mean.set(term, (mean.get(term) ?? 0) + (vector.weights[i] ?? 0) / vectors.length));
  }
  let meanNorm = 0;
  for (const weight of mean.values()) meanNorm += weight * weight;
  let queryNorm = 0;
  let sum = 0;
  for (const s of new Set(stems)) {
    if (!corpus.knows(s)) continue;
    const weight = corpus.idf(s);
    const term = space.numberOf(s);
    queryNorm += weight * weight;
    sum += weight * (term === undefined ? 0 : (mean.get(term) ?? 0));
  }
  return meanNorm > 0 && queryNorm > 0 ? sum / Math.sqrt(queryNorm * meanNorm) : 0;
}

/** The boosts scaled by `by` (none when 0). */
function scaled(boosts: ReadonlyMap<string, number>, by: number): Map<string, number> {
  return by > 0 ? new Map([...boosts].map(([s, boost]) => [s, boost * by])) : new Map();
}

/**
 * The profile's words as a search looks them up: each part kept (at `searchWeight`) only when related to the typed
 * stems. Null when neither part is: the search is then the one without ratings.
 */
export function searchProfile(corpus: Corpus, profile: Profile, typed: ReadonlySet<string>, titleWeight: number, options: LearnOptions): Profile | null {
  const counts = (vectors: () => TermVector[], size: number): number =>
    size > 0 && queryRelatedness(corpus, typed, vectors()) >= options.searchRelatedMin ? options.searchWeight : 0;
  const positive = counts(() => profile.liked.map((paper) => paper.vector), profile.positive.size);
  const space = termSpace(corpus);
  const negative = counts(() => profile.disliked.map((doc) => space.vector(doc, titleWeight)), profile.negative.size);
  if (positive === 0 && negative === 0) return null;
  return { ...profile, positive: scaled(profile.positive, positive), negative: scaled(profile.negative, negative) };
}
