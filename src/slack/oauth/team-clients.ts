import { webApi } from '@slack/bolt';

/** Where a workspace's bot token comes from: the single SLACK_BOT_TOKEN, or its OAuth installation. */
export type BotTokenSource = (teamId: string) => Promise<string>;

export function singleToken(token: string): BotTokenSource {
  return () => Promise.resolve(token);
}

/**
 * One Web API client per workspace, built with that workspace's bot token (a reinstall's new token gets a new
 * client). Used where no Bolt listener hands us an authorized `client`: digest posting, channel checks.
 */
export class TeamClients {
  readonly #clients = new Map<string, { token: string; client: webApi.WebClient }>();

  constructor(
    private readonly tokenFor: BotTokenSource,
    private readonly options: webApi.WebClientOptions,
  ) {}

  async clientFor(teamId: string): Promise<webApi.WebClient> {
    const token = await this.tokenFor(teamId);
    const cached = this.#clients.get(teamId);
    if (cached?.token === token) return cached.client;
    const client = new webApi.WebClient(token, this.options);
    this.#clients.set(teamId, { token, client });
    return client;
  }
}
