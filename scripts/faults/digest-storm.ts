/**
 * `npm run eval:faults [-- --seed N --digests N --teams N]`: many digests due at one minute against a faulty
 * Slack, through the production pieces: the app's runtime (SQLite, seeds, search index, DigestPacing), the
 * digest scheduler ticking every minute, SlackDigestPoster with the production digest client options
 * (SLACK_API_TIMEOUT_MS), and a local stand-in for Slack (test/support/fake-slack.ts) that answers every call
 * after 20-250 ms, with 10% 429 (Retry-After: 1) and 5% 500, and takes one post without ever answering it.
 *
 * The simulated clock is real time shifted so that the scheduler's first tick falls on the minute the digests
 * are due. Prints posted / doubled / lost (from what the channels show) and the seconds from that minute to
 * the last post; the target is every digest exactly once, the last within 90 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config.ts';
import { startDigestScheduler } from '../../src/digests/scheduler.ts';
import { createLogger, LogLevel } from '../../src/logger.ts';
import { openRuntime } from '../../src/runtime.ts';
import { createSlackClients } from '../../src/slack/oauth/slack-clients.ts';
import { DIGEST_EVENT_TYPE, SlackDigestPoster } from '../../src/slack/digest-poster.ts';
import { FakeSlack, type FakeAnswer, type RecordedCall } from '../../test/support/fake-slack.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    digests: { type: 'string', default: '100' },
    teams: { type: 'string', default: '10' },
    'timeout-ms': { type: 'string', default: '10000' },
  },
});
const seed = Number(values.seed);
const digestCount = Number(values.digests);
const teamCount = Number(values.teams);
const TIMEOUT_MS = Number(values['timeout-ms']);
const GIVE_UP_S = 170;

/** mulberry32: the same faults for the same seed. */
function random(seedValue: number): () => number {
  let a = seedValue >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(seed);

// --- the simulated clock: the first tick (at second `tickSecond` of the next minute) is the minute ----------
const startReal = Date.now();
const tickSecond = (new Date(startReal).getUTCSeconds() + 3) % 60;
const firstTickReal = (() => {
  const at = new Date(startReal);
  at.setUTCSeconds(tickSecond, 0);
  if (at.getTime() <= startReal + 1000) at.setTime(at.getTime() + 60_000);
  return at.getTime();
})();
const minute = new Date(Date.UTC(2026, 5, 1, 9, 0, 0));
const offset = minute.getTime() - firstTickReal;
const clock = (): Date => new Date(Date.now() + offset);

// --- Slack: channels that show what was accepted, every call slow and sometimes refused ---------------------
interface Shown {
  channel: string;
  ts: string;
  deliveryId: string;
  paperIds: string;
  at: Date;
}
const shown: Shown[] = [];
const injected = { calls: 0, rateLimited: 0, serverErrors: 0, unanswered: 0 };
let counter = 0;
const hungChannel = `C${String(Math.floor(rand() * digestCount)).padStart(3, '0')}`;

function fault(): FakeAnswer | undefined {
  const roll = rand();
  if (roll < 0.1) {
    injected.rateLimited += 1;
    return { status: 429, headers: { 'Retry-After': '1' }, body: { ok: false, error: 'ratelimited' } };
  }
  if (roll < 0.15) {
    injected.serverErrors += 1;
    return { status: 500, body: { ok: false, error: 'internal_error' } };
  }
  return undefined;
}

const latency = (): number => 20 + Math.floor(rand() * 231);

function post(call: RecordedCall): FakeAnswer {
  injected.calls += 1;
  const delayMs = latency();
  const refused = fault();
  if (refused) return { ...refused, delayMs };
  const channel = String(call.params.channel);
  const metadata = call.params.metadata as { event_type?: unknown; event_payload?: Record<string, unknown> } | undefined;
  if (metadata?.event_type !== DIGEST_EVENT_TYPE) throw new Error('a digest without its metadata');
  counter += 1;
  const now = clock();
  const ts = `${Math.floor(now.getTime() / 1000)}.${String(counter).padStart(6, '0')}`;
  shown.push({ channel, ts, deliveryId: String(metadata.event_payload?.delivery_id), paperIds: String(metadata.event_payload?.paper_ids ?? ''), at: now });
  if (channel === hungChannel && injected.unanswered === 0) {
    injected.unanswered += 1;
    return { hang: true };
  }
  return { delayMs, body: { ok: true, channel, ts } };
}

function history(call: RecordedCall): FakeAnswer {
  injected.calls += 1;
  const delayMs = latency();
  const refused = fault();
  if (refused) return { ...refused, delayMs };
  const channel = String(call.params.channel);
  const oldest = Number(call.params.oldest ?? 0);
  const messages = shown
    .filter((m) => m.channel === channel && Number(m.ts) > oldest)
    .reverse()
    .map((m) => ({ type: 'message', ts: m.ts, metadata: { event_type: DIGEST_EVENT_TYPE, event_payload: { delivery_id: m.deliveryId, paper_ids: m.paperIds } } }));
  return { delayMs, body: { ok: true, messages, has_more: false } };
}

const slack = await new FakeSlack().start();
slack.respondTo('chat.postMessage', post);
slack.respondTo('conversations.history', history);

// --- the app's pieces -----------------------------------------------------------------------------------------
const dir = mkdtempSync(join(tmpdir(), 'paper-digest-storm-'));
const config = loadConfig({
  DATABASE_URL: `sqlite:${join(dir, 'storm.sqlite')}`,
  SEEDS_DIR: 'seeds',
  INDEX_CACHE_DIR: 'off',
  SLACK_BOT_TOKEN: 'xoxb-storm',
  SLACK_SIGNING_SECRET: 'storm-signing-secret',
  SLACK_API_URL: slack.apiUrl,
  SLACK_API_TIMEOUT_MS: String(TIMEOUT_MS),
});
const logger = createLogger({ level: LogLevel.ERROR });
const runtime = await openRuntime(config, logger, { clock });
await runtime.loadIndex();
const clients = createSlackClients(config, runtime.store, logger, clock);
const poster = new SlackDigestPoster((teamId) => clients.digests.clientFor(teamId));

const topics = ['speech recognition', 'sparse attention', 'diffusion'];
const subscriptionIds: number[] = [];
for (let i = 0; i < digestCount; i++) {
  const { subscription } = await runtime.store.upsertSubscription({
    teamId: `T${i % teamCount}`,
    channelId: `C${String(i).padStart(3, '0')}`,
    topic: topics[i % topics.length] ?? 'attention',
    createdBy: 'U1',
    time: '09:00',
    timezone: 'UTC',
    cadence: 'daily',
    now: new Date(minute.getTime() - 60 * 60_000),
  });
  subscriptionIds.push(subscription.id);
}

process.stderr.write(
  `seed ${seed}: ${digestCount} digests in ${teamCount} workspaces due at ${minute.toISOString()}; first tick in ${Math.round((firstTickReal - Date.now()) / 1000)} s\n`,
);
const scheduler = startDigestScheduler(runtime.runnerDeps(poster), { logger, clock, cron: `${tickSecond} * * * * *` });

// Settled: every run posted (or given up); the channels are then the truth.
const settled = async (): Promise<boolean> => {
  for (const id of subscriptionIds) {
    const run = await runtime.store.getDigestRun(id, '2026-06-01');
    if (!run || run.status === 'claimed' || (run.status === 'failed' && run.nextAttemptAt !== null)) return false;
  }
  return true;
};
const deadline = firstTickReal + GIVE_UP_S * 1000;
while (Date.now() < deadline && !(Date.now() > firstTickReal && (await settled()))) {
  await new Promise((resolve) => setTimeout(resolve, 500));
}
await scheduler.stop({ abortAfterMs: 1000 });

const perChannel = new Map<string, number>();
for (const m of shown) perChannel.set(m.channel, (perChannel.get(m.channel) ?? 0) + 1);
const channels = subscriptionIds.map((_, i) => `C${String(i).padStart(3, '0')}`);
const posted = channels.filter((c) => (perChannel.get(c) ?? 0) >= 1).length;
const doubled = channels.filter((c) => (perChannel.get(c) ?? 0) > 1).length;
const lost = channels.filter((c) => (perChannel.get(c) ?? 0) === 0).length;
let recorded = 0;
for (const id of subscriptionIds) {
  const run = await runtime.store.getDigestRun(id, '2026-06-01');
  if (run?.status === 'posted' && shown.some((m) => m.ts === run.messageTs)) recorded += 1;
}
const last = shown.reduce((max, m) => Math.max(max, m.at.getTime()), minute.getTime());
const result = {
  seed,
  digests: digestCount,
  posted,
  doubled,
  lost,
  recorded,
  lastPostAfterMinuteS: Number(((last - minute.getTime()) / 1000).toFixed(1)),
  slackCalls: injected.calls,
  injected429: injected.rateLimited,
  injected500: injected.serverErrors,
  acceptedButUnanswered: injected.unanswered,
};
process.stdout.write(`${JSON.stringify(result)}\n`);

await runtime.close();
await slack.stop();
rmSync(dir, { recursive: true, force: true });
process.exitCode = posted === digestCount && doubled === 0 && lost === 0 && recorded === digestCount && result.lastPostAfterMinuteS <= 90 ? 0 : 1;
