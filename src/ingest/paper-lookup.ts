/**
 * A paper the corpus does not have, looked up by its arXiv id (issue 17 #3: a pasted link to it unfolds): first the
 * Hugging Face paper API (`GET <HF base>/api/papers/<id>`, the record the daily papers carry under `paper`, checked
 * by the same validation), and when Hugging Face does not know the paper (404) the arXiv API (`ARXIV_API_URL`, Atom).
 * A paper found joins the corpus the way an ingest does (`upsertPapers`, then the live index extension), so it is
 * searchable at once.
 *
 * A link is waiting on the answer, so the clients give up sooner than the daily ingest: 5 s per attempt, 3
 * attempts, backoff from 0.5 s, and a Retry-After over 10 s is not waited for. 429, 5xx, timeouts and bodies of
 * the wrong shape are retried (hf-client.ts); a lookup that still fails throws, and the caller leaves the link alone.
 */
import { errorText } from '../error-text.ts';
import type { Logger } from '../logger.ts';
import type { PaperInput } from '../papers/corpus-merge.ts';
import { canonicalArxivId } from '../papers/paper-links.ts';
import type { Paper } from '../papers/paper.ts';
import type { PaperStore } from '../store/paper-store.ts';
import type { Store } from '../store/store.ts';
import { parseArxivFeed } from './arxiv-atom.ts';
import { arxivQueryUrl } from './arxiv-endpoint.ts';
import { validateItem } from './hf-api.ts';
import { FetchFailure, fetchJsonWithRetry, fetchTextWithRetry, type FetchPolicy } from './hf-client.ts';
import { hfEndpoints } from './hf-endpoints.ts';

export const LOOKUP_FETCH_POLICY: Partial<FetchPolicy> = {
  timeoutMs: 5_000,
  maxAttempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 4_000,
  maxRetryAfterMs: 10_000,
};

export type LookupSource = 'huggingface' | 'arxiv';

export interface PaperSourcesDeps {
  logger: Logger;
  /** `HF_API_URL` (hf-endpoints.ts). */
  hfApiUrl: string;
  /** `ARXIV_API_URL`: the arXiv query endpoint. */
  arxivApiUrl: string;
  /** Laid over `LOOKUP_FETCH_POLICY` (tests shorten timeouts and sleeps). */
  fetchPolicy?: Partial<FetchPolicy>;
}

/** A Hugging Face paper record → the paper; null for a withdrawn one; throws (a wrong shape) for anything else that does not fit. */
export function hfPaperInput(body: unknown, arxivId: string): PaperInput | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('expected a paper object');
  const result = validateItem({ paper: body }, null);
  if (!result.ok) {
    if (result.reason.startsWith('withdrawn')) return null;
    throw new Error(`the paper record does not fit: ${result.reason}`);
  }
  const id = result.input.arxivId === null ? null : canonicalArxivId(result.input.arxivId);
  if (id !== arxivId) throw new Error(`asked for ${arxivId}, the answer is about ${result.input.arxivId ?? 'no paper'}`);
  return { ...result.input, arxivId: id };
}

/**
 * The paper from Hugging Face, or from arXiv when Hugging Face answers 404; null when neither has it (or Hugging
 * Face says it was withdrawn). Throws `FetchFailure` when a source could not be read.
 */
export async function fetchPaperFromSources(deps: PaperSourcesDeps, arxivId: string): Promise<{ input: PaperInput; source: LookupSource } | null> {
  const policy = { ...LOOKUP_FETCH_POLICY, ...deps.fetchPolicy };
  try {
    const input = await fetchJsonWithRetry(hfEndpoints(deps.hfApiUrl).paper(arxivId), (body) => hfPaperInput(body, arxivId), {
      policy,
      logger: deps.logger,
      label: `Hugging Face paper ${arxivId}`,
    });
    return input === null ? null : { input, source: 'huggingface' };
  } catch (error) {
    if (!(error instanceof FetchFailure && error.status === 404)) throw error;
  }
  try {
    const input = await fetchTextWithRetry(arxivQueryUrl(deps.arxivApiUrl, arxivId), (text) => parseArxivFeed(text, arxivId), {
      policy,
      logger: deps.logger,
      label: `arXiv paper ${arxivId}`,
      accept: 'application/atom+xml',
    });
    return input === null ? null : { input, source: 'arxiv' };
  } catch (error) {
    if (error instanceof FetchFailure && error.status === 404) return null;
    throw error;
  }
}

export interface PaperLookupDeps extends PaperSourcesDeps {
  store: Pick<PaperStore, 'upsertPapers' | 'getPaperByArxivId'> & Pick<Store, 'rememberLookupMiss' | 'lookupMissedSince' | 'forgetLookupMissesBefore'>;
  clock: () => Date;
  /** Brings the served index up to date with the papers table (the ingest's `CorpusIndex.refresh`). */
  refreshIndex: () => Promise<unknown>;
}

/** An id neither source has is not asked about again for this long (a link pasted over and over). */
export const NOT_FOUND_MEMORY_MS = 10 * 60_000;

/**
 * Looks papers up, stores what it finds and indexes it; one lookup per paper at a time in this process (a link
 * pasted twice at once). An id no source has is remembered for 10 minutes in the store, so no instance asks again
 * (a failed lookup is not remembered: the next paste tries again).
 */
export class PaperLookup {
  readonly #deps: PaperLookupDeps;
  readonly #inFlight = new Map<string, Promise<Paper | null>>();

  constructor(deps: PaperLookupDeps) {
    this.#deps = deps;
  }

  /** The paper, now in the corpus and the index; null when no source has it. Throws when a source could not be read. */
  find(arxivId: string): Promise<Paper | null> {
    const running = this.#inFlight.get(arxivId);
    if (running) return running;
    const lookup = this.#find(arxivId).finally(() => this.#inFlight.delete(arxivId));
    this.#inFlight.set(arxivId, lookup);
    return lookup;
  }

  async #find(arxivId: string): Promise<Paper | null> {
    const { store, logger, clock } = this.#deps;
    if (await store.lookupMissedSince(arxivId, new Date(clock().getTime() - NOT_FOUND_MEMORY_MS))) return null;
    const started = performance.now();
    const found = await fetchPaperFromSources(this.#deps, arxivId);
    if (!found) {
      logger.info(`lookup: ${arxivId} is known to neither Hugging Face nor arXiv (or was withdrawn); not asked again for 10 minutes`);
      const now = clock();
      await store.rememberLookupMiss(arxivId, now);
      // Misses are rare (ids never issued): pruning when one is added keeps the table small at no cost to the rest.
      await store.forgetLookupMissesBefore(new Date(now.getTime() - NOT_FOUND_MEMORY_MS));
      return null;
    }
    await store.upsertPapers([found.input], { now: clock() });
    try {
      await this.#deps.refreshIndex();
    } catch (error) {
      logger.warn(`lookup: ${arxivId} is stored but the index was not refreshed (${errorText(error)}); the next refresh picks it up`);
    }
    logger.info(`lookup: ${arxivId} fetched from ${found.source} and added to the corpus in ${Math.round(performance.now() - started)} ms`);
    return store.getPaperByArxivId(arxivId);
  }
}
