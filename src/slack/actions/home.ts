import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Logger } from '../../logger.ts';
import { ActionId, type HomeButtonValue } from '../../views/action-ids.ts';
import { slackErrorCode } from '../slack-errors.ts';
import type { HomeService } from '../../digests/home-service.ts';

export function parseHomeButtonValue(value: string | undefined): HomeButtonValue | null {
  try {
    const parsed: unknown = JSON.parse(value ?? '');
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { id, p } = parsed as Record<string, unknown>;
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) return null;
    if (typeof p !== 'number' || !Number.isSafeInteger(p) || p < 0) return null;
    return { id, p };
  } catch {
    return null;
  }
}

type HomeOperation = 'pause' | 'resume' | 'unsubscribe' | 'reset' | 'page';

/** The App Home buttons: act on the subscription, then publish the tab again with a one-line outcome. */
export function register(app: App, deps: { home: HomeService; logger: Logger }): void {
  const handle = (operation: HomeOperation) =>
    async ({ ack, action, body, client, context }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
      await ack();
      const teamId = context.teamId ?? body.team?.id;
      const userId = body.user.id;
      if (!teamId) return;
      const value = parseHomeButtonValue(action.value);
      let notice: string | null = null;
      let page = value?.p ?? 0;
      if (!value) {
        notice = 'That button has expired; here is the current list.';
        page = 0;
      } else if (operation === 'pause') notice = await deps.home.pause(teamId, userId, value.id);
      else if (operation === 'resume') notice = await deps.home.resume(teamId, userId, value.id);
      else if (operation === 'unsubscribe') notice = await deps.home.unsubscribe(teamId, userId, value.id);
      else if (operation === 'reset') notice = await deps.home.reset(teamId, userId, value.id);
      try {
        await client.views.publish({ user_id: userId, view: await deps.home.view(teamId, userId, page, notice) });
      } catch (error) {
        deps.logger.warn(`views.publish for ${userId} failed: ${slackErrorCode(error) ?? 'unknown error'}`);
      }
    };
  app.action<BlockButtonAction>(ActionId.homePause, handle('pause'));
  app.action<BlockButtonAction>(ActionId.homeResume, handle('resume'));
  app.action<BlockButtonAction>(ActionId.homeUnsubscribe, handle('unsubscribe'));
  app.action<BlockButtonAction>(ActionId.homeReset, handle('reset'));
  app.action<BlockButtonAction>(ActionId.homePagePrev, handle('page'));
  app.action<BlockButtonAction>(ActionId.homePageNext, handle('page'));
}
