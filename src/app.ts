import { App, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { PaperCommandDeps } from './commands/paper-command.ts';
import type { SearchState } from './search/search-state.ts';
import { healthRoutes } from './slack/health.ts';
import * as paperCommand from './slack/commands/paper.ts';
import * as showMoreAction from './slack/actions/show-more.ts';
import * as shareAction from './slack/actions/share.ts';

export interface SlackAppOptions {
  config: Config;
  logger: Logger;
  searchState: SearchState;
  mode: 'http' | 'socket';
}

/** Composition root for the Slack surface: receiver, client options, listeners. No logic lives here. */
export function createSlackApp({ config, logger, searchState, mode }: SlackAppOptions): App {
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
  const app = new App({
    token: config.slack.botToken,
    receiver,
    logger,
    clientOptions: config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {},
  });

  const deps: PaperCommandDeps = { searchState, pageSize: 5, logger };
  paperCommand.register(app, deps);
  showMoreAction.register(app, deps);
  shareAction.register(app, deps);

  app.error(async (error) => {
    logger.error('unhandled error in a listener', error);
  });
  return app;
}
