import { App, HTTPReceiver, webApi } from '@slack/bolt';
import type { Runtime } from './runtime.ts';
import { healthRoutes } from './slack/health.ts';
import { HomeService } from './digests/home-service.ts';
import { DigestPauses, resumeWorkspaceWithNewToken } from './digests/pauses.ts';
import * as actions from './slack/actions/index.ts';
import * as commands from './slack/commands/index.ts';
import * as events from './slack/events/index.ts';
import { homeTabClientOptions, slackClientOptions } from './slack/client-options.ts';
import { installerLogger } from './slack/oauth/install-logger.ts';
import { receiverLogger } from './slack/receiver-logger.ts';
import { installCallbackOptions, installPathOptions } from './slack/oauth/install-pages.ts';
import { BOT_SCOPES } from './slack/oauth/scopes.ts';
import { createSlackClients } from './slack/oauth/slack-clients.ts';
import { DatabaseStateStore } from './slack/oauth/state-store.ts';
import { InFlightRequests, trackRequests } from './slack/request-tracking.ts';
import { ServiceStatus } from './slack/service-status.ts';
import { slackErrorCode } from './slack/slack-errors.ts';
import { errorText } from './error-text.ts';
import { answerUnauthorized, requestTeam } from './slack/unauthorized-request.ts';
import { requestKind, unacknowledgedRequestHandler } from './slack/request-kind.ts';
import { identifyBot, keepFirstAnswer, singleTokenAuthorize } from './slack/single-token-authorize.ts';
import { createSocketModeReceiver } from './slack/socket-connection.ts';
import { SlackChannelAccess } from './slack/channel-access.ts';
import { SlackDigestPoster } from './slack/digest-poster.ts';
import { SlackUserChannels } from './slack/user-channels.ts';

/** Bolt's extended error handler's argument (not exported by Bolt): the error with the request's body. */
type ExtendedErrorHandlerArgs = Parameters<Parameters<App['error']>[0]>[0];

export interface SlackSurface {
  app: App;
  /** Posts digests with its own client: no automatic retries, so the digest runner owns them. */
  poster: SlackDigestPoster;
  /** Slack requests whose listeners are still running: a shutdown waits for them. */
  inFlight: InFlightRequests;
  /** What /healthz reports: shutting down, and in Socket Mode whether the socket to Slack is up. */
  status: ServiceStatus;
  /**
   * Socket Mode: closes the WebSocket so Slack sends new requests to other connections (the HTTP routes stay up
   * until `app.stop()`). HTTP mode: nothing; the server keeps answering until `app.stop()`.
   */
  stopReceiving(): Promise<void>;
  /**
   * Single-token mode: `auth.test` the token; if it works and its workspace was paused for a dead token
   * (uninstalled, revoked), resume it. OAuth mode: reinstalls resume workspaces, and a workspace paused because its
   * stored token could not be decrypted resumes when the current key opens it (the previous key restored). Never throws.
   */
  checkToken(): Promise<void>;
}

/** Composition root for the Slack surface: receiver, clients, listeners. No logic lives here. */
export function createSlackApp(runtime: Runtime, mode: 'http' | 'socket'): SlackSurface {
  const { config, logger, searchState, store, clock } = runtime;
  const status = new ServiceStatus(clock);
  const customRoutes = healthRoutes(searchState, status);
  // SLACK_API_URL, a timeout and bounded retries for every client Bolt makes (listeners, respond(), installer, socket).
  const clientOptions = slackClientOptions({ apiUrl: config.slack.apiUrl, timeoutMs: config.slack.timeoutMs, logger });
  // OAuth (many workspaces): Bolt serves /slack/install and /slack/oauth_redirect and authorizes every request
  // with the workspace's installation, kept encrypted in the database. Otherwise: the one SLACK_BOT_TOKEN.
  const clients = createSlackClients(config, store, logger, clock);
  const { installations } = clients;
  const oauth = installations
    ? {
        clientId: config.slack.clientId ?? '',
        clientSecret: config.slack.clientSecret ?? '',
        stateSecret: config.slack.stateSecret ?? '',
        installationStore: installations,
        scopes: [...BOT_SCOPES],
      }
    : {};
  // directInstall: /slack/install redirects straight to Slack's consent page; a redirect that installs nothing
  // (Cancel, an expired or used link) gets a page in words (install-pages.ts). Each state works once, on any instance.
  // A database that does not answer during an install: a "try again in a minute" page and one log line (install-pages.ts).
  const stateStore = installations ? new DatabaseStateStore(store, config.slack.stateSecret ?? '') : undefined;
  const installerOptions = stateStore
    ? {
        directInstall: true,
        callbackOptions: installCallbackOptions,
        installPathOptions: installPathOptions((options) => stateStore.prepare(options), (line) => logger.error(line)),
        stateStore,
      }
    : {};
  // Bolt sets the level of the logger it is given (INFO unless told): pass ours along so LOG_LEVEL holds.
  const logLevel = logger.getLevel();
  // The receiver's installer logs a Cancel or an expired link as one line, not an ERROR with a stack.
  // A request refused for its signature names SLACK_SIGNING_SECRET.
  const receiverLog = receiverLogger(installations ? installerLogger(logger) : logger);
  const socketReceiver =
    mode === 'socket'
      ? createSocketModeReceiver({
          appToken: config.slack.appToken ?? '',
          port: config.port,
          customRoutes,
          logger: receiverLog,
          logLevel,
          clientOptions,
          oauth,
          installerOptions,
          status,
        })
      : undefined;
  const receiver =
    socketReceiver ??
    new HTTPReceiver({
      signingSecret: config.slack.signingSecret ?? '',
      endpoints: '/slack/events',
      customRoutes,
      logger: receiverLog,
      logLevel,
      // A request no listener acked names its kind (command, action_id, event type), not just "an incoming event".
      unhandledRequestHandler: unacknowledgedRequestHandler(logger),
      // oauth.v2.access and auth.test go to SLACK_API_URL too (the installer has its own client).
      installerOptions: installations ? { ...installerOptions, clientOptions } : {},
      ...oauth,
    });
  // One workspace: SLACK_BOT_TOKEN, its bot ids from auth.test (asked again after a failure, never fatal).
  const botToken = installations ? undefined : config.slack.botToken;
  // Its first auth.test (asked as the app is made) is also the start's token check (checkToken): one call, not two.
  const identity = botToken ? keepFirstAnswer(() => identifyBot(botToken, clientOptions)) : undefined;
  const authorize = botToken && identity ? { authorize: singleTokenAuthorize({ botToken, identify: identity.ask, logger }) } : {};
  // extendedErrorHandler: the error handler gets the request's body (an unauthorized one is answered from it).
  const app = new App({ ...authorize, receiver, logger, logLevel, clientOptions, extendedErrorHandler: true });

  // Every request: `req=<id>` on its log lines, and counted until its listeners finish (graceful shutdown).
  const inFlight = new InFlightRequests();
  app.use(trackRequests(inFlight));
  // Answering comes first: the index warm-up (after a restart or a swap) waits while requests are in flight.
  runtime.searchState.pauseWarmUpWhile(() => inFlight.active > 0);

  const clientFor = (teamId: string) => clients.api.clientFor(teamId);
  const deps = runtime.commandDeps(new SlackChannelAccess(clientFor, logger), { homeTab: true });
  const home = new HomeService({ store, logger, clock, userChannels: new SlackUserChannels(clientFor, logger), saved: deps.saved });
  const pauses = new DigestPauses({
    store,
    logger,
    clock,
    ...(installations ? { revokeInstallation: (teamId: string) => installations.revoke(teamId) } : {}),
  });
  commands.register(app, deps);
  actions.register(app, { ...deps, home });
  const homeTabOptions = homeTabClientOptions(clientOptions);
  const homeClient = (botToken: string) => new webApi.WebClient(botToken, homeTabOptions);
  events.register(app, { home, pauses, unfurl: deps.unfurl, logger, homeClient });

  app.error(async ({ error, body }: ExtendedErrorHandlerArgs) => {
    if (error.code === 'slack_bolt_authorization_error') {
      // A workspace without a (working) installation: one line, not a stack trace per request, and the person a
      // private "have the app installed again" instead of Slack showing nothing.
      logger.warn(`workspace ${requestTeam(body) ?? '(unknown)'}: request not authorized: ${error.message}`);
      // Not awaited: Bolt acks the request only after this handler returns, and Slack wants the ack within 3 s.
      void answerUnauthorized(body, { logger, timeoutMs: config.slack.timeoutMs });
      return;
    }
    // Which request (its kind and workspace, never what was typed in it): the stack alone does not say.
    const team = requestTeam(body);
    logger.error(`unhandled error in a listener (${requestKind(body)}${team ? `, workspace ${team}` : ''})`, error);
  });
  const checkToken = async (): Promise<void> => {
    if (installations) {
      await installations.resumeReadable().catch((error: unknown) => {
        logger.warn(`could not check the workspaces paused for an unreadable token (${errorText(error)}); a reinstall still resumes them`);
      });
    }
    if (!identity) return;
    try {
      const { teamId } = await identity.first();
      if (teamId) await resumeWorkspaceWithNewToken(store, teamId, logger, clock());
      logger.info(`SLACK_BOT_TOKEN checked: Slack accepts it (workspace ${teamId ?? 'unknown'})`);
    } catch (error) {
      const code = slackErrorCode(error);
      // No answer from Slack says nothing about the token: blaming it would send the operator to reinstall the app.
      if (code === null) logger.warn(`could not reach Slack to check SLACK_BOT_TOKEN (auth.test: ${errorText(error)}); it is checked again on the next request`);
      else logger.error(`Slack rejected SLACK_BOT_TOKEN (${code}): if the app was reinstalled, set its new bot token`);
    }
  };
  const stopReceiving = async (): Promise<void> => {
    await socketReceiver?.client.disconnect();
  };
  return { app, poster: new SlackDigestPoster((teamId) => clients.digests.clientFor(teamId)), inFlight, status, stopReceiving, checkToken };
}
