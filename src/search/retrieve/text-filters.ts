/**
 * Retrieve, the filters a match must pass: papers a caller left out (a channel's sent papers), +required words,
 * excluded words, and quoted phrases (wanted and excluded), checked cheaply on the posting lists before the text.
 */
import type { QueryPlan } from '../plan/query-plan.ts';
import type { IndexedPaper, PhraseCheck } from '../tables/paper-text.ts';
import type { Corpus } from './corpus.ts';

/**
 * Whether a paper may contain a phrase, from the posting lists alone: it must contain the stem of each of the
 * phrase's non-stop words (a cheap test before analysing the paper's text).
 */
function mayContainPhrase(corpus: Corpus, doc: number, entry: IndexedPaper, phrase: PhraseCheck): boolean {
  const { content } = phrase;
  if (!corpus.hasAll(doc, content)) return false;
  // Its non-stop words must also follow each other among the paper's indexed stems: a cheap test on the packed
  // words before the check with stop words.
  return content.stems.length < 2 || entry.hasContentSequence(content);
}

/** Whether a paper holds a phrase: the cheap tests, then the words with stop words. */
export function holdsPhrase(corpus: Corpus, doc: number, entry: IndexedPaper, phrase: PhraseCheck): boolean {
  return mayContainPhrase(corpus, doc, entry, phrase) && entry.hasPhrase(phrase.all);
}

function passesTextFilters(corpus: Corpus, doc: number, entry: IndexedPaper, plan: QueryPlan): boolean {
  const { parsed, phrases } = plan;
  for (const term of parsed.terms) {
    if (term.required && !corpus.has(doc, term.stem)) return false;
  }
  for (const term of parsed.excludedTerms) {
    if (corpus.has(doc, term.stem)) return false;
  }
  for (const phrase of phrases.wanted) if (!holdsPhrase(corpus, doc, entry, phrase)) return false;
  for (const phrase of phrases.unwanted) if (holdsPhrase(corpus, doc, entry, phrase)) return false;
  return true;
}

/** The filter of a query's matches (false: leave the paper out), or null when nothing is filtered. */
export function matchFilter(
  corpus: Corpus,
  plan: QueryPlan,
  exclude: ReadonlySet<string> | undefined,
  within?: ReadonlySet<string>,
): ((doc: number) => boolean) | null {
  // Papers a match must be one of (a top list's week), as paper numbers.
  let allowed: Set<number> | null = null;
  if (within !== undefined) {
    allowed = new Set<number>();
    for (const id of within) {
      const doc = corpus.byId.get(id);
      if (doc !== undefined) allowed.add(doc);
    }
  }
  // Papers to skip, as paper numbers (a channel's sent papers: looked up once, not per match).
  const excluded = new Set<number>();
  for (const id of exclude ?? []) {
    const doc = corpus.byId.get(id);
    if (doc !== undefined) excluded.add(doc);
  }
  const excluding = excluded.size > 0;
  const { hasFilters } = plan;
  if (!excluding && !hasFilters && allowed === null) return null;
  const { entries } = corpus;
  return (doc) => {
    if (allowed !== null && !allowed.has(doc)) return false;
    if (excluding && excluded.has(doc)) return false;
    if (hasFilters) {
      const entry = entries[doc];
      if (!entry || !passesTextFilters(corpus, doc, entry, plan)) return false;
    }
    return true;
  };
}
