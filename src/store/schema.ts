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
}

export interface WorkspacesTable {
  team_id: string;
  paused_reason: string | null;
  updated_at: string;
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

export interface Database {
  subscriptions: SubscriptionsTable;
  workspaces: WorkspacesTable;
  digest_runs: DigestRunsTable;
  deliveries: DeliveriesTable;
}
