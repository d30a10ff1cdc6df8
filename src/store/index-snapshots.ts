/**
 * The packed search index's snapshot in Postgres, shared by every instance on the database: the bytes the index
 * cache file holds (header line + packed index, see search/index-cache.ts), keyed by the corpus key, in chunks of
 * CHUNK_BYTES (`index_snapshot_chunks`, bytea) under one row of `index_snapshots` (size, chunk count, sha256).
 *
 * - A write is one transaction (all chunks and the row, or nothing), serialized by a transaction advisory lock;
 *   the same bytes already stored (and intact) are left as they are, anything else under the key (a snapshot found
 *   damaged) is replaced; only the newest KEEP_SNAPSHOTS are kept.
 * - A read runs in one repeatable-read transaction (a concurrent prune cannot take chunks away mid-read) and checks
 *   the size, chunk count and checksum; the caller then checks the bytes as it checks a cache file (nothing here is
 *   trusted: a snapshot that fails is reported, never served).
 * - `tryBuildLock` is the cluster-wide "I am building the index" session advisory lock on a dedicated connection,
 *   released by `release()` or, should the process die, by Postgres when the connection drops.
 *
 * With SQLite there is nothing to share: `openIndexSnapshots` returns null and the file cache is used alone.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { SharedSnapshots, SnapshotRead } from '../search/shared-snapshots.ts';
import { parseDatabaseUrl } from './dialect.ts';

export const CHUNK_BYTES = 4 * 2 ** 20;
export const KEEP_SNAPSHOTS = 2;
/** Bytes per row when a chunk is read: its hex text (twice that) stays a young, small V8 string. */
const READ_PIECE_BYTES = 64_000;
const BYTEA_OID = 17;
/** Advisory lock ids (one 64-bit space per database): the index build and snapshot writes. */
const BUILD_LOCK = 7_419_021_001n;
const WRITE_LOCK = 7_419_021_002n;

export interface BuildLock {
  release(): Promise<void>;
}

/** The index builder's `SharedSnapshots`, and `close`. */
export interface IndexSnapshots extends SharedSnapshots {
  close(): Promise<void>;
}

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

export class PostgresIndexSnapshots implements IndexSnapshots {
  readonly #pool: pg.Pool;
  readonly #chunkBytes: number;
  /** Gives up the build lock held now, if any (its connection is dropped). */
  #dropBuildLock: (() => void) | null = null;
  #closed: Promise<void> | null = null;

  constructor(connectionString: string, options: { chunkBytes?: number } = {}) {
    this.#chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
    // Small: a read, a write and the build lock's connection at most.
    this.#pool = new pg.Pool({ connectionString, max: 3 });
    this.#pool.on('error', (error: Error) => process.emitWarning(error));
  }

  /**
   * A pooled client for one piece of work. pg leaves a checked-out client without an 'error' listener, so a
   * connection Postgres drops meanwhile (a restart, a failover, an admin's kill) would end the process with an
   * unhandled 'error' event; here it fails the work instead, and the dead client is dropped from the pool.
   */
  async #withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    let lost: Error | undefined;
    const onError = (error: Error): void => {
      lost = error;
    };
    client.on('error', onError);
    try {
      return await work(client);
    } finally {
      client.off('error', onError);
      client.release(lost);
    }
  }

  read(key: string, skip?: string): Promise<SnapshotRead> {
    return this.#withClient((client) => this.#read(client, key, skip));
  }

  async #read(client: pg.PoolClient, key: string, skip?: string): Promise<SnapshotRead> {
    try {
      await client.query('begin isolation level repeatable read read only');
      const head = await client.query<{ key: string; seq: string; bytes: string; chunks: number; checksum: string }>(
        'select key, seq::text as seq, bytes, chunks, checksum from index_snapshots order by (key = $1) desc, seq desc limit 1',
        [key],
      );
      const row = head.rows[0];
      if (!row) return { status: 'missing' };
      // An instance waiting for another's build asks every second: a snapshot it found unusable is not read again.
      if (skip !== undefined && row.seq === skip) return { status: 'unchanged' };
      const found = { key: row.key, id: row.seq };
      // One buffer of the stated size, each chunk copied in as it arrives: no second copy of the whole snapshot (the
      // packed index is then read in place from it). A chunk too long or too short shows as a size mismatch.
      const total = Number(row.bytes);
      if (!Number.isSafeInteger(total) || total < 0 || total > 2 ** 31) return { status: 'corrupt', ...found, reason: `implausible size ${row.bytes}` };
      const bytes = Buffer.alloc(total);
      let filled = 0;
      // One chunk per query, cut into rows of READ_PIECE_BYTES, each row's hex text decoded straight into `bytes`.
      // pg reads bytea as hex text: a whole chunk's text (8 MB for 4 MB, plus the 4 MB Buffer decoded from it) lands in
      // V8's large-object space, freed only by a full GC, which a process with a large heap limit puts off (at 50k papers
      // that garbage added ~80 MB to the peak RSS: scripts/bench/snapshot-read-rss.ts). A piece's text is small young
      // garbage the scavenger frees as it goes.
      let overflow = false;
      const decodeInto = (text: string): number => {
        const length = (text.length - 2) / 2;
        if (!text.startsWith('\\x') || !Number.isInteger(length)) throw new Error('bytea not in hex format');
        if (filled + length > total) overflow = true;
        else filled += bytes.write(text.slice(2), filled, length, 'hex');
        return length;
      };
      for (let chunk = 0; chunk < row.chunks; chunk++) {
        const part = await client.query<{ data: number }>({
          // Detoasted once (materialized), not once per piece.
          text: `with c as materialized (select data || ''::bytea as data from index_snapshot_chunks where key = $1 and chunk = $2)
                 select substring(c.data from s.start for $3) as data
                   from c, generate_series(1, greatest(octet_length(c.data), 1), $3) as s(start)
                  order by s.start`,
          values: [row.key, chunk, READ_PIECE_BYTES],
          types: { getTypeParser: (oid: number) => (oid === BYTEA_OID ? decodeInto : (text: string) => text) },
        });
        if (part.rows.length === 0) return { status: 'corrupt', ...found, reason: `chunk ${chunk} of ${row.chunks} is missing` };
        if (overflow) return { status: 'corrupt', ...found, reason: `more bytes stored than the ${total} expected` };
      }
      if (filled !== total) return { status: 'corrupt', ...found, reason: `${filled} bytes stored, ${total} expected` };
      if (sha256(bytes) !== row.checksum) return { status: 'corrupt', ...found, reason: 'checksum mismatch' };
      return { status: 'found', ...found, bytes };
    } finally {
      await client.query('rollback').catch(() => undefined);
    }
  }

  write(key: string, bytes: Uint8Array): Promise<boolean> {
    return this.#withClient((client) => this.#write(client, key, bytes));
  }

  async #write(client: pg.PoolClient, key: string, bytes: Uint8Array): Promise<boolean> {
    try {
      await client.query('begin');
      await client.query('select pg_advisory_xact_lock($1)', [WRITE_LOCK.toString()]);
      const checksum = sha256(bytes);
      // Left alone only when what is stored really is these bytes (chunks hashed in the database): a writer that
      // rebuilt because the stored chunks were damaged replaces them.
      const existing = await client.query<{ checksum: string; stored: string | null }>(
        `select s.checksum, (select encode(sha256(string_agg(c.data, ''::bytea order by c.chunk)), 'hex')
           from index_snapshot_chunks c where c.key = s.key) as stored
         from index_snapshots s where s.key = $1`,
        [key],
      );
      const row = existing.rows[0];
      if (row && row.checksum === checksum && row.stored === checksum) {
        await client.query('rollback');
        return false;
      }
      // Other bytes under the key: a snapshot found corrupted and rebuilt. Replaced whole (its chunks cascade).
      await client.query('delete from index_snapshots where key = $1', [key]);
      const chunks = Math.max(1, Math.ceil(bytes.byteLength / this.#chunkBytes));
      await client.query('insert into index_snapshots (key, bytes, chunks, checksum, created_at) values ($1, $2, $3, $4, $5)', [
        key,
        bytes.byteLength,
        chunks,
        checksum,
        new Date().toISOString(),
      ]);
      const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let chunk = 0; chunk < chunks; chunk++) {
        const data = buffer.subarray(chunk * this.#chunkBytes, (chunk + 1) * this.#chunkBytes);
        await client.query('insert into index_snapshot_chunks (key, chunk, data) values ($1, $2, $3)', [key, chunk, data]);
      }
      await client.query(
        'delete from index_snapshots where key not in (select key from index_snapshots order by seq desc limit $1)',
        [KEEP_SNAPSHOTS],
      );
      await client.query('commit');
      return true;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    }
  }

  async tryBuildLock(): Promise<BuildLock | null> {
    const client = await this.#pool.connect();
    // Held for the whole build (minutes on a large corpus): a connection lost meanwhile takes the lock with it (another
    // instance may then build too) and must not end this process with an unhandled 'error' event.
    let lost: Error | undefined;
    const onError = (error: Error): void => {
      if (!lost) process.emitWarning(`index: the connection holding the build lock was lost (${error.message})`);
      lost = error;
    };
    client.on('error', onError);
    let got = false;
    try {
      const result = await client.query<{ got: boolean }>('select pg_try_advisory_lock($1) as got', [BUILD_LOCK.toString()]);
      got = result.rows[0]?.got === true;
    } finally {
      if (!got) {
        client.off('error', onError);
        client.release(lost);
      }
    }
    if (!got) return null;
    let released = false;
    this.#dropBuildLock = () => {
      released = true;
      client.off('error', onError);
      client.release(true);
    };
    const dropBuildLock = this.#dropBuildLock;
    return {
      release: async () => {
        if (released) return;
        released = true;
        if (this.#dropBuildLock === dropBuildLock) this.#dropBuildLock = null;
        try {
          if (!lost) await client.query('select pg_advisory_unlock($1)', [BUILD_LOCK.toString()]);
          client.off('error', onError);
          client.release(lost);
        } catch (error) {
          // A connection that cannot unlock is dropped: Postgres releases a session lock with its connection.
          client.off('error', onError);
          client.release(error instanceof Error ? error : true);
        }
      },
    };
  }

  /**
   * A build still running (a shutdown during the start's build or a merge after an ingest) does not hold this up: its
   * lock's connection is dropped (Postgres frees the lock with it; another instance builds) and what it would publish
   * is lost with the process, never half-written (one transaction).
   */
  close(): Promise<void> {
    this.#dropBuildLock?.();
    this.#dropBuildLock = null;
    this.#closed ??= this.#pool.end();
    return this.#closed;
  }
}

/** The shared snapshots of a Postgres DATABASE_URL; null for SQLite (the index cache file is all there is). */
export function openIndexSnapshots(databaseUrl: string | undefined): IndexSnapshots | null {
  const target = parseDatabaseUrl(databaseUrl);
  return target.kind === 'postgres' ? new PostgresIndexSnapshots(target.connectionString) : null;
}
