import { SocketModeReceiver, type CustomRoute, type webApi } from '@slack/bolt';
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
}

/**
 * Bolt's Socket Mode receiver with SLACK_API_URL reaching its WebSocket client: Bolt hands that client
 * `installerOptions.clientOptions` only, so without it apps.connections.open always goes to slack.com.
 * The connection's ups and downs are logged and reported on /healthz.
 */
export function createSocketModeReceiver(options: SocketReceiverOptions): SocketModeReceiver {
  const receiver = new SocketModeReceiver({
    appToken: options.appToken,
    customRoutes: options.customRoutes,
    logger: options.logger,
    logLevel: options.logLevel,
    ...options.oauth,
    installerOptions: { ...options.installerOptions, port: options.port, clientOptions: socketClientOptions(options.clientOptions) },
  });
  watchSocketConnection(receiver.client, options.status, options.logger);
  return receiver;
}

/**
 * The app's client options without their retry policy: the Socket Mode client then sets its own (100 retries, factor
 * 1.3) and keeps asking apps.connections.open through a long outage. With a user-facing policy of a few quick retries
 * it would give up on the first bad minute and never reconnect. (Bolt gives the OAuth installer this same object.)
 */
function socketClientOptions(clientOptions: webApi.WebClientOptions): webApi.WebClientOptions {
  const { retryConfig: _userFacing, ...rest } = clientOptions;
  return rest;
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
