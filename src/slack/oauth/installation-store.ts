import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Logger } from '../../logger.ts';
import type { Store } from '../../store/store.ts';
import { resumeWorkspaceWithNewToken } from '../../digests/pauses.ts';
import { InstallStoreError, UnsupportedInstallError } from './install-pages.ts';
import { EncryptionKeyError, type TokenSealer } from './token-crypto.ts';

/** No usable installation for a workspace; carries Slack's `not_authed` so digest posting pauses the workspace. */
export class MissingInstallationError extends Error {
  override name = 'MissingInstallationError';
  readonly data = { ok: false, error: 'not_authed' } as const;
  constructor(readonly teamId: string) {
    super(`no installation for workspace ${teamId} (not installed, or uninstalled): install the app again at /slack/install`);
  }
}

/** Pause reason (and error code) of a workspace whose stored installation the current key cannot open. */
export const TOKEN_UNREADABLE = 'token_unreadable';

/**
 * The workspace's stored installation cannot be decrypted with the current SLACK_TOKEN_ENCRYPTION_KEY (the key was
 * changed). Carries `token_unreadable` as a Slack-style code: digest posting pauses the workspace as for a revoked
 * token instead of retrying, and a reinstall (sealed with the current key) resumes it.
 */
export class UnreadableInstallationError extends Error {
  override name = 'UnreadableInstallationError';
  readonly data = { ok: false, error: TOKEN_UNREADABLE } as const;
  constructor(readonly teamId: string, why: string) {
    super(
      `the stored installation of workspace ${teamId} cannot be decrypted with the current SLACK_TOKEN_ENCRYPTION_KEY (${why}): ` +
        'restore the previous key, or install the app again in that workspace (/slack/install); its digests are paused until then',
    );
  }
}

function isInstallation(value: unknown): value is Installation {
  if (typeof value !== 'object' || value === null) return false;
  const bot = (value as { bot?: unknown }).bot;
  return typeof bot === 'object' && bot !== null && typeof (bot as { token?: unknown }).token === 'string';
}

/**
 * Bolt's installation store (OAuth mode) on the app's own database. Each workspace install is one row of
 * `installations`; the Bolt installation object (tokens included) is sealed with `TokenSealer` before it is
 * written, so neither the database nor a dump of it holds a token in clear. Tokens are never logged.
 *
 * Org-wide (Enterprise Grid) installs are refused: subscriptions belong to workspaces, so the app is installed
 * workspace by workspace (the manifest sets `org_deploy_enabled: false`).
 */
export class DatabaseInstallationStore implements InstallationStore {
  /** Workspaces whose unreadable installation was already logged (one ERROR line each, until reinstalled). */
  readonly #reportedUnreadable = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly sealer: TokenSealer,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async storeInstallation<AuthVersion extends 'v1' | 'v2'>(installation: Installation<AuthVersion, boolean>): Promise<void> {
    const teamId = installation.team?.id;
    if (installation.isEnterpriseInstall || !teamId) {
      throw new UnsupportedInstallError('Org-wide (Enterprise Grid) installs are not supported: install the app in each workspace.');
    }
    if (!installation.bot?.token) throw new Error('The installation has no bot token: the bot scopes were not granted.');
    const now = this.clock();
    const sealed = this.sealer.seal(JSON.stringify(installation), teamId);
    await this.store
      .saveInstallation({
        teamId,
        enterpriseId: installation.enterprise?.id ?? null,
        appId: installation.appId ?? null,
        botUserId: installation.bot.userId,
        installedBy: installation.user.id,
        sealed,
        now,
      })
      .catch((error: unknown) => {
        throw new InstallStoreError('save the installation', error);
      });
    this.#reportedUnreadable.delete(teamId);
    this.logger.info(`installed in workspace ${teamId} by ${installation.user.id} (scopes: ${installation.bot.scopes.join(',')})`);
    await resumeWorkspaceWithNewToken(this.store, teamId, this.logger, now);
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation> {
    const teamId = query.teamId;
    if (!teamId) throw new Error('Org-wide (Enterprise Grid) installs are not supported.');
    const record = await this.store.getInstallation(teamId);
    if (!record?.sealed) throw new MissingInstallationError(teamId);
    const installation: unknown = JSON.parse(this.#open(record.sealed, teamId));
    if (!isInstallation(installation)) throw new MissingInstallationError(teamId);
    return installation;
  }

  #open(sealed: string, teamId: string): string {
    try {
      return this.sealer.open(sealed, teamId);
    } catch (error) {
      if (!(error instanceof EncryptionKeyError)) throw error;
      const unreadable = new UnreadableInstallationError(teamId, error.message.replace(/: restore the previous .*$/, ''));
      if (!this.#reportedUnreadable.has(teamId)) {
        this.#reportedUnreadable.add(teamId);
        this.logger.error(unreadable.message);
      }
      throw unreadable;
    }
  }

  /**
   * At start: workspaces paused because their stored installation could not be decrypted (`token_unreadable`) whose
   * installation the current SLACK_TOKEN_ENCRYPTION_KEY opens (the previous key was restored) resume; the others wait
   * for a reinstall.
   */
  async resumeReadable(): Promise<void> {
    for (const workspace of await this.store.workspacesPausedFor(TOKEN_UNREADABLE)) {
      const record = await this.store.getInstallation(workspace.teamId);
      if (!record?.sealed) continue;
      try {
        this.sealer.open(record.sealed, workspace.teamId);
      } catch (error) {
        if (error instanceof EncryptionKeyError) continue;
        throw error;
      }
      this.logger.info(`workspace ${workspace.teamId}: its stored installation is readable again with SLACK_TOKEN_ENCRYPTION_KEY`);
      await resumeWorkspaceWithNewToken(this.store, workspace.teamId, this.logger, this.clock());
    }
  }

  /** Bolt's delete: the row stays (who installed, when), the sealed tokens are wiped. */
  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    if (query.teamId) await this.revoke(query.teamId);
  }

  async revoke(teamId: string): Promise<void> {
    if (await this.store.revokeInstallation(teamId, this.clock())) {
      this.logger.info(`workspace ${teamId}: stored tokens wiped (app uninstalled or tokens revoked)`);
    }
  }

  /** The workspace's bot token, or `MissingInstallationError`. */
  async botToken(teamId: string): Promise<string> {
    const installation = await this.fetchInstallation({ teamId, isEnterpriseInstall: false, enterpriseId: undefined });
    const token = installation.bot?.token;
    if (!token) throw new MissingInstallationError(teamId);
    return token;
  }
}
