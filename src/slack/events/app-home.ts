import type { App } from '@slack/bolt';
import type { Logger } from '../../logger.ts';
import type { HomeService } from '../../digests/home-service.ts';
import { slackErrorCode } from '../slack-errors.ts';

/** `app_home_opened` on the Home tab → `views.publish` of the user's digests (see HomeService). */
export function register(app: App, deps: { home: HomeService; logger: Logger }): void {
  app.event('app_home_opened', async ({ event, body, client, context }) => {
    if (event.tab !== 'home') return;
    const teamId = context.teamId ?? body.team_id;
    if (!teamId) return;
    try {
      await client.views.publish({ user_id: event.user, view: await deps.home.view(teamId, event.user) });
    } catch (error) {
      deps.logger.warn(`views.publish for ${event.user} failed: ${slackErrorCode(error) ?? (error instanceof Error ? error.message : 'unknown error')}`);
    }
  });
}
