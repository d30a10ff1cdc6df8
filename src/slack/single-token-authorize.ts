/**
 * Authorization for the one-token (single workspace) mode.
 *
 * Bolt's own, given `token`, calls `auth.test` once as the app is made and keeps that promise: when Slack is
 * unreachable at that moment (a deploy during a network blip) the rejection is unhandled and the process exits, and
 * had it survived, every later request would fail on the same rejected promise. This one asks as the app starts too,
 * keeps the first answer that works, asks again after a failure, and never holds a request (which must be acked within
 * 3 s) for more than `waitMs`: without an answer the request runs with the token alone (no bot ids, so only the
 * "was the bot removed from a channel" events, which need the bot's user id, are skipped until Slack answers).
 */
import { webApi, type Authorize, type AuthorizeResult } from '@slack/bolt';
import type { Logger } from '../logger.ts';
import { slackErrorCode } from './slack-errors.ts';

export interface BotIdentity {
  botId: string | undefined;
  botUserId: string | undefined;
  /** The token's workspace (the start's token check resumes it if it was paused for a dead token). */
  teamId?: string | undefined;
}

export interface SingleTokenAuthorizeOptions {
  botToken: string;
  /** `auth.test` for the token, answered as the bot's ids. */
  identify: () => Promise<BotIdentity>;
  logger: Logger;
  /** Longest a request waits for an `auth.test` still in flight. */
  waitMs?: number;
}

export function singleTokenAuthorize(options: SingleTokenAuthorizeOptions): Authorize<boolean> {
  const { botToken, identify, logger, waitMs = 1_000 } = options;
  let known: BotIdentity | undefined;
  let pending: Promise<BotIdentity | undefined> | undefined;
  const ask = (): Promise<BotIdentity | undefined> => {
    pending ??= identify()
      .then(
        (identity) => {
          known = identity;
          return identity;
        },
        (error: unknown) => {
          logger.warn(`auth.test for SLACK_BOT_TOKEN failed (${slackErrorCode(error) ?? 'unreachable'}); asking again on the next request`);
          return undefined;
        },
      )
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
  void ask();
  return async ({ isEnterpriseInstall }): Promise<AuthorizeResult> => {
    const identity = known ?? (await Promise.race([ask(), giveUpAfter(waitMs)]));
    return { isEnterpriseInstall, botToken, ...(identity ? { botId: identity.botId, botUserId: identity.botUserId } : {}) };
  };
}

function giveUpAfter(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref());
}

/** `auth.test` for `token` with the app's client options, no retries (the next request asks again). */
export async function identifyBot(token: string, clientOptions: webApi.WebClientOptions): Promise<BotIdentity> {
  const auth = await new webApi.WebClient(token, { ...clientOptions, retryConfig: { retries: 0 } }).auth.test();
  return { botId: auth.bot_id, botUserId: auth.user_id, teamId: auth.team_id };
}

/**
 * `ask`, with its first answer kept for `first()`: the `auth.test` the authorization makes as the app starts also
 * answers the start's token check, so Slack is asked once, not twice. `first()` asks itself if nothing asked yet.
 */
export function keepFirstAnswer<T>(ask: () => Promise<T>): { ask: () => Promise<T>; first: () => Promise<T> } {
  let first: Promise<T> | undefined;
  return {
    ask: () => {
      const answer = ask();
      first ??= answer;
      return answer;
    },
    first: () => (first ??= ask()),
  };
}
