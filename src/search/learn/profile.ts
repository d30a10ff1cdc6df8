/**
 * A channel's taste, learned from its ratings and examples (Rocchio): the mean vector of the papers it liked (and
 * its examples) minus a share of the mean vector of those it marked "not for us", over the papers' tf-idf vectors
 * (vectors.ts). Its strongest positive words become extra query words with small boosts (papers like the liked ones
 * rise, and neighbours of them are found), its strongest negative words count against a paper. Learning is a few
 * array additions per rated paper over numbered stems (vectors.ts): well under a millisecond, redone for every
 * digest from the ratings as they are.
 */
import { DEFAULT_RANKING, type LearnOptions } from '../ranking-options.ts';
import type { Corpus } from '../retrieve/corpus.ts';
import type { LearnedNote, SearchPreferences } from '../types.ts';
import { termSpace, type TermSpace, type TermVector } from './vectors.ts';

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
  const space = termSpace(corpus);
  const liked: RatedPaper[] = [];
  const seen = new Set<number>();
  const add = (ids: readonly string[] | undefined, kind: 'liked' | 'example'): void => {
    for (const id of ids ?? []) {
      const doc = corpus.byId.get(id);
      const paper = doc === undefined ? undefined : corpus.paper(doc);
      if (doc === undefined || !paper || seen.has(doc)) continue;
      seen.add(doc);
      liked.push({ doc, id, title: paper.title, kind, vector: space.vector(doc, titleWeight) });
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
    dislikedVectors.push(space.vector(doc, titleWeight));
  }
  if (liked.length === 0 && disliked.length === 0) return null;

  // A handful of stems (the query's): a short array beats a set for the thousands of terms asked about.
  const skipped: number[] = [];
  for (const s of skip) {
    const term = space.numberOf(s);
    if (term !== undefined) skipped.push(term);
  }
  const positive = new Strongest(space, 1, options.positiveTerms);
  const negative = new Strongest(space, -1, options.negativeTerms);
  space.rocchio(
    liked.map((paper) => paper.vector),
    dislikedVectors,
    options.beta,
    options.gamma,
    (term, weight) => {
      if (skipped.includes(term)) return;
      if (weight > 0) positive.offer(term, weight);
      else if (weight < 0) negative.offer(term, weight);
    },
  );
  return { liked, disliked, positive: positive.boosts(options.weight), negative: negative.boosts(options.negativeWeight) };
}

/**
 * The `count` terms of largest |weight| among those offered (ties: the stem first in `localeCompare` order), kept while
 * offered: the first `count` of sorting them all, without sorting the thousands of words 50 papers hold.
 */
class Strongest {
  readonly #space: TermSpace;
  readonly #sign: 1 | -1;
  readonly #count: number;
  readonly #terms: number[] = [];
  readonly #weights: number[] = [];
  /** Once full: sign × the weight of the last kept term (an offer below it loses without comparing stems). */
  #floor = Number.NEGATIVE_INFINITY;

  constructor(space: TermSpace, sign: 1 | -1, count: number) {
    this.#space = space;
    this.#sign = sign;
    this.#count = Math.max(0, Math.floor(count));
  }

  /** Whether (term a, weight a) comes before (term b, weight b). */
  #before(a: number, weightA: number, b: number, weightB: number): boolean {
    const sign = this.#sign;
    if (sign * weightA !== sign * weightB) return sign * weightA > sign * weightB;
    return this.#space.stem(a).localeCompare(this.#space.stem(b)) < 0;
  }

  offer(term: number, weight: number): void {
    const terms = this.#terms;
    const weights = this.#weights;
    if (this.#count === 0) return;
    const full = terms.length === this.#count;
    if (full && this.#sign * weight < this.#floor) return;
    if (full && !this.#before(term, weight, terms[terms.length - 1] ?? 0, weights[weights.length - 1] ?? 0)) return;
    let at = terms.length;
    while (at > 0 && this.#before(term, weight, terms[at - 1] ?? 0, weights[at - 1] ?? 0)) at -= 1;
    terms.splice(at, 0, term);
    weights.splice(at, 0, weight);
    if (terms.length > this.#count) {
      terms.pop();
      weights.pop();
    }
    if (terms.length === this.#count) this.#floor = this.#sign * (weights[weights.length - 1] ?? 0);
  }

  /** Stem → `boost` × |weight| / the largest |weight|. */
  boosts(boost: number): Map<string, number> {
    const max = Math.abs(this.#weights[0] ?? 0);
    const out = new Map<string, number>();
    if (!(max > 0)) return out;
    this.#terms.forEach((term, i) => out.set(this.#space.stem(term), (boost * Math.abs(this.#weights[i] ?? 0)) / max));
    return out;
  }
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
  const space = termSpace(corpus);
  const similarities = space.similarities(
    space.vector(doc, titleWeight),
    profile.liked.map((paper) => paper.vector),
  );
  let best: RatedPaper | undefined;
  let bestSimilarity = 0;
  profile.liked.forEach((paper, i) => {
    const similarity = similarities[i] ?? 0;
    if (similarity > bestSimilarity) {
      best = paper;
      bestSimilarity = similarity;
    }
  });
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
