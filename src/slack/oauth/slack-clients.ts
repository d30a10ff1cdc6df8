import { oauthEnabled, type Config } from '../../config.ts';
import type { Logger } from '../../logger.ts';
import type { Store } from '../../store/store.ts';
import { digestClientOptions, slackClientOptions } from '../client-options.ts';
import { DatabaseInstallationStore } from './installation-store.ts';
import { TeamClients, singleToken } from './team-clients.ts';
import { parseEncryptionKey, TokenSealer } from './token-crypto.ts';

export interface SlackClients {
  /** OAuth mode: the installations (Bolt's installation store); undefined with a single SLACK_BOT_TOKEN. */
  installations: DatabaseInstallationStore | undefined;
  /** Per-workspace clients with a few quick retries (channel checks). */
  api: TeamClients;
  /** Per-workspace clients that never retry on their own: the digest runner owns retries and Retry-After. */
  digests: TeamClients;
}

/**
 * Where each workspace's bot token comes from, for every surface that talks to Slack outside a Bolt listener
 * (the web app's digest poster and channel checks, `npm run cli -- digest run`): the single
 * SLACK_BOT_TOKEN, or in OAuth mode the workspace's encrypted installation.
 */
export function createSlackClients(config: Config, store: Store, logger: Logger, clock: () => Date = () => new Date()): SlackClients {
  const settings = { apiUrl: config.slack.apiUrl, timeoutMs: config.slack.timeoutMs, logger };
  const installations = oauthEnabled(config)
    ? new DatabaseInstallationStore(store, new TokenSealer(parseEncryptionKey(config.slack.tokenEncryptionKey ?? '')), logger, clock)
    : undefined;
  const tokenFor = installations ? (teamId: string) => installations.botToken(teamId) : singleToken(config.slack.botToken ?? '');
  return {
    installations,
    api: new TeamClients(tokenFor, slackClientOptions(settings)),
    digests: new TeamClients(tokenFor, digestClientOptions(settings)),
  };
}
