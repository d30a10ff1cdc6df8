import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { errorText } from '../../error-text.ts';
import type { Logger } from '../../logger.ts';
import { errorMessage } from '../../views/error.ts';
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
 * in the conversation (and thread) of the click. Never throws: a lost answer is logged on one line.
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
  // A click on a reply in a thread is answered in the thread: without thread_ts the answer would land in the channel,
  // out of context. A message that starts a thread carries its own ts as thread_ts: it sits in the channel, where it
  // was clicked, so the answer goes there (in its thread it would be out of sight).
  const thread: unknown = body.container.thread_ts ?? body.message?.thread_ts;
  const clicked: unknown = body.container.message_ts ?? body.message?.ts;
  const inThread = typeof thread === 'string' && thread !== '' && thread !== clicked;
  try {
    await client.chat.postEphemeral({ channel, user: body.user.id, ...(inThread ? { thread_ts: thread } : {}), ...message });
  } catch (error) {
    logger.warn(`${what}: postEphemeral in ${channel} failed: ${failure(error)}`);
  }
}

export const CLICK_FAILED = 'Something went wrong on my side, so that may not have worked. Please try again in a moment.';

/**
 * A button's listener that answers the clicker when its work fails (the database unreachable, a bug): a friendly
 * ephemeral line instead of silence; what failed goes to the log only. The listener acks before its work.
 */
export function answeringFailures(what: string, logger: Logger, listener: (args: ClickArgs) => Promise<void>): (args: ClickArgs) => Promise<void> {
  return async (args) => {
    try {
      await listener(args);
    } catch (error) {
      logger.error(`${what} failed for ${args.body.user.id}: ${errorText(error)}`);
      await answerClicker(args, errorMessage(CLICK_FAILED), { logger, what });
    }
  };
}
