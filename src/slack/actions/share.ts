import type { App, BlockButtonAction } from '@slack/bolt';
import type { PaperCommandDeps } from '../../commands/paper-command.ts';
import { ActionId } from '../../views/action-ids.ts';
import { errorMessage } from '../../views/error.ts';
import { alreadySharedMessage, sharedPaperMessage } from '../../views/shared-paper.ts';
import { slackErrorCode } from '../slack-errors.ts';
import { answerClicker, answeringFailures } from './answer-clicker.ts';

const ONLY_SOME_MAY_POST = "Only some people may post in this channel, and I'm not one of them. Ask whoever manages it to let the app post, or share the paper's link yourself.";

const cannotPostHelp: Record<string, string> = {
  not_in_channel: "I'm not a member of this channel. Invite me with `/invite @paper` and share again.",
  channel_not_found: "I can't see this channel. If it is private, invite me with `/invite @paper` first.",
  is_archived: 'This channel is archived, so I cannot post here.',
  restricted_action: ONLY_SOME_MAY_POST,
  restricted_action_read_only_channel: ONLY_SOME_MAY_POST,
  restricted_action_thread_only_channel: ONLY_SOME_MAY_POST,
};

/** "Share": post the paper to the channel for everyone, naming who shared it. */
export function register(app: App, deps: PaperCommandDeps): void {
  app.action<BlockButtonAction>(ActionId.share, answeringFailures('share', deps.logger, async (args) => {
    const { ack, action, body, client, context } = args;
    await ack();
    const search = deps.searchState.current;
    const paper = await deps.searchState.find(action.value ?? '');
    const channel = body.channel?.id;
    if (!paper || !channel) {
      const why = search ? "I couldn't find that paper any more. Search again and share from the new results." : 'The paper index is still loading. Try again in a moment.';
      await answerClicker(args, errorMessage(why), { logger: deps.logger, what: 'share' });
      return;
    }
    const teamId = context.teamId ?? body.team?.id;
    const claim = teamId ? await deps.shares.claim(teamId, channel, body.user.id, paper.id) : null;
    if (teamId && !claim) {
      await answerClicker(args, alreadySharedMessage(paper), { logger: deps.logger, what: 'share' });
      return;
    }
    const message = sharedPaperMessage(paper, body.user.id);
    try {
      await client.chat.postMessage({ channel, ...message, unfurl_links: false, unfurl_media: false });
    } catch (error) {
      if (claim) await deps.shares.release(claim);
      const code = slackErrorCode(error);
      deps.logger.warn(`share failed in ${channel}: ${code ?? 'unknown error'}`);
      // A direct message between other people (D…): /paper works there, but the bot is not in it and cannot be invited.
      const inDm = channel.startsWith('D') && (code === 'channel_not_found' || code === 'not_in_channel');
      const help = inDm
        ? "I can't post in a direct message I'm not part of. Share the paper from a channel, or copy its link into this conversation."
        : ((code && cannotPostHelp[code]) ?? 'Slack did not accept the post. Please try again in a moment.');
      await answerClicker(args, errorMessage(help), { logger: deps.logger, what: 'share' });
    }
  }));
}
