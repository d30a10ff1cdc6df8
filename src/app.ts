import { App, HTTPReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import type { Runtime } from './runtime.ts';
import { healthRoutes } from './slack/health.ts';
import { SlackChannelAccess } from './slack/channel-access.ts';
import { SlackDigestPoster } from './slack/digest-poster.ts';
import * as paperCommand from './slack/commands/paper.ts';
import * as showMoreAction from './slack/actions/show-more.ts';
import * as shareAction from './slack/actions/share.ts';
import * as unsubscribeAction from './slack/actions/unsubscribe.ts';

export interface SlackSurface {
  app: App;
  /** Posts digests with its own client: no automatic retries, so the digest runner owns them. */
  poster: SlackDigestPoster;
}

/** Composition root for the Slack surface: receiver, clients, listeners. No logic lives here. */
export function createSlackApp(runtime: Runtime, mode: 'http' | 'socket'): SlackSurface {
  const { config, logger, searchState } = runtime;
  const customRoutes = healthRoutes(searchState);
  const receiver =
    mode === 'socket'
      ? new SocketModeReceiver({
          appToken: config.slack.appToken ?? '',
          customRoutes,
          installerOptions: { port: config.port },
          logger,
        })
      : new HTTPReceiver({
          signingSecret: config.slack.signingSecret ?? '',
          endpoints: '/slack/events',
          customRoutes,
          logger,
        });
  const slackApiUrl = config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {};
  const app = new App({ token: config.slack.botToken, receiver, logger, clientOptions: slackApiUrl });
  const digestClient = new webApi.WebClient(config.slack.botToken, {
    ...slackApiUrl,
    logger,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });

  const deps = runtime.commandDeps(new SlackChannelAccess(() => app.client, logger));
  paperCommand.register(app, deps);
  showMoreAction.register(app, deps);
  shareAction.register(app, deps);
  unsubscribeAction.register(app, deps);

  app.error(async (error) => {
    logger.error('unhandled error in a listener', error);
  });
  return { app, poster: new SlackDigestPoster(() => digestClient) };
}
