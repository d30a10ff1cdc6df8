/**
 * The persistence contract for channel subscriptions and digest deliveries (issue 3).
 *
 * One interface, implemented once with kysely (`kysely-store.ts`) for both SQLite and Postgres.
 * Open it with `openStore(url)` from `./index.ts`.
 *
 * Times: every instant is stored as an ISO-8601 UTC string (`2025-01-31T07:00:00.000Z`, always
 * produced by `Date#toISOString`) in a text column, in both dialects. The format is fixed-width, so
 * string order is time order and comparisons (`claimed_at < cutoff`) behave identically in SQLite
 * and Postgres. The API speaks `Date`; calendar values stay strings (`digest_date` 'YYYY-MM-DD' in
 * the subscription's timezone, `time` 'HH:MM').
 */

import type { AuthorAccount, PaperAuthorship } from './author-account-queries.ts';
import type { ExamplePaperInput, SubscriptionExample } from './example-records.ts';
import type { AddFollowInput, Follow } from './follow-records.ts';
import type { PaperStore } from './paper-store.ts';
import type { PaperRating, RatePaperInput, RatingValue } from './rating-records.ts';
import type { SavedPaper, SavedPapersPage, SavePaperInput, SavePaperResult } from './saved-paper-records.ts';

export type { AuthorAccount, PaperAuthorship } from './author-account-queries.ts';
export type { ExamplePaperInput, SubscriptionExample } from './example-records.ts';
export type { AddFollowInput, Follow } from './follow-records.ts';
export type { PaperRating, RatePaperInput, RatingValue } from './rating-records.ts';
export type { SavedPaper, SavedPapersPage, SavePaperInput, SavePaperResult } from './saved-paper-records.ts';

export { type SubscriptionKind, ChannelFullError, StoreValidationError, TooManyExamplesError, isValidDigestDate, isValidTime, isValidTimezone, topicKey } from './validation.ts';

export const CADENCES = ['daily', 'weekdays', 'weekly'] as const;
export type Cadence = (typeof CADENCES)[number];

/** Defaults used when a subscription is created without a time, timezone or cadence. */
export const DEFAULT_DIGEST_TIME = '09:00';
export const DEFAULT_TIMEZONE = 'UTC';
export const DEFAULT_CADENCE: Cadence = 'daily';

/**
 * Why a subscription (or a whole workspace) is not being served. The known values come from Slack
 * errors; any other string is allowed so new reasons need no migration.
 */
export type PauseReason =
  | 'not_in_channel'
  | 'channel_not_found'
  | 'is_archived'
  | 'workspace_inactive'
  | 'account_inactive'
  | 'token_revoked'
  | 'invalid_auth'
  | 'missing_scope'
  | 'paused_by_user'
  | 'channel_deleted'
  | 'app_uninstalled'
  | 'tokens_revoked'
  | 'token_unreadable'
  | (string & {});

/** A person paused the subscription (App Home): only a person resumes it; channel events leave it alone. */
export const USER_PAUSE_REASON = 'paused_by_user';

/**
 * A workspace that installed the app through OAuth. `sealed` is the Bolt installation, tokens included,
 * encrypted by the caller (src/slack/oauth): the store never sees a token in clear. null once uninstalled.
 */
export interface InstallationRecord {
  teamId: string;
  enterpriseId: string | null;
  appId: string | null;
  botUserId: string | null;
  installedBy: string | null;
  sealed: string | null;
  installedAt: Date;
  updatedAt: Date;
  revokedAt: Date | null;
}

export interface SaveInstallationInput {
  teamId: string;
  enterpriseId?: string | null;
  appId?: string | null;
  botUserId?: string | null;
  installedBy?: string | null;
  sealed: string;
  now?: Date;
}

/** An OAuth install in progress: the state's keyed hash (the caller hashes), Bolt's install options, its life. */
export interface OAuthStateInput {
  stateHash: string;
  installOptions: string;
  issuedAt: Date;
  expiresAt: Date;
}

/** What `subscriptions.last_digest_status` holds. */
export type DigestOutcomeStatus = 'posted' | 'nothing_new' | 'skipped' | `failed: ${string}`;

export interface Subscription {
  id: number;
  teamId: string;
  channelId: string;
  /** The topic as the user typed it (first spelling wins). */
  topic: string;
  /** `topicKey(topic)`: unique per (team, channel). */
  topicKey: string;
  /** 'HH:MM', 24h, in `timezone`. */
  time: string;
  /** IANA timezone, e.g. 'Europe/Paris'. */
  timezone: string;
  cadence: Cadence;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  pausedReason: PauseReason | null;
  /**
   * A person's timed pause (`/paper pause … for 3 days`): while paused, when the scheduler resumes it; once resumed by
   * the scheduler, when that was (digests due before it are not sent late). Null for a pause without an end.
   */
  pausedUntil: Date | null;
  /**
   * When its pause began, while paused (null otherwise): kept through every change made while it stays paused (another
   * reason, an end, its schedule), unlike `updatedAt`. A resume reads it (digests/resume-skips.ts).
   */
  pausedAt: Date | null;
  lastDigestAt: Date | null;
  lastDigestStatus: DigestOutcomeStatus | null;
  kind: 'topic' | 'top'; // SubscriptionKind
  /**
   * A weekly digest's day in `timezone`, 0 = Sunday … 6 = Saturday, as subscribe set it (`every monday`, or the day it
   * was made). Null: the weekday of `createdAt` (subscriptions made before 0023_subscription_weekday, and non-weekly ones).
   */
  weekday: number | null;
  /**
   * When its time, zone, cadence or day last changed (subscribing again with another schedule); null if never. A slot
   * already past then is not due (digests/schedule-change.ts).
   */
  scheduleChangedAt: Date | null;
}

export interface UpsertSubscriptionInput {
  teamId: string;
  channelId: string;
  topic: string;
  /** Slack user id of whoever subscribed; kept from the first creation. */
  createdBy: string;
  /** On create: defaults apply when omitted. On update: only the provided fields change. */
  time?: string;
  timezone?: string;
  cadence?: Cadence;
  /** A weekly digest's day, 0 = Sunday … 6 = Saturday; null clears it. On update: changes only when given. */
  weekday?: number | null;
  kind?: 'topic' | 'top'; // on create only (default `topic`)
  now?: Date;
  /**
   * Only for a subscription without words (`topic` '', a feed of papers like its examples, issue 16): its key,
   * unique per channel (e.g. `like:` and its sorted example ids). Ignored when the topic has words.
   */
  topicKey?: string;
  /**
   * The most subscriptions the channel may have: a new one beyond it throws `ChannelFullError` and nothing is
   * written (an existing one is still updated). Counted and inserted atomically, so concurrent calls, from any
   * instance, cannot take the channel past it.
   */
  maxPerChannel?: number;
}

export interface UpsertSubscriptionResult {
  subscription: Subscription;
  /** false when (team, channel, topicKey) already existed and was updated (or left as is). */
  created: boolean;
}

export interface Workspace {
  teamId: string;
  pausedReason: PauseReason | null;
  updatedAt: Date;
  /** When the workspace's pause began, while paused (null otherwise); kept when its reason changes. */
  pausedAt: Date | null;
}

export const DIGEST_RUN_STATUSES = ['claimed', 'posted', 'nothing_new', 'failed', 'skipped'] as const;
export type DigestRunStatus = (typeof DIGEST_RUN_STATUSES)[number];

/** One (subscription, digest date): the claim that makes a digest go out exactly once. */
export interface DigestRun {
  id: number;
  subscriptionId: number;
  teamId: string;
  channelId: string;
  /** 'YYYY-MM-DD' in the subscription's timezone. */
  digestDate: string;
  /** Instance id of the current (or last) holder of the claim. */
  claimedBy: string;
  claimedAt: Date;
  status: DigestRunStatus;
  /**
   * Stable for the (subscription, date) across retries and takeovers: put it in the Slack message
   * metadata so a taker-over can tell whether a dead instance already posted.
   */
  deliveryId: string;
  messageTs: string | null;
  /** 1 on the first claim, +1 on every reclaim/takeover: the claim's fencing token. */
  attempts: number;
  /** For 'failed': when the run may be claimed again; null = never. */
  nextAttemptAt: Date | null;
  /** Last failure message, if any attempt failed. */
  error: string | null;
  completedAt: Date | null;
}

/** Identifies a held claim: completions from an instance that lost its claim are fenced off. */
export type DigestClaim = Pick<DigestRun, 'subscriptionId' | 'digestDate' | 'claimedBy' | 'attempts'>;

export type DigestCompletionStatus = 'posted' | 'nothing_new' | 'skipped';

export interface CompleteDigestInput {
  status: DigestCompletionStatus;
  messageTs?: string | null;
  /** Paper ids the posted message contained. Only allowed with status 'posted'. */
  deliveredPaperIds?: readonly string[];
  now?: Date;
}

export interface CompleteDigestResult {
  /**
   * false when the claim was no longer held (lease expired and another instance took over, or the
   * subscription was removed): the run was left alone. Deliveries are recorded regardless, because
   * the message did go out.
   */
  claimHeld: boolean;
  /** The run as stored after the call (null if it no longer exists). */
  run: DigestRun | null;
  /** The ids that were not yet recorded for the channel (duplicates are ignored, never re-inserted). */
  newlyDeliveredPaperIds: string[];
}

/** One paper in one channel: what the 30-minute rule of pasted links is kept per (issue 17). */
export interface UnfurlRef {
  teamId: string;
  channelId: string;
  arxivId: string;
}

/** The right to unfold a paper in a channel now, won by exactly one caller per window. */
export interface UnfurlClaim extends UnfurlRef {
  claimedAt: Date;
}

export interface SubscribeWithExamplesInput extends UpsertSubscriptionInput {
  /** Added after the ones the subscription already has, in this order; ones it already has are skipped. */
  examples: readonly ExamplePaperInput[];
  /** The most examples a subscription may hold: beyond it `TooManyExamplesError` and nothing is written. */
  maxExamples: number;
}

export interface SubscribeWithExamplesResult extends UpsertSubscriptionResult {
  /** The examples this call added (not those the subscription already had). */
  added: SubscriptionExample[];
  /** All of the subscription's examples now, in the order added. */
  examples: SubscriptionExample[];
}

export interface Store extends PaperStore {
  // --- subscriptions -------------------------------------------------------------------------
  /** Create, or update time/timezone/cadence of, the subscription for (team, channel, topicKey(topic)). */
  upsertSubscription(input: UpsertSubscriptionInput): Promise<UpsertSubscriptionResult>;
  /** A channel's subscriptions, oldest first. */
  listSubscriptions(teamId: string, channelId: string): Promise<Subscription[]>;
  getSubscription(teamId: string, id: number): Promise<Subscription | null>;
  /**
   * Remove by topic (matched on topicKey) or, if no topic matches and the argument looks like an id ('12' or '#12'), by
   * id within that channel; returns it. Its runs and deliveries stay as history (the channel never gets those papers again);
   * the 👍/👎 from its digests stay too, untagged: they count for the whole channel.
   */
  removeSubscription(teamId: string, channelId: string, topicOrId: string): Promise<Subscription | null>;
  /** Every subscription that is not paused and whose workspace is not paused, by id. */
  allActiveSubscriptions(): Promise<Subscription[]>;
  /**
   * `until`: a person's pause that ends then (reason `USER_PAUSE_REASON`); resuming (`reason` null) clears it. A pause
   * written over a pause (another reason, another end) keeps its `pausedAt`; resuming clears that too.
   */
  setSubscriptionPaused(teamId: string, id: number, reason: PauseReason | null, now?: Date, until?: Date | null): Promise<Subscription | null>;
  /**
   * Resumes every subscription whose timed pause ended at or before `now`; the ones resumed, each with the `pausedAt`
   * its pause had (when it began) and its `pausedUntil`, so the resume can tell the digests it kept back.
   */
  resumeTimedPauses(now: Date): Promise<Subscription[]>;
  /** Pause every subscription of the channel (except those a person paused; paused ones keep `pausedAt`); returns how many. */
  pauseChannel(teamId: string, channelId: string, reason: PauseReason, now?: Date): Promise<number>;
  /** Clear the paused reason of every subscription of the channel; returns how many were paused. */
  resumeChannel(teamId: string, channelId: string, now?: Date): Promise<number>;
  /** Pause (a workspace paused already keeps its `pausedAt`) or, with `reason` null, resume the workspace. */
  setWorkspacePaused(teamId: string, reason: PauseReason | null, now?: Date): Promise<Workspace>;
  getWorkspace(teamId: string): Promise<Workspace | null>;
  /** The workspaces paused for `reason`, by id. */
  workspacesPausedFor(reason: PauseReason): Promise<Workspace[]>;
  /** Set last_digest_at/last_digest_status (completeDigest and failDigest already do it). */
  recordDigestOutcome(subscriptionId: number, at: Date, status: DigestOutcomeStatus): Promise<void>;

  // --- digest claims -------------------------------------------------------------------------
  /**
   * Atomically claim the digest of (subscription, date) for `instanceId`: a first claim, or a
   * takeover of a run that is 'failed' with next_attempt_at <= now, or 'claimed' with claimed_at
   * older than the lease, or 'claimed' by a holder that certainly no longer runs (claim-holders.ts: its process
   * was killed). Null when another instance holds it, it is done, or the subscription does not exist.
   */
  claimDigest(subscriptionId: number, digestDate: string, instanceId: string, now?: Date): Promise<DigestRun | null>;
  /** In one transaction: record the deliveries (status 'posted') and the run's outcome. */
  completeDigest(claim: DigestClaim, input: CompleteDigestInput): Promise<CompleteDigestResult>;
  /** Mark the claimed run 'failed'; it may be reclaimed from `nextAttemptAt` (null: never). Null when the claim was no longer held. */
  failDigest(claim: DigestClaim, error: string, nextAttemptAt: Date | null, now?: Date): Promise<DigestRun | null>;
  /** Restart the lease of a claim still held (claimed_at = now) before a run's next Slack call; false when it was taken over. */
  renewDigestClaim(claim: DigestClaim, now?: Date): Promise<boolean>;
  getDigestRun(subscriptionId: number, digestDate: string): Promise<DigestRun | null>;
  /**
   * The digest of (subscription, date) recorded 'skipped' (error `paused`) without a claim: its time passed while the
   * subscription was paused, so it is never sent late. The subscription's last digest stays as it was. False when the
   * date already has a run (it stands) or the subscription does not exist.
   */
  skipPausedDigest(subscriptionId: number, digestDate: string, now: Date): Promise<boolean>;
  /** Every paper id ever delivered to the channel. */
  deliveredPaperIds(teamId: string, channelId: string): Promise<Set<string>>;

  // --- App Home and lifecycle events (issue 7) --------------------------------------------------
  /** Every subscription of the workspace, by channel then age. */
  listTeamSubscriptions(teamId: string): Promise<Subscription[]>;
  /**
   * Pause the channel's subscriptions for a channel-level reason (archived, deleted, bot removed) without
   * touching the ones a person paused (`USER_PAUSE_REASON`); one paused for another reason keeps its `pausedAt`.
   * Returns how many changed.
   */
  pauseChannelFor(teamId: string, channelId: string, reason: PauseReason, now?: Date): Promise<number>;
  /** Resume the channel's subscriptions paused for one of `reasons` (others stay paused); returns how many. */
  resumeChannelPausedFor(teamId: string, channelId: string, reasons: readonly PauseReason[], now?: Date): Promise<number>;

  // --- OAuth installations (issue 7) ---------------------------------------------------------------
  /** Create or replace the workspace's installation (a reinstall clears `revokedAt`). */
  saveInstallation(input: SaveInstallationInput): Promise<InstallationRecord>;
  getInstallation(teamId: string): Promise<InstallationRecord | null>;
  /** Wipe the sealed tokens and set `revokedAt`; the row stays as history. false when there were none (left as it was). */
  revokeInstallation(teamId: string, now?: Date): Promise<boolean>;
  /** Remember the state of an install begun at /slack/install (every instance sees it). */
  saveOAuthState(input: OAuthStateInput): Promise<void>;
  /**
   * Use up a state: its install options if it was saved, not used yet and not expired at `now`; otherwise null. Atomic:
   * of several callers with one state (two instances, a double click) at most one gets the options.
   */
  consumeOAuthState(stateHash: string, now: Date): Promise<string | null>;
  /** Drop states that expired before `before` (never used: the admin left the consent page); returns how many. */
  forgetOAuthStatesBefore(before: Date): Promise<number>;

  // --- channel settings (issue 17) ------------------------------------------------------------------
  /** Whether paper links unfold in the channel (true unless someone turned it off). */
  channelUnfurlEnabled(teamId: string, channelId: string): Promise<boolean>;
  /** `/paper unfurl on|off`: remembered per channel, with who set it. */
  setChannelUnfurl(teamId: string, channelId: string, enabled: boolean, updatedBy: string | null, now?: Date): Promise<void>;

  // --- saved papers (issue 17) -----------------------------------------------------------------------
  /** Save a paper for a person (team + user); saving one already saved changes nothing (`created` false). */
  savePaper(input: SavePaperInput): Promise<SavePaperResult>;
  /** The person's saved paper (marked withdrawn if it was), or null when they have not saved it. */
  getSavedPaper(teamId: string, userId: string, paperId: string): Promise<SavedPaper | null>;
  /** Mark a saved paper read (kept when already read); null when the person has not saved it. */
  markSavedPaperRead(teamId: string, userId: string, paperId: string, now?: Date): Promise<SavedPaper | null>;
  /** Forget a saved paper; false when it was not saved. It can be saved again afterwards. */
  removeSavedPaper(teamId: string, userId: string, paperId: string): Promise<boolean>;
  /** The person's saved papers, newest first, `limit` from `offset`, with the total. */
  listSavedPapers(teamId: string, userId: string, page: { offset: number; limit: number }): Promise<SavedPapersPage>;

  // --- paper ratings (issue 16) ---------------------------------------------------------------------
  /**
   * A person's vote on a paper in a channel: one per (team, channel, user, paper); rating again replaces value, subscription
   * and time; `previous` is the vote replaced (null: first). `subscriptionId` tags it only while that subscription is one of
   * the channel's (removed since: untagged). A subscription's removal keeps its ratings, untagged (`clearRatings` forgets).
   */
  ratePaper(input: RatePaperInput): Promise<{ rating: PaperRating; previous: RatingValue | null }>;
  /** Undo: forget the person's vote; false when there was none. */
  removeRating(teamId: string, channelId: string, userId: string, paperId: string): Promise<boolean>;
  /** Every rating of the channel, oldest first. */
  channelRatings(teamId: string, channelId: string): Promise<PaperRating[]>;
  /** 👍/👎 totals in the channel for the given papers (papers nobody rated are absent). */
  ratingCounts(teamId: string, channelId: string, paperIds: readonly string[]): Promise<Map<string, { up: number; down: number }>>;
  /** Subscription id → how many of the channel's ratings came from its digests (subscriptions with none absent). */
  ratingCountsBySubscription(teamId: string, channelId: string): Promise<Map<number, number>>;
  /** How many of the channel's ratings came from outside digests (search, shares, link cards, top lists). */
  untaggedRatingCount(teamId: string, channelId: string): Promise<number>;
  /** Forget the channel's ratings tagged with the subscription (null: the untagged ones); returns how many. */
  clearRatings(teamId: string, channelId: string, subscriptionId: number | null): Promise<number>;

  // --- pasted links' memory, shared by every instance (issue 17) --------------------------------------
  /**
   * Atomically claim unfolding the paper in the channel at `now`: null when it was unfolded there less than `windowMs`
   * ago (or another caller just claimed it). Of concurrent callers, on any instance, exactly one gets the claim.
   */
  claimPaperUnfurl(ref: UnfurlRef, now: Date, windowMs: number): Promise<UnfurlClaim | null>;
  /** Give a claim back (nothing was unfolded after all), so the next paste may unfold the paper. */
  releasePaperUnfurl(claim: UnfurlClaim): Promise<void>;
  /** Forget unfolds older than `before`; returns how many. */
  forgetPaperUnfurlsBefore(before: Date): Promise<number>;
  /** Remember that neither source had the paper at `now`. */
  rememberLookupMiss(arxivId: string, now: Date): Promise<void>;
  /** Whether neither source had the paper at a lookup after `since`. */
  lookupMissedSince(arxivId: string, since: Date): Promise<boolean>;
  /** Forget misses older than `before`; returns how many. */
  forgetLookupMissesBefore(before: Date): Promise<number>;

  // --- followed authors (issue 18) -----------------------------------------------------------------------
  /** Follow in a channel; following the same account (or, without one, the same name key) again changes nothing. */
  addFollow(input: AddFollowInput): Promise<{ follow: Follow; created: boolean }>;
  /** The channel's follows, oldest first. */
  listFollows(teamId: string, channelId: string): Promise<Follow[]>;
  /** Every follow of the workspace, by channel then age (App Home). */
  listTeamFollows(teamId: string): Promise<Follow[]>;
  /** Stop a follow of the channel; null when it is not there. */
  removeFollow(teamId: string, channelId: string, id: number): Promise<Follow | null>;
  /** Accounts that claimed an authorship written as `nameKey` (authorKey), most papers first. */
  accountsNamed(nameKey: string): Promise<AuthorAccount[]>;
  /** The names an account's claimed authorships are written as (username compared case-insensitively), most papers first. */
  namesOfAccount(hfUser: string): Promise<AuthorAccount[]>;
  /** Whether some stored paper lists an author written as `name` (sameAuthor). */
  hasPaperByAuthor(name: string): Promise<boolean>;
  /** Papers dated or listed on or after `date` (YYYY-MM-DD), newest first, with their authors' claimed accounts. */
  authorshipsSince(date: string): Promise<PaperAuthorship[]>;

  // --- subscription examples (issue 16) --------------------------------------------------------------
  /** `upsertSubscription` plus examples, in one transaction; beyond `maxExamples`: `TooManyExamplesError`, nothing written. */
  subscribeWithExamples(input: SubscribeWithExamplesInput): Promise<SubscribeWithExamplesResult>;
  /** Subscription id → its example paper ids, in the order added (subscriptions without examples are absent). */
  subscriptionExamples(subscriptionIds: readonly number[]): Promise<Map<number, string[]>>;
  /** The same with each example's details, for lists. */
  listSubscriptionExamples(subscriptionIds: readonly number[]): Promise<Map<number, SubscriptionExample[]>>;
  /** Forget the subscription's examples; returns how many there were. Removing a subscription removes them too. */
  clearSubscriptionExamples(subscriptionId: number): Promise<number>;

  /**
   * Migrations the database has that this code does not know (a newer deploy ran them; schema-version.ts): empty when
   * the schema is this code's. The digest runner posts nothing while there are any.
   */
  unknownMigrations(): Promise<string[]>;

  close(): Promise<void>;
}

export function isCadence(value: string): value is Cadence {
  return (CADENCES as readonly string[]).includes(value);
}
