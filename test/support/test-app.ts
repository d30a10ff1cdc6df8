import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '@slack/bolt';
import { createSlackApp } from '../../src/app.ts';
import { configSecrets, loadConfig, oauthEnabled } from '../../src/config.ts';
import type { SlackDigestPoster } from '../../src/slack/digest-poster.ts';
import { createLogger, LogLevel, type Logger } from '../../src/logger.ts';
import { openRuntime, type Runtime } from '../../src/runtime.ts';
import { loadSearchFromSeeds } from '../../src/search/load-search.ts';
import type { PaperSearch } from '../../src/search/types.ts';
import { FakeSlack } from './fake-slack.ts';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-test-0000-secret-token';

let seedSearch: Promise<PaperSearch> | undefined;

/** The real seed index, built once per test file. */
export function seedPaperSearch(): Promise<PaperSearch> {
  seedSearch ??= loadSearchFromSeeds('seeds', createLogger({ level: LogLevel.ERROR })).then((loaded) => loaded.search);
  return seedSearch;
}

/** A fresh SQLite file in a temp folder (survives a simulated restart of the app). */
/** The seed corpus's Hydra paper (speculative decoding): the paper the button tests click on. */
export async function hydraPaperId(): Promise<string> {
  const id = (await seedPaperSearch()).search('Hydra draft heads Medusa').hits[0]?.paper.id ?? '';
  if (!id.startsWith('hydra-')) throw new Error(`the seed search for Hydra found "${id}"`);
  return id;
}

export function tempSqliteUrl(): string {
  return `sqlite:${join(mkdtempSync(join(tmpdir(), 'paper-digest-')), 'test.sqlite')}`;
}

export interface RunningTestApp {
  app: App;
  poster: SlackDigestPoster;
  runtime: Runtime;
  url: string;
  eventsUrl: string;
  slack: FakeSlack;
  logs: string[];
  logger: Logger;
  /** Stops the app and closes its database; the fake Slack keeps running unless `stopSlack`. */
  stop(options?: { keepSlack?: boolean }): Promise<void>;
}

export interface TestAppOptions {
  ready?: boolean;
  databaseUrl?: string;
  slack?: FakeSlack;
  clock?: () => Date;
  env?: Record<string, string>;
}

/** Bolt's real HTTP receiver on a free port, talking to a fake Slack Web API, with a real SQLite store. */
export async function startTestApp(options: TestAppOptions = {}): Promise<RunningTestApp> {
  const slack = options.slack ?? (await new FakeSlack().start());
  const logs: string[] = [];
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    DATABASE_URL: options.databaseUrl ?? tempSqliteUrl(),
    ...options.env,
  });
  // As main.ts makes it: every secret of the config is scrubbed (debug lines of Slack's clients show request bodies).
  const logger = createLogger({ level: LogLevel.DEBUG, write: (line) => logs.push(line), secrets: configSecrets(config) });
  const runtime = await openRuntime(config, logger, options.clock ? { clock: options.clock } : {});
  if (options.ready !== false) runtime.searchState.swap(await seedPaperSearch());
  const authTestsBefore = slack.callsTo('auth.test').length;
  const { app, poster } = createSlackApp(runtime, 'http');
  // With one bot token the app asks auth.test as it is made (src/slack/single-token-authorize.ts): a test that stops
  // Slack before that answer arrives leaves a request that ends in a later test file (the worker outlives the file,
  // vitest.config.ts). Every caller gets an app whose auth.test has been answered.
  if (!oauthEnabled(config) && config.slack.botToken) await slack.waitFor('auth.test', authTestsBefore + 1);
  const server = (await app.start(0)) as Server;
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    app,
    poster,
    runtime,
    url,
    eventsUrl: `${url}/slack/events`,
    slack,
    logs,
    logger,
    async stop(stopOptions = {}) {
      await app.stop();
      await runtime.close();
      if (!stopOptions.keepSlack) await slack.stop();
    },
  };
}
