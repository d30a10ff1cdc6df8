import type { App } from '@slack/bolt';
import type { LinkUnfurls } from '@slack/types';
import type { Logger } from '../../logger.ts';
import type { UnfurlService } from '../../unfurl/unfurl-service.ts';
import { slackErrorCode } from '../slack-errors.ts';

/**
 * `link_shared` (a message, or the composer, holds a link on one of the manifest's unfurl domains) → the paper
 * cards (UnfurlService) → `chat.unfurl`. Links that are not known papers are left as Slack shows them.
 */
export function register(app: App, deps: { unfurl: UnfurlService; logger: Logger }): void {
  app.event('link_shared', async ({ event, body, client, context }) => {
    const teamId = context.teamId ?? body.team_id;
    if (!teamId) return;
    const composer = event.source === 'composer';
    const { cards } = await deps.unfurl.cardsFor({ teamId, channelId: event.channel }, event.links.map((link) => link.url), { composer });
    if (cards.length === 0) return;
    const unfurls: LinkUnfurls = Object.fromEntries(cards.map((card) => [card.url, { blocks: card.message.blocks }]));
    // A link still in the composer has no message yet: it is addressed by its unfurl_id.
    const target =
      composer && event.unfurl_id
        ? { source: 'composer' as const, unfurl_id: event.unfurl_id }
        : { channel: event.channel, ts: event.message_ts };
    try {
      await client.chat.unfurl({ ...target, unfurls });
    } catch (error) {
      await deps.unfurl.forget(cards);
      deps.logger.warn(`chat.unfurl in ${teamId}/${event.channel} failed: ${slackErrorCode(error) ?? (error instanceof Error ? error.message : 'unknown error')}`);
    }
  });
}
