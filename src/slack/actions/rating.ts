import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { RatingService, RatingWhere } from '../../digests/rating-service.ts';
import type { Logger } from '../../logger.ts';
import type { RatingValue } from '../../store/store.ts';
import { ActionId } from '../../views/action-ids.ts';
import { errorMessage } from '../../views/error.ts';
import type { Message } from '../../views/message.ts';
import { parseRatingButtonValue } from '../../views/rating-buttons.ts';
import { slackErrorCode } from '../slack-errors.ts';

type ClickArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * 👍 More like this / 👎 Not for us under any paper, and Undo under the answer. Answered to the clicker only: on the
 * response_url (Undo replaces the confirmation it sits in), or with chat.postEphemeral when the click carries none.
 */
export function register(app: App, deps: { ratings: RatingService; logger: Logger }): void {
  const answer = async ({ body, client, respond }: ClickArgs, message: Message, replaceOriginal: boolean): Promise<void> => {
    if (body.response_url) {
      await respond({ response_type: 'ephemeral', replace_original: replaceOriginal, ...message });
      return;
    }
    const channel = body.channel?.id ?? body.container.channel_id;
    if (typeof channel !== 'string') return;
    try {
      await client.chat.postEphemeral({ channel, user: body.user.id, ...message });
    } catch (error) {
      deps.logger.warn(`rating: postEphemeral in ${channel} failed: ${slackErrorCode(error) ?? 'unknown error'}`);
    }
  };

  const where = ({ body, context }: ClickArgs): RatingWhere | null => {
    const teamId = context.teamId ?? body.team?.id;
    if (!teamId) return null;
    const channel = body.channel?.id ?? body.container.channel_id;
    return { teamId, channelId: typeof channel === 'string' && channel !== '' ? channel : null, userId: body.user.id };
  };
  const noTeam = errorMessage("I couldn't tell which workspace this is. Please try again from a fresh message.");

  const vote = (value: RatingValue) => async (args: ClickArgs): Promise<void> => {
    await args.ack();
    const at = where(args);
    const message = at ? await deps.ratings.rate(at, value, parseRatingButtonValue(args.action.value)) : noTeam;
    await answer(args, message, false);
  };
  app.action<BlockButtonAction>(ActionId.rateUp, vote(1));
  app.action<BlockButtonAction>(ActionId.rateDown, vote(-1));
  app.action<BlockButtonAction>(ActionId.rateUndo, async (args) => {
    await args.ack();
    const at = where(args);
    const message = at ? await deps.ratings.undo(at, parseRatingButtonValue(args.action.value)) : noTeam;
    // Undo sits in the ephemeral confirmation: replace it, so no stale Undo stays behind.
    await answer(args, message, true);
  });
}
