/**
 * Claimed authorships (migration 0014_follows): per paper author, the Hugging Face account that claimed it. Written by
 * `upsertPapers` in its transaction when a source says (the HF API), read by follows (issue 18): an account identity
 * wins over the written name, so a followed account matches its papers under any spelling.
 */
import type { Kysely } from 'kysely';
import { authorKey, authorNameWords, sameAuthor } from '../papers/author-names.ts';
import type { Paper } from '../papers/paper.ts';
import type { Database } from './schema.ts';
import { StoreValidationError } from './validation.ts';

/** A Hugging Face account that claimed authorships in the corpus, under one written name, and on how many papers. */
export interface AuthorAccount {
  hfUser: string;
  name: string;
  papers: number;
}

/** A stored paper and, per author (same order as `paper.authors`), the Hugging Face account that claimed it or null. */
export interface PaperAuthorship {
  paper: Paper;
  accounts: Array<string | null>;
}

const CHUNK = 200;
const MAX_ACCOUNT = 96;

/** What a source said about one paper's authors: their names and, in the same order, their accounts. */
export interface AuthorAccountsUpdate {
  paperId: string;
  authors: readonly string[];
  accounts: ReadonlyArray<string | null>;
}

export function validateAuthorAccounts(authors: readonly string[], accounts: ReadonlyArray<string | null> | undefined, index: number): void {
  if (accounts === undefined) return;
  const fail = (what: string): never => {
    throw new StoreValidationError(`papers[${index}]: ${what}`);
  };
  if (!Array.isArray(accounts) || accounts.length !== authors.length) fail('authorAccounts must have one entry per author');
  for (const account of accounts) {
    if (account !== null && (typeof account !== 'string' || account.trim() === '' || account.length > MAX_ACCOUNT)) {
      fail(`every author account must be null or a username of at most ${MAX_ACCOUNT} characters`);
    }
  }
}

type Row = { paper_id: string; position: number; name: string; name_key: string; hf_user: string; hf_user_key: string };

function rowsOf(update: AuthorAccountsUpdate): Row[] {
  const rows: Row[] = [];
  update.accounts.forEach((account, position) => {
    const name = update.authors[position];
    if (account === null || account === undefined || name === undefined) return;
    rows.push({ paper_id: update.paperId, position, name, name_key: authorKey(name), hf_user: account, hf_user_key: account.toLowerCase() });
  });
  return rows;
}

const rowText = (row: Row): string => JSON.stringify([row.position, row.name, row.hf_user]);

/**
 * The updates that change what is stored (a paper's claimed authorships replaced as a whole), to apply with
 * `writeAuthorAccounts`; an empty list when everything is already so.
 */
export async function changedAuthorAccounts(db: Kysely<Database>, updates: readonly AuthorAccountsUpdate[]): Promise<AuthorAccountsUpdate[]> {
  const stored = new Map<string, string[]>();
  const ids = updates.map((u) => u.paperId);
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db.selectFrom('paper_author_accounts').selectAll().where('paper_id', 'in', ids.slice(i, i + CHUNK)).execute();
    for (const row of rows) stored.set(row.paper_id, [...(stored.get(row.paper_id) ?? []), rowText(row)]);
  }
  return updates.filter((update) => {
    const wanted = rowsOf(update).map(rowText).sort();
    const have = (stored.get(update.paperId) ?? []).sort();
    return wanted.join('\n') !== have.join('\n');
  });
}

export async function writeAuthorAccounts(db: Kysely<Database>, updates: readonly AuthorAccountsUpdate[]): Promise<void> {
  for (let i = 0; i < updates.length; i += CHUNK) {
    const slice = updates.slice(i, i + CHUNK);
    await db.deleteFrom('paper_author_accounts').where('paper_id', 'in', slice.map((u) => u.paperId)).execute();
    const rows = slice.flatMap(rowsOf);
    for (let j = 0; j < rows.length; j += CHUNK) await db.insertInto('paper_author_accounts').values(rows.slice(j, j + CHUNK)).execute();
  }
}

function tally(rows: ReadonlyArray<{ hf_user: string; name: string }>): AuthorAccount[] {
  const counts = new Map<string, AuthorAccount>();
  for (const row of rows) {
    const key = `${row.hf_user.toLowerCase()}\u0000${row.name}`;
    const seen = counts.get(key);
    if (seen) seen.papers += 1;
    else counts.set(key, { hfUser: row.hf_user, name: row.name, papers: 1 });
  }
  return [...counts.values()].sort((a, b) => b.papers - a.papers || a.hfUser.localeCompare(b.hfUser) || a.name.localeCompare(b.name));
}

/** One entry per account (its most used spelling of the name), most papers first. */
export async function accountsNamed(db: Kysely<Database>, nameKey: string): Promise<AuthorAccount[]> {
  if (nameKey === '') return [];
  const rows = await db.selectFrom('paper_author_accounts').select(['hf_user', 'name']).where('name_key', '=', nameKey).execute();
  const byAccount = new Map<string, AuthorAccount>();
  for (const entry of tally(rows)) {
    const key = entry.hfUser.toLowerCase();
    const seen = byAccount.get(key);
    if (seen) seen.papers += entry.papers;
    else byAccount.set(key, { ...entry });
  }
  return [...byAccount.values()].sort((a, b) => b.papers - a.papers || a.hfUser.localeCompare(b.hfUser));
}

export async function namesOfAccount(db: Kysely<Database>, hfUser: string): Promise<AuthorAccount[]> {
  const rows = await db.selectFrom('paper_author_accounts').select(['hf_user', 'name']).where('hf_user_key', '=', hfUser.toLowerCase()).execute();
  return tally(rows);
}

/**
 * Whether some paper lists an author written as `name`. The authors column is JSON, so the database narrows the
 * papers to those whose authors mention the last name, and `sameAuthor` decides: first as written (folded, and as
 * typed), then, when that finds nothing, with every letter that often carries an accent as a one-character wildcard
 * (typed "Nunez", stored "Núñez").
 */
export async function hasPaperByAuthor(db: Kysely<Database>, name: string): Promise<boolean> {
  const words = authorNameWords(name);
  const last = words[words.length - 1];
  if (last === undefined) return false;
  // Letters, digits and hyphens only (authorNameWords), so nothing LIKE treats specially but the `_` put in on purpose.
  const typed = name.normalize('NFC').toLowerCase().split(/[^\p{L}\p{N}-]+/u).filter((word) => word !== '' && authorNameWords(word)[0] === last);
  if (await anyPaperBy(db, name, [...new Set([last, ...typed])])) return true;
  const loose = last.replace(/[aeiouycn]/g, '_');
  return loose !== last && /[^_]/.test(loose) && (await anyPaperBy(db, name, [loose]));
}

async function anyPaperBy(db: Kysely<Database>, name: string, needles: readonly string[]): Promise<boolean> {
  const patterns = needles.map((needle) => `%${needle}%`);
  let offset = 0;
  for (;;) {
    const rows = await db
      .selectFrom('papers')
      .select(['id', 'authors'])
      .where((eb) => eb.or(patterns.map((pattern) => eb(eb.fn('lower', ['authors']), 'like', eb.val(pattern)))))
      .orderBy('id')
      .limit(1000)
      .offset(offset)
      .execute();
    for (const row of rows) {
      const authors: unknown = JSON.parse(row.authors);
      if (Array.isArray(authors) && authors.some((author) => typeof author === 'string' && sameAuthor(author, name))) return true;
    }
    if (rows.length < 1000) return false;
    offset += rows.length;
  }
}

/** The claimed accounts of these papers' authors: paper id → position → username. */
export async function accountsOfPapers(db: Kysely<Database>, paperIds: readonly string[]): Promise<Map<string, Map<number, string>>> {
  const accounts = new Map<string, Map<number, string>>();
  for (let i = 0; i < paperIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('paper_author_accounts')
      .select(['paper_id', 'position', 'hf_user'])
      .where('paper_id', 'in', paperIds.slice(i, i + CHUNK))
      .execute();
    for (const row of rows) {
      const positions = accounts.get(row.paper_id) ?? new Map<number, string>();
      positions.set(row.position, row.hf_user);
      accounts.set(row.paper_id, positions);
    }
  }
  return accounts;
}

/** Papers with their authors' accounts (null where none), in the order given. */
export async function withAccounts(db: Kysely<Database>, papers: readonly Paper[]): Promise<PaperAuthorship[]> {
  const accounts = await accountsOfPapers(db, papers.map((p) => p.id));
  return papers.map((paper) => {
    const positions = accounts.get(paper.id);
    return { paper, accounts: paper.authors.map((_, position) => positions?.get(position) ?? null) };
  });
}
