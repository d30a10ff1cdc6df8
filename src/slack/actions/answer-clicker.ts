import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Logger } from '../../logger.ts';
import type { Message } from '../../views/message.ts';
import { slackErrorCode } from '../slack-errors.ts';

export type ClickArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

function failure(error: unknown): string {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return slackErrorCode(error) ?? (typeof status === 'number' ? `HTTP ${status}` : error instanceof Error ? error.message : 'unknown error');
}

/**
 * An answer only the clicker sees: on the click's response_url (replacing the message the button sits in when
 * `replaceOriginal`), else, or when Slack refuses the response_url (expired, used up, 5xx), with chat.postEphemeral
 * in the conversation of the click. Never throws: a lost answer is logged on one line.
 */
export async function answerClicker(args: ClickArgs, message: Message, options: { replaceOriginal?: boolean; logger: Logger; what: string }): Promise<void> {
  const { body, client, respond } = args;
  const { logger, what } = options;
  if (body.response_url) {
    try {
      await respond({ response_type: 'ephemeral', replace_original: options.replaceOriginal ?? false, ...message });
      return;
    } catch (error) {
      logger.warn(`${what}: response_url refused (${failure(error)}); answering with chat.postEphemeral`);
    }
  }
  const channel: unknown = body.channel?.id ?? body.container.channel_id;
  if (typeof channel !== 'string' || channel === '') {
    logger.warn(`${what}: no conversation to answer ${body.user.id} in`);
    return;
  }
  try {
    await client.chat.postEphemeral({ channel, user: body.user.id, ...message });
  } catch (error) {
    logger.warn(`${what}: postEphemeral in ${channel} failed: ${failure(error)}`);
  }
}
