import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SavedPaperService } from '../../digests/saved-paper-service.ts';
import type { HomeService } from '../../digests/home-service.ts';
import type { Logger } from '../../logger.ts';
import { ActionId, type SavedButtonValue } from '../../views/action-ids.ts';
import { errorMessage } from '../../views/error.ts';
import { homePagesOf } from '../../views/home.ts';
import { answerClicker, answeringFailures } from './answer-clicker.ts';
import { republishHome } from './home-tab.ts';

export function parseSavedButtonValue(value: string | undefined): SavedButtonValue | null {
  try {
    const parsed: unknown = JSON.parse(value ?? '');
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { s, p } = parsed as Record<string, unknown>;
    if (typeof s !== 'string' || typeof p !== 'number' || !Number.isSafeInteger(p) || p < 0) return null;
    return { s, p };
  } catch {
    return null;
  }
}

type SavedOperation = 'read' | 'remove' | 'page';

/**
 * "Save" under any paper: saved for the clicker only, answered ephemerally (answer-clicker.ts: on the response_url, or with
 * chat.postEphemeral when there is none or Slack refuses it). The App Home's Mark read / Remove / pages publish the tab again.
 */
export function register(app: App, deps: { saved: SavedPaperService; home: HomeService; logger: Logger }): void {
  app.action<BlockButtonAction>(ActionId.save, answeringFailures('save', deps.logger, async (args) => {
    const { ack, action, body, context } = args;
    await ack();
    // Saved papers are the person's, in their own workspace: in a Slack Connect channel someone of another organization
    // clicks with the host's `team` but their own `user.team_id`, which is where their `/paper saved` reads.
    const teamId = body.user.team_id ?? context.teamId ?? body.team?.id;
    const userId = body.user.id;
    const message = teamId
      ? await deps.saved.save(teamId, userId, action.value ?? '', { homeTab: true })
      : errorMessage("I couldn't tell which workspace this is. Please try again from a fresh message.");
    await answerClicker(args, message, { logger: deps.logger, what: 'save' });
  }));

  const handle = (operation: SavedOperation) =>
    async (args: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
      const { ack, action, body, context } = args;
      await ack();
      const teamId = context.teamId ?? body.team?.id;
      const userId = body.user.id;
      if (!teamId) return;
      const value = parseSavedButtonValue(action.value);
      // The digests stay on the page they were on (the tab's private_metadata says which).
      const { digests, saved } = homePagesOf(body.view?.private_metadata);
      await republishHome(args, deps.logger, `saved ${operation}`, async () => {
        let notice: string | null = null;
        if (!value) notice = 'That button has expired; here are your saved papers.';
        else if (operation === 'read') notice = await deps.saved.markRead(teamId, userId, value.s);
        else if (operation === 'remove') notice = await deps.saved.remove(teamId, userId, value.s);
        return deps.home.view(teamId, userId, digests, notice, value?.p ?? saved);
      });
    };
  app.action<BlockButtonAction>(ActionId.homeSavedRead, handle('read'));
  app.action<BlockButtonAction>(ActionId.homeSavedRemove, handle('remove'));
  app.action<BlockButtonAction>(ActionId.homeSavedPrev, handle('page'));
  app.action<BlockButtonAction>(ActionId.homeSavedNext, handle('page'));
}
