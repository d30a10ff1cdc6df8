/**
 * Plan, a question asked of the corpus: does a short query read as a topic name ("sparse attention", "brain decoding
 * from fMRI": words papers write side by side, a name and perhaps a modifier) or as a bag of keywords ("environmental
 * influence breast", rare words no paper writes next to each other)? The query's words are cut wherever no paper has
 * the two consecutive words adjacent; a query that falls into `longQuery.minPieces` pieces or more is planned as a
 * long one (query-plan.ts).
 */
import type { Corpus } from '../retrieve/corpus.ts';
import { StemSequence } from '../tables/paper-text.ts';
import type { QueryConcept } from './concepts.ts';

/**
 * Papers holding both words checked per pair at most: only pairs of common words get near it, and those are
 * adjacent somewhere long before (bounds the cost at scale; a pair found in none of them counts as apart).
 */
const MAX_PAPERS_CHECKED = 2000;

/** Whether some paper has stem `a` directly followed by stem `b` (among its non-stop words, in one field). */
export function adjacentSomewhere(corpus: Corpus, a: string, b: string): boolean {
  const rare = corpus.dfOf(a) <= corpus.dfOf(b) ? a : b;
  const hasOther = corpus.hasStem(rare === a ? b : a);
  const sequence = new StemSequence([a, b]);
  // The papers holding the rarer word, ascending: the union of its title and abstract lists.
  const title = corpus.postingsOf('title', rare).docs;
  const abstract = corpus.postingsOf('abstract', rare).docs;
  let i = 0;
  let j = 0;
  let checked = 0;
  while ((i < title.length || j < abstract.length) && checked < MAX_PAPERS_CHECKED) {
    const x = i < title.length ? (title[i] ?? 0) : Number.MAX_SAFE_INTEGER;
    const y = j < abstract.length ? (abstract[j] ?? 0) : Number.MAX_SAFE_INTEGER;
    const doc = Math.min(x, y);
    if (x === doc) i++;
    if (y === doc) j++;
    if (!corpus.isLive(doc) || !hasOther(doc)) continue;
    checked++;
    if (corpus.entries[doc]?.hasContentSequence(sequence)) return true;
  }
  return false;
}

/**
 * How many pieces the query's words fall into, cut between consecutive words no paper writes side by side. Words the
 * index does not know are left out (they find nothing, whatever their neighbours: no sign of a bag).
 */
export function piecesOf(corpus: Corpus, concepts: readonly QueryConcept[]): number {
  const known = concepts.filter((concept) => corpus.knows(concept.stem));
  let pieces = known.length > 0 ? 1 : 0;
  for (let i = 0; i + 1 < known.length; i++) {
    const a = known[i];
    const b = known[i + 1];
    if (a && b && !adjacentSomewhere(corpus, a.stem, b.stem)) pieces++;
  }
  return pieces;
}
