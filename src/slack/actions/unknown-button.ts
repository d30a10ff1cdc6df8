import type { App, BlockButtonAction } from '@slack/bolt';
import type { HomeService } from '../../digests/home-service.ts';
import type { Logger } from '../../logger.ts';
import { ActionId } from '../../views/action-ids.ts';
import { errorMessage } from '../../views/error.ts';
import { answerClicker } from './answer-clicker.ts';
import { republishHome } from './home-tab.ts';

/** Every action_id that is none of the app's own (ActionId): a button that no listener would acknowledge. */
export const UNKNOWN_ACTION_ID = new RegExp(`^(?!(?:${Object.values(ActionId).map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$)`);

export const OLD_BUTTON = "That button comes from an older version of Paper Digest and no longer works. `/paper help` shows what you can do now.";
const OLD_HOME_BUTTON = 'That button came from an older version of this tab; here is the current one.';

/**
 * A button whose action_id the app no longer knows: one in a message or Home tab sent before a deploy that renamed
 * or removed it. Without a listener Slack would get no acknowledgement and show the clicker only a warning sign;
 * instead it is acknowledged, a message's clicker gets a private line saying so, and a Home tab is published anew.
 */
export function register(app: App, deps: { home: HomeService; logger: Logger }): void {
  app.action<BlockButtonAction>(UNKNOWN_ACTION_ID, async (args) => {
    const { ack, action, body, context } = args;
    await ack();
    deps.logger.warn(`a button of an older version was clicked (action_id ${JSON.stringify(action.action_id.slice(0, 60))}); the clicker was told`);
    const teamId = context.teamId ?? body.team?.id;
    if (body.view?.type === 'home') {
      if (!teamId) return;
      await republishHome(args, deps.logger, 'old button', () => deps.home.view(teamId, body.user.id, 0, OLD_HOME_BUTTON));
      return;
    }
    await answerClicker(args, errorMessage(OLD_BUTTON), { logger: deps.logger, what: 'old button' });
  });
}
