import type { App, BlockButtonAction } from '@slack/bolt';
import type { RatingService, RatingWhere } from '../../digests/rating-service.ts';
import type { Logger } from '../../logger.ts';
import type { RatingValue } from '../../store/store.ts';
import { ActionId } from '../../views/action-ids.ts';
import { errorMessage } from '../../views/error.ts';
import type { Message } from '../../views/message.ts';
import { parseRatingButtonValue } from '../../views/rating-buttons.ts';
import { answerClicker, answeringFailures, type ClickArgs } from './answer-clicker.ts';

/**
 * 👍 More like this / 👎 Not for us under any paper, and Undo under the answer. Answered to the clicker only: on the
 * response_url (Undo replaces the confirmation it sits in), or with chat.postEphemeral (answer-clicker.ts).
 */
export function register(app: App, deps: { ratings: RatingService; logger: Logger }): void {
  const answer = (args: ClickArgs, message: Message, replaceOriginal: boolean): Promise<void> =>
    answerClicker(args, message, { replaceOriginal, logger: deps.logger, what: 'rating' });

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
  app.action<BlockButtonAction>(ActionId.rateUp, answeringFailures('rating', deps.logger, vote(1)));
  app.action<BlockButtonAction>(ActionId.rateDown, answeringFailures('rating', deps.logger, vote(-1)));
  app.action<BlockButtonAction>(ActionId.rateUndo, answeringFailures('rating', deps.logger, async (args) => {
    await args.ack();
    const at = where(args);
    const message = at ? await deps.ratings.undo(at, parseRatingButtonValue(args.action.value), true) : noTeam;
    // Undo sits in the ephemeral confirmation: replace it, so no stale Undo stays behind.
    await answer(args, message, true);
  }));
}
