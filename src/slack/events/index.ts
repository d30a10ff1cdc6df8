import type { App, webApi } from '@slack/bolt';
import type { HomeService } from '../../digests/home-service.ts';
import type { DigestPauses } from '../../digests/pauses.ts';
import type { Logger } from '../../logger.ts';
import * as appHome from './app-home.ts';
import * as lifecycle from './lifecycle.ts';
import * as linkShared from './link-shared.ts';
import type { UnfurlService } from '../../unfurl/unfurl-service.ts';

export interface EventDeps {
  home: HomeService;
  pauses: DigestPauses;
  unfurl: UnfurlService;
  logger: Logger;
  /** A client for the bot token that does not wait out a rate limit (client-options.ts homeTabClientOptions). */
  homeClient: (botToken: string) => webApi.WebClient;
}

/** Every Events API event the app subscribes to (manifest.json's bot_events). */
export function register(app: App, deps: EventDeps): void {
  appHome.register(app, deps);
  lifecycle.register(app, deps);
  linkShared.register(app, deps);
}
