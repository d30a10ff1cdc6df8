import type { App, BlockButtonAction } from '@slack/bolt';
import type { PaperCommandDeps } from '../../commands/paper-command.ts';
import { ActionId } from '../../views/action-ids.ts';
import { errorMessage } from '../../views/error.ts';
import { similarPapersMessage } from '../../views/similar-papers.ts';
import { answerClicker, answeringFailures } from './answer-clicker.ts';

/** How many similar papers the reply shows. */
export const SIMILAR_COUNT = 5;

/** "Similar": an ephemeral list of the papers most like the one the button sits under. */
export function register(app: App, deps: PaperCommandDeps): void {
  app.action<BlockButtonAction>(ActionId.similar, answeringFailures('similar', deps.logger, async (args) => {
    const { ack, action } = args;
    await ack();
    const paper = await deps.searchState.find(action.value ?? '');
    // Read after find: catching up may have swapped in a newer index.
    const search = deps.searchState.current;
    if (!search || !paper) {
      const why = search ? "I couldn't find that paper any more. Search again and try Similar from the new results." : 'The paper index is still loading. Try again in a moment.';
      await answerClicker(args, errorMessage(why), { logger: deps.logger, what: 'similar' });
      return;
    }
    const hits = search.similar(paper.id, SIMILAR_COUNT);
    await answerClicker(args, similarPapersMessage(paper, hits), { logger: deps.logger, what: 'similar' });
  }));
}
