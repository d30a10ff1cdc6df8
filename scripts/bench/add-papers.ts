/**
 * Papers added to a served corpus (issue 5: "100 new papers searchable within 5 s while commands keep being
 * answered"): `tsx scripts/bench/add-papers.ts <seedsDir> [count]`.
 * Opens the runtime as the app does (SQLite file, index cache), loads the corpus and lets the warm-up finish, then
 * stores `count` new papers (default 100) and refreshes the index, as a scheduled ingest does, while a timer asks a
 * search every 5 ms. Prints JSON: ms from the store write to every new paper being searchable, how it was indexed,
 * the longest event-loop gap meanwhile, and the searches answered during the refresh.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { createLogger, LogLevel } from '../../src/logger.ts';
import { toPaperInput } from '../../src/papers/corpus-merge.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { openRuntime } from '../../src/runtime.ts';
import { paper } from '../../test/search/fixtures.ts';

const [seedsDir = 'seeds', countArg = '100'] = process.argv.slice(2);
const count = Number(countArg);
const work = mkdtempSync(join(tmpdir(), 'paper-bench-add-'));
const lines: string[] = [];
const logger = createLogger({ level: LogLevel.INFO, write: (line) => lines.push(line) });
const runtime = await openRuntime(
  loadConfig({ DATABASE_URL: `sqlite:${join(work, 'bench.sqlite')}`, SEEDS_DIR: seedsDir, INDEX_CACHE_DIR: join(work, 'cache') }),
  logger,
);
await runtime.loadIndex();
await runtime.searchState.warmed;

const added: Paper[] = Array.from({ length: count }, (_, i) =>
  paper(
    `Benchmark addition ${i}: sparse attention for benchaddword${i}`,
    `We add paper ${i} on sparse attention and long-context models, keyword benchaddword${i}.`,
  ),
);

const queries = ['sparse attention', 'speech recognition', 'mixture of experts', 'kv cache', 'diffusion video'];
let answered = 0;
let maxGap = 0;
let last = performance.now();
const timer = setInterval(() => {
  const now = performance.now();
  maxGap = Math.max(maxGap, now - last);
  last = now;
  runtime.searchState.current?.search(queries[answered % queries.length] ?? 'attention');
  answered++;
}, 5);

await runtime.store.upsertPapers(added.map(toPaperInput));
const started = performance.now();
last = started;
answered = 0;
await runtime.refreshIndex();
const search = runtime.searchState.current;
const missing = added.filter((_, i) => search?.search(`benchaddword${i}`).total !== 1).length;
const searchableMs = performance.now() - started;
// One more tick, so a refresh that never yielded counts as one long gap.
await new Promise((resolve) => setTimeout(resolve, 10));
clearInterval(timer);
await runtime.close();
const layout = lines.findLast((line) => /indexed \d+ papers/.test(line)) ?? '';
process.stdout.write(
  `${JSON.stringify({
    added: count,
    searchableMs: Math.round(searchableMs),
    missing,
    recentIndex: /in the recent index/.test(layout),
    maxEventLoopGapMs: Math.round(maxGap),
    searchesDuring: answered,
  })}\n`,
);
