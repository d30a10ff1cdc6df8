import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Logger } from '../../logger.ts';
import { ActionId, type HomeButtonValue, type HomeChannelButtonValue } from '../../views/action-ids.ts';
import { homePagesOf } from '../../views/home.ts';
import { republishHome } from './home-tab.ts';
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

export function parseHomeChannelButtonValue(value: string | undefined): HomeChannelButtonValue | null {
  try {
    const parsed: unknown = JSON.parse(value ?? '');
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { c, p } = parsed as Record<string, unknown>;
    if (typeof c !== 'string' || c.trim() === '' || c.length > 100) return null;
    if (typeof p !== 'number' || !Number.isSafeInteger(p) || p < 0) return null;
    return { c, p };
  } catch {
    return null;
  }
}

type HomeOperation = 'pause' | 'resume' | 'unsubscribe' | 'reset' | 'page';

type ClickArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
const EXPIRED = 'That button has expired; here is the current list.';

/** The App Home buttons: act on the subscription (or channel), then publish the tab again with a one-line outcome. */
export function register(app: App, deps: { home: HomeService; logger: Logger }): void {
  const handle = (operation: HomeOperation) =>
    async (args: ClickArgs): Promise<void> => {
      const { ack, action, body, context } = args;
      await ack();
      const teamId = context.teamId ?? body.team?.id;
      const userId = body.user.id;
      if (!teamId) return;
      const value = parseHomeButtonValue(action.value);
      // The saved papers stay on the page they were on (the tab's private_metadata says which).
      const { saved } = homePagesOf(body.view?.private_metadata);
      await republishHome(args, deps.logger, operation, async () => {
        let notice: string | null = null;
        if (!value) notice = EXPIRED;
        else if (operation === 'pause') notice = await deps.home.pause(teamId, userId, value.id);
        else if (operation === 'resume') notice = await deps.home.resume(teamId, userId, value.id);
        else if (operation === 'unsubscribe') notice = await deps.home.unsubscribe(teamId, userId, value.id);
        else if (operation === 'reset') notice = await deps.home.reset(teamId, userId, value.id);
        return deps.home.view(teamId, userId, value?.p ?? 0, notice, saved);
      });
    };
  // Forget a channel's ratings given outside digests (issue 16).
  app.action<BlockButtonAction>(ActionId.homeResetChannelRatings, async (args) => {
    const { ack, action, body, context } = args;
    await ack();
    const teamId = context.teamId ?? body.team?.id;
    if (!teamId) return;
    const value = parseHomeChannelButtonValue(action.value);
    const { saved } = homePagesOf(body.view?.private_metadata);
    await republishHome(args, deps.logger, 'channel ratings reset', async () => {
      const notice = value ? await deps.home.resetChannelRatings(teamId, body.user.id, value.c) : EXPIRED;
      return deps.home.view(teamId, body.user.id, value?.p ?? 0, notice, saved);
    });
  });
  app.action<BlockButtonAction>(ActionId.homePause, handle('pause'));
  app.action<BlockButtonAction>(ActionId.homeResume, handle('resume'));
  app.action<BlockButtonAction>(ActionId.homeUnsubscribe, handle('unsubscribe'));
  app.action<BlockButtonAction>(ActionId.homeReset, handle('reset'));
  app.action<BlockButtonAction>(ActionId.homePagePrev, handle('page'));
  app.action<BlockButtonAction>(ActionId.homePageNext, handle('page'));
}
