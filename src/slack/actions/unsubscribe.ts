import type { App, BlockButtonAction } from '@slack/bolt';
import type { PaperCommandDeps } from '../../commands/paper-command.ts';
import { ActionId } from '../../views/action-ids.ts';
import { parseUnsubscribeValue } from '../../views/digest.ts';
import { errorMessage } from '../../views/error.ts';
import { answerClicker, answeringFailures } from './answer-clicker.ts';

/** "Unsubscribe" on a digest (Slack already asked the user to confirm): stop it, tell only the clicker. */
export function register(app: App, deps: PaperCommandDeps): void {
  app.action<BlockButtonAction>(ActionId.unsubscribe, answeringFailures('unsubscribe', deps.logger, async (args) => {
    const { ack, action, body, context } = args;
    await ack();
    const id = parseUnsubscribeValue(action.value);
    // Org-wide installs (Enterprise Grid) send `team: null`; Bolt reads the workspace from the user's team_id.
    const teamId = context.teamId ?? body.team?.id;
    const channelId = body.channel?.id;
    const message =
      id && teamId && channelId
        ? await deps.subscriptions.unsubscribeById({ teamId, channelId, userId: body.user.id }, id)
        : errorMessage('That button has expired. Use `/paper unsubscribe <topic>` instead.');
    await answerClicker(args, message, { logger: deps.logger, what: 'unsubscribe' });
  }));
}
