/** Rows of the store's tables → the records `Store` returns (and ISO-8601 text ↔ Date for timestamps). */
import type { Selectable } from 'kysely';
import type { DigestRunsTable, InstallationsTable, SubscriptionsTable, WorkspacesTable } from './schema.ts';
import {
  DIGEST_RUN_STATUSES,
  isCadence,
  type DigestOutcomeStatus,
  type DigestRun,
  type DigestRunStatus,
  type InstallationRecord,
  type Subscription,
  type Workspace,
} from './store.ts';
import { StoreValidationError } from './validation.ts';

export function toIso(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new StoreValidationError('invalid Date');
  return date.toISOString();
}

function fromIso(value: string): Date {
  return new Date(value);
}

function fromIsoOrNull(value: string | null): Date | null {
  return value === null ? null : new Date(value);
}

export function toSubscription(row: Selectable<SubscriptionsTable>): Subscription {
  if (!isCadence(row.cadence)) throw new Error(`subscriptions.id=${row.id} has unknown cadence "${row.cadence}"`);
  const status = row.last_digest_status;
  return {
    id: row.id,
    teamId: row.team_id,
    channelId: row.channel_id,
    topic: row.topic,
    topicKey: row.topic_key,
    time: row.time,
    timezone: row.timezone,
    cadence: row.cadence,
    createdBy: row.created_by,
    createdAt: fromIso(row.created_at),
    updatedAt: fromIso(row.updated_at),
    pausedReason: row.paused_reason,
    pausedUntil: fromIsoOrNull(row.paused_until),
    pausedAt: fromIsoOrNull(row.paused_at),
    lastDigestAt: fromIsoOrNull(row.last_digest_at),
    lastDigestStatus: status !== null && isOutcomeStatus(status) ? status : null,
    kind: row.kind === 'top' ? 'top' : 'topic',
    weekday: row.weekday === null ? null : Number(row.weekday),
    scheduleChangedAt: fromIsoOrNull(row.schedule_changed_at),
  };
}

export function toDigestRun(row: Selectable<DigestRunsTable>): DigestRun {
  if (!isRunStatus(row.status)) throw new Error(`digest_runs.id=${row.id} has unknown status "${row.status}"`);
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    teamId: row.team_id,
    channelId: row.channel_id,
    digestDate: row.digest_date,
    claimedBy: row.claimed_by,
    claimedAt: fromIso(row.claimed_at),
    status: row.status,
    deliveryId: row.delivery_id,
    messageTs: row.message_ts,
    attempts: row.attempts,
    nextAttemptAt: fromIsoOrNull(row.next_attempt_at),
    error: row.error,
    completedAt: fromIsoOrNull(row.completed_at),
  };
}

export function toInstallation(row: Selectable<InstallationsTable>): InstallationRecord {
  return {
    teamId: row.team_id,
    enterpriseId: row.enterprise_id,
    appId: row.app_id,
    botUserId: row.bot_user_id,
    installedBy: row.installed_by,
    sealed: row.sealed,
    installedAt: fromIso(row.installed_at),
    updatedAt: fromIso(row.updated_at),
    revokedAt: fromIsoOrNull(row.revoked_at),
  };
}

export function toWorkspace(row: Selectable<WorkspacesTable>): Workspace {
  return { teamId: row.team_id, pausedReason: row.paused_reason, updatedAt: fromIso(row.updated_at), pausedAt: fromIsoOrNull(row.paused_at) };
}

function isRunStatus(value: string): value is DigestRunStatus {
  return (DIGEST_RUN_STATUSES as readonly string[]).includes(value);
}

export function isOutcomeStatus(value: string): value is DigestOutcomeStatus {
  return value === 'posted' || value === 'nothing_new' || value === 'skipped' || value.startsWith('failed: ');
}
