/**
 * Shared pieces of the digest runner tests: a Slack workspace simulated on top of FakeSlack (channels
 * with a visible history, the bot kicked out of a channel, a revoked token), the real SlackDigestPoster
 * talking to it, and runner deps with an injected clock.
 */
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, expect } from 'vitest';
import { LogLevel as SlackLogLevel } from '@slack/logger';
import { DEFAULT_CATCH_UP_MS, runDueDigests, type DigestRunnerDeps, type DigestTickReport } from '../../src/digests/runner.ts';
import { createLogger, LogLevel } from '../../src/logger.ts';
import { SearchState } from '../../src/search/search-state.ts';
import { digestClientOptions } from '../../src/slack/client-options.ts';
import { DIGEST_EVENT_TYPE, SlackDigestPoster } from '../../src/slack/digest-poster.ts';
import { openStore, type OpenStoreOptions, type Store, type Subscription } from '../../src/store/index.ts';
import { FakeSlack, type FakeAnswer, type RecordedCall } from '../support/fake-slack.ts';
import { seedPaperSearch, tempSqliteUrl } from '../support/test-app.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A message as the channel shows it: what a user would see (and what conversations.history returns). */
export interface VisibleMessage {
  teamId: string;
  channel: string;
  ts: string;
  text: string;
  deliveryId: string;
  paperIds: string[];
  /** The simulated clock when Slack accepted the post. */
  postedAt: Date;
}

/**
 * Slack as the channels see it. Every accepted chat.postMessage becomes a visible message (ts minted
 * from the simulated clock), conversations.history returns them with their metadata; channels the bot
 * was removed from and teams whose token was revoked answer with Slack's errors. One-off failures
 * (429, 500) are scripted with `fake.answerNext`, which FakeSlack answers before these responders.
 */
export class SlackWorld {
  readonly messages: VisibleMessage[] = [];
  /** Attempts that Slack refused because of the channel/team state (not scripted one-offs). */
  readonly refused: Array<{ method: string; channel: string; error: string; at: Date }> = [];
  now = new Date(0);
  historyAnswer: ((call: RecordedCall) => FakeAnswer | undefined) | null = null;
  /** Answers a post before the world does (a 429, a 500: nothing posted), when it returns an answer. */
  postAnswer: ((call: RecordedCall) => FakeAnswer | undefined) | null = null;
  /** Channels whose next post is accepted (visible) but never answered. */
  readonly acceptThenHang = new Set<string>();
  /** What people wrote in the channels (no metadata): in the history, not among the digests `in()` returns. */
  readonly chatter: Array<{ channel: string; ts: string; text: string }> = [];
  readonly #channelErrors = new Map<string, string>();
  readonly #teamErrors = new Map<string, string>();
  #counter = 0;

  constructor(readonly fake: FakeSlack) {
    fake.respondTo('chat.postMessage', (call) => this.#post(call));
    fake.respondTo('conversations.history', (call) => this.historyAnswer?.(call) ?? this.#history(call));
  }

  /** The bot can no longer post in `channel` (`not_in_channel`, `is_archived`, `channel_not_found`). */
  breakChannel(channel: string, error: string): void {
    this.#channelErrors.set(channel, error);
  }

  /** Every call with `teamId`'s token fails with `error` (`token_revoked`, `invalid_auth`, …). */
  breakTeam(teamId: string, error: string): void {
    this.#teamErrors.set(teamId, error);
  }

  /** `count` people's messages in `channel`, at the current simulated time. */
  say(channel: string, count: number): void {
    for (let i = 0; i < count; i++) {
      this.#counter += 1;
      this.chatter.push({ channel, ts: `${Math.floor(this.now.getTime() / 1000)}.${String(this.#counter).padStart(6, '0')}`, text: `message ${this.#counter}` });
    }
  }

  in(channel: string): VisibleMessage[] {
    return this.messages.filter((message) => message.channel === channel);
  }

  /** Every chat.postMessage that reached Slack for `channel`, accepted or not. */
  postAttempts(channel: string): RecordedCall[] {
    return this.fake.callsTo('chat.postMessage').filter((call) => call.params.channel === channel);
  }

  #teamOf(call: RecordedCall): string {
    const match = /^Bearer xoxb-(.+)$/.exec(call.authorization ?? '');
    if (!match?.[1]) throw new Error(`unexpected authorization ${String(call.authorization)}`);
    return match[1];
  }

  #refuse(call: RecordedCall, channel: string): FakeAnswer | undefined {
    const error = this.#teamErrors.get(this.#teamOf(call)) ?? this.#channelErrors.get(channel);
    if (error === undefined) return undefined;
    this.refused.push({ method: call.method, channel, error, at: this.now });
    return { body: { ok: false, error } };
  }

  #post(call: RecordedCall): FakeAnswer {
    const channel = String(call.params.channel);
    const refused = this.#refuse(call, channel);
    if (refused) return refused;
    const scripted = this.postAnswer?.(call);
    if (scripted) return scripted;
    const answer = this.#accept(call, channel);
    // Slack took the message and never answered (the post is in the channel; the poster's request times out).
    if (this.acceptThenHang.delete(channel)) return { hang: true };
    return answer;
  }

  #accept(call: RecordedCall, channel: string): FakeAnswer {
    const metadata = call.params.metadata as { event_type?: unknown; event_payload?: Record<string, unknown> } | undefined;
    if (metadata?.event_type !== DIGEST_EVENT_TYPE) throw new Error(`digest posted without its metadata: ${JSON.stringify(metadata)}`);
    const payload = metadata.event_payload ?? {};
    this.#counter += 1;
    const ts = `${Math.floor(this.now.getTime() / 1000)}.${String(this.#counter).padStart(6, '0')}`;
    this.messages.push({
      teamId: this.#teamOf(call),
      channel,
      ts,
      text: String(call.params.text),
      deliveryId: String(payload.delivery_id),
      paperIds: String(payload.paper_ids ?? '').split(' ').filter(Boolean),
      postedAt: this.now,
    });
    return { body: { ok: true, channel, ts } };
  }

  #history(call: RecordedCall): FakeAnswer {
    const channel = String(call.params.channel);
    const refused = this.#refuse(call, channel);
    if (refused) return refused;
    const oldest = Number(call.params.oldest ?? 0);
    const withMetadata = String(call.params.include_all_metadata) === 'true';
    const digests = this.in(channel).map((message) => ({
      type: 'message',
      ts: message.ts,
      text: message.text,
      bot_id: 'BBOT',
      ...(withMetadata
        ? {
            metadata: {
              event_type: DIGEST_EVENT_TYPE,
              event_payload: { delivery_id: message.deliveryId, paper_ids: message.paperIds.join(' ') },
            },
          }
        : {}),
    }));
    const said = this.chatter.filter((message) => message.channel === channel).map((message) => ({ type: 'message', ts: message.ts, text: message.text, user: 'U2' }));
    // Like Slack: newest first, `limit` (100 by default) a page, the next page behind `cursor`.
    const all = [...digests, ...said].filter((message) => Number(message.ts) > oldest).sort((a, b) => Number(b.ts) - Number(a.ts));
    const limit = Number(call.params.limit ?? 100);
    const start = Number(call.params.cursor ?? 0);
    const messages = all.slice(start, start + limit);
    const hasMore = start + limit < all.length;
    return { body: { ok: true, messages, has_more: hasMore, response_metadata: { next_cursor: hasMore ? String(start + limit) : '' } } };
  }
}

/**
 * The production poster, one Web API client per team (token `xoxb-<team>`), against the fake Slack. With
 * `timeoutMs`: the production digest client options (src/slack/client-options.ts) with that timeout.
 */
export function slackPoster(fake: FakeSlack, options: { timeoutMs?: number } = {}): SlackDigestPoster {
  const clients = new Map<string, webApi.WebClient>();
  const quiet = createLogger({ level: LogLevel.ERROR, write: () => undefined });
  return new SlackDigestPoster((teamId) => {
    let client = clients.get(teamId);
    if (!client) {
      client = new webApi.WebClient(
        `xoxb-${teamId}`,
        options.timeoutMs === undefined
          ? { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logLevel: SlackLogLevel.ERROR }
          : digestClientOptions({ apiUrl: fake.apiUrl, timeoutMs: options.timeoutMs, logger: quiet }),
      );
      clients.set(teamId, client);
    }
    return client;
  });
}

export async function readySearch(): Promise<SearchState> {
  const state = new SearchState();
  state.swap(await seedPaperSearch());
  return state;
}

export interface RunnerSetup {
  deps: DigestRunnerDeps;
  logs: string[];
}

export function runnerDeps(options: {
  store: Store;
  searchState: SearchState;
  poster: DigestRunnerDeps['poster'];
  instanceId: string;
  digestSize?: number;
  logs?: string[];
}): RunnerSetup {
  const logs = options.logs ?? [];
  return {
    logs,
    deps: {
      store: options.store,
      searchState: options.searchState,
      poster: options.poster,
      logger: createLogger({ level: LogLevel.DEBUG, write: (line) => logs.push(line) }),
      instanceId: options.instanceId,
      digestSize: options.digestSize ?? 3,
      catchUpMs: DEFAULT_CATCH_UP_MS,
    },
  };
}

/** One scheduler tick at `now`, with Slack's clock set to it. */
export async function tick(world: SlackWorld, deps: DigestRunnerDeps, now: Date): Promise<DigestTickReport> {
  world.now = now;
  return runDueDigests(deps, now);
}

export const utc = (iso: string): Date => new Date(iso);

/** A daily digest on `topic` ('speech recognition') at `time` (09:00) UTC in `teamId` (T1)'s channel, made by U1 at `now`. */
export async function subscribeDaily(
  store: Store,
  sub: { channelId: string; now: Date; teamId?: string; topic?: string; time?: string },
): Promise<Subscription> {
  const { teamId = 'T1', channelId, topic = 'speech recognition', time = '09:00', now } = sub;
  return (await store.upsertSubscription({ teamId, channelId, topic, createdBy: 'U1', time, timezone: 'UTC', cadence: 'daily', now })).subscription;
}

export interface TickOutcome {
  subscriptionId: number;
  /** The `now` of the tick that produced it. */
  at: string;
  digestDate: string;
  outcome: string;
  detail?: string;
}

/** Ticks every minute from `start` (inclusive) to `end` (exclusive); returns every outcome with its tick and the time taken. */
export async function tickEveryMinute(
  world: SlackWorld,
  deps: DigestRunnerDeps,
  start: Date,
  end: Date,
): Promise<{ outcomes: TickOutcome[]; ticks: number; ms: number }> {
  const outcomes: TickOutcome[] = [];
  const started = performance.now();
  let ticks = 0;
  for (let t = start.getTime(); t < end.getTime(); t += MINUTE) {
    const now = new Date(t);
    const report = await tick(world, deps, now);
    ticks += 1;
    for (const o of report.outcomes) outcomes.push({ ...o, at: now.toISOString() });
  }
  return { outcomes, ticks, ms: performance.now() - started };
}

/**
 * A subscription got exactly the `expected` digests ([UTC instant, local digest date]): one visible
 * message each, accepted by Slack on the tick whose `now` is that instant, recorded as its run (same
 * delivery id and ts), no outcome of any other kind, and never a paper the channel was already shown.
 */
export async function expectPostedExactlyAt(
  store: Store,
  world: SlackWorld,
  outcomes: readonly TickOutcome[],
  sub: Pick<Subscription, 'id' | 'teamId' | 'channelId' | 'topic'>,
  expected: ReadonlyArray<readonly [string, string]>,
  papersPerDigest: number,
): Promise<void> {
  const label = `#${sub.id} "${sub.topic}" in ${sub.channelId}`;
  const messages = world.in(sub.channelId);
  expect(messages.map((m) => m.postedAt.toISOString()), label).toEqual(expected.map(([at]) => at));
  expect(
    outcomes.filter((o) => o.subscriptionId === sub.id).map((o) => [o.at, o.digestDate, o.outcome]),
    label,
  ).toEqual(expected.map(([at, digestDate]) => [at, digestDate, 'posted']));
  for (const [i, [, digestDate]] of expected.entries()) {
    const run = await store.getDigestRun(sub.id, digestDate);
    expect(run, `${label} ${digestDate}`).toMatchObject({ status: 'posted', attempts: 1, messageTs: messages[i]?.ts });
    expect(messages[i]?.deliveryId, `${label} ${digestDate}`).toBe(run?.deliveryId);
    expect(messages[i]?.paperIds.length, `${label} ${digestDate}`).toBe(papersPerDigest);
  }
  expectNoRepeats(world, sub.channelId);
  expect(await store.deliveredPaperIds(sub.teamId, sub.channelId), label).toEqual(new Set(messages.flatMap((m) => m.paperIds)));
}

/** No paper shown twice in the channel (read from the messages' metadata). */
export function expectNoRepeats(world: SlackWorld, channel: string): void {
  const shown = world.in(channel).flatMap((m) => m.paperIds);
  const repeated = shown.filter((id, i) => shown.indexOf(id) !== i);
  expect(repeated, `papers repeated in ${channel}`).toEqual([]);
}

/**
 * A fake Slack and a fresh SQLite store for the calling `describe`: started before its tests (handed to `ready`),
 * stopped after them.
 */
export function slackAndStore(ready: (started: { fake: FakeSlack; store: Store }) => void): void {
  let started: { fake: FakeSlack; store: Store } | undefined;
  beforeAll(async () => {
    started = { fake: await new FakeSlack().start(), store: await openStore(tempSqliteUrl()) };
    ready(started);
  });
  afterAll(async () => {
    await started?.store.close();
    await started?.fake.stop();
  });
}

/**
 * A fake Slack for the calling `describe` (handed to `ready` once started) and the stores its tests open with the
 * returned function; after its tests the stores are closed, then `cleanup` runs (a Postgres harness's schemas),
 * then the fake Slack stops.
 */
export function slackAndStores(
  ready: (fake: FakeSlack) => void,
  cleanup: () => Promise<void> = async () => {},
): (url: string, options?: OpenStoreOptions) => Promise<Store> {
  let fake: FakeSlack | undefined;
  const stores: Store[] = [];
  beforeAll(async () => {
    fake = await new FakeSlack().start();
    ready(fake);
  });
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await cleanup();
    await fake?.stop();
  });
  return async (url, options) => {
    const store = await openStore(url, options);
    stores.push(store);
    return store;
  };
}

/** `slackAndStores` with a fresh SQLite store per call. */
export function slackAndFreshStores(ready: (fake: FakeSlack) => void): () => Promise<Store> {
  const open = slackAndStores(ready);
  return () => open(tempSqliteUrl());
}
