/**
 * The workspaces table (a whole workspace's pause), the installations table (OAuth mode's sealed tokens) and the
 * oauth_states table (installs in progress: each state used once).
 */
import type { Kysely } from 'kysely';
import { toInstallation, toIso, toWorkspace } from './row-values.ts';
import type { Database } from './schema.ts';
import type { InstallationRecord, OAuthStateInput, PauseReason, SaveInstallationInput, Workspace } from './store.ts';
import { pauseStart } from './pause-start.ts';
import { requireText } from './validation.ts';

export async function setWorkspacePaused(db: Kysely<Database>, teamId: string, reason: PauseReason | null, now: Date = new Date()): Promise<Workspace> {
  requireText('teamId', teamId);
  if (reason !== null) requireText('reason', reason);
  const updatedAt = toIso(now);
  const row = await db
    .insertInto('workspaces')
    .values({ team_id: teamId, paused_reason: reason, paused_at: reason === null ? null : updatedAt, updated_at: updatedAt })
    // A workspace paused already keeps when its pause began (pauseStart), whatever the new reason.
    .onConflict((oc) =>
      oc.column('team_id').doUpdateSet({ paused_reason: reason, paused_at: reason === null ? null : pauseStart(now, 'workspaces'), updated_at: updatedAt }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return toWorkspace(row);
}

export async function workspacesPausedFor(db: Kysely<Database>, reason: PauseReason): Promise<Workspace[]> {
  const rows = await db.selectFrom('workspaces').selectAll().where('paused_reason', '=', reason).orderBy('team_id').execute();
  return rows.map(toWorkspace);
}

export async function getWorkspace(db: Kysely<Database>, teamId: string): Promise<Workspace | null> {
  const row = await db.selectFrom('workspaces').selectAll().where('team_id', '=', teamId).executeTakeFirst();
  return row ? toWorkspace(row) : null;
}

export async function saveInstallation(db: Kysely<Database>, input: SaveInstallationInput): Promise<InstallationRecord> {
  requireText('teamId', input.teamId);
  requireText('sealed', input.sealed);
  const nowIso = toIso(input.now ?? new Date());
  const fields = {
    enterprise_id: input.enterpriseId ?? null,
    app_id: input.appId ?? null,
    bot_user_id: input.botUserId ?? null,
    installed_by: input.installedBy ?? null,
    sealed: input.sealed,
    updated_at: nowIso,
    revoked_at: null,
  };
  const row = await db
    .insertInto('installations')
    .values({ team_id: input.teamId, installed_at: nowIso, ...fields })
    .onConflict((oc) => oc.column('team_id').doUpdateSet({ ...fields, installed_at: nowIso }))
    .returningAll()
    .executeTakeFirstOrThrow();
  return toInstallation(row);
}

export async function getInstallation(db: Kysely<Database>, teamId: string): Promise<InstallationRecord | null> {
  const row = await db.selectFrom('installations').selectAll().where('team_id', '=', teamId).executeTakeFirst();
  return row ? toInstallation(row) : null;
}

export async function revokeInstallation(db: Kysely<Database>, teamId: string, now: Date = new Date()): Promise<boolean> {
  const nowIso = toIso(now);
  const result = await db
    .updateTable('installations')
    .set({ sealed: null, revoked_at: nowIso, updated_at: nowIso })
    .where('team_id', '=', teamId)
    .where('sealed', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function saveOAuthState(db: Kysely<Database>, input: OAuthStateInput): Promise<void> {
  requireText('stateHash', input.stateHash);
  await db
    .insertInto('oauth_states')
    .values({ state_hash: input.stateHash, install_options: input.installOptions, issued_at: toIso(input.issuedAt), expires_at: toIso(input.expiresAt) })
    .execute();
}

/**
 * One DELETE … RETURNING: the row goes with its first use, expired or not. On Postgres a second deleter of the same
 * row waits for the first to commit and then finds nothing; SQLite has a single writer.
 */
export async function consumeOAuthState(db: Kysely<Database>, stateHash: string, now: Date): Promise<string | null> {
  if (stateHash === '') return null;
  const row = await db.deleteFrom('oauth_states').where('state_hash', '=', stateHash).returning(['install_options', 'expires_at']).executeTakeFirst();
  if (!row || row.expires_at <= toIso(now)) return null;
  return row.install_options;
}

export async function forgetOAuthStatesBefore(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db.deleteFrom('oauth_states').where('expires_at', '<', toIso(before)).executeTakeFirst();
  return Number(result.numDeletedRows);
}
