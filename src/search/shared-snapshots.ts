/**
 * What the index builder needs from a store that shares index snapshots between instances (with Postgres:
 * store/index-snapshots.ts). A snapshot holds the bytes of an index cache file (index-cache.ts), keyed by its corpus
 * key; the builder checks them as it checks a cache file before serving from them.
 */
export type SnapshotRead =
  /** `id`: this stored snapshot (a rewrite under the same key is another id). */
  | { status: 'found'; key: string; id: string; bytes: Buffer }
  | { status: 'missing' }
  | { status: 'corrupt'; key: string; id: string; reason: string }
  /** The snapshot on offer is still the one `read` was told to skip; its bytes were not read. */
  | { status: 'unchanged' };

export interface SharedSnapshots {
  /**
   * The snapshot stored under `key`, else the newest one (for another corpus), else none. `skip`: the id of a
   * snapshot already found unusable; when it is still the one on offer, `unchanged` (its bytes are not read again).
   */
  read(key: string, skip?: string): Promise<SnapshotRead>;
  /** Stores the bytes under `key` atomically (false: those bytes were there already). */
  write(key: string, bytes: Uint8Array): Promise<boolean>;
  /** The cluster-wide build lock when no other instance holds it, else null (never waits). */
  tryBuildLock(): Promise<{ release(): Promise<void> } | null>;
}
