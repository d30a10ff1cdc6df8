import type { Generated } from 'kysely';

/**
 * Row types of the tables created by `migrations.ts`, as kysely sees them. Instants are ISO-8601 UTC
 * strings (see store.ts); ids are 32-bit integers in both dialects.
 */
export interface SubscriptionsTable {
  id: Generated<number>;
  team_id: string;
  channel_id: string;
  topic: string;
  topic_key: string;
  time: string;
  timezone: string;
  cadence: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  paused_reason: string | null;
  last_digest_at: string | null;
  last_digest_status: string | null;
  /** 'topic' or 'top' (0016_subscription_kinds). */
  kind: Generated<string>;
  /** When a person's timed pause ends (0020_subscription_paused_until); see `Subscription.pausedUntil`. */
  paused_until: string | null;
  /** When its pause began (0021_pause_start); see `Subscription.pausedAt`. */
  paused_at: string | null;
  /** A weekly digest's day, 0 = Sunday … 6 = Saturday (0023_subscription_weekday); see `Subscription.weekday`. */
  weekday: number | null;
  /** When its time, zone, cadence or day last changed (0024_schedule_changed_at); see `Subscription.scheduleChangedAt`. */
  schedule_changed_at: string | null;
}

export interface WorkspacesTable {
  team_id: string;
  paused_reason: string | null;
  updated_at: string;
  /** When its pause began (0021_pause_start); see `Workspace.pausedAt`. */
  paused_at: string | null;
}

export interface DigestRunsTable {
  id: Generated<number>;
  subscription_id: number;
  team_id: string;
  channel_id: string;
  digest_date: string;
  claimed_by: string;
  claimed_at: string;
  status: string;
  delivery_id: string;
  message_ts: string | null;
  attempts: number;
  next_attempt_at: string | null;
  error: string | null;
  completed_at: string | null;
}

export interface DeliveriesTable {
  team_id: string;
  channel_id: string;
  paper_id: string;
  subscription_id: number;
  digest_date: string;
  delivered_at: string;
  message_ts: string | null;
}

/** One paper of the corpus (migration 0002_papers). */
export interface PapersTable {
  id: string;
  /** `paperTitleKey(title)`: what a listing-page entry (no arXiv id) is matched on; not unique since 0006. */
  title_key: string;
  /** Unique when set. */
  arxiv_id: string | null;
  title: string;
  abstract: string;
  /** JSON array of author names. */
  authors: string;
  author_count: number | null;
  /** 'YYYY-MM-DD' */
  date: string | null;
  upvotes: number | null;
  url: string;
  added_at: string;
  updated_at: string;
  /** The corpus revision (paper_corpus.revision) of the transaction that last wrote the row. */
  revision: Generated<number>;
  /** Hugging Face's one-sentence summary, code repository URL, its stars, project page (0007_paper_extras). */
  ai_summary: string | null;
  github_repo: string | null;
  github_stars: number | null;
  project_page: string | null;
  /** The day it was on Hugging Face's daily papers list, 'YYYY-MM-DD' (0013_paper_listed_on). */
  listed_on: string | null;
  /** When Hugging Face says it was withdrawn, as it says it (0018_paper_withdrawn); null for a paper that stands. */
  withdrawn_at: string | null;
}

/** A single row (id 1): `revision` goes up by one with every transaction that changed the papers. */
export interface PaperCorpusTable {
  id: number;
  revision: number;
  updated_at: string;
  /** sha256 of the seed pages whose papers were last stored (null: never). */
  seed_pages_digest: string | null;
  /** When the last successful scheduled ingest started (migration 0019; null: none yet). */
  last_ingest_at: string | null;
}

/** A workspace that installed the app through OAuth (migration 0003_installations). */
export interface InstallationsTable {
  team_id: string;
  enterprise_id: string | null;
  app_id: string | null;
  bot_user_id: string | null;
  installed_by: string | null;
  /** The encrypted Bolt installation; null once uninstalled or revoked. */
  sealed: string | null;
  installed_at: string;
  updated_at: string;
  revoked_at: string | null;
}

/** Per-channel settings (migration 0009_channel_settings); no row: the defaults. */
export interface ChannelSettingsTable {
  team_id: string;
  channel_id: string;
  /** 1: paper links unfold in the channel (the default), 0: they don't. */
  unfurl_links: number;
  updated_by: string | null;
  updated_at: string;
}

/** A paper a person saved for later (migration 0010_saved_papers); the paper's details as they were when saved. */
export interface SavedPapersTable {
  team_id: string;
  user_id: string;
  paper_id: string;
  arxiv_id: string | null;
  title: string;
  /** JSON array of author names. */
  authors: string;
  date: string | null;
  url: string;
  saved_at: string;
  read_at: string | null;
}

/** A person's 👍 (1) or 👎 (-1) on a paper in a channel (migration 0011_paper_ratings); one row per (team, channel, user, paper). */
export interface PaperRatingsTable {
  team_id: string;
  channel_id: string;
  user_id: string;
  paper_id: string;
  value: number;
  /** The subscription whose digest the click came from; null elsewhere. Not a foreign key (outlives the subscription). */
  subscription_id: number | null;
  rated_at: string;
}

/** A paper unfolded in a channel, and when (migration 0012_link_memory): the 30-minute rule across instances. */
export interface UnfurledPapersTable {
  team_id: string;
  channel_id: string;
  arxiv_id: string;
  unfurled_at: string;
}

/** An arXiv id neither Hugging Face nor arXiv had, and when that was last found (migration 0012_link_memory). */
export interface LookupMissesTable {
  arxiv_id: string;
  missed_at: string;
}

/** A channel following an author (migration 0014_follows). */
export interface FollowsTable {
  id: Generated<number>;
  team_id: string;
  channel_id: string;
  /** `hf:<lower-case username>` for an account follow, `name:<name_key>` for a name follow: unique per channel. */
  follow_key: string;
  name: string;
  name_key: string;
  hf_user: string | null;
  created_by: string;
  created_at: string;
}

/** A paper author whose authorship a Hugging Face account claimed (migration 0014_follows); others have no row. */
export interface PaperAuthorAccountsTable {
  paper_id: string;
  /** 0-based position in the paper's authors. */
  position: number;
  name: string;
  name_key: string;
  hf_user: string;
  hf_user_key: string;
}

/** A paper that seeds a subscription (migration 0015_subscription_examples), in `position` order. */
export interface SubscriptionExamplesTable {
  subscription_id: number;
  paper_id: string;
  arxiv_id: string | null;
  title: string;
  position: number;
  added_by: string;
  added_at: string;
}

/** An OAuth install begun at /slack/install (migration 0017_oauth_states): its state, usable once until it expires. */
export interface OAuthStatesTable {
  /** A keyed hash of the state: the database never holds a state a browser could present. */
  state_hash: string;
  /** Bolt's install options (JSON), handed back to the redirect that uses the state. */
  install_options: string;
  issued_at: string;
  expires_at: string;
}

export interface Database {
  subscriptions: SubscriptionsTable;
  workspaces: WorkspacesTable;
  digest_runs: DigestRunsTable;
  deliveries: DeliveriesTable;
  papers: PapersTable;
  paper_corpus: PaperCorpusTable;
  installations: InstallationsTable;
  channel_settings: ChannelSettingsTable;
  saved_papers: SavedPapersTable;
  paper_ratings: PaperRatingsTable;
  unfurled_papers: UnfurledPapersTable;
  lookup_misses: LookupMissesTable;
  follows: FollowsTable;
  paper_author_accounts: PaperAuthorAccountsTable;
  subscription_examples: SubscriptionExamplesTable;
  oauth_states: OAuthStatesTable;
}
