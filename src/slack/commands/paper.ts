import type { App } from '@slack/bolt';
import { runPaperCommand, type PaperCommandDeps } from '../../commands/paper-command.ts';
import { replyInTime } from '../reply-in-time.ts';
import { unescapeMrkdwn } from '../../views/mrkdwn.ts';
import { conversationKind } from '../conversation-kind.ts';

/** `/paper …`: acknowledge, hand the text to the command service, answer with its view. */
export function register(app: App, deps: PaperCommandDeps): void {
  app.command('/paper', async ({ command, ack, respond }) => {
    const conversation = conversationKind(command.channel_name);
    const context = {
      teamId: command.team_id,
      channelId: command.channel_id,
      userId: command.user_id,
      ...(conversation ? { conversation } : {}),
    };
    await replyInTime({
      ack,
      respond,
      logger: deps.logger,
      // Slack sends the typed text with &, < and > escaped; the services want what the person typed.
      work: () => runPaperCommand(unescapeMrkdwn(command.text), context, deps),
    });
  });
}
