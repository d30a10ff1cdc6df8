/**
 * The options of every Slack Web API client the app makes (Bolt's App and installer, per-workspace clients,
 * `npm run cli -- digest run`), so none of them can forget SLACK_API_URL or wait forever on Slack:
 * - `slackApiUrl`: SLACK_API_URL when set (tests, proxies);
 * - `timeout`: each HTTP attempt is aborted after SLACK_API_TIMEOUT_MS (default 10 s);
 * - `fetch` with the same timeout: Bolt's `respond()` posts to `response_url` with `clientOptions.fetch`,
 *   which has no timeout of its own;
 * - retries: a few quick ones for calls made while a user waits (commands, clicks, App Home, channel checks),
 *   none at all for digests (`digestClientOptions`): the digest runner owns their retries, Retry-After holds
 *   and history checks;
 * - the Home tab published as it is opened (`homeTabClientOptions`): a rate-limited call fails at once instead
 *   of holding the request for Slack's Retry-After; the next time the tab is opened publishes it.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from '../logger.ts';

export interface SlackClientSettings {
  /** SLACK_API_URL (ends in `/`), or undefined for Slack's own. */
  apiUrl: string | undefined;
  /** SLACK_API_TIMEOUT_MS. */
  timeoutMs: number;
  logger: Logger;
}

/** Three attempts within ~2 s: a user is waiting, and Slack's own default would retry for half an hour. */
const INTERACTIVE_RETRIES = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2_000, randomize: true };

/** `fetch` that gives up after `timeoutMs` (on top of any signal the caller passes). */
export function fetchWithTimeout(timeoutMs: number, base: typeof fetch = (input, init) => fetch(input, init)): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return base(input, { ...init, signal });
  };
}

/** For clients used while someone waits: Bolt's App (listeners' `client`, `respond`), the installer, channel checks. */
export function slackClientOptions(settings: SlackClientSettings): webApi.WebClientOptions {
  return {
    ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}),
    logger: settings.logger,
    timeout: settings.timeoutMs,
    fetch: fetchWithTimeout(settings.timeoutMs),
    retryConfig: INTERACTIVE_RETRIES,
  };
}

/** For digest posts and their history checks: no retries or rate-limit waits of the client's own. */
export function digestClientOptions(settings: SlackClientSettings): webApi.WebClientOptions {
  return { ...slackClientOptions(settings), retryConfig: { retries: 0 }, rejectRateLimitedCalls: true };
}

/** For `views.publish` on app_home_opened: the interactive options, but a 429 is not waited out (one WARN, no retry). */
export function homeTabClientOptions(options: webApi.WebClientOptions): webApi.WebClientOptions {
  return { ...options, rejectRateLimitedCalls: true };
}
