/**
 * Page, when nothing matched and nothing close was typed: why quoted phrases found nothing (the first no paper has),
 * looked for within the query budget.
 */
import type { QueryPhrase } from '../query.ts';
import { QUERY_BUDGET_MS } from '../ranking-options.ts';
import type { Corpus } from '../retrieve/corpus.ts';
import { holdsPhrase } from '../retrieve/text-filters.ts';
import { phraseCheck } from '../tables/paper-text.ts';

/**
 * Why quoted phrases found nothing: the first that no paper has, or (when looking would take longer than the
 * query budget: many phrases of common words at scale) that the phrases together match nothing.
 */
export function phraseNotice(corpus: Corpus, phrases: readonly QueryPhrase[]): string | null {
  const deadline = performance.now() + QUERY_BUDGET_MS;
  for (const phrase of phrases) {
    const found = anyContains(corpus, phrase, deadline);
    if (found === false) return `No paper has the exact phrase "${phrase.text.replace(/`/g, "\u02CB")}"; try it without quotes.`;
    if (found === undefined) return 'No paper has all of these exact phrases; try fewer, or without quotes.';
  }
  return null;
}

/** Whether any paper has the phrase; undefined when `deadline` passed before that was known. */
function anyContains(corpus: Corpus, phrase: QueryPhrase, deadline: number): boolean | undefined {
  // Only papers with every indexed word of the phrase, in order, can contain it (cheap tests before the text).
  const indexed = phrase.stems.filter((s) => corpus.knows(s));
  const rarest = [...indexed].sort((a, b) => corpus.dfOf(a) - corpus.dfOf(b))[0];
  const check = phraseCheck(phrase);
  const { entries } = corpus;
  if (rarest === undefined) {
    for (let doc = 0; doc < entries.length; doc++) {
      if (doc % 256 === 0 && performance.now() >= deadline) return undefined;
      if (corpus.isLive(doc) && entries[doc]?.hasPhrase(check.all)) return true;
    }
    return false;
  }
  // The papers with its rarest word, from both (sorted) lists at once, each paper once.
  const title = corpus.postingsOf('title', rarest).docs;
  const abstract = corpus.postingsOf('abstract', rarest).docs;
  let i = 0;
  let j = 0;
  for (let visited = 0; i < title.length || j < abstract.length; visited++) {
    const a = i < title.length ? (title[i] ?? 0) : Number.MAX_SAFE_INTEGER;
    const b = j < abstract.length ? (abstract[j] ?? 0) : Number.MAX_SAFE_INTEGER;
    const doc = Math.min(a, b);
    if (a === doc) i++;
    if (b === doc) j++;
    if (visited % 256 === 0 && performance.now() >= deadline) return undefined;
    const entry = entries[doc];
    if (entry && holdsPhrase(corpus, doc, entry, check)) return true;
  }
  return false;
}
