import type { App, BlockButtonAction } from '@slack/bolt';
import { searchReply, WARMING_UP, type PaperCommandDeps } from '../../commands/paper-command.ts';
import { ActionId, type ShowMoreValue } from '../../views/action-ids.ts';
import { errorMessage } from '../../views/error.ts';
import { answerClicker, answeringFailures } from './answer-clicker.ts';

export function parseShowMoreValue(value: string | undefined): ShowMoreValue | null {
  try {
    const parsed: unknown = JSON.parse(value ?? '');
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { q, o } = parsed as Record<string, unknown>;
    if (typeof q !== 'string' || typeof o !== 'number' || !Number.isInteger(o) || o < 0) return null;
    return { q, o };
  } catch {
    return null;
  }
}

/** "Show more": the next page replaces the ephemeral results in place. */
export function register(app: App, deps: PaperCommandDeps): void {
  app.action<BlockButtonAction>(ActionId.showMore, answeringFailures('show more', deps.logger, async (args) => {
    const { ack, action, body, context } = args;
    await ack();
    const state = parseShowMoreValue(action.value);
    // The next page in the channel's own order (its ratings as they are now).
    const channel: unknown = body.channel?.id ?? body.container.channel_id;
    const where = { teamId: context.teamId ?? body.team?.id ?? '', channelId: typeof channel === 'string' ? channel : '', userId: body.user.id };
    // A page that cannot be shown is said beside the results, which stay: replacing them would lose what was found.
    if (!state || !deps.searchState.current) {
      const why = state ? WARMING_UP : 'That button has expired. Run the search again.';
      await answerClicker(args, errorMessage(why), { logger: deps.logger, what: 'show more' });
      return;
    }
    const reply = await searchReply(deps, state.q, where, state.o);
    await answerClicker(args, reply.message, { replaceOriginal: true, logger: deps.logger, what: 'show more' });
  }));
}
