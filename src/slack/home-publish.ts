import type { webApi } from '@slack/bolt';
import type { Logger } from '../logger.ts';
import { homeUnavailableView, type HomeView } from '../views/home.ts';
import { slackErrorCode } from './slack-errors.ts';

/** Slack refused the view itself (its blocks break a rule): what it built is not shown at all. */
const VIEW_REFUSED = new Set(['invalid_arguments', 'invalid_blocks', 'invalid_blocks_format']);

/** Slack's own words on what broke (`response_metadata.messages`), for the operator: schema paths, no user text. */
function slackMessages(error: unknown): string {
  const data = (error as { data?: { response_metadata?: { messages?: unknown } } } | null)?.data;
  const messages = data?.response_metadata?.messages;
  if (!Array.isArray(messages)) return '';
  const lines = messages.filter((m): m is string => typeof m === 'string').slice(0, 3).map((m) => m.slice(0, 200));
  return lines.length > 0 ? ` (${lines.join('; ')})` : '';
}

/**
 * `views.publish` of a user's Home tab. When Slack refuses the tab as built (a Block Kit limit broken), the user gets
 * the short "something went wrong" tab instead of an unchanged (or, the first time, empty) one, and the log says
 * which rule broke. Other failures (rate limit, outage) are one WARN line. Never throws.
 */
export async function publishHome(client: webApi.WebClient, userId: string, view: HomeView, logger: Logger, afterClick: boolean): Promise<void> {
  try {
    await client.views.publish({ user_id: userId, view });
  } catch (error) {
    const code = slackErrorCode(error);
    const later = code === 'ratelimited' ? '; the next time the Home tab is opened publishes it' : '';
    logger.warn(`views.publish for ${userId} failed: ${code ?? (error instanceof Error ? error.message : 'unknown error')}${slackMessages(error)}${later}`);
    if (code === null || !VIEW_REFUSED.has(code)) return;
    try {
      await client.views.publish({ user_id: userId, view: homeUnavailableView(afterClick) });
    } catch (again) {
      logger.warn(`views.publish of the fallback tab for ${userId} failed too: ${slackErrorCode(again) ?? 'unknown error'}`);
    }
  }
}
