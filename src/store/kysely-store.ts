/**
 * The one implementation of `Store`, shared by SQLite and Postgres. Every statement here is plain
 * kysely that compiles to SQL both dialects accept (INSERT … ON CONFLICT DO NOTHING/UPDATE,
 * UPDATE/DELETE … RETURNING, CAST); dialect-specific setup is in dialect.ts.
 *
 * Exactly-once claims rely only on the database, never on in-process locks:
 * - a first claim is `INSERT … SELECT … ON CONFLICT (subscription_id, digest_date) DO NOTHING
 *   RETURNING *`: of concurrent inserters exactly one gets a row back (Postgres makes the others wait
 *   for the winner's commit, then do nothing; SQLite has a single writer);
 * - a takeover is one `UPDATE … WHERE <still failed-and-due or stale> RETURNING *`: on Postgres a
 *   concurrent updater blocks on the row lock, then re-checks the WHERE against the committed row
 *   (READ COMMITTED re-evaluation) and matches nothing, so only one takeover wins;
 * - completion/failure are fenced by (claimed_by, attempts): an instance whose lease expired and was
 *   taken over cannot overwrite the new holder's run.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database, DigestRunsTable, InstallationsTable, SubscriptionsTable, WorkspacesTable } from './schema.ts';
import {
  listPapers,
  listPapersChangedSince,
  readRevision,
  readSeedPagesDigest,
  upsertPapers,
  writeSeedPagesDigest, type PaperInput, type UpsertPapersOptions, type UpsertPapersResult } from './paper-store.ts';
import type { Paper } from '../papers/paper.ts';
import {
  DEFAULT_CADENCE,
  DEFAULT_DIGEST_TIME,
  DEFAULT_TIMEZONE,
  DIGEST_RUN_STATUSES,
  StoreValidationError,
  USER_PAUSE_REASON,
  isCadence,
  isValidDigestDate,
  isValidTime,
  isValidTimezone,
  topicKey,
  type CompleteDigestInput,
  type CompleteDigestResult,
  type DigestClaim,
  type DigestCompletionStatus,
  type DigestOutcomeStatus,
  type DigestRun,
  type DigestRunStatus,
  type InstallationRecord,
  type PauseReason,
  type SaveInstallationInput,
  type Store,
  type Subscription,
  type UpsertSubscriptionInput,
  type UpsertSubscriptionResult,
  type Workspace,
} from './store.ts';

/** How long a 'claimed' run is protected before another instance may take it over. */
export const DEFAULT_CLAIM_LEASE_MS = 5 * 60 * 1000;

const MAX_INT4 = 2_147_483_647;
const MAX_ERROR_LENGTH = 2000;
const MAX_STATUS_ERROR_LENGTH = 300;
const INSERT_CHUNK = 200;
const COMPLETION_STATUSES: readonly DigestCompletionStatus[] = ['posted', 'nothing_new', 'skipped'];

export interface KyselyStoreOptions {
  /** Lease of a claim in ms (default 5 minutes). */
  leaseMs?: number;
}

type SubscriptionRow = Selectable<SubscriptionsTable>;
type DigestRunRow = Selectable<DigestRunsTable>;
type WorkspaceRow = Selectable<WorkspacesTable>;

export class KyselyStore implements Store {
  readonly #db: Kysely<Database>;
  readonly #leaseMs: number;
  #closed = false;

  constructor(db: Kysely<Database>, options: KyselyStoreOptions = {}) {
    const leaseMs = options.leaseMs ?? DEFAULT_CLAIM_LEASE_MS;
    if (!Number.isFinite(leaseMs) || leaseMs <= 0) throw new StoreValidationError(`leaseMs must be > 0, got ${leaseMs}`);
    this.#db = db;
    this.#leaseMs = leaseMs;
  }

  // --- subscriptions ---------------------------------------------------------------------------

  async upsertSubscription(input: UpsertSubscriptionInput): Promise<UpsertSubscriptionResult> {
    requireText('teamId', input.teamId);
    requireText('channelId', input.channelId);
    requireText('createdBy', input.createdBy);
    const key = topicKey(input.topic);
    if (key === '') throw new StoreValidationError('topic must not be empty');
    if (input.time !== undefined && !isValidTime(input.time)) {
      throw new StoreValidationError(`time must be HH:MM (00:00–23:59), got "${input.time}"`);
    }
    if (input.timezone !== undefined && !isValidTimezone(input.timezone)) {
      throw new StoreValidationError(`unknown IANA timezone "${input.timezone}"`);
    }
    if (input.cadence !== undefined && !isCadence(input.cadence)) {
      throw new StoreValidationError(`cadence must be daily, weekdays or weekly, got "${String(input.cadence)}"`);
    }
    const nowIso = toIso(input.now ?? new Date());
    const topic = input.topic.normalize('NFKC').trim().replace(/\s+/g, ' ');

    const changes: Updateable<SubscriptionsTable> = {};
    if (input.time !== undefined) changes.time = input.time;
    if (input.timezone !== undefined) changes.timezone = input.timezone;
    if (input.cadence !== undefined) changes.cadence = input.cadence;

    // Insert-or-nothing, then update: tells created from updated in both dialects. Retried in case
    // the row is removed between the two statements.
    for (let attempt = 0; attempt < 3; attempt++) {
      const inserted = await this.#db
        .insertInto('subscriptions')
        .values({
          team_id: input.teamId,
          channel_id: input.channelId,
          topic,
          topic_key: key,
          time: input.time ?? DEFAULT_DIGEST_TIME,
          timezone: input.timezone ?? DEFAULT_TIMEZONE,
          cadence: input.cadence ?? DEFAULT_CADENCE,
          created_by: input.createdBy,
          created_at: nowIso,
          updated_at: nowIso,
          paused_reason: null,
          last_digest_at: null,
          last_digest_status: null,
        })
        .onConflict((oc) => oc.columns(['team_id', 'channel_id', 'topic_key']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted) return { subscription: toSubscription(inserted), created: true };

      const existing =
        Object.keys(changes).length > 0
          ? await this.#db
              .updateTable('subscriptions')
              .set({ ...changes, updated_at: nowIso })
              .where('team_id', '=', input.teamId)
              .where('channel_id', '=', input.channelId)
              .where('topic_key', '=', key)
              .returningAll()
              .executeTakeFirst()
          : await this.#db
              .selectFrom('subscriptions')
              .selectAll()
              .where('team_id', '=', input.teamId)
              .where('channel_id', '=', input.channelId)
              .where('topic_key', '=', key)
              .executeTakeFirst();
      if (existing) return { subscription: toSubscription(existing), created: false };
    }
    throw new Error(`upsertSubscription: subscription "${key}" kept changing concurrently; giving up`);
  }

  async listSubscriptions(teamId: string, channelId: string): Promise<Subscription[]> {
    const rows = await this.#db
      .selectFrom('subscriptions')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('channel_id', '=', channelId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toSubscription);
  }

  async getSubscription(teamId: string, id: number): Promise<Subscription | null> {
    if (!isDbId(id)) return null;
    const row = await this.#db
      .selectFrom('subscriptions')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toSubscription(row) : null;
  }

  async removeSubscription(teamId: string, channelId: string, topicOrId: string): Promise<Subscription | null> {
    const key = topicKey(topicOrId);
    if (key === '') return null;
    const byTopic = await this.#db
      .deleteFrom('subscriptions')
      .where('team_id', '=', teamId)
      .where('channel_id', '=', channelId)
      .where('topic_key', '=', key)
      .returningAll()
      .executeTakeFirst();
    if (byTopic) return toSubscription(byTopic);

    const idMatch = /^#?(\d{1,10})$/.exec(key);
    const id = idMatch?.[1] === undefined ? NaN : Number(idMatch[1]);
    if (!isDbId(id)) return null;
    const byId = await this.#db
      .deleteFrom('subscriptions')
      .where('team_id', '=', teamId)
      .where('channel_id', '=', channelId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return byId ? toSubscription(byId) : null;
  }

  async allActiveSubscriptions(): Promise<Subscription[]> {
    const rows = await this.#db
      .selectFrom('subscriptions as s')
      .leftJoin('workspaces as w', 'w.team_id', 's.team_id')
      .selectAll('s')
      .where('s.paused_reason', 'is', null)
      .where('w.paused_reason', 'is', null)
      .orderBy('s.id')
      .execute();
    return rows.map(toSubscription);
  }

  async setSubscriptionPaused(
    teamId: string,
    id: number,
    reason: PauseReason | null,
    now: Date = new Date(),
  ): Promise<Subscription | null> {
    if (reason !== null) requireText('reason', reason);
    if (!isDbId(id)) return null;
    const row = await this.#db
      .updateTable('subscriptions')
      .set({ paused_reason: reason, updated_at: toIso(now) })
      .where('team_id', '=', teamId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row ? toSubscription(row) : null;
  }

  async pauseChannel(teamId: string, channelId: string, reason: PauseReason, now: Date = new Date()): Promise<number> {
    requireText('reason', reason);
    const result = await this.#db
      .updateTable('subscriptions')
      .set({ paused_reason: reason, updated_at: toIso(now) })
      .where('team_id', '=', teamId)
      .where('channel_id', '=', channelId)
      // A subscription a person paused stays paused for that reason (so a channel resume won't restart it).
      .where((eb) => eb.or([eb('paused_reason', 'is', null), eb('paused_reason', '!=', USER_PAUSE_REASON)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async resumeChannel(teamId: string, channelId: string, now: Date = new Date()): Promise<number> {
    const result = await this.#db
      .updateTable('subscriptions')
      .set({ paused_reason: null, updated_at: toIso(now) })
      .where('team_id', '=', teamId)
      .where('channel_id', '=', channelId)
      .where('paused_reason', 'is not', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async setWorkspacePaused(teamId: string, reason: PauseReason | null, now: Date = new Date()): Promise<Workspace> {
    requireText('teamId', teamId);
    if (reason !== null) requireText('reason', reason);
    const updatedAt = toIso(now);
    const row = await this.#db
      .insertInto('workspaces')
      .values({ team_id: teamId, paused_reason: reason, updated_at: updatedAt })
      .onConflict((oc) => oc.column('team_id').doUpdateSet({ paused_reason: reason, updated_at: updatedAt }))
      .returningAll()
      .executeTakeFirstOrThrow();
    return toWorkspace(row);
  }

  async getWorkspace(teamId: string): Promise<Workspace | null> {
    const row = await this.#db.selectFrom('workspaces').selectAll().where('team_id', '=', teamId).executeTakeFirst();
    return row ? toWorkspace(row) : null;
  }

  async recordDigestOutcome(subscriptionId: number, at: Date, status: DigestOutcomeStatus): Promise<void> {
    if (!isOutcomeStatus(status)) throw new StoreValidationError(`invalid digest outcome status "${status}"`);
    if (!isDbId(subscriptionId)) return;
    await this.#db
      .updateTable('subscriptions')
      .set({ last_digest_at: toIso(at), last_digest_status: status })
      .where('id', '=', subscriptionId)
      .execute();
  }

  // --- digest claims ---------------------------------------------------------------------------

  async claimDigest(
    subscriptionId: number,
    digestDate: string,
    instanceId: string,
    now: Date = new Date(),
  ): Promise<DigestRun | null> {
    requireDigestDate(digestDate);
    requireText('instanceId', instanceId);
    if (!isDbId(subscriptionId)) return null;
    const nowIso = toIso(now);

    // 1. First claim. Team and channel are copied from the subscription in the same statement, which
    //    also makes a claim on a missing subscription insert nothing. CASTs type the parameters for
    //    Postgres (an untyped $n in a SELECT list would be text, and `attempts` is an integer).
    const inserted = await this.#db
      .insertInto('digest_runs')
      .columns(['subscription_id', 'team_id', 'channel_id', 'digest_date', 'claimed_by', 'claimed_at', 'status', 'delivery_id', 'attempts'])
      .expression((eb) =>
        eb
          .selectFrom('subscriptions')
          .select([
            'subscriptions.id',
            'subscriptions.team_id',
            'subscriptions.channel_id',
            sql<string>`cast(${digestDate} as text)`.as('digest_date'),
            sql<string>`cast(${instanceId} as text)`.as('claimed_by'),
            sql<string>`cast(${nowIso} as text)`.as('claimed_at'),
            sql<string>`cast(${'claimed'} as text)`.as('status'),
            sql<string>`cast(${randomUUID()} as text)`.as('delivery_id'),
            sql<number>`cast(${1} as integer)`.as('attempts'),
          ])
          // SQLite needs a WHERE on an INSERT … SELECT … ON CONFLICT (parsing ambiguity); we have one.
          .where('subscriptions.id', '=', subscriptionId),
      )
      .onConflict((oc) => oc.columns(['subscription_id', 'digest_date']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return toDigestRun(inserted);

    // 2. Takeover of a failed-and-due or stale run: one conditional UPDATE, so only one racer wins.
    const staleBefore = toIso(new Date(now.getTime() - this.#leaseMs));
    const taken = await this.#db
      .updateTable('digest_runs')
      .set((eb) => ({
        status: 'claimed',
        claimed_by: instanceId,
        claimed_at: nowIso,
        attempts: eb('attempts', '+', 1),
        next_attempt_at: null,
        completed_at: null,
      }))
      .where('subscription_id', '=', subscriptionId)
      .where('digest_date', '=', digestDate)
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'failed'), eb('next_attempt_at', 'is not', null), eb('next_attempt_at', '<=', nowIso)]),
          eb.and([eb('status', '=', 'claimed'), eb('claimed_at', '<', staleBefore)]),
        ]),
      )
      .returningAll()
      .executeTakeFirst();
    return taken ? toDigestRun(taken) : null;
  }

  async completeDigest(claim: DigestClaim, input: CompleteDigestInput): Promise<CompleteDigestResult> {
    requireClaim(claim);
    if (!COMPLETION_STATUSES.includes(input.status)) {
      throw new StoreValidationError(`completeDigest status must be posted, nothing_new or skipped, got "${input.status}"`);
    }
    const paperIds = [...new Set(input.deliveredPaperIds ?? [])].sort();
    for (const id of paperIds) requireText('deliveredPaperIds[]', id);
    if (paperIds.length > 0 && input.status !== 'posted') {
      throw new StoreValidationError(`deliveredPaperIds are only allowed with status "posted", got "${input.status}"`);
    }
    const nowIso = toIso(input.now ?? new Date());
    const messageTs = input.messageTs ?? null;

    return this.#db.transaction().execute(async (trx) => {
      // A write first, so a SQLite transaction takes the write lock up front (no read→write upgrade).
      const updated = await trx
        .updateTable('digest_runs')
        .set({ status: input.status, message_ts: messageTs, completed_at: nowIso, next_attempt_at: null })
        .where('subscription_id', '=', claim.subscriptionId)
        .where('digest_date', '=', claim.digestDate)
        .where('status', '=', 'claimed')
        .where('claimed_by', '=', claim.claimedBy)
        .where('attempts', '=', claim.attempts)
        .returningAll()
        .executeTakeFirst();
      const run =
        updated ??
        (await trx
          .selectFrom('digest_runs')
          .selectAll()
          .where('subscription_id', '=', claim.subscriptionId)
          .where('digest_date', '=', claim.digestDate)
          .executeTakeFirst());

      const newlyDeliveredPaperIds: string[] = [];
      if (run && paperIds.length > 0) {
        // Sorted ids in multi-row inserts: concurrent transactions lock keys in the same order.
        for (let i = 0; i < paperIds.length; i += INSERT_CHUNK) {
          const rows = await trx
            .insertInto('deliveries')
            .values(
              paperIds.slice(i, i + INSERT_CHUNK).map((paperId) => ({
                team_id: run.team_id,
                channel_id: run.channel_id,
                paper_id: paperId,
                subscription_id: run.subscription_id,
                digest_date: run.digest_date,
                delivered_at: nowIso,
                message_ts: messageTs,
              })),
            )
            .onConflict((oc) => oc.columns(['team_id', 'channel_id', 'paper_id']).doNothing())
            .returning('paper_id')
            .execute();
          for (const row of rows) newlyDeliveredPaperIds.push(row.paper_id);
        }
      }

      if (updated) {
        await trx
          .updateTable('subscriptions')
          .set({ last_digest_at: nowIso, last_digest_status: input.status })
          .where('id', '=', claim.subscriptionId)
          .execute();
      }
      return {
        claimHeld: updated !== undefined,
        run: run ? toDigestRun(run) : null,
        newlyDeliveredPaperIds: newlyDeliveredPaperIds.sort(),
      };
    });
  }

  async failDigest(
    claim: DigestClaim,
    error: string,
    nextAttemptAt: Date | null,
    now: Date = new Date(),
  ): Promise<DigestRun | null> {
    requireClaim(claim);
    const message = (error.trim() === '' ? 'unknown error' : error.trim()).slice(0, MAX_ERROR_LENGTH);
    const nowIso = toIso(now);
    const nextIso = nextAttemptAt === null ? null : toIso(nextAttemptAt);
    return this.#db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('digest_runs')
        .set({ status: 'failed', error: message, next_attempt_at: nextIso, completed_at: null })
        .where('subscription_id', '=', claim.subscriptionId)
        .where('digest_date', '=', claim.digestDate)
        .where('status', '=', 'claimed')
        .where('claimed_by', '=', claim.claimedBy)
        .where('attempts', '=', claim.attempts)
        .returningAll()
        .executeTakeFirst();
      if (!updated) return null;
      await trx
        .updateTable('subscriptions')
        .set({ last_digest_at: nowIso, last_digest_status: `failed: ${message.slice(0, MAX_STATUS_ERROR_LENGTH)}` })
        .where('id', '=', claim.subscriptionId)
        .execute();
      return toDigestRun(updated);
    });
  }

  async getDigestRun(subscriptionId: number, digestDate: string): Promise<DigestRun | null> {
    if (!isDbId(subscriptionId)) return null;
    const row = await this.#db
      .selectFrom('digest_runs')
      .selectAll()
      .where('subscription_id', '=', subscriptionId)
      .where('digest_date', '=', digestDate)
      .executeTakeFirst();
    return row ? toDigestRun(row) : null;
  }

  async deliveredPaperIds(teamId: string, channelId: string): Promise<Set<string>> {
    const rows = await this.#db
      .selectFrom('deliveries')
      .select('paper_id')
      .where('team_id', '=', teamId)
      .where('channel_id', '=', channelId)
      .execute();
    return new Set(rows.map((r) => r.paper_id));
  }

  // --- papers (see paper-store.ts) ------------------------------------------------------------

  upsertPapers(papers: readonly PaperInput[], options?: UpsertPapersOptions): Promise<UpsertPapersResult> {
    return upsertPapers(this.#db, papers, options);
  }

  listPapers(): Promise<Paper[]> {
    return listPapers(this.#db);
  }

  listPapersChangedSince(revision: number): Promise<Paper[]> {
    return listPapersChangedSince(this.#db, revision);
  }

  papersRevision(): Promise<number> {
    return readRevision(this.#db);
  }

  storedSeedPagesDigest(): Promise<string | null> {
    return readSeedPagesDigest(this.#db);
  }

  recordSeedPagesDigest(digest: string): Promise<void> {
    return writeSeedPagesDigest(this.#db, digest);
  }

  // --- App Home and lifecycle events -------------------------------------------------------------

  async listTeamSubscriptions(teamId: string): Promise<Subscription[]> {
    const rows = await this.#db
      .selectFrom('subscriptions')
      .selectAll()
      .where('team_id', '=', teamId)
      .orderBy('channel_id')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toSubscription);
  }

  async pauseChannelFor(teamId: string, channelId: string, reason: PauseReason, now: Date = new Date()): Promise<number> {
    requireText('reason', reason);
    const result = await this.#db
      .updateTable('subscriptions')
      .set({ paused_reason: reason, updated_at: toIso(now) })
      .where('team_id', '=', teamId)
      .where('channel_id', '=', channelId)
      .where((eb) => eb.or([eb('paused_reason', 'is', null), eb('paused_reason', 'not in', [reason, USER_PAUSE_REASON])]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async resumeChannelPausedFor(
    teamId: string,
    channelId: string,
    reasons: readonly PauseReason[],
    now: Date = new Date(),
  ): Promise<number> {
    if (reasons.length === 0) return 0;
    const result = await this.#db
      .updateTable('subscriptions')
      .set({ paused_reason: null, updated_at: toIso(now) })
      .where('team_id', '=', teamId)
      .where('channel_id', '=', channelId)
      .where('paused_reason', 'in', [...reasons])
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  // --- OAuth installations -----------------------------------------------------------------------

  async saveInstallation(input: SaveInstallationInput): Promise<InstallationRecord> {
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
    const row = await this.#db
      .insertInto('installations')
      .values({ team_id: input.teamId, installed_at: nowIso, ...fields })
      .onConflict((oc) => oc.column('team_id').doUpdateSet({ ...fields, installed_at: nowIso }))
      .returningAll()
      .executeTakeFirstOrThrow();
    return toInstallation(row);
  }

  async getInstallation(teamId: string): Promise<InstallationRecord | null> {
    const row = await this.#db.selectFrom('installations').selectAll().where('team_id', '=', teamId).executeTakeFirst();
    return row ? toInstallation(row) : null;
  }

  async revokeInstallation(teamId: string, now: Date = new Date()): Promise<boolean> {
    const nowIso = toIso(now);
    const result = await this.#db
      .updateTable('installations')
      .set({ sealed: null, revoked_at: nowIso, updated_at: nowIso })
      .where('team_id', '=', teamId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#db.destroy();
  }
}

// --- row mapping and validation -----------------------------------------------------------------

function toIso(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new StoreValidationError('invalid Date');
  return date.toISOString();
}

function fromIso(value: string): Date {
  return new Date(value);
}

function fromIsoOrNull(value: string | null): Date | null {
  return value === null ? null : new Date(value);
}

function toSubscription(row: SubscriptionRow): Subscription {
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
    lastDigestAt: fromIsoOrNull(row.last_digest_at),
    lastDigestStatus: status !== null && isOutcomeStatus(status) ? status : null,
  };
}

function toDigestRun(row: DigestRunRow): DigestRun {
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

function toInstallation(row: Selectable<InstallationsTable>): InstallationRecord {
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

function toWorkspace(row: WorkspaceRow): Workspace {
  return { teamId: row.team_id, pausedReason: row.paused_reason, updatedAt: fromIso(row.updated_at) };
}

function isRunStatus(value: string): value is DigestRunStatus {
  return (DIGEST_RUN_STATUSES as readonly string[]).includes(value);
}

function isOutcomeStatus(value: string): value is DigestOutcomeStatus {
  return value === 'posted' || value === 'nothing_new' || value === 'skipped' || value.startsWith('failed: ');
}

/** Ids are int4 in Postgres: anything else cannot exist (and would make Postgres throw). */
function isDbId(id: number): boolean {
  return Number.isSafeInteger(id) && id > 0 && id <= MAX_INT4;
}

function requireText(name: string, value: string): void {
  if (typeof value !== 'string' || value.trim() === '') throw new StoreValidationError(`${name} must be a non-empty string`);
}

function requireDigestDate(digestDate: string): void {
  if (!isValidDigestDate(digestDate)) throw new StoreValidationError(`digestDate must be YYYY-MM-DD, got "${digestDate}"`);
}

function requireClaim(claim: DigestClaim): void {
  requireDigestDate(claim.digestDate);
  requireText('claim.claimedBy', claim.claimedBy);
  if (!isDbId(claim.subscriptionId)) throw new StoreValidationError(`invalid subscriptionId ${claim.subscriptionId}`);
  if (!Number.isSafeInteger(claim.attempts) || claim.attempts < 1) {
    throw new StoreValidationError(`invalid claim.attempts ${claim.attempts}`);
  }
}
