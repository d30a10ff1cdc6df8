/**
 * The papers table (migration 0002_papers): the corpus every instance serves. Seeds, the Hugging Face
 * API and operator files all go through `upsertPapers`, which matches incoming papers on their arXiv id
 * (a listing-page entry, which has none, on its normalized title: see `PaperMatcher`,
 * paper-matcher.ts), merges them with
 * `mergeStoredPaper` (src/papers/corpus-merge.ts) and writes everything in ONE transaction: a reader sees
 * all of an ingest or none of it.
 *
 * Concurrency: the transaction first bumps `paper_corpus.revision` (the single row). On Postgres that
 * row lock makes concurrent upserts (several instances ingesting the same day) run one after the other,
 * each reading what the previous one committed; on SQLite the first write takes the database write lock
 * up front. A transaction that would change nothing is rolled back, so the revision moves only when the
 * papers did, and an instance can tell cheaply (`papersRevision`) whether its index is stale.
 */
import type { Kysely } from 'kysely';
import { mergeStoredPaper, newStoredPaper, samePaper, standingPaper, withdrawnPaper, type PaperInput } from '../papers/corpus-merge.ts';
import { MAX_ABSTRACT_CHARS, isArxivId, paperExtras, paperIdFor, paperTitleKey, type Paper } from '../papers/paper.ts';
import { changedAuthorAccounts, validateAuthorAccounts, writeAuthorAccounts, type AuthorAccountsUpdate } from './author-account-queries.ts';
import { PaperMatcher } from './paper-matcher.ts';
import { comparePapersStored, fromRow, PAPER_COLUMNS, toRow } from './paper-rows.ts';
import type { Database } from './schema.ts';
import { StoreValidationError, isValidDigestDate } from './validation.ts';

export type { PaperInput } from '../papers/corpus-merge.ts';

export interface UpsertPapersOptions {
  now?: Date;
  /** Papers a source says were withdrawn: the stored one with this arXiv id is marked, in the same transaction. */
  withdrawals?: readonly PaperWithdrawal[];
  /**
   * The source says which of its papers are withdrawn (the HF API, a JSON file in its shape): a stored withdrawn
   * paper it lists with its arXiv id and without a withdrawal stands again (Hugging Face un-withdrew it).
   */
  withdrawalsKnown?: boolean;
}

export interface PaperWithdrawal {
  arxivId: string;
  /** When, as the source says it. */
  withdrawnAt: string;
}

export interface UpsertPapersResult {
  /** Ids of papers that did not exist before. */
  added: string[];
  /** Ids of stored papers that changed. */
  updated: string[];
  /** Ids of stored papers that matched an input and stayed as they were. */
  unchanged: string[];
  /** Ids of stored papers this call marked withdrawn (not also in `updated`). */
  withdrawn: string[];
  /** Ids of stored withdrawn papers this call brought back (`withdrawalsKnown`; not also in `updated`). */
  reinstated: string[];
  /** The withdrawals' arXiv ids no stored paper has (nothing was written for them). */
  withdrawalsNotStored: string[];
  /** The corpus revision after the call (unchanged when nothing changed). */
  revision: number;
}

export interface PaperStore {
  /** Insert or merge `papers` in one transaction (see the module comment). Invalid input throws StoreValidationError. */
  upsertPapers(papers: readonly PaperInput[], options?: UpsertPapersOptions): Promise<UpsertPapersResult>;
  /** Every stored paper (withdrawn ones too, with `withdrawnAt`), newest date first (undated last), then by id. */
  listPapers(): Promise<Paper[]>;
  /** The papers added or changed (withdrawn included) by revisions after `revision`, in the same order. */
  listPapersChangedSince(revision: number): Promise<Paper[]>;
  /** Goes up with every committed change of the papers; equal revisions mean equal corpora. */
  papersRevision(): Promise<number>;
  /**
   * Papers with an upvote count listed on a day from `from` to `to` ('YYYY-MM-DD', both included; a paper without a
   * listing day counts by its date), in no particular order (top lists sort them); withdrawn ones left out.
   */
  listPapersListedBetween(from: string, to: string): Promise<Paper[]>;
  /** The paper with this arXiv id (as stored: canonical, no version), or null; a withdrawn one has `withdrawnAt`. */
  getPaperByArxivId(arxivId: string): Promise<Paper | null>;
  /** The paper with this id, or null; a withdrawn one (in no index) has `withdrawnAt`. */
  getPaper(id: string): Promise<Paper | null>;
  /** The digest of the seed pages whose papers were last stored (`seedPagesDigest`), null when none were. */
  storedSeedPagesDigest(): Promise<string | null>;
  recordSeedPagesDigest(digest: string): Promise<void>;
  /** When the last successful scheduled ingest started, null when none did (src/ingest/scheduler.ts). */
  lastScheduledIngestAt(): Promise<Date | null>;
  /** Records a successful scheduled ingest that started `at`; an earlier one than the recorded changes nothing. */
  recordScheduledIngest(at: Date): Promise<void>;
}

const MAX_INT4 = 2_147_483_647;
const MAX_TITLE = 1000;
const MAX_ABSTRACT = MAX_ABSTRACT_CHARS;
const MAX_AUTHORS = 10_000;
const MAX_SUMMARY = 2_000;
const MAX_URL = 2_000;
const CHUNK = 200;

/** Thrown inside the transaction to roll it back when nothing changed. */
class NothingChanged extends Error {
  constructor(readonly result: Omit<UpsertPapersResult, 'revision'>) {
    super('nothing changed');
  }
}

export function validatePaperInput(input: PaperInput, index: number): void {
  const fail = (what: string): never => {
    throw new StoreValidationError(`papers[${index}]: ${what}`);
  };
  if (typeof input.title !== 'string' || input.title.trim() === '') fail('title must be a non-empty string');
  if (input.title.length > MAX_TITLE) fail(`title longer than ${MAX_TITLE} characters`);
  if (typeof input.abstract !== 'string' || input.abstract.trim() === '') fail('abstract must be a non-empty string');
  if (input.abstract.length > MAX_ABSTRACT) fail(`abstract longer than ${MAX_ABSTRACT} characters`);
  if (!Array.isArray(input.authors) || input.authors.length > MAX_AUTHORS) fail(`authors must be an array of at most ${MAX_AUTHORS} names`);
  for (const name of input.authors) {
    if (typeof name !== 'string' || name.trim() === '') fail('every author must be a non-empty string');
  }
  const count = (name: string, value: number | null): void => {
    if (value !== null && (!Number.isSafeInteger(value) || value < 0 || value > MAX_INT4)) fail(`${name} must be null or a whole number ≥ 0`);
  };
  count('authorCount', input.authorCount);
  count('upvotes', input.upvotes);
  if (input.date !== null && !isValidDigestDate(input.date)) fail(`date must be null or YYYY-MM-DD, got "${String(input.date)}"`);
  const listedOn = input.listedOn ?? null;
  if (listedOn !== null && !isValidDigestDate(listedOn)) fail(`listedOn must be null or YYYY-MM-DD, got "${String(listedOn)}"`);
  if (input.arxivId !== null && (typeof input.arxivId !== 'string' || !isArxivId(input.arxivId))) {
    fail(`arxivId must be null or an arXiv id, got "${String(input.arxivId)}"`);
  }
  const extras = paperExtras(input);
  if (extras.aiSummary !== null && (typeof extras.aiSummary !== 'string' || extras.aiSummary.length > MAX_SUMMARY)) {
    fail(`aiSummary must be null or a string of at most ${MAX_SUMMARY} characters`);
  }
  for (const [name, url] of [['githubRepo', extras.githubRepo], ['projectPage', extras.projectPage]] as const) {
    if (url !== null && (typeof url !== 'string' || url.length > MAX_URL || !/^https?:\/\//i.test(url))) fail(`${name} must be null or an http(s) URL`);
  }
  count('githubStars', extras.githubStars);
  validateAuthorAccounts(input.authors, input.authorAccounts, index);
}

const MAX_WITHDRAWN_AT = 100;

function validateWithdrawal(withdrawal: PaperWithdrawal, index: number): void {
  const fail = (what: string): never => {
    throw new StoreValidationError(`withdrawals[${index}]: ${what}`);
  };
  if (typeof withdrawal.arxivId !== 'string' || !isArxivId(withdrawal.arxivId)) fail(`arxivId must be an arXiv id, got "${String(withdrawal.arxivId)}"`);
  if (typeof withdrawal.withdrawnAt !== 'string' || withdrawal.withdrawnAt.trim() === '' || withdrawal.withdrawnAt.length > MAX_WITHDRAWN_AT) {
    fail(`withdrawnAt must be a non-empty string of at most ${MAX_WITHDRAWN_AT} characters`);
  }
}

export async function upsertPapers(
  db: Kysely<Database>,
  inputs: readonly PaperInput[],
  options: UpsertPapersOptions = {},
): Promise<UpsertPapersResult> {
  inputs.forEach(validatePaperInput);
  const withdrawals = options.withdrawals ?? [];
  withdrawals.forEach(validateWithdrawal);
  const now = options.now ?? new Date();
  if (Number.isNaN(now.getTime())) throw new StoreValidationError('invalid Date');
  const nowIso = now.toISOString();

  try {
    return await db.transaction().execute(async (trx) => {
      // A write first: takes the lock that serializes ingests (see the module comment).
      const bumped = await trx
        .updateTable('paper_corpus')
        .set((eb) => ({ revision: eb('revision', '+', 1), updated_at: nowIso }))
        .where('id', '=', 1)
        .returning('revision')
        .executeTakeFirst();
      if (!bumped) throw new Error('paper_corpus has no row: run the migrations');

      const plan = await planUpsert(trx, inputs, withdrawals, options.withdrawalsKnown === true);
      // Claimed authorships are stored beside the papers: a change there alone is a change too.
      const accounts = await changedAuthorAccounts(trx, plan.accounts);
      if (plan.inserts.length === 0 && plan.updates.length === 0 && accounts.length === 0) throw new NothingChanged(plan.result);

      for (let i = 0; i < plan.inserts.length; i += CHUNK) {
        await trx
          .insertInto('papers')
          .values(
            plan.inserts
              .slice(i, i + CHUNK)
              .map((paper) => ({ ...toRow(paper), added_at: nowIso, updated_at: nowIso, revision: bumped.revision })),
          )
          .execute();
      }
      for (const paper of plan.updates) {
        const { id, ...changes } = toRow(paper);
        await trx
          .updateTable('papers')
          .set({ ...changes, updated_at: nowIso, revision: bumped.revision })
          .where('id', '=', id)
          .execute();
      }
      await writeAuthorAccounts(trx, accounts);
      return { ...plan.result, revision: bumped.revision };
    });
  } catch (error) {
    if (!(error instanceof NothingChanged)) throw error;
    return { ...error.result, revision: await readRevision(db) };
  }
}

interface Plan {
  inserts: Paper[];
  updates: Paper[];
  /** What authoritative sources said about claimed authorships, per paper (the last input wins). */
  accounts: AuthorAccountsUpdate[];
  result: Omit<UpsertPapersResult, 'revision'>;
}

/** Matches every input against the stored papers (and the earlier inputs) and decides what to write. */
async function planUpsert(
  trx: Kysely<Database>,
  inputs: readonly PaperInput[],
  withdrawals: readonly PaperWithdrawal[],
  withdrawalsKnown: boolean,
): Promise<Plan> {
  // Oldest first: among papers sharing a title, the earliest stored wins a tie (see `PaperMatcher.match`).
  const keys = await trx.selectFrom('papers').select(['id', 'title_key', 'arxiv_id']).orderBy('added_at').orderBy('id').execute();
  const matcher = new PaperMatcher(keys);
  const ids = new Set(keys.map((row) => row.id));

  // Load only the stored papers some input can match.
  const withdrawnIds = new Map<string, PaperWithdrawal>();
  const withdrawalsNotStored: string[] = [];
  for (const withdrawal of withdrawals) {
    const id = matcher.byArxivId(withdrawal.arxivId);
    if (id === undefined) withdrawalsNotStored.push(withdrawal.arxivId);
    else if (!withdrawnIds.has(id)) withdrawnIds.set(id, withdrawal);
  }
  const wantedIds = [...new Set([...inputs.flatMap((input) => matcher.candidates(input)), ...withdrawnIds.keys()])];
  const original = new Map<string, Paper>();
  for (let i = 0; i < wantedIds.length; i += CHUNK) {
    const rows = await trx.selectFrom('papers').selectAll().where('id', 'in', wantedIds.slice(i, i + CHUNK)).execute();
    for (const row of rows) original.set(row.id, fromRow(row));
  }

  /** Current state of every paper touched so far, stored or new. */
  const current = new Map<string, Paper>(original);
  const created = new Set<string>();
  /** Stored papers some input resolved to (not those only loaded as candidates). */
  const touched = new Set<string>();
  /** Stored papers an input with an arXiv id resolved to: with `withdrawalsKnown`, they stand unless withdrawn below. */
  const listedByAuthority = new Set<string>();
  const accounts = new Map<string, AuthorAccountsUpdate>();
  const noteAccounts = (paper: Paper, input: PaperInput): void => {
    // Only a source that knows the paper (arXiv id) and lists its authors speaks for their accounts.
    if (input.authorAccounts === undefined || input.arxivId === null || input.authors.length === 0) return;
    accounts.set(paper.id, { paperId: paper.id, authors: [...input.authors], accounts: [...input.authorAccounts] });
  };

  for (const input of inputs) {
    const id = matcher.match(input, current);
    if (id === undefined) {
      const paper = newStoredPaper(freeId(paperIdFor(input.title), input.arxivId, ids), input);
      ids.add(paper.id);
      matcher.add(paper.id, paperTitleKey(paper.title), paper.arxivId);
      current.set(paper.id, paper);
      created.add(paper.id);
      noteAccounts(paper, input);
      continue;
    }

    const before = current.get(id);
    if (!before) throw new Error(`paper ${id} was matched but not loaded`);
    touched.add(id);
    if (input.arxivId !== null) listedByAuthority.add(id);
    // A re-spelled title is taken unless a listing-page record holds it (that record would then match either).
    const after = mergeStoredPaper(before, input, (key) => matcher.noIdlessHolder(key));
    matcher.moved(id, paperTitleKey(before.title), paperTitleKey(after.title), after.arxivId);
    current.set(id, after);
    noteAccounts(after, input);
  }

  if (withdrawalsKnown) {
    for (const id of listedByAuthority) {
      const paper = current.get(id);
      if (paper?.withdrawnAt !== undefined && !withdrawnIds.has(id)) current.set(id, standingPaper(paper));
    }
  }
  // After the inputs: a day that lists the paper and says it was withdrawn leaves it withdrawn.
  for (const [id, withdrawal] of withdrawnIds) {
    const paper = current.get(id);
    if (!paper) throw new Error(`paper ${id} was withdrawn but not loaded`);
    current.set(id, withdrawnPaper(paper, withdrawal.withdrawnAt));
  }

  const inserts: Paper[] = [];
  const updates: Paper[] = [];
  const added: string[] = [];
  const updated: string[] = [];
  const unchanged: string[] = [];
  const withdrawn: string[] = [];
  const reinstated: string[] = [];
  for (const [id, paper] of current) {
    if (created.has(id)) {
      inserts.push(paper);
      added.push(id);
      continue;
    }
    const before = original.get(id);
    if (!before || !(touched.has(id) || withdrawnIds.has(id))) continue;
    const newlyWithdrawn = before.withdrawnAt === undefined && paper.withdrawnAt !== undefined;
    if (samePaper(before, paper)) {
      if (touched.has(id)) unchanged.push(id);
    } else {
      updates.push(paper);
      const nowStanding = before.withdrawnAt !== undefined && paper.withdrawnAt === undefined;
      (newlyWithdrawn ? withdrawn : nowStanding ? reinstated : updated).push(id);
    }
  }
  return { inserts, updates, accounts: [...accounts.values()], result: { added, updated, unchanged, withdrawn, reinstated, withdrawalsNotStored } };
}

/** `base`, or when another paper already has it (two titles with one slug and hash), a suffixed variant. */
function freeId(base: string, arxivId: string | null, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  if (arxivId !== null) {
    const withArxiv = `${base}-${arxivId.replace(/[^A-Za-z0-9]+/g, '-')}`;
    if (!taken.has(withArxiv)) return withArxiv;
  }
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Rows per page when the whole table is read (`listPapers`). */
export const LIST_PAGE_ROWS = 2000;

/**
 * Every paper, newest first. Read a page of `pageRows` rows at a time (by id, in one transaction, so the pages
 * are one consistent read): the driver's rows of one page are garbage before the next is read, rather than the
 * rows of the whole table held beside the papers made from them (at 50k papers, tens of MB more at the peak of a
 * start, left in the old generation until a full GC).
 */
export async function listPapers(db: Kysely<Database>, pageRows: number = LIST_PAGE_ROWS): Promise<Paper[]> {
  const papers: Paper[] = [];
  await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      for (let after: string | null = null; ; ) {
        let page = trx.selectFrom('papers').select(PAPER_COLUMNS).orderBy('id').limit(pageRows);
        if (after !== null) page = page.where('id', '>', after);
        const rows = await page.execute();
        for (const row of rows) papers.push(fromRow(row));
        const last = rows[rows.length - 1];
        if (rows.length < pageRows || last === undefined) return;
        after = last.id;
      }
    });
  return papers.sort(comparePapersStored);
}

export async function listPapersChangedSince(db: Kysely<Database>, revision: number): Promise<Paper[]> {
  const rows = await db.selectFrom('papers').selectAll().where('revision', '>', revision).execute();
  return rows.map(fromRow).sort(comparePapersStored);
}

/**
 * Papers with an upvote count listed on a day in [from, to] (a paper without a listing day counts by its date), in no
 * particular order: the window is days, so this is a few hundred rows a week.
 */
export async function listPapersListedBetween(db: Kysely<Database>, from: string, to: string): Promise<Paper[]> {
  const rows = await db
    .selectFrom('papers')
    .selectAll()
    .where('upvotes', 'is not', null)
    .where('withdrawn_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('listed_on', '>=', from), eb('listed_on', '<=', to)]),
        eb.and([eb('listed_on', 'is', null), eb('date', '>=', from), eb('date', '<=', to)]),
      ]),
    )
    .execute();
  return rows.map(fromRow);
}

/**
 * Papers dated or listed on Hugging Face's daily list on or after `date`, newest first (the follow section of a digest
 * reads a week of them). The listing day counts too: one in eight papers is listed a week or more after arXiv
 * published it, and it is news the day it is listed.
 */
export async function listPapersSince(db: Kysely<Database>, date: string): Promise<Paper[]> {
  if (!isValidDigestDate(date)) throw new StoreValidationError(`date must be YYYY-MM-DD, got "${date}"`);
  const rows = await db
    .selectFrom('papers')
    .selectAll()
    .where((eb) => eb.or([eb('date', '>=', date), eb('listed_on', '>=', date)]))
    .where('withdrawn_at', 'is', null)
    .execute();
  return rows.map(fromRow).sort(comparePapersStored);
}

export async function getPaperByArxivId(db: Kysely<Database>, arxivId: string): Promise<Paper | null> {
  const row = await db.selectFrom('papers').selectAll().where('arxiv_id', '=', arxivId).executeTakeFirst();
  return row === undefined ? null : fromRow(row);
}

export async function getPaper(db: Kysely<Database>, id: string): Promise<Paper | null> {
  const row = await db.selectFrom('papers').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? null : fromRow(row);
}

export async function readRevision(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('paper_corpus').select('revision').where('id', '=', 1).executeTakeFirst();
  return row?.revision ?? 0;
}
