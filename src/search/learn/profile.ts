/**
 * A channel's taste, learned from its ratings and examples (Rocchio): the mean vector of the papers it liked (and
 * its examples) minus a share of the mean vector of those it marked "not for us", over the papers' tf-idf vectors
 * (vectors.ts). Its strongest positive words become extra query words with small boosts (papers like the liked ones
 * rise, and neighbours of them are found), its strongest negative words count against a paper. Learning is a few
 * map additions per rated paper: milliseconds, redone for every digest from the ratings as they are.
 */
import { DEFAULT_RANKING, type LearnOptions } from '../ranking-options.ts';
import type { Corpus } from '../retrieve/corpus.ts';
import type { LearnedNote, SearchPreferences } from '../types.ts';
import { centroid, dot, paperVector, type TermVector } from './vectors.ts';

export interface RatedPaper {
  doc: number;
  id: string;
  title: string;
  kind: 'liked' | 'example';
  vector: TermVector;
}

export interface Profile {
  /** Liked papers and examples the corpus holds. */
  liked: RatedPaper[];
  /** Disliked papers the corpus holds. */
  disliked: number[];
  /** Stem → boost of the words looked up for the profile (positive / negative part). */
  positive: Map<string, number>;
  negative: Map<string, number>;
}

/** Whether the preferences name any paper at all (else the search is the one without them). */
export function hasPreferences(preferences: SearchPreferences | undefined): preferences is SearchPreferences {
  return (
    preferences !== undefined &&
    ((preferences.liked?.length ?? 0) > 0 || (preferences.disliked?.length ?? 0) > 0 || (preferences.examples?.length ?? 0) > 0)
  );
}

/**
 * The profile of some preferences over a corpus; null when none of the named papers is in it. `skip`: stems never
 * used (the query's own, which every match holds already).
 */
export function learnProfile(
  corpus: Corpus,
  preferences: SearchPreferences,
  titleWeight: number,
  skip: ReadonlySet<string>,
  options: LearnOptions = DEFAULT_RANKING.learn,
): Profile | null {
  const liked: RatedPaper[] = [];
  const seen = new Set<number>();
  const add = (ids: readonly string[] | undefined, kind: 'liked' | 'example'): void => {
    for (const id of ids ?? []) {
      const doc = corpus.byId.get(id);
      const paper = doc === undefined ? undefined : corpus.paper(doc);
      if (doc === undefined || !paper || seen.has(doc)) continue;
      seen.add(doc);
      liked.push({ doc, id, title: paper.title, kind, vector: paperVector(corpus, doc, titleWeight) });
    }
  };
  add(preferences.examples, 'example');
  add(preferences.liked, 'liked');
  const disliked: number[] = [];
  const dislikedVectors: TermVector[] = [];
  for (const id of preferences.disliked ?? []) {
    const doc = corpus.byId.get(id);
    if (doc === undefined || seen.has(doc)) continue;
    seen.add(doc);
    disliked.push(doc);
    dislikedVectors.push(paperVector(corpus, doc, titleWeight));
  }
  if (liked.length === 0 && disliked.length === 0) return null;

  const rocchio = new Map<string, number>();
  for (const [s, weight] of centroid(liked.map((paper) => paper.vector))) rocchio.set(s, options.beta * weight);
  for (const [s, weight] of centroid(dislikedVectors)) rocchio.set(s, (rocchio.get(s) ?? 0) - options.gamma * weight);
  const terms = [...rocchio].filter(([s]) => !skip.has(s));
  const strongest = (sign: 1 | -1, count: number, boost: number): Map<string, number> => {
    const chosen = terms
      .filter(([, weight]) => sign * weight > 0)
      .sort((a, b) => sign * b[1] - sign * a[1] || a[0].localeCompare(b[0]))
      .slice(0, count);
    const max = Math.abs(chosen[0]?.[1] ?? 0);
    return new Map(max > 0 ? chosen.map(([s, weight]) => [s, (boost * Math.abs(weight)) / max]) : []);
  };
  return {
    liked,
    disliked,
    positive: strongest(1, options.positiveTerms, options.weight),
    negative: strongest(-1, options.negativeTerms, options.negativeWeight),
  };
}

/** The liked paper or example a paper is closest to, if it is close to one (cosine ≥ `closeMin`). */
export function closestLiked(
  corpus: Corpus,
  profile: Profile,
  doc: number,
  titleWeight: number,
  options: LearnOptions = DEFAULT_RANKING.learn,
): LearnedNote['closest'] {
  if (profile.liked.length === 0) return null;
  const vector = paperVector(corpus, doc, titleWeight);
  let best: RatedPaper | undefined;
  let bestSimilarity = 0;
  for (const paper of profile.liked) {
    const similarity = dot(vector, paper.vector);
    if (similarity > bestSimilarity) {
      best = paper;
      bestSimilarity = similarity;
    }
  }
  return best && bestSimilarity >= options.closeMin ? { id: best.id, title: best.title, kind: best.kind, similarity: bestSimilarity } : null;
}

/**
 * A hit's note, its closest liked paper worked out only when read (a digest reads it for the few papers it shows,
 * not for the deeper ones it looked at). `always`: name the closest whatever its similarity (a neighbour, a feed).
 */
export function learnedNote(corpus: Corpus, profile: Profile, doc: number, titleWeight: number, options: LearnOptions, offTopic: boolean, always: boolean): LearnedNote {
  let closest: LearnedNote['closest'] | undefined;
  return {
    offTopic,
    get closest(): LearnedNote['closest'] {
      return (closest ??= closestLiked(corpus, profile, doc, titleWeight, always ? { ...options, closeMin: 0 } : options));
    },
  };
}
