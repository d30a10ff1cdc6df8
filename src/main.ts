import 'dotenv/config';
import { ConfigError, configSecrets, loadConfig, resolveRunMode, type Config } from './config.ts';
import type { DigestScheduler } from './digests/scheduler.ts';
import { errorText } from './error-text.ts';
import type { IngestScheduler } from './ingest/scheduler.ts';
import { createLogger, LogLevel, type Logger } from './logger.ts';

// The app, the store and the index are loaded once the configuration is known to be good (below), so a start
// that stops at a configuration error says so without loading Bolt, kysely and lunr first.

async function runSlack(config: Config, logger: Logger, mode: 'http' | 'socket'): Promise<void> {
  // A signal can come at any point of the start (a dyno restarted while it loads its index). Until the server
  // listens nothing has been received and every write is a transaction: exit 0 at once.
  let onSignal = (signal: string): void => {
    logger.info(`${signal} received while starting; nothing received yet, exiting`);
    process.exit(0);
  };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));

  const [{ createSlackApp }, { startDigestScheduler }, { startIngestScheduler }, { openRuntime }, { gracefulShutdown }, { checkPortFree, listenFailureText }, { refusalCode, refusedTokenText }] =
    await Promise.all([
      import('./app.ts'),
      import('./digests/scheduler.ts'),
      import('./ingest/scheduler.ts'),
      import('./runtime.ts'),
      import('./shutdown.ts'),
      import('./slack/port-check.ts'),
      import('./slack/socket-connection.ts'),
    ]);
  const runtime = await openRuntime(config, logger);
  const { app, poster, inFlight, status, stopReceiving, checkToken } = createSlackApp(runtime, mode);
  let scheduler: DigestScheduler | null = null;
  let ingest: IngestScheduler | null = null;
  let stopping = false;
  let received: string | null = null;
  onSignal = (signal) => {
    received = signal;
  };
  // Listen first so Heroku sees the port bound; /healthz says 503 until the index is in.
  // A taken PORT, or in Socket Mode Slack refusing SLACK_APP_TOKEN: say which variable, not Node's or Slack's code.
  const startFailure = (error: unknown): Error => {
    const code = mode === 'socket' ? refusalCode(error) : null;
    const text = code === null ? listenFailureText(error, config.port, mode) : refusedTokenText(code);
    return text === null ? (error instanceof Error ? error : new Error(String(error))) : new Error(text);
  };
  // Socket Mode: the health port listens at once, but the start resolves only once Slack opens the WebSocket. The
  // index and the digests do not wait for that (a slow or down Slack WebSocket would make digests late and leave
  // the index cold); a refused SLACK_APP_TOKEN still ends the start, whenever Slack says so.
  let connected: Promise<void> = Promise.resolve();
  if (mode === 'socket') {
    await checkPortFree(config.port).catch((error: unknown) => {
      throw startFailure(error);
    });
    connected = app.start(config.port).then(
      () => undefined,
      (error: unknown) => {
        // Its own shutdown under way (a signal while connecting) is not a failed start.
        if (stopping) return;
        throw startFailure(error);
      },
    );
  } else {
    try {
      await app.start(config.port);
    } catch (error) {
      throw startFailure(error);
    }
  }
  logger.info(`listening on port ${config.port} (${mode === 'http' ? 'HTTP, POST /slack/events' : 'Socket Mode'})`);
  // From here Slack's requests are answered (commands work while the index loads): a signal lets them finish.
  onSignal = (signal) => {
    if (stopping) return;
    stopping = true;
    gracefulShutdown(
      {
        logger,
        markStopping: () => status.markStopping(),
        idle: (timeoutMs) => inFlight.idle(timeoutMs),
        activeRequests: () => inFlight.active,
        stopReceiving,
        stopScheduler: async (options) => scheduler?.stop(options),
        stopIngest: async () => ingest?.stop(),
        stopApp: async () => {
          await app.stop();
        },
        closeRuntime: () => runtime.close(),
        exit: (code) => process.exit(code),
      },
      signal,
    );
  };
  if (received !== null) onSignal(received);
  const serve = async (): Promise<void> => {
    try {
      await runtime.loadIndex();
    } catch (error) {
      // Its database was closed by the shutdown under way.
      if (stopping) return;
      throw error;
    }
    if (stopping) return;
    scheduler = startDigestScheduler(runtime.runnerDeps(poster), { logger, cron: config.digest.tickCron });
    void checkToken();
    // A new install fetches today's papers right after ready rather than at the next INGEST_CRON.
    ingest = startIngestScheduler({ cron: config.ingestCron, firstIngest: true, deps: runtime.ingestDeps, refresh: () => runtime.refreshIndex(), logger });
    logger.info(`ready (instance ${runtime.instanceId})`);
  };
  // Whichever fails first ends the start (main exits 1 with its sentence).
  await Promise.all([connected, serve()]);
}

async function runLocal(config: Config, logger: Logger): Promise<void> {
  const interactive = Boolean(process.stdin.isTTY);
  // A person at the console wants answers, not log lines; warnings and errors still show (on stderr).
  if (interactive && logger.getLevel() === LogLevel.INFO) logger.setLevel(LogLevel.WARN);
  const [{ alwaysReachable }, { startDigestScheduler }, { startIngestScheduler }, { ConsolePoster }, { runLocalConsole }, { ConsoleListing }, { openRuntime }] = await Promise.all([
    import('./digests/channel-access.ts'),
    import('./digests/scheduler.ts'),
    import('./ingest/scheduler.ts'),
    import('./local/console-poster.ts'),
    import('./local/console.ts'),
    import('./local/console-listing.ts'),
    import('./runtime.ts'),
  ]);
  const runtime = await openRuntime(config, logger);
  await runtime.loadIndex();
  // Digests due while the console is open are printed into it, as they would be posted in a channel.
  const listing = new ConsoleListing();
  const scheduler = startDigestScheduler(runtime.runnerDeps(new ConsolePoster(process.stdout, listing)), { logger });
  // Offline starts stay offline: a new database waits for INGEST_CRON (or `npm run cli -- ingest hf`).
  const ingest = startIngestScheduler({ cron: config.ingestCron, firstIngest: false, deps: runtime.ingestDeps, refresh: () => runtime.refreshIndex(), logger });
  try {
    await runLocalConsole({
      input: process.stdin,
      output: process.stdout,
      interactive,
      // The console has no Home tab: its answers say what to type instead.
      deps: runtime.commandDeps(alwaysReachable, { homeTab: false }),
      listing,
    });
  } finally {
    await scheduler.stop();
    await ingest.stop();
    await runtime.close();
  }
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
  process.stderr.write(`paper-digest: ${errorText(error)}\n`);
  process.exit(1);
});
