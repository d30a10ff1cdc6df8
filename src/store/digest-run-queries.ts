/**
 * The digest_runs and deliveries tables: who posts which digest, and which papers a channel already got.
 *
 * Exactly-once claims rely only on the database, never on in-process locks:
 * - a first claim is `INSERT … SELECT … ON CONFLICT (subscription_id, digest_date) DO NOTHING
 *   RETURNING *`: of concurrent inserters exactly one gets a row back (Postgres makes the others wait
 *   for the winner's commit, then do nothing; SQLite has a single writer);
 * - a takeover is one `UPDATE … WHERE <still failed-and-due or stale> RETURNING *`: on Postgres a
 *   concurrent updater blocks on the row lock, then re-checks the WHERE against the committed row
 *   (READ COMMITTED re-evaluation) and matches nothing, so only one takeover wins;
 * - completion/failure/renewal are fenced by (claimed_by, attempts): an instance whose lease expired and was
 *   taken over cannot overwrite the new holder's run.
 */
import { randomUUID } from 'node:crypto';
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { toDigestRun, toIso } from './row-values.ts';
import type { Database } from './schema.ts';
import type { CompleteDigestInput, CompleteDigestResult, DigestClaim, DigestCompletionStatus, DigestRun } from './store.ts';
import { StoreValidationError, isDbId, requireDigestDate, requireText } from './validation.ts';

const MAX_ERROR_LENGTH = 2000;
const MAX_STATUS_ERROR_LENGTH = 300;
const INSERT_CHUNK = 200;
const COMPLETION_STATUSES: readonly DigestCompletionStatus[] = ['posted', 'nothing_new', 'skipped'];

/** The fence of completion, failure and renewal: the run is still claimed by this holder in this attempt. */
const stillHeld =
  (claim: DigestClaim) =>
  (eb: ExpressionBuilder<Database, 'digest_runs'>) =>
    eb.and({ subscription_id: claim.subscriptionId, digest_date: claim.digestDate, status: 'claimed', claimed_by: claim.claimedBy, attempts: claim.attempts });

export interface ClaimRules {
  /** A 'claimed' run older than this may be taken over (its holder stood still or died). */
  leaseMs: number;
  /** True when the holder of a 'claimed' run certainly no longer runs: its run is taken over within the lease. */
  holderGone: (holder: string) => Promise<boolean>;
}

export async function claimDigest(
  db: Kysely<Database>,
  rules: ClaimRules,
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
  const inserted = await db
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

  // 2. Takeover of a failed-and-due or stale run, or of one whose holder is gone: one conditional UPDATE, so only
  //    one racer wins. A gone holder's run is fenced on what was read (holder and attempt).
  const staleBefore = toIso(new Date(now.getTime() - rules.leaseMs));
  const current = await db
    .selectFrom('digest_runs')
    .select(['status', 'claimed_by', 'claimed_at', 'attempts'])
    .where('subscription_id', '=', subscriptionId)
    .where('digest_date', '=', digestDate)
    .executeTakeFirst();
  const orphaned =
    current?.status === 'claimed' && current.claimed_at >= staleBefore && current.claimed_by !== instanceId && (await rules.holderGone(current.claimed_by))
      ? current
      : null;
  const taken = await db
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
        ...(orphaned ? [eb.and({ status: 'claimed', claimed_by: orphaned.claimed_by, attempts: orphaned.attempts })] : []),
      ]),
    )
    .returningAll()
    .executeTakeFirst();
  return taken ? toDigestRun(taken) : null;
}

export async function completeDigest(db: Kysely<Database>, claim: DigestClaim, input: CompleteDigestInput): Promise<CompleteDigestResult> {
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

  return db.transaction().execute(async (trx) => {
    // A write first, so a SQLite transaction takes the write lock up front (no read→write upgrade).
    const updated = await trx
      .updateTable('digest_runs')
      .set({ status: input.status, message_ts: messageTs, completed_at: nowIso, next_attempt_at: null })
      .where(stillHeld(claim))
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

export async function failDigest(
  db: Kysely<Database>,
  claim: DigestClaim,
  error: string,
  nextAttemptAt: Date | null,
  now: Date = new Date(),
): Promise<DigestRun | null> {
  requireClaim(claim);
  const message = (error.trim() === '' ? 'unknown error' : error.trim()).slice(0, MAX_ERROR_LENGTH);
  const nowIso = toIso(now);
  const nextIso = nextAttemptAt === null ? null : toIso(nextAttemptAt);
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('digest_runs')
      .set({ status: 'failed', error: message, next_attempt_at: nextIso, completed_at: null })
      .where(stillHeld(claim))
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

/**
 * A run that outlasts the lease (Retry-After waits, backoffs, a stalled process) renews it before each further Slack
 * call, so no other instance takes over a claim still being worked on; fenced like completion, so a holder whose
 * claim was already taken over learns it (false) instead of posting a second time.
 */
export async function renewDigestClaim(db: Kysely<Database>, claim: DigestClaim, now: Date = new Date()): Promise<boolean> {
  requireClaim(claim);
  const renewed = await db
    .updateTable('digest_runs')
    .set({ claimed_at: toIso(now) })
    .where(stillHeld(claim))
    .returning('id')
    .executeTakeFirst();
  return renewed !== undefined;
}

/**
 * Record the digest of (subscription, date) as 'skipped' without it ever being claimed (error `paused`: its time
 * passed while the subscription was paused), so no instance sends it late. The subscription's last digest is left
 * as it was. False when the date already has a run (claimed, done or failed: that one stands) or the subscription
 * does not exist.
 */
export async function skipPausedDigest(db: Kysely<Database>, subscriptionId: number, digestDate: string, now: Date): Promise<boolean> {
  requireDigestDate(digestDate);
  if (!isDbId(subscriptionId)) return false;
  const nowIso = toIso(now);
  const inserted = await db
    .insertInto('digest_runs')
    .columns(['subscription_id', 'team_id', 'channel_id', 'digest_date', 'claimed_by', 'claimed_at', 'status', 'delivery_id', 'attempts', 'error', 'completed_at'])
    .expression((eb) =>
      eb
        .selectFrom('subscriptions')
        .select([
          'subscriptions.id',
          'subscriptions.team_id',
          'subscriptions.channel_id',
          sql<string>`cast(${digestDate} as text)`.as('digest_date'),
          sql<string>`cast(${'paused'} as text)`.as('claimed_by'),
          sql<string>`cast(${nowIso} as text)`.as('claimed_at'),
          sql<string>`cast(${'skipped'} as text)`.as('status'),
          sql<string>`cast(${randomUUID()} as text)`.as('delivery_id'),
          sql<number>`cast(${0} as integer)`.as('attempts'),
          sql<string>`cast(${'paused'} as text)`.as('error'),
          sql<string>`cast(${nowIso} as text)`.as('completed_at'),
        ])
        .where('subscriptions.id', '=', subscriptionId),
    )
    .onConflict((oc) => oc.columns(['subscription_id', 'digest_date']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function getDigestRun(db: Kysely<Database>, subscriptionId: number, digestDate: string): Promise<DigestRun | null> {
  if (!isDbId(subscriptionId)) return null;
  const row = await db
    .selectFrom('digest_runs')
    .selectAll()
    .where('subscription_id', '=', subscriptionId)
    .where('digest_date', '=', digestDate)
    .executeTakeFirst();
  return row ? toDigestRun(row) : null;
}

export async function deliveredPaperIds(db: Kysely<Database>, teamId: string, channelId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('deliveries')
    .select('paper_id')
    .where('team_id', '=', teamId)
    .where('channel_id', '=', channelId)
    .execute();
  return new Set(rows.map((r) => r.paper_id));
}

function requireClaim(claim: DigestClaim): void {
  requireDigestDate(claim.digestDate);
  requireText('claim.claimedBy', claim.claimedBy);
  if (!isDbId(claim.subscriptionId)) throw new StoreValidationError(`invalid subscriptionId ${claim.subscriptionId}`);
  if (!Number.isSafeInteger(claim.attempts) || claim.attempts < 1) {
    throw new StoreValidationError(`invalid claim.attempts ${claim.attempts}`);
  }
}
