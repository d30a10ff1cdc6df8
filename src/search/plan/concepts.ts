/**
 * Plan, step 1: one concept per typed word, with the other ways of writing it. Acronyms both ways: a typed acronym
 * also matches its long forms ("kv" → "key value"), and a run of typed words spelling a long form also matches its
 * acronym ("speech recognition" → "asr").
 */
import type { ParsedQuery } from '../query.ts';
import type { AcronymTable } from '../tables/acronyms.ts';

/** Bounds on query cost: long forms per acronym, words per reverse-acronym lookup. */
const MAX_EXPANSIONS_PER_TERM = 3;
const MAX_LONG_FORM_WORDS = 6;

/** One typed word and the other ways of writing it. */
export interface QueryConcept {
  /** The typed stem. */
  stem: string;
  /** Ways of writing it (the typed stem first), each a sequence of stems that must appear adjacent. */
  alternatives: Array<readonly string[]>;
  /** Stem sequences (stop words included) of its multi-word alternatives, to mark as phrases. */
  highlightPhrases: string[][];
  /** Acronym alternatives spelled by a run of typed words (this one included) → how many words that run has. */
  acronymRuns: Map<string, number>;
}

/** The concepts of a query; `acronyms` null: no expansions (the ranking switched them off). */
export function conceptsOf(parsed: ParsedQuery, acronyms: AcronymTable | null): QueryConcept[] {
  const concepts: QueryConcept[] = parsed.terms.map((term) => ({
    stem: term.stem,
    alternatives: [[term.stem]],
    highlightPhrases: [],
    acronymRuns: new Map<string, number>(),
  }));
  if (acronyms === null) return concepts;
  for (const concept of concepts) {
    // "kv" → "key value": a typed acronym also matches its long forms.
    for (const form of acronyms.longForms(concept.stem).slice(0, MAX_EXPANSIONS_PER_TERM)) {
      concept.alternatives.push(form.stems);
      concept.highlightPhrases.push(...form.spellings);
    }
  }
  // "speech recognition" → "asr": a run of typed words spelling a long form also matches its acronym.
  for (let start = 0; start < concepts.length; start++) {
    for (let end = start + 2; end <= Math.min(concepts.length, start + MAX_LONG_FORM_WORDS); end++) {
      const run = concepts.slice(start, end);
      const keys = acronyms.acronymsFor(run.map((concept) => concept.stem)).slice(0, MAX_EXPANSIONS_PER_TERM);
      for (const key of keys) {
        for (const concept of run) {
          if (concept.alternatives.some((alt) => alt.length === 1 && alt[0] === key)) continue;
          concept.alternatives.push([key]);
          concept.acronymRuns.set(key, run.length);
        }
      }
    }
  }
  return concepts;
}
