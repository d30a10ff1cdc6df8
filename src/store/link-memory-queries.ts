/**
 * What pasted paper links remember across instances (migration 0012_link_memory, issue 17): which paper was unfolded
 * in which channel when (the 30-minute rule), and which arXiv ids neither Hugging Face nor arXiv has (not asked
 * again for a while). Both live in the database so every instance behind the load balancer sees them.
 *
 * A claim is one statement: `INSERT … ON CONFLICT (team, channel, paper) DO UPDATE SET unfurled_at = now WHERE
 * unfurled_at <= now - window RETURNING`. A row comes back only to the caller that inserted it or moved an expired
 * one forward. On Postgres a concurrent claimer blocks on the winner's row until it commits, then re-checks the
 * WHERE against the committed row (fresh: nothing updated, nothing returned); SQLite has a single writer. So of two
 * instances handling the same paste exactly one unfolds it.
 */
import type { Kysely } from 'kysely';
import { toIso } from './row-values.ts';
import type { Database } from './schema.ts';
import type { UnfurlClaim, UnfurlRef } from './store.ts';
import { StoreValidationError, requireText } from './validation.ts';

function requireRef(ref: UnfurlRef): void {
  requireText('teamId', ref.teamId);
  requireText('channelId', ref.channelId);
  requireText('arxivId', ref.arxivId);
}

function requireWindow(windowMs: number): void {
  if (!Number.isFinite(windowMs) || windowMs <= 0) throw new StoreValidationError(`windowMs must be > 0, got ${windowMs}`);
}

export async function claimPaperUnfurl(db: Kysely<Database>, ref: UnfurlRef, now: Date, windowMs: number): Promise<UnfurlClaim | null> {
  requireRef(ref);
  requireWindow(windowMs);
  const at = toIso(now);
  const expired = toIso(new Date(now.getTime() - windowMs));
  const row = await db
    .insertInto('unfurled_papers')
    .values({ team_id: ref.teamId, channel_id: ref.channelId, arxiv_id: ref.arxivId, unfurled_at: at })
    .onConflict((oc) =>
      oc
        .columns(['team_id', 'channel_id', 'arxiv_id'])
        .doUpdateSet({ unfurled_at: at })
        .where('unfurled_papers.unfurled_at', '<=', expired),
    )
    .returning('unfurled_at')
    .executeTakeFirst();
  return row === undefined ? null : { ...ref, claimedAt: new Date(row.unfurled_at) };
}

/** Gives a claim back (the paper was not found after all); a row some later claim moved forward is left alone. */
export async function releasePaperUnfurl(db: Kysely<Database>, claim: UnfurlClaim): Promise<void> {
  await db
    .deleteFrom('unfurled_papers')
    .where('team_id', '=', claim.teamId)
    .where('channel_id', '=', claim.channelId)
    .where('arxiv_id', '=', claim.arxivId)
    .where('unfurled_at', '=', toIso(claim.claimedAt))
    .execute();
}

/** Deletes unfolds older than `before` (indexed on unfurled_at); returns how many. */
export async function forgetPaperUnfurlsBefore(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db.deleteFrom('unfurled_papers').where('unfurled_at', '<', toIso(before)).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function rememberLookupMiss(db: Kysely<Database>, arxivId: string, now: Date): Promise<void> {
  requireText('arxivId', arxivId);
  const at = toIso(now);
  await db
    .insertInto('lookup_misses')
    .values({ arxiv_id: arxivId, missed_at: at })
    .onConflict((oc) => oc.column('arxiv_id').doUpdateSet({ missed_at: at }))
    .execute();
}

/** Whether a lookup of `arxivId` found it in neither source after `since`. */
export async function lookupMissedSince(db: Kysely<Database>, arxivId: string, since: Date): Promise<boolean> {
  const row = await db
    .selectFrom('lookup_misses')
    .select('arxiv_id')
    .where('arxiv_id', '=', arxivId)
    .where('missed_at', '>', toIso(since))
    .executeTakeFirst();
  return row !== undefined;
}

/** Deletes misses older than `before` (indexed on missed_at); returns how many. */
export async function forgetLookupMissesBefore(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db.deleteFrom('lookup_misses').where('missed_at', '<', toIso(before)).executeTakeFirst();
  return Number(result.numDeletedRows);
}
