/**
 * What the index builder needs from a store that shares index snapshots between instances (with Postgres:
 * store/index-snapshots.ts). A snapshot holds the bytes of an index cache file (index-cache.ts), keyed by its corpus
 * key; the builder checks them as it checks a cache file before serving from them.
 */
export type SnapshotRead =
  | { status: 'found'; key: string; bytes: Buffer }
  | { status: 'missing' }
  | { status: 'corrupt'; key: string; reason: string };

export interface SharedSnapshots {
  /** The snapshot stored under `key`, else the newest one (for another corpus), else none. */
  read(key: string): Promise<SnapshotRead>;
  /** Stores the bytes under `key` atomically (false: those bytes were there already). */
  write(key: string, bytes: Uint8Array): Promise<boolean>;
  /** The cluster-wide build lock when no other instance holds it, else null (never waits). */
  tryBuildLock(): Promise<{ release(): Promise<void> } | null>;
}
