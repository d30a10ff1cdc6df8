/**
 * The one implementation of `Store`, shared by SQLite and Postgres. Every statement is plain kysely that
 * compiles to SQL both dialects accept (INSERT … ON CONFLICT DO NOTHING/UPDATE, UPDATE/DELETE … RETURNING,
 * CAST); dialect-specific setup is in dialect.ts. The statements live with their tables:
 * subscription-queries.ts, digest-run-queries.ts (exactly-once claims), installation-queries.ts and
 * paper-store.ts; this class hands each the database.
 */
import type { Kysely } from 'kysely';
import type { Paper } from '../papers/paper.ts';
import type { ClaimHolders } from './claim-holders.ts';
import * as channels from './channel-settings-queries.ts';
import * as runs from './digest-run-queries.ts';
import * as examples from './example-queries.ts';
import * as installations from './installation-queries.ts';
import * as linkMemory from './link-memory-queries.ts';
import * as papers from './paper-store.ts';
import * as corpusRecord from './corpus-record-queries.ts';
import type { PaperInput, UpsertPapersOptions, UpsertPapersResult } from './paper-store.ts';
import type { Database } from './schema.ts';
import type {
  CompleteDigestInput,
  CompleteDigestResult,
  DigestClaim,
  DigestOutcomeStatus,
  DigestRun,
  InstallationRecord,
  OAuthStateInput,
  PaperRating,
  PauseReason,
  RatePaperInput,
  RatingValue,
  SaveInstallationInput,
  SavePaperInput,
  AddFollowInput,
  AuthorAccount,
  Follow,
  PaperAuthorship,
  SavePaperResult,
  SavedPaper,
  SavedPapersPage,
  Store,
  UnfurlClaim,
  UnfurlRef,
  SubscribeWithExamplesInput,
  SubscribeWithExamplesResult,
  Subscription,
  SubscriptionExample,
  UpsertSubscriptionInput,
  UpsertSubscriptionResult,
  Workspace,
} from './store.ts';
import * as ratings from './rating-queries.ts';
import * as saved from './saved-paper-queries.ts';
import * as accounts from './author-account-queries.ts';
import * as follows from './follow-queries.ts';
import * as subscriptions from './subscription-queries.ts';
import { unknownMigrations } from './schema-version.ts';
import { StoreValidationError } from './validation.ts';

/** How long a 'claimed' run is protected before another instance may take it over. */
export const DEFAULT_CLAIM_LEASE_MS = 5 * 60 * 1000;

export interface KyselyStoreOptions {
  /** Lease of a claim in ms (default 5 minutes). */
  leaseMs?: number;
  /** Tells a claim's holder that is gone from one that may be alive (default: every holder may be alive). */
  holders?: ClaimHolders;
}

/** No holder is ever known to be gone: claims wait out their lease. */
const LEASE_ONLY: ClaimHolders = {
  hold: () => Promise.resolve(),
  gone: () => Promise.resolve(false),
  close: () => Promise.resolve(),
};

export class KyselyStore implements Store {
  readonly #db: Kysely<Database>;
  readonly #leaseMs: number;
  readonly #holders: ClaimHolders;
  #closed = false;

  constructor(db: Kysely<Database>, options: KyselyStoreOptions = {}) {
    const leaseMs = options.leaseMs ?? DEFAULT_CLAIM_LEASE_MS;
    if (!Number.isFinite(leaseMs) || leaseMs <= 0) throw new StoreValidationError(`leaseMs must be > 0, got ${leaseMs}`);
    this.#db = db;
    this.#leaseMs = leaseMs;
    this.#holders = options.holders ?? LEASE_ONLY;
  }

  // --- subscriptions ---------------------------------------------------------------------------

  upsertSubscription(input: UpsertSubscriptionInput): Promise<UpsertSubscriptionResult> {
    return subscriptions.upsertSubscription(this.#db, input);
  }

  listSubscriptions(teamId: string, channelId: string): Promise<Subscription[]> {
    return subscriptions.listSubscriptions(this.#db, teamId, channelId);
  }

  getSubscription(teamId: string, id: number): Promise<Subscription | null> {
    return subscriptions.getSubscription(this.#db, teamId, id);
  }

  removeSubscription(teamId: string, channelId: string, topicOrId: string): Promise<Subscription | null> {
    return subscriptions.removeSubscription(this.#db, teamId, channelId, topicOrId);
  }

  allActiveSubscriptions(): Promise<Subscription[]> {
    return subscriptions.allActiveSubscriptions(this.#db);
  }

  setSubscriptionPaused(teamId: string, id: number, reason: PauseReason | null, now?: Date, until?: Date | null): Promise<Subscription | null> {
    return subscriptions.setSubscriptionPaused(this.#db, teamId, id, reason, now, until);
  }

  resumeTimedPauses(now: Date): Promise<Subscription[]> {
    return subscriptions.resumeTimedPauses(this.#db, now);
  }

  pauseChannel(teamId: string, channelId: string, reason: PauseReason, now?: Date): Promise<number> {
    return subscriptions.pauseChannel(this.#db, teamId, channelId, reason, now);
  }

  resumeChannel(teamId: string, channelId: string, now?: Date): Promise<number> {
    return subscriptions.resumeChannel(this.#db, teamId, channelId, now);
  }

  setWorkspacePaused(teamId: string, reason: PauseReason | null, now?: Date): Promise<Workspace> {
    return installations.setWorkspacePaused(this.#db, teamId, reason, now);
  }

  getWorkspace(teamId: string): Promise<Workspace | null> {
    return installations.getWorkspace(this.#db, teamId);
  }

  workspacesPausedFor(reason: PauseReason): Promise<Workspace[]> {
    return installations.workspacesPausedFor(this.#db, reason);
  }

  recordDigestOutcome(subscriptionId: number, at: Date, status: DigestOutcomeStatus): Promise<void> {
    return subscriptions.recordDigestOutcome(this.#db, subscriptionId, at, status);
  }

  // --- digest claims ---------------------------------------------------------------------------

  async claimDigest(subscriptionId: number, digestDate: string, instanceId: string, now?: Date): Promise<DigestRun | null> {
    await this.#holders.hold(instanceId);
    return runs.claimDigest(this.#db, { leaseMs: this.#leaseMs, holderGone: (holder) => this.#holders.gone(holder) }, subscriptionId, digestDate, instanceId, now);
  }

  completeDigest(claim: DigestClaim, input: CompleteDigestInput): Promise<CompleteDigestResult> {
    return runs.completeDigest(this.#db, claim, input);
  }

  failDigest(claim: DigestClaim, error: string, nextAttemptAt: Date | null, now?: Date): Promise<DigestRun | null> {
    return runs.failDigest(this.#db, claim, error, nextAttemptAt, now);
  }

  renewDigestClaim(claim: DigestClaim, now?: Date): Promise<boolean> {
    return runs.renewDigestClaim(this.#db, claim, now);
  }

  getDigestRun(subscriptionId: number, digestDate: string): Promise<DigestRun | null> {
    return runs.getDigestRun(this.#db, subscriptionId, digestDate);
  }

  skipPausedDigest(subscriptionId: number, digestDate: string, now: Date): Promise<boolean> {
    return runs.skipPausedDigest(this.#db, subscriptionId, digestDate, now);
  }

  deliveredPaperIds(teamId: string, channelId: string): Promise<Set<string>> {
    return runs.deliveredPaperIds(this.#db, teamId, channelId);
  }

  // --- papers ----------------------------------------------------------------------------------

  upsertPapers(input: readonly PaperInput[], options?: UpsertPapersOptions): Promise<UpsertPapersResult> {
    return papers.upsertPapers(this.#db, input, options);
  }

  listPapers(): Promise<Paper[]> {
    return papers.listPapers(this.#db);
  }

  listPapersChangedSince(revision: number): Promise<Paper[]> {
    return papers.listPapersChangedSince(this.#db, revision);
  }

  papersRevision(): Promise<number> {
    return papers.readRevision(this.#db);
  }

  listPapersListedBetween(from: string, to: string): Promise<Paper[]> {
    return papers.listPapersListedBetween(this.#db, from, to);
  }

  getPaperByArxivId(arxivId: string): Promise<Paper | null> {
    return papers.getPaperByArxivId(this.#db, arxivId);
  }

  getPaper(id: string): Promise<Paper | null> {
    return papers.getPaper(this.#db, id);
  }

  storedSeedPagesDigest(): Promise<string | null> {
    return corpusRecord.readSeedPagesDigest(this.#db);
  }

  recordSeedPagesDigest(digest: string): Promise<void> {
    return corpusRecord.writeSeedPagesDigest(this.#db, digest);
  }

  lastScheduledIngestAt(): Promise<Date | null> {
    return corpusRecord.readLastIngestAt(this.#db);
  }

  recordScheduledIngest(at: Date): Promise<void> {
    return corpusRecord.writeLastIngestAt(this.#db, at);
  }

  // --- App Home and lifecycle events -------------------------------------------------------------

  listTeamSubscriptions(teamId: string): Promise<Subscription[]> {
    return subscriptions.listTeamSubscriptions(this.#db, teamId);
  }

  pauseChannelFor(teamId: string, channelId: string, reason: PauseReason, now?: Date): Promise<number> {
    return subscriptions.pauseChannelFor(this.#db, teamId, channelId, reason, now);
  }

  resumeChannelPausedFor(teamId: string, channelId: string, reasons: readonly PauseReason[], now?: Date): Promise<number> {
    return subscriptions.resumeChannelPausedFor(this.#db, teamId, channelId, reasons, now);
  }

  // --- OAuth installations -----------------------------------------------------------------------

  saveInstallation(input: SaveInstallationInput): Promise<InstallationRecord> {
    return installations.saveInstallation(this.#db, input);
  }

  getInstallation(teamId: string): Promise<InstallationRecord | null> {
    return installations.getInstallation(this.#db, teamId);
  }

  revokeInstallation(teamId: string, now?: Date): Promise<boolean> {
    return installations.revokeInstallation(this.#db, teamId, now);
  }

  saveOAuthState(input: OAuthStateInput): Promise<void> {
    return installations.saveOAuthState(this.#db, input);
  }

  consumeOAuthState(stateHash: string, now: Date): Promise<string | null> {
    return installations.consumeOAuthState(this.#db, stateHash, now);
  }

  forgetOAuthStatesBefore(before: Date): Promise<number> {
    return installations.forgetOAuthStatesBefore(this.#db, before);
  }

  // --- channel settings ------------------------------------------------------------------------------

  channelUnfurlEnabled(teamId: string, channelId: string): Promise<boolean> {
    return channels.channelUnfurlEnabled(this.#db, teamId, channelId);
  }

  setChannelUnfurl(teamId: string, channelId: string, enabled: boolean, updatedBy: string | null, now?: Date): Promise<void> {
    return channels.setChannelUnfurl(this.#db, teamId, channelId, enabled, updatedBy, now);
  }

  // --- saved papers ---------------------------------------------------------------------------------

  savePaper(input: SavePaperInput): Promise<SavePaperResult> {
    return saved.savePaper(this.#db, input);
  }

  getSavedPaper(teamId: string, userId: string, paperId: string): Promise<SavedPaper | null> {
    return saved.getSaved(this.#db, teamId, userId, paperId);
  }

  markSavedPaperRead(teamId: string, userId: string, paperId: string, now?: Date): Promise<SavedPaper | null> {
    return saved.markSavedPaperRead(this.#db, teamId, userId, paperId, now);
  }

  removeSavedPaper(teamId: string, userId: string, paperId: string): Promise<boolean> {
    return saved.removeSavedPaper(this.#db, teamId, userId, paperId);
  }

  listSavedPapers(teamId: string, userId: string, page: { offset: number; limit: number }): Promise<SavedPapersPage> {
    return saved.listSavedPapers(this.#db, teamId, userId, page);
  }

  // --- paper ratings ----------------------------------------------------------------------------------

  ratePaper(input: RatePaperInput): Promise<{ rating: PaperRating; previous: RatingValue | null }> {
    return ratings.ratePaper(this.#db, input);
  }

  removeRating(teamId: string, channelId: string, userId: string, paperId: string): Promise<boolean> {
    return ratings.removeRating(this.#db, teamId, channelId, userId, paperId);
  }

  channelRatings(teamId: string, channelId: string): Promise<PaperRating[]> {
    return ratings.channelRatings(this.#db, teamId, channelId);
  }

  ratingCounts(teamId: string, channelId: string, paperIds: readonly string[]): Promise<Map<string, { up: number; down: number }>> {
    return ratings.ratingCounts(this.#db, teamId, channelId, paperIds);
  }

  ratingCountsBySubscription(teamId: string, channelId: string): Promise<Map<number, number>> {
    return ratings.ratingCountsBySubscription(this.#db, teamId, channelId);
  }

  untaggedRatingCount(teamId: string, channelId: string): Promise<number> {
    return ratings.untaggedRatingCount(this.#db, teamId, channelId);
  }

  clearRatings(teamId: string, channelId: string, subscriptionId: number | null): Promise<number> {
    return ratings.clearRatings(this.#db, teamId, channelId, subscriptionId);
  }

  // --- pasted links' memory ------------------------------------------------------------------------

  claimPaperUnfurl(ref: UnfurlRef, now: Date, windowMs: number): Promise<UnfurlClaim | null> {
    return linkMemory.claimPaperUnfurl(this.#db, ref, now, windowMs);
  }

  releasePaperUnfurl(claim: UnfurlClaim): Promise<void> {
    return linkMemory.releasePaperUnfurl(this.#db, claim);
  }

  forgetPaperUnfurlsBefore(before: Date): Promise<number> {
    return linkMemory.forgetPaperUnfurlsBefore(this.#db, before);
  }

  rememberLookupMiss(arxivId: string, now: Date): Promise<void> {
    return linkMemory.rememberLookupMiss(this.#db, arxivId, now);
  }

  lookupMissedSince(arxivId: string, since: Date): Promise<boolean> {
    return linkMemory.lookupMissedSince(this.#db, arxivId, since);
  }

  forgetLookupMissesBefore(before: Date): Promise<number> {
    return linkMemory.forgetLookupMissesBefore(this.#db, before);
  }

  // --- followed authors ------------------------------------------------------------------------------

  addFollow(input: AddFollowInput): Promise<{ follow: Follow; created: boolean }> {
    return follows.addFollow(this.#db, input);
  }

  listFollows(teamId: string, channelId: string): Promise<Follow[]> {
    return follows.listFollows(this.#db, teamId, channelId);
  }

  listTeamFollows(teamId: string): Promise<Follow[]> {
    return follows.listTeamFollows(this.#db, teamId);
  }

  removeFollow(teamId: string, channelId: string, id: number): Promise<Follow | null> {
    return follows.removeFollow(this.#db, teamId, channelId, id);
  }

  accountsNamed(nameKey: string): Promise<AuthorAccount[]> {
    return accounts.accountsNamed(this.#db, nameKey);
  }

  namesOfAccount(hfUser: string): Promise<AuthorAccount[]> {
    return accounts.namesOfAccount(this.#db, hfUser);
  }

  hasPaperByAuthor(name: string): Promise<boolean> {
    return accounts.hasPaperByAuthor(this.#db, name);
  }

  async authorshipsSince(date: string): Promise<PaperAuthorship[]> {
    return accounts.withAccounts(this.#db, await papers.listPapersSince(this.#db, date));
  }

  // --- subscription examples ---------------------------------------------------------------------------

  subscribeWithExamples(input: SubscribeWithExamplesInput): Promise<SubscribeWithExamplesResult> {
    return examples.subscribeWithExamples(this.#db, input);
  }

  subscriptionExamples(subscriptionIds: readonly number[]): Promise<Map<number, string[]>> {
    return examples.subscriptionExamples(this.#db, subscriptionIds);
  }

  listSubscriptionExamples(subscriptionIds: readonly number[]): Promise<Map<number, SubscriptionExample[]>> {
    return examples.listSubscriptionExamples(this.#db, subscriptionIds);
  }

  clearSubscriptionExamples(subscriptionId: number): Promise<number> {
    return examples.clearSubscriptionExamples(this.#db, subscriptionId);
  }

  unknownMigrations(): Promise<string[]> {
    return unknownMigrations(this.#db);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#holders.close();
    await this.#db.destroy();
  }
}
