import type { AckFn, RespondArguments } from '@slack/bolt';
import { errorText } from '../error-text.ts';
import type { Logger } from '../logger.ts';
import type { CommandReply } from '../commands/paper-command.ts';
import { errorMessage } from '../views/error.ts';

/** Slack shows `operation_timeout` after 3 s; answer well before that. */
export const ACK_BUDGET_MS = 2_000;

function toRespondArguments(reply: CommandReply): RespondArguments {
  return { response_type: reply.responseType, text: reply.message.text, blocks: reply.message.blocks };
}

/**
 * Answers a slash command inside Slack's 3-second window whatever the work costs: a reply ready within the
 * budget goes back as the HTTP answer itself; a slower one is acknowledged with a short "working on it" and
 * delivered through `response_url` when it is done. A failure becomes a friendly ephemeral message.
 */
export async function replyInTime(options: {
  ack: AckFn<string | RespondArguments>;
  respond: (message: RespondArguments) => Promise<unknown>;
  work: () => Promise<CommandReply>;
  logger: Logger;
  budgetMs?: number;
}): Promise<void> {
  const { ack, respond, logger } = options;
  const failed = (error: unknown): CommandReply => {
    logger.error('command failed', error);
    return { responseType: 'ephemeral', message: errorMessage('Something went wrong on my side. Please try again in a moment.') };
  };
  const work = options.work().catch(failed);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), options.budgetMs ?? ACK_BUDGET_MS);
  });
  const early = await Promise.race([work, late]);
  clearTimeout(timer);
  if (early) {
    if (await acked(ack, toRespondArguments(early), logger)) return;
    await deliver(respond, early, false, logger);
    return;
  }
  const hourglassAcked = await acked(ack, { response_type: 'ephemeral', text: ':hourglass_flowing_sand: Working on it…' }, logger);
  await deliver(respond, await work, hourglassAcked, logger);
}

/**
 * Acknowledges; false when the acknowledgement could not be sent. In Socket Mode it goes over the WebSocket, which can
 * close while the command is worked on (Slack rotates connections every few hours, networks drop): the answer must
 * then go to the response_url instead of being lost with the socket.
 */
async function acked(ack: AckFn<string | RespondArguments>, response: RespondArguments, logger: Logger): Promise<boolean> {
  try {
    await ack(response);
    return true;
  } catch (error) {
    logger.warn(`could not acknowledge a command (${errorText(error)}); answering through response_url`);
    return false;
  }
}

/** The answer through response_url; it replaces the "Working on it" only when that one reached Slack. */
async function deliver(
  respond: (message: RespondArguments) => Promise<unknown>,
  reply: CommandReply,
  replaceOriginal: boolean,
  logger: Logger,
): Promise<void> {
  try {
    await respond({ ...toRespondArguments(reply), replace_original: replaceOriginal });
  } catch (error) {
    logger.error('could not deliver a late command reply through response_url', error);
  }
}
