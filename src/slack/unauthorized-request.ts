import type { Logger } from '../logger.ts';
import { reinstallNeededMessage } from '../views/error.ts';
import { errorText } from '../error-text.ts';

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

/** The workspace a request came from (slash command: `team_id`; interactivity: `team.id`; events: `team_id`). */
export function requestTeam(body: unknown): string | undefined {
  const teamId = field(body, 'team_id') ?? field(field(body, 'team'), 'id');
  return typeof teamId === 'string' && /^[A-Z0-9_]{1,30}$/.test(teamId) ? teamId : undefined;
}

/**
 * A request Bolt could not authorize (OAuth mode: the workspace has no installation the app can use). Bolt acks
 * it with an empty body, which Slack shows as nothing at all; when the request carries a `response_url` (a slash
 * command, a button) the person is told privately that the app has to be installed again. Never throws.
 */
export async function answerUnauthorized(body: unknown, options: { logger: Logger; timeoutMs: number }): Promise<void> {
  const responseUrl = field(body, 'response_url');
  if (typeof responseUrl !== 'string' || !/^https?:\/\//.test(responseUrl)) return;
  try {
    const res = await fetch(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, ...reinstallNeededMessage() }),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    if (!res.ok) options.logger.warn(`the "install the app again" answer was refused by Slack (HTTP ${res.status})`);
  } catch (error) {
    options.logger.warn(`the "install the app again" answer did not reach Slack (${errorText(error)})`);
  }
}
