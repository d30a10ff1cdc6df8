/**
 * Typo tolerance: indexed words within a small edit distance of a word the index does not know.
 * Used to correct a query ("sparce atention" → "sparse attention") and, when nothing matches, to suggest words.
 */
import { stem } from '../query.ts';
import { editDistance } from './edit-distance.ts';

/** Edits allowed for a word of this length (Lucene's "AUTO" fuzziness): none under 3 letters, 1 up to 5, 2 beyond. */
export function maxEditsFor(word: string): number {
  if (word.length < 3) return 0;
  return word.length <= 5 ? 1 : 2;
}

export interface SpellingCandidate {
  word: string;
  distance: number;
  /** Papers using the word. */
  df: number;
}

/** Lookups remembered (a misspelled query comes back for every "Show more" page). */
const CACHE_LIMIT = 2000;

export class Speller {
  /** The same words grouped by length, so a lookup only compares words of about the right length. */
  readonly #byLength = new Map<number, SpellingCandidate[]>();
  readonly #cache = new Map<string, SpellingCandidate[]>();

  /** `vocabulary`: folded surface words → how many papers use them. */
  constructor(vocabulary: ReadonlyMap<string, number>) {
    for (const [word, df] of vocabulary) {
      const bucket = this.#byLength.get(word.length) ?? [];
      bucket.push({ word, distance: 0, df });
      this.#byLength.set(word.length, bucket);
    }
  }

  /**
   * Indexed words close to `word`, nearest first, then the more frequent (the likelier intent), one per stem
   * ("transformer" and "transformers" are one candidate).
   */
  candidates(word: string, limit: number): SpellingCandidate[] {
    const key = `${limit}:${word}`;
    const cached = this.#cache.get(key);
    if (cached) return cached;
    const found = this.#lookup(word, limit);
    if (this.#cache.size >= CACHE_LIMIT) this.#cache.clear();
    this.#cache.set(key, found);
    return found;
  }

  #lookup(word: string, limit: number): SpellingCandidate[] {
    const maxDistance = maxEditsFor(word);
    if (maxDistance === 0) return [];
    const found: SpellingCandidate[] = [];
    for (let length = word.length - maxDistance; length <= word.length + maxDistance; length++) {
      for (const entry of this.#byLength.get(length) ?? []) {
        if (entry.word === word) continue;
        const distance = editDistance(word, entry.word, maxDistance);
        if (distance <= maxDistance) found.push({ word: entry.word, distance, df: entry.df });
      }
    }
    found.sort((a, b) => a.distance - b.distance || b.df - a.df || a.word.localeCompare(b.word));
    const seenStems = new Set<string>();
    const out: SpellingCandidate[] = [];
    for (const candidate of found) {
      if (out.length >= limit) break;
      const candidateStem = stem(candidate.word);
      if (seenStems.has(candidateStem)) continue;
      seenStems.add(candidateStem);
      out.push(candidate);
    }
    return out;
  }
}
