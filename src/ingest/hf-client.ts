/**
 * Fetching from the paper APIs (a day of Hugging Face daily papers, one paper from Hugging Face or arXiv), with a
 * timeout per attempt and bounded retries.
 *
 * Retried (with exponential backoff, or after the server's Retry-After): 429, 5xx, a timeout (no answer,
 * or a body that stops arriving), a network failure, and a 200 whose body does not read as expected
 * (not JSON, not an array, not an Atom feed: a proxy's error page, a half-deployed API). Not retried: other
 * 4xx (a bad date or URL does not get better), and a Retry-After longer than the cap (a later run tries again).
 * A server that does not answer at all (the connection refused or dropped, no response headers within the timeout)
 * `maxSilentAttempts` times in a row is taken for down (`FetchFailure.down`): a dead server costs seconds, not the
 * ~74 s of the whole budget, while a slow one that sends headers, or a 429/5xx, gets every attempt.
 * Sleeping goes through `sleep`, so tests never wait for real.
 */
import type { Logger } from '../logger.ts';

export interface FetchPolicy {
  /** Per attempt, covering headers and body (default 15 s). */
  timeoutMs: number;
  /** Attempts in all, the first included (default 4). */
  maxAttempts: number;
  /** Attempts in a row with no answer at all after which the server is taken for down (default 2). */
  maxSilentAttempts: number;
  /** Backoff before the 2nd attempt; doubled each time (default 2 s). */
  baseDelayMs: number;
  /** Longest backoff (default 60 s). */
  maxDelayMs: number;
  /** A Retry-After longer than this gives up instead of waiting (default 5 min). */
  maxRetryAfterMs: number;
  sleep: (ms: number) => Promise<void>;
  /** For Retry-After given as an HTTP date. */
  now: () => Date;
  fetch: typeof fetch;
}

export const DEFAULT_FETCH_POLICY: FetchPolicy = {
  timeoutMs: 15_000,
  maxAttempts: 4,
  maxSilentAttempts: 2,
  baseDelayMs: 2_000,
  maxDelayMs: 60_000,
  maxRetryAfterMs: 5 * 60_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => new Date(),
  fetch: (input, init) => fetch(input, init),
};

export type FetchFailureKind = 'timeout' | 'network' | 'http' | 'shape';

/** The fetch gave up: nothing was stored. */
export class FetchFailure extends Error {
  override name = 'FetchFailure';
  constructor(
    message: string,
    readonly kind: FetchFailureKind,
    readonly attempts: number,
    readonly status: number | null = null,
    /** Why, in a few words (`connection refused`, `no answer within 15000 ms`), when the server is `down`. */
    readonly downBecause: string | null = null,
  ) {
    super(message);
  }

  /** The server never answered (`maxSilentAttempts` in a row): asking it for more now is pointless. */
  get down(): boolean {
    return this.downBecause !== null;
  }
}

interface AttemptFailure {
  kind: FetchFailureKind;
  message: string;
  status: number | null;
  retryable: boolean;
  /** The server's Retry-After, in ms. */
  retryAfterMs: number | null;
  /** No response headers came: refused, unreachable, dropped, or nothing within the timeout. */
  silent: boolean;
  /** The message in a few words. */
  brief: string;
}

/** The daily papers URL for one day: `endpoint?date=YYYY-MM-DD&limit=100` (other parameters of `endpoint` kept). */
export function dailyPapersUrl(endpoint: string, date: string): string {
  const url = new URL(endpoint);
  url.searchParams.set('date', date);
  if (!url.searchParams.has('limit')) url.searchParams.set('limit', '100');
  return url.toString();
}

/** Retry-After as ms: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}

export function backoffMs(policy: Pick<FetchPolicy, 'baseDelayMs' | 'maxDelayMs'>, failedAttempts: number): number {
  return Math.min(policy.baseDelayMs * 2 ** Math.max(0, failedAttempts - 1), policy.maxDelayMs);
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : '';
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/** A network error in a few words: `connection refused` rather than undici's `fetch failed`. */
function networkReason(error: unknown): string {
  const code = error instanceof Error && error.cause instanceof Error ? (error.cause as { code?: unknown }).code : undefined;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection dropped';
    default:
      return 'network error';
  }
}

async function attempt(url: string, policy: FetchPolicy, accept: string): Promise<{ ok: true; text: string } | { ok: false; failure: AttemptFailure }> {
  const signal = AbortSignal.timeout(policy.timeoutMs);
  let answered = false;
  const fail = (kind: FetchFailureKind, message: string, retryable: boolean, status: number | null = null, retryAfterMs: number | null = null, brief = message) =>
    ({ ok: false, failure: { kind, message, status, retryable, retryAfterMs, silent: !answered, brief } }) as const;
  try {
    const response = await policy.fetch(url, { signal, headers: { accept, 'user-agent': 'paper-digest' } });
    answered = true;
    if (response.status === 429 || response.status >= 500) {
      await response.body?.cancel().catch(() => undefined);
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), policy.now());
      return fail('http', `HTTP ${response.status}${response.status === 429 ? ' (rate limited)' : ''}`, true, response.status, retryAfterMs);
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return fail('http', `HTTP ${response.status}`, false, response.status);
    }
    return { ok: true, text: await response.text() };
  } catch (error) {
    if (signal.aborted || errorName(error) === 'TimeoutError' || errorName(error) === 'AbortError') {
      const what = answered ? 'no complete answer' : 'no answer';
      return fail('timeout', `${what} within ${policy.timeoutMs} ms`, true);
    }
    const reason = networkReason(error);
    return fail('network', `${reason}: ${describeError(error)}`, true, null, null, reason);
  }
}

export interface FetchOptions {
  policy?: Partial<FetchPolicy>;
  logger?: Logger;
  label?: string;
}

/**
 * GET `url` and return its JSON body once `accept(body)` says it has the expected shape (else it is
 * treated like a transient failure). Throws `FetchFailure` when every attempt failed.
 */
export function fetchJsonWithRetry<T>(url: string, accept: (body: unknown) => T, options: FetchOptions = {}): Promise<T> {
  const read = (text: string): T => {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`the body is not JSON (${JSON.stringify(text.slice(0, 60))})`);
    }
    return accept(body);
  };
  return fetchTextWithRetry(url, read, { ...options, accept: 'application/json' });
}

/**
 * GET `url` and return `read(body text)`; a `read` that throws means a wrong shape (retried like a transient
 * failure). `accept` is the Accept header. Throws `FetchFailure` when every attempt failed.
 */
export async function fetchTextWithRetry<T>(url: string, read: (text: string) => T, options: FetchOptions & { accept: string }): Promise<T> {
  const policy: FetchPolicy = { ...DEFAULT_FETCH_POLICY, ...options.policy };
  const label = options.label ?? url;
  const attempts = Math.max(1, Math.floor(policy.maxAttempts));
  const silentLimit = Math.max(1, Math.floor(policy.maxSilentAttempts));
  let last: AttemptFailure | null = null;
  let silentInARow = 0;
  for (let n = 1; n <= attempts; n++) {
    const result = await attempt(url, policy, options.accept);
    let failure: AttemptFailure;
    if (result.ok) {
      try {
        return read(result.text);
      } catch (error) {
        failure = { kind: 'shape', message: describeError(error), status: 200, retryable: true, retryAfterMs: null, silent: false, brief: 'a wrong shape' };
      }
    } else {
      failure = result.failure;
    }
    last = failure;
    if (!failure.retryable) throw new FetchFailure(`${label}: ${failure.message}`, failure.kind, n, failure.status);
    silentInARow = failure.silent ? silentInARow + 1 : 0;
    if (silentInARow >= silentLimit) {
      throw new FetchFailure(
        `${label}: ${failure.message} (no answer to ${silentInARow} attempts in a row)`,
        failure.kind,
        n,
        null,
        `${failure.brief}, ${silentInARow} attempt${silentInARow === 1 ? '' : 's'}`,
      );
    }
    if (n === attempts) break;
    let delay = backoffMs(policy, n);
    if (failure.retryAfterMs !== null) {
      if (failure.retryAfterMs > policy.maxRetryAfterMs) {
        throw new FetchFailure(
          `${label}: ${failure.message}, Retry-After ${Math.ceil(failure.retryAfterMs / 1000)} s is longer than ` +
            `${Math.round(policy.maxRetryAfterMs / 1000)} s; giving up until the next run`,
          failure.kind,
          n,
          failure.status,
        );
      }
      delay = failure.retryAfterMs;
    }
    const retrying = `${label}: ${failure.message}; attempt ${n} of ${attempts}, retrying in ${Math.round(delay / 100) / 10} s`;
    // A dead server gets one line, from the caller, not one per attempt.
    if (failure.silent) options.logger?.debug(retrying);
    else options.logger?.warn(retrying);
    await policy.sleep(delay);
  }
  const final = last ?? { kind: 'network' as const, message: 'no attempt made', status: null };
  throw new FetchFailure(`${label}: ${final.message} (gave up after ${attempts} attempts)`, final.kind, attempts, final.status);
}
