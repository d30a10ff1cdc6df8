import type { App, BlockButtonAction } from '@slack/bolt';
import type { PaperCommandDeps } from '../../commands/paper-command.ts';
import { ActionId } from '../../views/action-ids.ts';
import { parseUnsubscribeValue } from '../../views/digest.ts';
import { stoppedDigestBlocks } from '../../views/digest-stopped.ts';
import { errorMessage } from '../../views/error.ts';
import { slackErrorCode } from '../slack-errors.ts';
import { answerClicker, answeringFailures, type ClickArgs } from './answer-clicker.ts';

/**
 * The digest the button sits in, updated in place for everyone: its Unsubscribe button becomes a line saying the
 * digest was stopped and who pressed it (`stoppedBy`; null when it had been stopped before, by another copy's button
 * or a command: no one is named). A failure leaves the message as it was (the clicker has their answer).
 */
async function markStopped(args: ClickArgs, channel: string, stoppedBy: string | null, logger: PaperCommandDeps['logger']): Promise<void> {
  const { body, client } = args;
  const ts = body.message?.ts ?? body.container.message_ts;
  const blocks = stoppedDigestBlocks(body.message?.blocks, stoppedBy);
  if (typeof ts !== 'string' || ts === '' || blocks === null) return;
  const text = typeof body.message?.text === 'string' && body.message.text !== '' ? body.message.text : 'Paper digest (stopped)';
  try {
    await client.chat.update({ channel, ts, text, blocks });
  } catch (error) {
    logger.warn(`unsubscribe: chat.update of the digest in ${channel} failed: ${slackErrorCode(error) ?? 'unknown error'}`);
  }
}

/**
 * "Unsubscribe" on a digest (Slack already asked the user to confirm): stop it, tell the clicker (with the command
 * that starts it again), and show the channel, in the digest itself, that it was stopped.
 */
export function register(app: App, deps: PaperCommandDeps): void {
  app.action<BlockButtonAction>(ActionId.unsubscribe, answeringFailures('unsubscribe', deps.logger, async (args) => {
    const { ack, action, body, context } = args;
    await ack();
    const id = parseUnsubscribeValue(action.value);
    // Org-wide installs (Enterprise Grid) send `team: null`; Bolt reads the workspace from the user's team_id.
    const teamId = context.teamId ?? body.team?.id;
    const channelId = body.channel?.id;
    if (!id || !teamId || !channelId) {
      await answerClicker(args, errorMessage('That button has expired. Use `/paper unsubscribe <topic>` instead.'), { logger: deps.logger, what: 'unsubscribe' });
      return;
    }
    // Once it returns, this channel has no digest with that id (stopped now, or before): the button is stale either way.
    const { message, stopped } = await deps.subscriptions.unsubscribeById({ teamId, channelId, userId: body.user.id }, id);
    await answerClicker(args, message, { logger: deps.logger, what: 'unsubscribe' });
    await markStopped(args, channelId, stopped ? body.user.id : null, deps.logger);
  }));
}
