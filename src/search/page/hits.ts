/**
 * Page: ranked matches as hits, each with a snippet of its abstract made when first read (digests page through many
 * hits and read none), marking the query's words, their expansions and its phrases.
 */
import type { QueryConcept } from '../plan/concepts.ts';
import type { ParsedQuery } from '../query.ts';
import type { Corpus } from '../retrieve/corpus.ts';
import type { Ranked } from '../score/order.ts';
import type { SearchHit, Snippet } from '../types.ts';
import { makeSnippet, SNIPPET_CHARS, type SnippetQuery } from './snippet.ts';

/** What a query's snippets mark: its single-stem alternatives, its phrases and its multi-word expansions. */
export function snippetQueryOf(parsed: ParsedQuery, concepts: readonly QueryConcept[]): SnippetQuery {
  const stems = new Set<string>();
  const phrases: string[][] = parsed.phrases.map((phrase) => phrase.stems);
  for (const concept of concepts) {
    for (const alternative of concept.alternatives) {
      const only = alternative.length === 1 ? alternative[0] : undefined;
      if (only !== undefined) stems.add(only);
    }
    phrases.push(...concept.highlightPhrases);
  }
  return { stems, phrases };
}

/** A hit whose snippet is made when first read (from the abstract analysed then; the analysis is not kept). */
export function hitOf(corpus: Corpus, item: Ranked, snippetQuery: SnippetQuery): SearchHit {
  const entry = corpus.entries[item.doc];
  if (!entry) throw new Error(`no paper at ${item.doc}`);
  let snippet: Snippet | undefined;
  const hit = { paper: entry.paper, score: item.score } as SearchHit;
  Object.defineProperty(hit, 'snippet', {
    enumerable: true,
    configurable: true,
    get: (): Snippet => (snippet ??= makeSnippet(entry.paper.abstract, snippetQuery, SNIPPET_CHARS)),
    set: (value: Snippet): void => {
      snippet = value;
    },
  });
  return hit;
}
