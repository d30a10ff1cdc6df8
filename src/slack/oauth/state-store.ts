import { createHmac, randomBytes } from 'node:crypto';
import type { InstallURLOptions, StateStore } from '@slack/bolt';
import type { Store } from '../../store/store.ts';
import { InstallStoreError } from './install-pages.ts';

/** How long an install may sit on Slack's consent page (Bolt's install cookie lives as long). */
export const STATE_LIFETIME_MS = 10 * 60_000;

/** Carries Bolt's code for a state it refuses, so the redirect shows the "start again" page (install-pages.ts). */
export class UnusableStateError extends Error {
  override name = 'UnusableStateError';
  readonly code = 'slack_oauth_invalid_state';
}

function isInstallOptions(value: unknown): value is InstallURLOptions {
  return typeof value === 'object' && value !== null && Array.isArray((value as { scopes?: unknown }).scopes);
}

/**
 * Bolt's OAuth state store on the app's database. Bolt's default state is a signed token that stays valid for its
 * whole 10 minutes, so one redirect (state, cookie, code) could install again and again; here a state is a random
 * value remembered until the first redirect that presents it, on whichever instance that lands, and gone after.
 * Only an HMAC of it (keyed with SLACK_STATE_SECRET) is stored.
 */
export class DatabaseStateStore implements StateStore {
  constructor(
    private readonly store: Store,
    private readonly stateSecret: string,
    private readonly lifetimeMs: number = STATE_LIFETIME_MS,
  ) {}

  /** States saved by `prepare` that Bolt has not asked for yet (one per install being started, for a moment). */
  readonly #saved: Array<{ state: string; installOptions: string }> = [];

  /**
   * Run before each install starts (install-pages.ts `installPathOptions`), where a failure can still answer the
   * browser: states of installs nobody finished go (the table stays as small as the installs in progress), and the
   * state Bolt asks for next is saved now. Saved in `generateStateParam` instead, a database that died after the
   * cleanup left Bolt with an error it only logs, and the browser without an answer. A saved state serves any install
   * with the same install options (each is a random value). `now`: the wall clock, as Bolt's own for states.
   */
  async prepare(installOptions: InstallURLOptions | undefined, now: Date = new Date()): Promise<void> {
    try {
      await this.store.forgetOAuthStatesBefore(now);
      if (installOptions) this.#saved.push(await this.#save(JSON.stringify(installOptions), now));
    } catch (error) {
      throw new InstallStoreError('start an installation', error);
    }
  }

  /** The state `prepare` saved for this install (saved now only when the install did not go through `prepare`). */
  async generateStateParam(installOptions: InstallURLOptions, now: Date): Promise<string> {
    const options = JSON.stringify(installOptions);
    const index = this.#saved.findIndex((saved) => saved.installOptions === options);
    const [saved] = index === -1 ? [] : this.#saved.splice(index, 1);
    if (saved) return saved.state;
    try {
      return (await this.#save(options, now)).state;
    } catch (error) {
      throw new InstallStoreError('start an installation', error);
    }
  }

  async #save(installOptions: string, now: Date): Promise<{ state: string; installOptions: string }> {
    const state = randomBytes(32).toString('base64url');
    await this.store.saveOAuthState({ stateHash: this.#hash(state), installOptions, issuedAt: now, expiresAt: new Date(now.getTime() + this.lifetimeMs) });
    return { state, installOptions };
  }

  async verifyStateParam(now: Date, state: string): Promise<InstallURLOptions> {
    const saved = await this.store.consumeOAuthState(this.#hash(state), now).catch((error: unknown) => {
      throw new InstallStoreError('check the installation link', error);
    });
    if (saved === null) throw new UnusableStateError('the install state was already used, has expired, or was never issued here');
    const options: unknown = JSON.parse(saved);
    if (!isInstallOptions(options)) throw new UnusableStateError('the install state holds no install options');
    return options;
  }

  #hash(state: string): string {
    return createHmac('sha256', this.stateSecret).update(state).digest('hex');
  }
}
