import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '@slack/bolt';
import { createSlackApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger, LogLevel, type Logger } from '../../src/logger.ts';
import { loadSearchFromSeeds } from '../../src/search/load-search.ts';
import { SearchState } from '../../src/search/search-state.ts';
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

export interface RunningTestApp {
  app: App;
  url: string;
  eventsUrl: string;
  slack: FakeSlack;
  searchState: SearchState;
  logs: string[];
  logger: Logger;
  stop(): Promise<void>;
}

/** Bolt's real HTTP receiver on a free port, talking to a fresh fake Slack Web API. */
export async function startTestApp(options: { ready?: boolean } = {}): Promise<RunningTestApp> {
  const slack = await new FakeSlack().start();
  const logs: string[] = [];
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
  });
  const logger = createLogger({ level: LogLevel.DEBUG, write: (line) => logs.push(line), secrets: [SIGNING_SECRET, BOT_TOKEN] });
  const searchState = new SearchState();
  if (options.ready !== false) searchState.swap(await seedPaperSearch());
  const app = createSlackApp({ config, logger, searchState, mode: 'http' });
  const server = (await app.start(0)) as Server;
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    app,
    url,
    eventsUrl: `${url}/slack/events`,
    slack,
    searchState,
    logs,
    logger,
    async stop() {
      await app.stop();
      await slack.stop();
    },
  };
}
