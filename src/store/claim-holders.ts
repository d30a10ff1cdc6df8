/**
 * Who holds a digest claim, and whether that holder is certainly gone. A process killed in the middle of a digest
 * (kill -9, a crash, a dyno restart) leaves its claim behind; without this the digest waited out the claim's
 * 5-minute lease. A claim whose holder is gone is taken over at the next tick instead, and only then: a holder that
 * may be alive (stuck on a Slack call, paused) keeps its claim until the lease ends.
 *
 * - Postgres: a holder takes a session advisory lock named after its id, on a connection of its own, before its first
 *   claim and keeps it while its store is open. The process dies, its connection closes, the lock is free: gone.
 * - SQLite (processes on one host): a holder on this host whose pid no longer runs, or this process's own holder
 *   once its store is closed. A holder on another host is never judged gone.
 *
 * Only ids made by `newInstanceId` are judged (older ids, e.g. of a previous version still running during a deploy,
 * hold no lock and keep the lease).
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

const INSTANCE_ID = /^paper-digest\/([^/]+)\/(\d+)\/[0-9a-f]+$/;

/** Names a process in the digest claims it makes: host, pid and a random part (a new one every start). */
export function newInstanceId(): string {
  return `paper-digest/${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
}

function parseInstanceId(id: string): { host: string; pid: number } | null {
  const match = INSTANCE_ID.exec(id);
  return match?.[1] === undefined || match[2] === undefined ? null : { host: match[1], pid: Number(match[2]) };
}

export interface ClaimHolders {
  /** Before `holder` claims anything: from then until `close`, other processes can tell it is alive. */
  hold(holder: string): Promise<void>;
  /** True only when `holder` certainly no longer runs. */
  gone(holder: string): Promise<boolean>;
  close(): Promise<void>;
}

/** Holders of this process whose store is open (how many of its stores hold each). */
const openInThisProcess = new Map<string, number>();

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** SQLite: the processes sharing a database file share a host. */
export class ProcessClaimHolders implements ClaimHolders {
  readonly #held = new Set<string>();

  hold(holder: string): Promise<void> {
    if (!this.#held.has(holder)) {
      this.#held.add(holder);
      openInThisProcess.set(holder, (openInThisProcess.get(holder) ?? 0) + 1);
    }
    return Promise.resolve();
  }

  gone(holder: string): Promise<boolean> {
    const parsed = parseInstanceId(holder);
    if (!parsed || parsed.host !== hostname()) return Promise.resolve(false);
    // Same pid: this process, or an earlier one that had it (a restarted container's pid 1), told apart by the random part.
    if (parsed.pid === process.pid) return Promise.resolve(!openInThisProcess.has(holder));
    return Promise.resolve(!processRuns(parsed.pid));
  }

  close(): Promise<void> {
    for (const holder of this.#held) {
      const count = (openInThisProcess.get(holder) ?? 1) - 1;
      if (count > 0) openInThisProcess.set(holder, count);
      else openInThisProcess.delete(holder);
    }
    this.#held.clear();
    return Promise.resolve();
  }
}

const lockName = (holder: string): string => `paper-digest claim holder ${holder}`;

/** Postgres: each holder's session advisory lock, on a connection held for it. */
export class AdvisoryClaimHolders implements ClaimHolders {
  readonly #locks = new Map<string, Promise<pg.Client | null>>();
  #closed = false;

  constructor(
    private readonly connectionString: string,
    private readonly db: Kysely<Database>,
    private readonly onConnectionError: (error: Error) => void,
  ) {}

  async hold(holder: string): Promise<void> {
    if (this.#closed) throw new Error('the store is closed');
    if (!parseInstanceId(holder)) return;
    let locked = this.#locks.get(holder);
    if (!locked) {
      locked = this.#lock(holder);
      this.#locks.set(holder, locked);
      // Not taken (another store of the same holder has it) or failed: the next claim tries again.
      void locked.then(
        (client) => client === null && this.#locks.delete(holder),
        () => this.#locks.delete(holder),
      );
    }
    await locked;
  }

  /** The holder's lock on a connection of its own; null when another connection already holds it. */
  #lock(holder: string): Promise<pg.Client | null> {
    const client = new pg.Client({ connectionString: this.connectionString });
    const lost = (error?: Error): void => {
      // The lock went with the connection: the holder's claims may be taken over (its own renewals then fail and
      // it stops); its next claim takes the lock again on a new connection.
      if (this.#locks.get(holder) === locked) this.#locks.delete(holder);
      if (error && !this.#closed) this.onConnectionError(error);
    };
    client.on('error', lost);
    client.on('end', () => lost());
    const locked = (async () => {
      await client.connect();
      try {
        const { rows } = await client.query<{ taken: boolean }>('select pg_try_advisory_lock(hashtextextended($1, 0)) as taken', [lockName(holder)]);
        if (rows[0]?.taken !== true) {
          // Another store of this same holder has it: alive either way.
          await client.end();
          return null;
        }
      } catch (error) {
        await client.end().catch(() => undefined);
        throw error;
      }
      return client;
    })();
    return locked;
  }

  async gone(holder: string): Promise<boolean> {
    if (!parseInstanceId(holder)) return false;
    if (this.#locks.has(holder)) return false;
    // A transaction-level try: taken (and given back at commit) only when no session holds the holder's lock.
    return this.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ free: boolean }>`select pg_try_advisory_xact_lock(hashtextextended(${lockName(holder)}, 0)) as free`.execute(trx);
      return rows[0]?.free === true;
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    const clients = await Promise.allSettled([...this.#locks.values()]);
    this.#locks.clear();
    await Promise.all(clients.map((c) => (c.status === 'fulfilled' ? c.value?.end().catch(() => undefined) : undefined)));
  }
}
