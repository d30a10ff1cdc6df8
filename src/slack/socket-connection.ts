import { SocketModeReceiver, type CustomRoute, type webApi } from '@slack/bolt';
import { errorText } from '../error-text.ts';
import type { LogLevel, Logger } from '../logger.ts';
import type { ServiceStatus } from './service-status.ts';

type SocketModeClient = SocketModeReceiver['client'];
type ReceiverOptions = ConstructorParameters<typeof SocketModeReceiver>[0];

export interface SocketReceiverOptions {
  appToken: string;
  port: number;
  customRoutes: CustomRoute[];
  logger: Logger;
  logLevel: LogLevel;
  /** Web API options of every client the receiver makes (SLACK_API_URL): its own apps.connections.open, the installer's. */
  clientOptions: webApi.WebClientOptions;
  /** OAuth: clientId, clientSecret, stateSecret, installationStore, scopes (Bolt's receiver options). */
  oauth: Partial<ReceiverOptions>;
  /** OAuth installer options other than the port and the client options. */
  installerOptions: NonNullable<ReceiverOptions['installerOptions']>;
  status: ServiceStatus;
  /** How long to wait before asking again when Slack refuses the app-level token on a reconnect (default a minute). */
  refusedRetryMs?: number;
}

const REFUSED_RETRY_MS = 60_000;

/**
 * Bolt's Socket Mode receiver with SLACK_API_URL reaching its WebSocket client: Bolt hands that client
 * `installerOptions.clientOptions` only, so without it apps.connections.open always goes to slack.com.
 * The connection's ups and downs are logged and reported on /healthz.
 */
export function createSocketModeReceiver(options: SocketReceiverOptions): SocketModeReceiver {
  const refusals = reportRefusals(options.status, options.logger);
  const receiver = new SocketModeReceiver({
    appToken: options.appToken,
    customRoutes: options.customRoutes,
    logger: options.logger,
    logLevel: options.logLevel,
    ...options.oauth,
    installerOptions: { ...options.installerOptions, port: options.port, clientOptions: socketClientOptions(options.clientOptions, refusals) },
  });
  watchSocketConnection(receiver.client, options.status, options.logger);
  surviveRefusedReconnects(receiver.client, options.status, options.logger, options.refusedRetryMs ?? REFUSED_RETRY_MS);
  return receiver;
}

/** What Slack answers apps.connections.open, as it answers: a refusal is said once per cause, however often retried. */
interface ConnectionAnswers {
  refused(code: string, needed: string | undefined): void;
  accepted(): void;
}

function reportRefusals(status: ServiceStatus, logger: Logger): ConnectionAnswers {
  let lastCode: string | undefined;
  return {
    refused(code, needed) {
      status.setSocket('refused', code);
      if (code !== lastCode) logger.error(`Socket Mode: ${refusedTokenText(code, needed)}`);
      lastCode = code;
    },
    accepted() {
      lastCode = undefined;
    },
  };
}

/**
 * The app's client options without their retry policy: the Socket Mode client then sets its own (100 retries, factor
 * 1.3) and keeps asking apps.connections.open through a long outage. With a user-facing policy of a few quick retries
 * it would give up on the first bad minute and never reconnect. (Bolt gives the OAuth installer this same object.)
 * Its fetch reports Slack's answers to apps.connections.open: the client retries some refusals (missing_scope)
 * forever, saying only "An API error occurred", so a token without connections:write would look like a hang.
 */
function socketClientOptions(clientOptions: webApi.WebClientOptions, answers: ConnectionAnswers): webApi.WebClientOptions {
  const { retryConfig: _userFacing, fetch: base = (url, init) => fetch(url, init), ...rest } = clientOptions;
  return { ...rest, fetch: reportingConnectionAnswers(base, answers) };
}

function reportingConnectionAnswers(base: webApi.FetchFunction, answers: ConnectionAnswers): webApi.FetchFunction {
  return async (url, init) => {
    const response = await base(url, init);
    if (response.status !== 200 || !String(url).endsWith('apps.connections.open')) return response;
    // The body can be read once: read it here and hand the client a copy.
    const text = await response.text();
    const answer = parseAnswer(text);
    if (answer?.ok === true) answers.accepted();
    else if (typeof answer?.error === 'string') answers.refused(answer.error, typeof answer.needed === 'string' ? answer.needed : undefined);
    return new Response(text, { status: response.status, statusText: response.statusText, headers: Object.fromEntries(response.headers.entries()) });
  };
}

function parseAnswer(text: string): { ok?: unknown; error?: unknown; needed?: unknown } | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as { ok?: unknown; error?: unknown; needed?: unknown }) : null;
  } catch {
    return null;
  }
}

/**
 * Follows Slack's Socket Mode client through its lifecycle (connecting → connected on `hello`; a `close` when the
 * socket ends, by a `disconnect` frame, a cut or a missed pong; then `reconnecting` after its backoff).
 */
export function watchSocketConnection(client: SocketModeClient, status: ServiceStatus, logger: Logger): void {
  let connections = 0;
  let lostAt: number | undefined;
  let shuttingDown = false;
  status.setSocket('connecting');
  client.on('disconnecting', () => {
    shuttingDown = true;
  });
  client.on('connected', () => {
    connections += 1;
    status.setSocket('connected');
    if (lostAt === undefined) logger.info(`Socket Mode: connected to Slack (connection ${connections})`);
    else logger.info(`Socket Mode: reconnected to Slack after ${Date.now() - lostAt} ms down (connection ${connections})`);
    lostAt = undefined;
  });
  client.on('close', () => {
    status.setSocket('disconnected');
    if (shuttingDown || lostAt !== undefined) return;
    lostAt = Date.now();
    logger.warn('Socket Mode: connection to Slack lost; reconnecting with backoff (/healthz says "disconnected" until it is back)');
  });
  client.on('reconnecting', () => {
    logger.info('Socket Mode: reconnecting (apps.connections.open)');
  });
  client.on('ws_message', (data: unknown) => {
    // Slack warns before it rotates a connection (refresh_requested, too_many_websockets…): say why we reconnect.
    if (typeof data !== 'string' || !data.includes('"disconnect"')) return;
    const frame = parseFrame(data);
    if (frame?.type === 'disconnect') logger.info(`Socket Mode: Slack asked us to reconnect (${String(frame.reason ?? 'no reason given')})`);
  });
}

function parseFrame(data: string): { type?: unknown; reason?: unknown } | null {
  try {
    const parsed: unknown = JSON.parse(data);
    return typeof parsed === 'object' && parsed !== null ? (parsed as { type?: unknown; reason?: unknown }) : null;
  } catch {
    return null;
  }
}

/** Slack's error code when it refused to open a Socket Mode connection (an API error), else null (no answer). */
export function refusalCode(error: unknown): string | null {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === 'string' ? data.error : null;
}

/** What to do about a refused app-level token, naming the variable (never the token). */
export function refusedTokenText(code: string, needed?: string): string {
  const why = needed === undefined ? code : `${code}: it needs ${needed}`;
  return (
    `Slack refused SLACK_APP_TOKEN when opening the Socket Mode connection (${why}): set the app-level token (xapp-…) ` +
    'from Basic Information → App-Level Tokens, with the scope connections:write, and restart'
  );
}

/**
 * Slack's client starts itself again after every close; when Slack then refuses the app-level token (revoked or
 * regenerated while the app ran: invalid_auth, account_inactive…), that restart rejects with nobody listening, which
 * would end the process with a stack trace and no shutdown. Instead: one ERROR line naming the variable, `/healthz`
 * says `refused`, digests keep going (they use the bot token), and the connection is asked for again every
 * `retryMs` (a refusal can also be Slack's passing fault). The first start is left alone: `app.start()` gets its
 * failure and the start stops with the same sentence.
 */
function surviveRefusedReconnects(client: SocketModeClient, status: ServiceStatus, logger: Logger, retryMs: number): void {
  const start = client.start.bind(client);
  let started = false;
  let stopping = false;
  let retry: NodeJS.Timeout | undefined;
  let lastCause: string | undefined;
  client.on('disconnecting', () => {
    stopping = true;
    clearTimeout(retry);
  });
  client.on('connected', () => {
    lastCause = undefined;
  });
  client.start = async () => {
    if (!started) {
      started = true;
      return start();
    }
    try {
      return await start();
    } catch (error) {
      const code = refusalCode(error);
      const why = code ?? errorText(error);
      // Slack's refusal was reported as it answered (reportRefusals); anything else (no route to Slack after the
      // client's own retries) is said here, once per cause.
      if (code === null) {
        status.setSocket('disconnected', why);
        if (why !== lastCause) logger.error(`Socket Mode: could not open the connection (apps.connections.open: ${why}); asking again every ${Math.round(retryMs / 1000)} s`);
      }
      lastCause = why;
      if (!stopping) retry = setTimeout(() => void client.start(), retryMs);
      return { ok: false, error: why };
    }
  };
}
