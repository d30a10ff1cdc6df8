/**
 * "Similar papers" (more like this): a paper's most distinctive words (tf with the title weighted, × idf, over words
 * other papers share) asked of the abstracts of every other paper, with their weights as boosts.
 */
import { hitOf } from './page/hits.ts';
import type { SnippetQuery } from './page/snippet.ts';
import { clampInt, DEFAULT_LIMIT, MAX_LIMIT, type RankingOptions } from './ranking-options.ts';
import type { Corpus } from './retrieve/corpus.ts';
import type { ScoreAccumulator } from './score/accumulator.ts';
import { best, tieBreakOf, type Ranked } from './score/order.ts';
import { isContentStem } from './tables/paper-text.ts';
import type { SearchHit } from './types.ts';

/** Distinctive words taken from the paper. */
const SIMILAR_TERMS = 20;
/** Of those, the ones its snippets mark. */
const MARKED_TERMS = 8;

/** A paper's most distinctive words: tf (title weighted) × idf, over words other papers share. */
function distinctiveTerms(corpus: Corpus, ranking: RankingOptions, doc: number, count: number): Array<{ stem: string; weight: number }> {
  const entry = corpus.entries[doc];
  if (!entry) return [];
  const { titleWeight } = ranking.bm25;
  const maxDf = Math.max(2, Math.floor(corpus.liveCount * 0.5));
  const scored: Array<{ stem: string; weight: number }> = [];
  const counts = entry.termCounts();
  for (const s of counts.stems) {
    const df = corpus.dfOf(s);
    if (!isContentStem(s) || df < 2 || df > maxDf) continue;
    const tf = titleWeight * (counts.title.get(s) ?? 0) + (counts.abstract.get(s) ?? 0);
    scored.push({ stem: s, weight: (1 + Math.log(tf)) * corpus.idf(s) });
  }
  scored.sort((a, b) => b.weight - a.weight || a.stem.localeCompare(b.stem));
  const chosen = scored.slice(0, count);
  const max = chosen[0]?.weight ?? 0;
  return max > 0 ? chosen.map((term) => ({ stem: term.stem, weight: term.weight / max })) : [];
}

export function similarPapers(
  context: { corpus: Corpus; ranking: RankingOptions; accumulator: ScoreAccumulator },
  id: string,
  limit: number,
): SearchHit[] {
  const { corpus, ranking, accumulator } = context;
  const doc = corpus.byId.get(id);
  if (doc === undefined) return [];
  const count = clampInt(limit, 1, MAX_LIMIT, DEFAULT_LIMIT);
  const terms = distinctiveTerms(corpus, ranking, doc, SIMILAR_TERMS);
  if (terms.length === 0) return [];
  // Asked of the abstracts only: with lunr's title boost one shared rare title word (a name) outweighs the topic.
  const boosts = new Map(terms.map((term) => [term.stem, term.weight]));
  const touched = accumulator.accumulate(boosts, accumulator.scores, ['abstract']);
  const ranked: Ranked[] = [];
  for (let i = 0; i < touched; i++) {
    const other = accumulator.touched[i] ?? 0;
    if (other !== doc) ranked.push({ doc: other, score: accumulator.scores[other] ?? 0, matched: 0, tier: 0 });
  }
  accumulator.reset(touched);
  const topItems = best(ranked, count, (item) => item.score, tieBreakOf((d) => corpus.paper(d)));
  // Mark the shared words that matter most, not all twenty.
  const snippetQuery: SnippetQuery = { stems: new Set(terms.slice(0, MARKED_TERMS).map((term) => term.stem)) };
  return topItems.map((item) => hitOf(corpus, item, snippetQuery));
}
