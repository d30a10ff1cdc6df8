/**
 * How long a pasted paper link takes to unfold: `npm run bench:unfurl [-- --rounds 200]`.
 * The app in HTTP mode (Bolt's real receiver, SQLite with a real Hugging Face day ingested) against the local fake
 * Slack Web API; each round POSTs a signed link_shared event (Slack's docs payload, a fresh channel so the
 * 30-minute rule never applies) and times until chat.unfurl reaches the fake Slack. Prints p50/p95/max in ms.
 * Then, with the seed corpus loaded as at a start, papers the corpus lacks (`--fetched-rounds`, default 100): each
 * round a new arXiv id, answered by the Hugging Face fixture server with a real record shape, looked up, stored,
 * indexed (the live extension) and unfolded.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ingestFile } from '../../src/ingest/ingest.ts';
import { HfFixture } from '../../test/ingest/hf-fixture.ts';
import { postSigned } from '../../test/support/signed-request.ts';
import { SIGNING_SECRET, startTestApp } from '../../test/support/test-app.ts';

const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg >= 0 ? Number(process.argv[roundsArg + 1]) : 200;
const SHARED = resolve(import.meta.dirname, '../../../shared/fixtures');
const PAYLOAD = JSON.parse(readFileSync(resolve(SHARED, 'slack-payloads/slack-docs-examples/link_shared.api.slack.com.json'), 'utf8')) as Record<string, unknown> & {
  event: Record<string, unknown>;
};

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

const fetchedArg = process.argv.indexOf('--fetched-rounds');
const FETCHED_ROUNDS = fetchedArg >= 0 ? Number(process.argv[fetchedArg + 1]) : 100;
const DAY_ITEMS = JSON.parse(readFileSync(resolve(SHARED, 'hf-daily-papers/daily_papers_2025-10-03.json'), 'utf8')) as Array<{ paper: Record<string, unknown> }>;

/** A signed link_shared for `url` in a fresh channel; resolves with the ms until chat.unfurl reached the fake Slack. */
async function timeUnfold(t: Awaited<ReturnType<typeof startTestApp>>, round: string, url: string): Promise<number> {
  const ts = `1755421200.${round}`;
  const body = JSON.stringify({ ...PAYLOAD, event_id: `Ev${round}`, event: { ...PAYLOAD.event, channel: `CB${round}`, message_ts: ts, links: [{ domain: new URL(url).hostname, url }] } });
  const started = performance.now();
  await postSigned(t.eventsUrl, body, SIGNING_SECRET, { contentType: 'application/json' });
  for (;;) {
    if (t.slack.callsTo('chat.unfurl').some((c) => c.params.ts === ts)) break;
    await new Promise((r) => setImmediate(r));
  }
  return performance.now() - started;
}

const report = (label: string, times: number[]): void => {
  times.sort((a, b) => a - b);
  const ms = (v: number): string => v.toFixed(1);
  process.stdout.write(`${label}, ${times.length} rounds: p50 ${ms(percentile(times, 50))} ms, p95 ${ms(percentile(times, 95))} ms, max ${ms(times.at(-1) ?? NaN)} ms\n`);
};

const hf = await new HfFixture().start();
// Every id is a paper: a real record of the fixture day under a new id and title (so each is a new paper).
hf.paperFallback = (arxivId) => {
  const n = Number(arxivId.slice(5));
  const record = DAY_ITEMS[n % DAY_ITEMS.length]?.paper ?? {};
  return { json: { ...record, id: arxivId, title: `${String(record.title)} (fetched ${n})` } };
};
const t = await startTestApp({ env: { HF_API_URL: hf.base } });
try {
  await ingestFile(t.runtime.ingestDeps, resolve(SHARED, 'hf-daily-papers/daily_papers_2025-10-03.json'));
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) times.push(await timeUnfold(t, String(i).padStart(6, '0'), 'https://arxiv.org/abs/2510.00446v1'));
  report('unfold latency, known paper (link_shared POST → chat.unfurl at the fake Slack)', times);

  const seeded = await t.runtime.loadIndex();
  const fetched: number[] = [];
  for (let i = 0; i < FETCHED_ROUNDS; i++) {
    fetched.push(await timeUnfold(t, `9${String(i).padStart(5, '0')}`, `https://arxiv.org/abs/2611.${String(10000 + i)}`));
  }
  report(
    `unfold latency, paper fetched from the HF fixture server (looked up, stored, indexed, unfolded; ${t.runtime.searchState.current?.size ?? 0} papers indexed at the end, seeds ${seeded.files.length} files)`,
    fetched,
  );
} finally {
  await t.stop();
  await hf.stop();
}
