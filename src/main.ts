import 'dotenv/config';
import { createSlackApp } from './app.ts';
import { ConfigError, configSecrets, loadConfig, resolveRunMode, type Config } from './config.ts';
import { runLocalConsole } from './local/console.ts';
import { createLogger, LogLevel, type Logger } from './logger.ts';
import { loadSearchFromSeeds } from './search/load-search.ts';
import { SearchState } from './search/search-state.ts';

async function runSlack(config: Config, logger: Logger, mode: 'http' | 'socket'): Promise<void> {
  const searchState = new SearchState();
  const app = createSlackApp({ config, logger, searchState, mode });
  // Listen first so Heroku sees the port bound; /healthz says 503 until the index is in.
  await app.start(config.port);
  logger.info(`listening on port ${config.port} (${mode === 'http' ? 'HTTP, POST /slack/events' : 'Socket Mode'})`);
  const { search } = await loadSearchFromSeeds(config.seedsDir, logger);
  searchState.swap(search);
  logger.info('ready');

  const shutdown = (signal: string): void => {
    logger.info(`${signal} received, shutting down`);
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

async function runLocal(config: Config, logger: Logger): Promise<void> {
  const interactive = Boolean(process.stdin.isTTY);
  // A person at the console wants answers, not log lines; warnings and errors still show (on stderr).
  if (interactive && logger.getLevel() === LogLevel.INFO) logger.setLevel(LogLevel.WARN);
  const searchState = new SearchState();
  searchState.swap((await loadSearchFromSeeds(config.seedsDir, logger)).search);
  await runLocalConsole({
    input: process.stdin,
    output: process.stdout,
    interactive,
    deps: { searchState, pageSize: 5, logger },
  });
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`paper-digest: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, secrets: configSecrets(config) });
  const mode = resolveRunMode(config);
  switch (mode.kind) {
    case 'misconfigured':
      process.stderr.write(`paper-digest: ${mode.message}\n`);
      process.exit(1);
      break;
    case 'local':
      await runLocal(config, logger);
      break;
    case 'http':
    case 'socket':
      await runSlack(config, logger, mode.kind);
      break;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`paper-digest: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
