import type { App, webApi } from '@slack/bolt';
import { errorText } from '../../error-text.ts';
import type { Logger } from '../../logger.ts';
import { homeUnavailableView, type HomeView } from '../../views/home.ts';
import type { HomeService } from '../../digests/home-service.ts';
import { publishHome } from '../home-publish.ts';

/** `app_home_opened` on the Home tab → `views.publish` of the user's digests (see HomeService). */
export function register(app: App, deps: { home: HomeService; logger: Logger; homeClient: (botToken: string) => webApi.WebClient }): void {
  app.event('app_home_opened', async ({ event, body, client, context }) => {
    if (event.tab !== 'home') return;
    const teamId = context.teamId ?? body.team_id;
    if (!teamId) return;
    let view: HomeView;
    try {
      view = await deps.home.view(teamId, event.user);
    } catch (error) {
      // The database unreachable: a tab that says so, not a blank or stale one; the details go to the log.
      deps.logger.error(`App Home of ${event.user} could not be read: ${errorText(error)}`);
      view = homeUnavailableView(false);
    }
    // Rate limited (429, Retry-After): not waited out while Slack holds the request; the next open publishes the tab.
    const publisher = context.botToken ? deps.homeClient(context.botToken) : client;
    await publishHome(publisher, event.user, view, deps.logger, false);
  });
}
