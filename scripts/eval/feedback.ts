/**
 * What learning from ratings is worth (issue 16), by residual-collection evaluation on the judged interests.
 *
 *   npm run eval:feedback [-- --json] [-- --learn key=value ...]
 *
 * For each judged interest (the public set ../shared/eval/qrels_public.json, then our held-out sets
 * test/search/fixtures/qrels-heldout.json and qrels-fresh.json, reported separately), a simulated channel subscribes
 * to the interest's words and gets its digests as the bot composes them (`composeDigest`: match all of the words,
 * 5 papers, never a paper sent or rated before, the learned ranking once there are ratings):
 *   digest 1 (no ratings yet) → every paper rated 👍 if judged relevant (grade ≥ 1), else 👎;
 *   digest 2 (learned from those) → rated the same way;
 *   then what it would get next: digests 3 and 4 (10 papers, learned from the 10 ratings, digest 4 without digest 3's).
 * Those 10 are scored (nDCG@10 on the judgments with the rated papers removed: the residual collection) and compared
 * with the same unrated papers in the order the topic alone gives (the first 10 of `composeDigest` without
 * preferences, the rated papers excluded). An interest whose judged papers were all rated has nothing left to find
 * and is left out of the means (shown as "–").
 * The example-seeded feed: a subscription with no words and the interest's two best judged papers as examples;
 * its first two digests (10 papers) scored the same way (the examples removed), beside the topic alone over the
 * same residual collection.
 * Beside them, `/paper <interest>` in the same channel exactly as the command runs it (`channelSearchPage`: match any,
 * the channel's ratings summed per paper by `channelSearchTaste`, re-ranked only, weighed by how related they are to
 * the query): its first 10 results without the rated papers (the residual collection), with and without the ratings.
 * And `/paper <interest>` in a channel that rated another interest's papers (the next interest of the set, its 10
 * ratings): scored on the interest's judgments without those papers, against no ratings. It should change little.
 * `--learn beta=1 --learn weight=0.5 …` overrides the learner's knobs (RankingOptions.learn) for tuning.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { channelSearchPage } from '../../src/commands/paper-command.ts';
import { composeDigest } from '../../src/digests/compose.ts';
import { channelSearchTaste, type SearchTaste } from '../../src/digests/preferences.ts';
import { loadSeedPapers } from '../../src/papers/load-seeds.ts';
import { normalizeTitle } from '../../src/papers/paper.ts';
import { gradesById, ndcgAt, type Judgments } from '../../src/search/eval-metrics.ts';
import { createPaperSearch, DEFAULT_RANKING } from '../../src/search/paper-index.ts';
import type { LearnOptions } from '../../src/search/ranking-options.ts';
import type { PaperSearch } from '../../src/search/types.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SETS: Array<{ name: string; path: string }> = [
  { name: 'public (tuned on)', path: resolve(process.env.QRELS ?? resolve(root, '../shared/eval/qrels_public.json')) },
  { name: 'held-out', path: resolve(root, 'test/search/fixtures/qrels-heldout.json') },
  { name: 'fresh (held-out, never tuned on)', path: resolve(root, 'test/search/fixtures/qrels-fresh.json') },
];
const DIGEST = 5;

interface Row {
  query: string;
  rated: { liked: number; disliked: number };
  /** nDCG@10 of the residual collection without / with feedback; null when no judged paper is left unrated. */
  without: number | null;
  withFeedback: number | null;
  /** Example-seeded feed (no words, two examples) and the topic alone over the same residual collection. */
  feed: number | null;
  feedTopic: number | null;
  /** `/paper <interest>` in the channel (re-ranked, no neighbours), the rated papers skipped: without / with. */
  searchWithout: number | null;
  searchWith: number | null;
  /** The same search in a channel that rated the next interest's papers (none of this one's): without / with. */
  crossWithout: number | null;
  crossWith: number | null;
}

/** What an interest's simulated channel rated. */
interface Rated {
  liked: string[];
  disliked: string[];
}

/** The channel's ratings as the store gives them (one person each), turned into a search's taste as the command does. */
function tasteOf(rated: Rated): SearchTaste {
  return channelSearchTaste([...rated.liked.map((paperId) => ({ paperId, value: 1 as const })), ...rated.disliked.map((paperId) => ({ paperId, value: -1 as const }))]);
}

/** `/paper <query>` as the command answers it, its first 10 results the channel has not rated. */
function searched(search: PaperSearch, query: string, taste: SearchTaste | null, skip: ReadonlySet<string>): string[] {
  return channelSearchPage(search, query, taste, 0, 10 + skip.size)
    .hits.map((hit) => hit.paper.id)
    .filter((id) => !skip.has(id))
    .slice(0, 10);
}

function learnOverrides(): Partial<LearnOptions> {
  const out: Record<string, number> = {};
  process.argv.forEach((arg, i) => {
    const next = process.argv[i + 1];
    if (arg !== '--learn' || next === undefined) return;
    const [key, value] = next.split('=');
    if (key === undefined || value === undefined || !(key in DEFAULT_RANKING.learn) || !Number.isFinite(Number(value))) {
      throw new Error(`--learn ${next}: expected one of ${Object.keys(DEFAULT_RANKING.learn).join(', ')} = a number`);
    }
    out[key] = Number(value);
  });
  return out;
}

/** The residual judgments: the rated papers removed. */
function residual(grades: ReadonlyMap<string, number>, rated: ReadonlySet<string>): Map<string, number> {
  return new Map([...grades].filter(([id]) => !rated.has(id)));
}

function hasRelevant(grades: ReadonlyMap<string, number>): boolean {
  return [...grades.values()].some((grade) => grade > 0);
}

/** The next `count` digests' papers: each composed as the bot would, the earlier ones counted as sent. */
function nextDigests(search: PaperSearch, topic: string, sent: ReadonlySet<string>, count: number, preferences?: { liked: string[]; disliked: string[]; examples?: string[] }): string[] {
  const shown = new Set(sent);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const hits = composeDigest(search, topic, shown, DIGEST, preferences ? { preferences } : {});
    for (const hit of hits) {
      out.push(hit.paper.id);
      shown.add(hit.paper.id);
    }
  }
  return out;
}

/** Digest 1 (no ratings yet) and digest 2 (learned from digest 1's), each paper rated by the judgments. */
function rateInterest(search: PaperSearch, query: string, grades: ReadonlyMap<string, number>): Rated {
  const liked: string[] = [];
  const disliked: string[] = [];
  const rate = (ids: readonly string[]): void => {
    for (const id of ids) ((grades.get(id) ?? 0) > 0 ? liked : disliked).push(id);
  };
  rate(nextDigests(search, query, new Set(), 1));
  rate(nextDigests(search, query, new Set([...liked, ...disliked]), 1, { liked, disliked }));
  return { liked, disliked };
}

function evaluateInterest(search: PaperSearch, query: string, grades: ReadonlyMap<string, number>, own: Rated, other: Rated | null): Row {
  const { liked, disliked } = own;
  const rated = new Set([...liked, ...disliked]);
  const left = residual(grades, rated);
  const learned = nextDigests(search, query, rated, 2, { liked, disliked });
  const plain = composeDigest(search, query, rated, 2 * DIGEST).map((hit) => hit.paper.id);
  const scored = hasRelevant(left);
  const otherRated = new Set([...(other?.liked ?? []), ...(other?.disliked ?? [])]);
  const crossLeft = residual(grades, otherRated);
  const crossScored = other !== null && hasRelevant(crossLeft);

  // The feed: the two best judged papers as examples, no words.
  const examples = [...grades].filter(([, grade]) => grade > 0).sort((a, b) => b[1] - a[1]).slice(0, 2).map(([id]) => id);
  const feedLeft = residual(grades, new Set(examples));
  const feedScored = examples.length === 2 && hasRelevant(feedLeft);
  const feed = nextDigests(search, '', new Set(examples), 2, { liked: [], disliked: [], examples });
  const feedTopic = composeDigest(search, query, new Set(examples), 2 * DIGEST).map((hit) => hit.paper.id);
  return {
    query,
    rated: { liked: liked.length, disliked: disliked.length },
    without: scored ? ndcgAt(plain, left, 10) : null,
    withFeedback: scored ? ndcgAt(learned, left, 10) : null,
    feed: feedScored ? ndcgAt(feed, feedLeft, 10) : null,
    feedTopic: feedScored ? ndcgAt(feedTopic, feedLeft, 10) : null,
    searchWithout: scored ? ndcgAt(searched(search, query, null, rated), left, 10) : null,
    searchWith: scored ? ndcgAt(searched(search, query, tasteOf({ liked, disliked }), rated), left, 10) : null,
    crossWithout: crossScored ? ndcgAt(searched(search, query, null, otherRated), crossLeft, 10) : null,
    crossWith: crossScored && other ? ndcgAt(searched(search, query, tasteOf(other), otherRated), crossLeft, 10) : null,
  };
}

function mean(values: ReadonlyArray<number | null>): number | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0) / known.length;
}

function printSet(name: string, rows: readonly Row[]): void {
  const f = (value: number | null): string => (value === null ? '–' : value.toFixed(3)).padStart(8);
  const d = (a: number | null, b: number | null): string => (a === null || b === null ? '–' : `${b - a >= 0 ? '+' : ''}${(b - a).toFixed(3)}`).padStart(8);
  console.log(`${name}: ${rows.length} interests`);
  console.log(
    `${'interest'.padEnd(42)} ${'👍/👎'.padStart(6)} ${'none'.padStart(8)} ${'learned'.padStart(8)} ${'change'.padStart(8)} | ${'feed'.padStart(8)} ${'topic'.padStart(8)} | ${'search'.padStart(8)} ${'learned'.padStart(8)} | ${'other'.padStart(8)} ${'learned'.padStart(8)}`,
  );
  for (const row of rows) {
    console.log(
      `${row.query.slice(0, 42).padEnd(42)} ${`${row.rated.liked}/${row.rated.disliked}`.padStart(6)} ${f(row.without)} ${f(row.withFeedback)} ${d(row.without, row.withFeedback)} | ${f(row.feed)} ${f(row.feedTopic)} | ${f(row.searchWithout)} ${f(row.searchWith)} | ${f(row.crossWithout)} ${f(row.crossWith)}`,
    );
  }
  const scored = rows.filter((row) => row.without !== null && row.withFeedback !== null);
  const worse = scored.filter((row) => (row.withFeedback ?? 0) < (row.without ?? 0) - 1e-9).length;
  const without = mean(rows.map((row) => row.without));
  const withFeedback = mean(rows.map((row) => row.withFeedback));
  console.log(
    `${'MEAN'.padEnd(42)} ${''.padStart(6)} ${f(without)} ${f(withFeedback)} ${d(without, withFeedback)} | ${f(mean(rows.map((row) => row.feed)))} ${f(mean(rows.map((row) => row.feedTopic)))} | ${f(mean(rows.map((row) => row.searchWithout)))} ${f(mean(rows.map((row) => row.searchWith)))} | ${f(mean(rows.map((row) => row.crossWithout)))} ${f(mean(rows.map((row) => row.crossWith)))}`,
  );
  const searchWorse = scored.filter((row) => (row.searchWith ?? 0) < (row.searchWithout ?? 0) - 1e-9).length;
  const searchBetter = scored.filter((row) => (row.searchWith ?? 0) > (row.searchWithout ?? 0) + 1e-9).length;
  const cross = rows.filter((row) => row.crossWithout !== null && row.crossWith !== null);
  const crossWorse = cross.filter((row) => (row.crossWith ?? 0) < (row.crossWithout ?? 0) - 1e-9).length;
  console.log(
    `digests: feedback worse than none on ${worse} of ${scored.length} scored interests; /paper: better on ${searchBetter}, worse on ${searchWorse}; /paper with another interest's ratings: worse on ${crossWorse} of ${cross.length}\n`,
  );
}

async function main(): Promise<void> {
  const { papers } = await loadSeedPapers(resolve(process.env.SEEDS_DIR ?? resolve(root, 'seeds')));
  const learn = { ...DEFAULT_RANKING.learn, ...learnOverrides() };
  const search = createPaperSearch(papers, { learn });
  const results: Array<{ name: string; rows: Row[] }> = [];
  for (const set of SETS) {
    if (!existsSync(set.path)) continue;
    const judgments = JSON.parse(await readFile(set.path, 'utf8')) as Judgments;
    const { grades } = gradesById(judgments, papers, normalizeTitle);
    const interests = [...grades];
    const rated = interests.map(([query, byId]) => rateInterest(search, query, byId));
    results.push({
      name: set.name,
      rows: interests.map(([query, byId], i) => evaluateInterest(search, query, byId, rated[i] ?? { liked: [], disliked: [] }, interests.length > 1 ? (rated[(i + 1) % interests.length] ?? null) : null)),
    });
  }
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ papers: papers.length, learn, sets: results }, null, 2));
    return;
  }
  console.log(`${papers.length} seed papers; digests of ${DIGEST}; learner ${JSON.stringify(learn)}\n`);
  for (const set of results) printSet(set.name, set.rows);
}

await main();
