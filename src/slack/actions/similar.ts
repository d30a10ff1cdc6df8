import type { App, BlockButtonAction } from '@slack/bolt';
import type { PaperCommandDeps } from '../../commands/paper-command.ts';
import { similarReply } from '../../commands/similar-reply.ts';
import { ActionId } from '../../views/action-ids.ts';
import { answerClicker, answeringFailures } from './answer-clicker.ts';

/** "Similar": an ephemeral list of the papers most like the one the button sits under. */
export function register(app: App, deps: PaperCommandDeps): void {
  app.action<BlockButtonAction>(ActionId.similar, answeringFailures('similar', deps.logger, async (args) => {
    await args.ack();
    await answerClicker(args, await similarReply(deps.searchState, args.action.value ?? ''), { logger: deps.logger, what: 'similar' });
  }));
}
