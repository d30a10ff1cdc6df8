import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { errorText } from '../../error-text.ts';
import type { Logger } from '../../logger.ts';
import { homeUnavailableView, type HomeView } from '../../views/home.ts';
import { publishHome } from '../home-publish.ts';

type HomeClickArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * An App Home button's answer: `work` does what the button asks and builds the tab, which is published again. When the
 * work fails (the database unreachable) the clicker sees that on the tab, not an unchanged one; the details go to the log.
 */
export async function republishHome(args: HomeClickArgs, logger: Logger, what: string, work: () => Promise<HomeView>): Promise<void> {
  const userId = args.body.user.id;
  let view: HomeView;
  try {
    view = await work();
  } catch (error) {
    logger.error(`App Home ${what} by ${userId} failed: ${errorText(error)}`);
    view = homeUnavailableView(true);
  }
  await publishHome(args.client, userId, view, logger, true);
}
