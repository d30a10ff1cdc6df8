/**
 * Taking papers into the corpus (the papers table) from the Hugging Face daily papers API and from files.
 *
 * Every source ends in `store.upsertPapers`: one transaction per API day or per file, so a reader sees a
 * day's papers all at once or not at all, and a failure leaves the corpus exactly as it was. Items are
 * validated one by one (bad ones are reported and skipped); a response that is not the expected shape,
 * a 429/5xx, a timeout or a network failure is retried with backoff (hf-client.ts) and, if it never
 * succeeds, stores nothing for that day. Re-ingesting the same papers changes nothing.
 */
import { readFile } from 'node:fs/promises';
import { errorText } from '../error-text.ts';
import type { Logger } from '../logger.ts';
import { toPaperInput } from '../papers/corpus-merge.ts';
import { mergePapers } from '../papers/merge.ts';
import { readListingPage } from '../papers/listing-check.ts';
import type { PaperStore } from '../store/paper-store.ts';
import { parseDailyPapers, type ItemWithdrawal, type SkippedItem, type ValidatedPaper } from './hf-api.ts';
import { quotableUrl } from '../quotable-url.ts';
import { dailyPapersUrl, FetchFailure, fetchJsonWithRetry, type FetchPolicy } from './hf-client.ts';
import { hfEndpoints } from './hf-endpoints.ts';

export interface IngestDeps {
  store: PaperStore;
  logger: Logger;
  clock: () => Date;
  /** `HF_API_URL`: the API's base or its daily papers endpoint (hf-endpoints.ts). */
  hfApiUrl: string;
  /** Timeout, retries and sleep of the HTTP client (tests shorten them). */
  fetchPolicy?: Partial<FetchPolicy>;
}

/** What one ingest did. `ok` is false when a day or the file could not be read at all (see `failures`). */
export interface IngestReport {
  ok: boolean;
  /** `hf` or the file path. */
  source: string;
  /** The API days asked for (hf only). */
  days?: string[];
  /** Items read from the source (API items, listing entries, JSON items). */
  fetched: number;
  added: number;
  updated: number;
  unchanged: number;
  /** Stored papers the source says were withdrawn, marked so (kept out of search, digests, top lists and follows). */
  withdrawn: number;
  /** Stored withdrawn papers the source lists again without `withdrawnAt`: searched and sent again. */
  reinstated: number;
  skipped: SkippedItem[];
  /** Whole days / files that stored nothing, with the reason. */
  failures: Array<{ source: string; reason: string }>;
  addedIds: string[];
  updatedIds: string[];
  withdrawnIds: string[];
  reinstatedIds: string[];
}

function emptyReport(source: string, days?: readonly string[]): IngestReport {
  return { ok: true, source, ...(days ? { days: [...days] } : {}), fetched: 0, added: 0, updated: 0, unchanged: 0, withdrawn: 0, reinstated: 0, skipped: [], failures: [], addedIds: [], updatedIds: [], withdrawnIds: [], reinstatedIds: [] };
}

/**
 * Store the validated papers of one source, and mark the stored papers it says were withdrawn, in one transaction;
 * add the outcome to `report`. A withdrawn item whose paper is not stored is skipped, as before.
 */
async function store(
  deps: IngestDeps,
  papers: readonly ValidatedPaper[],
  report: IngestReport,
  withdrawals: readonly ItemWithdrawal[] = [],
  withdrawalsKnown = false,
): Promise<void> {
  if (papers.length === 0 && withdrawals.length === 0) return;
  const result = await deps.store.upsertPapers(papers.map((p) => p.input), {
    now: deps.clock(),
    withdrawals: withdrawals.map(({ arxivId, withdrawnAt }) => ({ arxivId, withdrawnAt })),
    withdrawalsKnown,
  });
  report.added += result.added.length;
  report.updated += result.updated.length;
  report.unchanged += result.unchanged.length;
  report.withdrawn += result.withdrawn.length;
  report.addedIds.push(...result.added);
  report.updatedIds.push(...result.updated);
  report.withdrawnIds.push(...result.withdrawn);
  report.reinstated += result.reinstated.length;
  report.reinstatedIds.push(...result.reinstated);
  if (result.withdrawn.length > 0) deps.logger.info(`ingest: withdrawn, no longer searched or sent: ${result.withdrawn.join(', ')}`);
  if (result.reinstated.length > 0) deps.logger.info(`ingest: no longer withdrawn, searched and sent again: ${result.reinstated.join(', ')}`);
  const notStored = new Set(result.withdrawalsNotStored);
  report.skipped.push(...withdrawals.filter((w) => notStored.has(w.arxivId)).map(({ item, reason }) => ({ item, reason })));
}

function logSkipped(logger: Logger, skipped: readonly SkippedItem[]): void {
  for (const { item, reason } of skipped) logger.warn(`ingest: skipped ${item}: ${reason}`);
}

/**
 * Why a source whose every item was skipped as unreadable failed (the format changed, a damaged file), else null. A
 * day of zero items is an empty day, not a failure.
 */
function noItemRead(parsed: { fetched: number; skipped: readonly SkippedItem[] }): string | null {
  if (parsed.fetched === 0 || parsed.skipped.length < parsed.fetched) return null;
  return `none of its ${parsed.fetched} items could be read (each is skipped above): not the daily papers format`;
}

/** The endpoint as a log may show it: no query string (a proxy's token), no user name or password. */
function endpointForLog(endpoint: string): string {
  const url = new URL(endpoint);
  return quotableUrl(`${url.origin}${url.pathname}`);
}

/**
 * Fetch the daily papers of each day (oldest first) and store each day in its own transaction. A day
 * that fails after its retries stores nothing and is reported in `failures`; the other days still land,
 * unless the server is down (no answer at all): then the days left are not asked, and one line says so.
 */
export async function ingestHfDays(deps: IngestDeps, days: readonly string[]): Promise<IngestReport> {
  const report = emptyReport('hf', days);
  for (const [index, day] of days.entries()) {
    try {
      const url = dailyPapersUrl(hfEndpoints(deps.hfApiUrl).dailyPapers, day);
      const parsed = await fetchJsonWithRetry(url, (body) => parseDailyPapers(body, day, day), {
        logger: deps.logger,
        label: `daily papers ${day}`,
        ...(deps.fetchPolicy ? { policy: deps.fetchPolicy } : {}),
      });
      const before = report.skipped.length;
      report.fetched += parsed.fetched;
      report.skipped.push(...parsed.skipped);
      await store(deps, parsed.papers, report, parsed.withdrawals, true);
      logSkipped(deps.logger, report.skipped.slice(before));
      const unread = noItemRead(parsed);
      if (unread !== null) {
        report.failures.push({ source: day, reason: unread });
        deps.logger.error(`ingest: daily papers ${day} not stored: ${unread}`);
      }
    } catch (error) {
      report.failures.push({ source: day, reason: errorText(error) });
      if (error instanceof FetchFailure && error.downBecause !== null) {
        const left = days.slice(index + 1);
        for (const other of left) report.failures.push({ source: other, reason: `not asked: the Hugging Face API did not answer for ${day}` });
        const lost = days.length - index;
        const range = left.length === 0 ? day : `${day} … ${left.at(-1) ?? day}`;
        deps.logger.error(
          `ingest: the Hugging Face API at ${endpointForLog(hfEndpoints(deps.hfApiUrl).dailyPapers)} is not answering ` +
            `(${error.downBecause}); ${lost} day${lost === 1 ? '' : 's'} not fetched (${range}), nothing stored from them`,
        );
        break;
      }
      deps.logger.error(`ingest: daily papers ${day} not stored: ${errorText(error)}`);
    }
  }
  report.ok = report.failures.length === 0;
  return report;
}

/**
 * A saved listing page (either seed layout; anything not ending in `.json`) or a JSON array in the
 * API's shape (`.json`), stored in one transaction. A file that is not a listing page (listing-check.ts) is
 * refused whole, with no paper taken from it.
 */
export async function ingestFile(deps: IngestDeps, path: string): Promise<IngestReport> {
  const report = emptyReport(path);
  const fail = (reason: string): IngestReport => {
    report.failures.push({ source: path, reason });
    report.ok = false;
    deps.logger.error(`ingest: ${path} not stored: ${reason}`);
    return report;
  };

  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return fail(`cannot read the file (${errorText(error)})`);
  }

  let papers: ValidatedPaper[];
  let withdrawals: ItemWithdrawal[] = [];
  // A JSON file in the API's shape says which papers are withdrawn, as the API does; a listing page does not.
  const isJson = path.toLowerCase().endsWith('.json');
  if (isJson) {
    let body: unknown;
    try {
      body = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (error) {
      return fail(`not valid JSON (${errorText(error)})`);
    }
    try {
      const parsed = parseDailyPapers(body, path, null);
      report.fetched = parsed.fetched;
      report.skipped.push(...parsed.skipped);
      papers = parsed.papers;
      withdrawals = parsed.withdrawals;
      const unread = noItemRead(parsed);
      if (unread !== null) {
        logSkipped(deps.logger, report.skipped);
        return fail(unread);
      }
    } catch (error) {
      return fail(errorText(error));
    }
  } else {
    const page = readListingPage(text, path);
    if (page.refusal !== null) return fail(page.refusal);
    report.fetched = page.parsed;
    report.skipped.push(...page.warnings.map((w) => ({ item: `${w.source}:${w.line}`, reason: w.message })));
    if (page.papers.length === 0) return fail('no papers found on this listing page');
    papers = mergePapers(page.papers).map((paper) => ({ item: `${path} ${JSON.stringify(paper.title)}`, input: toPaperInput(paper) }));
  }

  try {
    await store(deps, papers, report, withdrawals, isJson);
  } catch (error) {
    return fail(errorText(error));
  }
  logSkipped(deps.logger, report.skipped);
  return report;
}

/** One line for logs and the CLI: `hf 2025-02-17: 12 fetched, 3 added, 1 updated, 8 unchanged, 0 skipped`. */
export function summarizeReport(report: IngestReport): string {
  const days = report.days && report.days.length > 0 ? ` ${report.days[0]}${report.days.length > 1 ? ` … ${report.days.at(-1)}` : ''}` : '';
  const failed = report.failures.length > 0 ? `, ${report.failures.length} failed` : '';
  const withdrawn = report.withdrawn > 0 ? `, ${report.withdrawn} withdrawn` : '';
  const reinstated = report.reinstated > 0 ? `, ${report.reinstated} no longer withdrawn` : '';
  return (
    `${report.source}${days}: ${report.fetched} fetched, ${report.added} added, ${report.updated} updated, ` +
    `${report.unchanged} unchanged${withdrawn}${reinstated}, ${report.skipped.length} skipped${failed}`
  );
}

/** The summary, then one line per skipped item and per failure (for the CLI). */
export function formatReport(report: IngestReport): string {
  const lines = [summarizeReport(report)];
  for (const { item, reason } of report.skipped) lines.push(`  skipped ${item}: ${reason}`);
  for (const { source, reason } of report.failures) lines.push(`  FAILED ${source}: ${reason} (nothing stored from it)`);
  return lines.join('\n');
}
