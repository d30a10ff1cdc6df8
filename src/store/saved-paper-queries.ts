/** Saved papers (migration 0010_saved_papers): what each person (team + user) kept for later. */
import type { Kysely, Selectable } from 'kysely';
import { toIso } from './row-values.ts';
import type { Database, SavedPapersTable } from './schema.ts';
import type { SavePaperInput, SavePaperResult, SavedPaper, SavedPapersPage } from './saved-paper-records.ts';
import { StoreValidationError } from './validation.ts';

function requireText(name: string, value: string): void {
  if (typeof value !== 'string' || value.trim() === '') throw new StoreValidationError(`${name} must be a non-empty string`);
}

function parseAuthors(json: string): string[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((a): a is string => typeof a === 'string') : [];
  } catch {
    return [];
  }
}

function toSavedPaper(row: Selectable<SavedPapersTable>, withdrawnAt: string | null = null): SavedPaper {
  return {
    teamId: row.team_id,
    userId: row.user_id,
    paperId: row.paper_id,
    arxivId: row.arxiv_id,
    title: row.title,
    authors: parseAuthors(row.authors),
    date: row.date,
    url: row.url,
    savedAt: new Date(row.saved_at),
    readAt: row.read_at === null ? null : new Date(row.read_at),
    withdrawnAt,
  };
}

/** The saved row with its paper's withdrawal, if the paper is still stored. */
function savedWithPaper(db: Kysely<Database>) {
  return db.selectFrom('saved_papers').leftJoin('papers', 'papers.id', 'saved_papers.paper_id').selectAll('saved_papers').select('papers.withdrawn_at');
}

/** The person's saved row for the paper (with the paper's withdrawal), or null when they have not saved it. */
export async function getSaved(db: Kysely<Database>, teamId: string, userId: string, paperId: string): Promise<SavedPaper | null> {
  const row = await savedWithPaper(db)
    .where('saved_papers.team_id', '=', teamId)
    .where('saved_papers.user_id', '=', userId)
    .where('saved_papers.paper_id', '=', paperId)
    .executeTakeFirst();
  return row ? toSavedPaper(row, row.withdrawn_at) : null;
}

export async function savePaper(db: Kysely<Database>, input: SavePaperInput): Promise<SavePaperResult> {
  const { teamId, userId, paper } = input;
  requireText('teamId', teamId);
  requireText('userId', userId);
  requireText('paper.id', paper.id);
  const inserted = await db
    .insertInto('saved_papers')
    .values({
      team_id: teamId,
      user_id: userId,
      paper_id: paper.id,
      arxiv_id: paper.arxivId,
      title: paper.title,
      authors: JSON.stringify(paper.authors),
      date: paper.date,
      url: paper.url,
      saved_at: toIso(input.now ?? new Date()),
      read_at: null,
    })
    .onConflict((oc) => oc.columns(['team_id', 'user_id', 'paper_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { saved: toSavedPaper(inserted), created: true };
  const existing = await getSaved(db, teamId, userId, paper.id);
  if (!existing) throw new Error(`saved paper ${paper.id} of ${teamId}/${userId} vanished while saving`);
  return { saved: existing, created: false };
}

export async function markSavedPaperRead(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
  paperId: string,
  now: Date = new Date(),
): Promise<SavedPaper | null> {
  await db
    .updateTable('saved_papers')
    .set({ read_at: toIso(now) })
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .where('paper_id', '=', paperId)
    .where('read_at', 'is', null)
    .execute();
  return getSaved(db, teamId, userId, paperId);
}

export async function removeSavedPaper(db: Kysely<Database>, teamId: string, userId: string, paperId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('saved_papers')
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .where('paper_id', '=', paperId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function listSavedPapers(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
  page: { offset: number; limit: number },
): Promise<SavedPapersPage> {
  const offset = Math.max(0, Math.floor(page.offset));
  const limit = Math.max(0, Math.floor(page.limit));
  const [rows, count] = await Promise.all([
    savedWithPaper(db)
      .where('saved_papers.team_id', '=', teamId)
      .where('saved_papers.user_id', '=', userId)
      .orderBy('saved_papers.saved_at', 'desc')
      .orderBy('saved_papers.paper_id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    db
      .selectFrom('saved_papers')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('team_id', '=', teamId)
      .where('user_id', '=', userId)
      .executeTakeFirst(),
  ]);
  return { papers: rows.map((row) => toSavedPaper(row, row.withdrawn_at)), total: Number(count?.n ?? 0) };
}
