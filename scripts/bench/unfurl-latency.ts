/**
 * How long a pasted paper link takes to unfold: `npm run bench:unfurl [-- --rounds 200]`.
 * The app in HTTP mode (Bolt's real receiver, SQLite with a real Hugging Face day ingested) against the local fake
 * Slack Web API; each round POSTs a signed link_shared event (Slack's docs payload, a fresh channel so the
 * 30-minute rule never applies) and times until chat.unfurl reaches the fake Slack. Prints p50/p95/max in ms.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ingestFile } from '../../src/ingest/ingest.ts';
import { postSigned } from '../../test/support/signed-request.ts';
import { SIGNING_SECRET, startTestApp } from '../../test/support/test-app.ts';

const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg >= 0 ? Number(process.argv[roundsArg + 1]) : 200;
const SHARED = resolve(import.meta.dirname, '../../../shared/fixtures');
const PAYLOAD = JSON.parse(readFileSync(resolve(SHARED, 'slack-payloads/slack-docs-examples/link_shared.api.slack.com.json'), 'utf8')) as Record<string, unknown> & {
  event: Record<string, unknown>;
};

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

const t = await startTestApp();
try {
  await ingestFile(t.runtime.ingestDeps, resolve(SHARED, 'hf-daily-papers/daily_papers_2025-10-03.json'));
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const ts = `1755421200.${String(i).padStart(6, '0')}`;
    const url = 'https://arxiv.org/abs/2510.00446v1';
    const body = JSON.stringify({ ...PAYLOAD, event_id: `Ev${i}`, event: { ...PAYLOAD.event, channel: `CB${i}`, message_ts: ts, links: [{ domain: 'arxiv.org', url }] } });
    const started = performance.now();
    await postSigned(t.eventsUrl, body, SIGNING_SECRET, { contentType: 'application/json' });
    for (;;) {
      if (t.slack.callsTo('chat.unfurl').some((c) => c.params.ts === ts)) break;
      await new Promise((r) => setImmediate(r));
    }
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const ms = (v: number): string => v.toFixed(1);
  process.stdout.write(
    `unfold latency, known paper (link_shared POST → chat.unfurl at the fake Slack), ${ROUNDS} rounds: ` +
      `p50 ${ms(percentile(times, 50))} ms, p95 ${ms(percentile(times, 95))} ms, max ${ms(times.at(-1) ?? NaN)} ms\n`,
  );
} finally {
  await t.stop();
}
