/**
 * The papers table (migration 0002_papers) on every dialect: sqlite.test.ts and postgres.test.ts run it.
 */
import { describe, expect, it } from 'vitest';
import { migrationNames, StoreValidationError, type PaperInput, type Store } from '../../src/store/index.ts';
import { sql } from 'kysely';
import { paperIdFor, paperTitleKey } from '../../src/papers/paper.ts';
import { connect } from '../../src/store/dialect.ts';
import { listPapers } from '../../src/store/paper-store.ts';
import { migrationsThrough, runMigrations } from '../../src/store/migrations.ts';
import { parseDatabaseUrl } from '../../src/store/index.ts';
import { suiteStores, type StoreHarness } from './harness.ts';

const T1 = new Date('2025-02-17T06:30:00.000Z');
const T2 = new Date('2025-02-18T06:30:00.000Z');

/** A seed-page paper: no arXiv id, no author names. */
export function seedInput(title: string, extra: Partial<PaperInput> = {}): PaperInput {
  return {
    title,
    abstract: `${title}. A seed abstract that says what the paper does, in more than one sentence. It ends here.`,
    authors: [],
    authorCount: 6,
    date: '2024-02-07',
    upvotes: 2,
    arxivId: null,
    ...extra,
  };
}

/** An API paper: arXiv id, author names, upvotes. */
export function apiInput(arxivId: string, title: string, extra: Partial<PaperInput> = {}): PaperInput {
  return {
    title,
    abstract: `${title}: the abstract from arXiv. It is the authoritative one.`,
    authors: ['Ada Lovelace', 'Émile Borel', '李雷'],
    authorCount: 3,
    date: '2025-02-16',
    upvotes: 10,
    arxivId,
    ...extra,
  };
}

export function definePaperStoreContract(harness: StoreHarness): void {
  describe(`papers table (${harness.label})`, () => {
    const { open } = suiteStores(harness);
    async function fresh(): Promise<{ store: Store; url: string }> {
      const url = await harness.storeUrl();
      return { store: await open(url), url };
    }

    it('is created by migration 0002_papers and starts empty at revision 0', async () => {
      const { store } = await fresh();
      expect(migrationNames()).toContain('0002_papers');
      expect(migrationNames().indexOf('0002_papers')).toBe(1);
      expect(await store.listPapers()).toEqual([]);
      expect(await store.papersRevision()).toBe(0);
    });

    it('remembers when the last scheduled ingest succeeded (the later one wins), also on a database migrated with papers', async () => {
      const url = await harness.freshUrl();
      const connection = await connect(parseDatabaseUrl(url));
      try {
        await runMigrations(connection, migrationsThrough(connection.kind, '0018_paper_withdrawn'));
      } finally {
        await connection.db.destroy();
      }
      expect(migrationNames()).toContain('0019_last_ingest');
      const store = await open(url);
      expect(await store.lastScheduledIngestAt()).toBeNull();
      await store.recordScheduledIngest(T2);
      expect(await store.lastScheduledIngestAt()).toEqual(T2);
      // Another instance's older run finishing later does not move it back.
      await store.recordScheduledIngest(T1);
      expect(await store.lastScheduledIngestAt()).toEqual(T2);
      const later = new Date(T2.getTime() + 24 * 3_600_000);
      await store.recordScheduledIngest(later);
      expect(await store.lastScheduledIngestAt()).toEqual(later);
      // Not a change of the papers: the revision stays.
      expect(await store.papersRevision()).toBe(0);
    });

    it('reads every paper a page at a time: all of them, newest first, whatever the page size', async () => {
      const { store, url } = await fresh();
      const dates = ['2025-02-16', '2024-02-07', '2025-02-16', null, '2024-11-30', '2025-02-16', '2024-02-07'];
      await store.upsertPapers(
        dates.map((date, i) => (i % 2 === 0 ? apiInput(`2502.1100${i}`, `Paged Paper ${i}`, { date }) : seedInput(`Paged Paper ${i}`, { date }))),
        { now: T1 },
      );
      const all = await store.listPapers();
      expect(all).toHaveLength(7);
      expect(all.map((paper) => paper.date)).toEqual(['2025-02-16', '2025-02-16', '2025-02-16', '2024-11-30', '2024-02-07', '2024-02-07', null]);
      const connection = await connect(parseDatabaseUrl(url));
      try {
        // Pages of 3 (3 + 3 + 1), of 7 (one full page, then an empty one), of 1 and of 100 read the same papers.
        for (const pageRows of [3, 7, 1, 100]) expect(await listPapers(connection.db, pageRows)).toEqual(all);
      } finally {
        await connection.db.destroy();
      }
    });

    it('adds papers in one transaction and reads them back field for field', async () => {
      const { store } = await fresh();
      const result = await store.upsertPapers([apiInput('2502.11089', 'Native Sparse Attention'), seedInput('Hydra: Draft Heads')], { now: T1 });
      expect(result).toMatchObject({ updated: [], unchanged: [], revision: 1 });
      expect(result.added.sort()).toEqual([paperIdFor('Hydra: Draft Heads'), paperIdFor('Native Sparse Attention')].sort());
      const papers = await store.listPapers();
      // Newest date first.
      expect(papers.map((p) => p.title)).toEqual(['Native Sparse Attention', 'Hydra: Draft Heads']);
      expect(papers[0]).toEqual({
        id: paperIdFor('Native Sparse Attention'),
        title: 'Native Sparse Attention',
        abstract: 'Native Sparse Attention: the abstract from arXiv. It is the authoritative one.',
        authors: ['Ada Lovelace', 'Émile Borel', '李雷'],
        authorCount: 3,
        date: '2025-02-16',
        upvotes: 10,
        arxivId: '2502.11089',
        url: 'https://huggingface.co/papers/2502.11089',
      });
      expect(papers[1]).toMatchObject({ authors: [], authorCount: 6, arxivId: null, url: expect.stringContaining('arxiv.org/search') });
      expect(await store.papersRevision()).toBe(1);
    });

    it('lists the papers changed after a revision: added and updated ones, not the untouched or re-sent ones', async () => {
      const { store } = await fresh();
      await store.upsertPapers([apiInput('2502.11089', 'Native Sparse Attention'), seedInput('Hydra: Draft Heads')], { now: T1 });
      expect((await store.listPapersChangedSince(0)).map((p) => p.title)).toEqual(['Native Sparse Attention', 'Hydra: Draft Heads']);
      expect(await store.listPapersChangedSince(1)).toEqual([]);
      // Revision 2 adds one paper and merges the API copy into the seed paper; re-sending an unchanged one is no change.
      await store.upsertPapers(
        [apiInput('2502.11089', 'Native Sparse Attention'), apiInput('2402.05109', 'Hydra: Draft Heads'), seedInput('Brand New Paper')],
        { now: T2 },
      );
      expect(await store.papersRevision()).toBe(2);
      const changed = await store.listPapersChangedSince(1);
      expect(changed.map((p) => p.title).sort()).toEqual(['Brand New Paper', 'Hydra: Draft Heads']);
      expect(changed.find((p) => p.title === 'Hydra: Draft Heads')?.arxivId).toBe('2402.05109');
      expect(await store.listPapersChangedSince(2)).toEqual([]);
      expect(await store.listPapersChangedSince(0)).toHaveLength(3);
    });

    it('re-upserting the same papers changes nothing: no write, same revision, same updated_at', async () => {
      const { store, url } = await fresh();
      const inputs = [apiInput('2502.11089', 'Native Sparse Attention'), seedInput('Hydra: Draft Heads')];
      await store.upsertPapers(inputs, { now: T1 });
      const again = await store.upsertPapers(inputs, { now: T2 });
      expect(again).toMatchObject({ added: [], updated: [], revision: 1 });
      expect(again.unchanged).toHaveLength(2);
      const rows = await harness.query<{ updated_at: string }>(url, 'select updated_at from papers');
      expect(rows.map((r) => r.updated_at)).toEqual([T1.toISOString(), T1.toISOString()]);
      expect(await store.papersRevision()).toBe(1);
    });

    it('new upvotes update the paper (same id, no duplicate) and bump the revision', async () => {
      const { store, url } = await fresh();
      const [first] = (await store.upsertPapers([apiInput('2502.11089', 'Native Sparse Attention', { upvotes: 10 })], { now: T1 })).added;
      const result = await store.upsertPapers([apiInput('2502.11089', 'Native Sparse Attention', { upvotes: 57 })], { now: T2 });
      expect(result).toMatchObject({ added: [], updated: [first], unchanged: [], revision: 2 });
      const papers = await store.listPapers();
      expect(papers).toHaveLength(1);
      expect(papers[0]).toMatchObject({ id: first, upvotes: 57 });
      const rows = await harness.query<{ added_at: string; updated_at: string }>(url, 'select added_at, updated_at from papers');
      expect(rows).toEqual([{ added_at: T1.toISOString(), updated_at: T2.toISOString() }]);
    });

    it('a seed paper that later arrives with an arXiv id merges on the normalized title and keeps its id', async () => {
      const { store } = await fresh();
      const seedTitle = 'Hydra: Sequentially-Dependent Draft Heads for Medusa Decoding';
      const [seedId] = (await store.upsertPapers([seedInput(seedTitle)], { now: T1 })).added;
      expect(seedId).toBe(paperIdFor(seedTitle));

      // Same title after normalizing case, punctuation and spacing.
      const apiTitle = 'HYDRA — Sequentially Dependent Draft-Heads for Medusa decoding';
      const merged = await store.upsertPapers([apiInput('2402.05109', apiTitle, { upvotes: 31, date: '2024-02-07' })], { now: T2 });
      expect(merged).toMatchObject({ added: [], updated: [seedId] });
      const [paper, ...rest] = await store.listPapers();
      expect(rest).toEqual([]);
      expect(paper).toMatchObject({
        id: seedId,
        title: apiTitle,
        arxivId: '2402.05109',
        authors: ['Ada Lovelace', 'Émile Borel', '李雷'],
        authorCount: 3,
        upvotes: 31,
        url: 'https://huggingface.co/papers/2402.05109',
      });

      // Loading the seeds again (every start does) does not undo any of it.
      const reseed = await store.upsertPapers([seedInput(seedTitle)], { now: T2 });
      expect(reseed).toMatchObject({ added: [], updated: [], unchanged: [seedId] });
      expect(await store.listPapers()).toEqual([paper]);
    });

    it('a listing page only fills gaps in an API paper; larger counts still win', async () => {
      const { store } = await fresh();
      const [id] = (await store.upsertPapers([apiInput('2502.11089', 'Native Sparse Attention', { upvotes: 5, date: '2025-02-16' })], { now: T1 })).added;
      const seed = seedInput('Native sparse attention', { upvotes: 9, date: '2026-02-16', abstract: 'x'.repeat(500) });
      const result = await store.upsertPapers([seed], { now: T2 });
      expect(result.updated).toEqual([id]);
      const [paper] = await store.listPapers();
      expect(paper).toMatchObject({
        title: 'Native Sparse Attention',
        abstract: 'Native Sparse Attention: the abstract from arXiv. It is the authoritative one.',
        date: '2025-02-16',
        upvotes: 9,
        authorCount: 3,
      });
    });

    it('matches on the arXiv id first: a retitled paper is renamed, not duplicated', async () => {
      const { store } = await fresh();
      const [id] = (await store.upsertPapers([apiInput('2502.11089', 'Sparse Attention, Natively')], { now: T1 })).added;
      const result = await store.upsertPapers([apiInput('2502.11089', 'Native Sparse Attention: Hardware-Aligned')], { now: T2 });
      expect(result.updated).toEqual([id]);
      expect((await store.listPapers()).map((p) => [p.id, p.title])).toEqual([[id, 'Native Sparse Attention: Hardware-Aligned']]);
      // And the new title matches from now on (e.g. a listing page with that title).
      const seed = await store.upsertPapers([seedInput('Native Sparse Attention: hardware aligned')], { now: T2 });
      expect(seed.added).toEqual([]);
      expect(await store.listPapers()).toHaveLength(1);
    });

    it('two arXiv papers with the same title are two papers, each with its own id', async () => {
      const { store } = await fresh();
      const first = await store.upsertPapers([apiInput('2502.11089', 'Attention Is All You Need', { upvotes: 4 })], { now: T1 });
      const result = await store.upsertPapers(
        [apiInput('1706.03762', 'Attention is all you need', { upvotes: 9 }), apiInput('2502.12115', 'SWE-Lancer')],
        { now: T2 },
      );
      expect(result.added).toHaveLength(2);
      expect(result.updated).toEqual([]);
      const papers = await store.listPapers();
      expect(papers).toHaveLength(3);
      const same = papers.filter((p) => /attention is all you need/i.test(p.title));
      expect(same.map((p) => [p.arxivId, p.upvotes]).sort()).toEqual([['1706.03762', 9], ['2502.11089', 4]]);
      expect(new Set(same.map((p) => p.id)).size).toBe(2);
      // The first keeps the id it had; the second's id names its arXiv id.
      expect(same.find((p) => p.arxivId === '2502.11089')?.id).toBe(first.added[0]);
      expect(same.find((p) => p.arxivId === '1706.03762')?.id).toBe(`${paperIdFor('Attention is all you need')}-1706-03762`);

      // Each is updated through its own arXiv id, never the other.
      const again = await store.upsertPapers([apiInput('1706.03762', 'Attention is all you need', { upvotes: 12 })], { now: T2 });
      expect(again.updated).toEqual([same.find((p) => p.arxivId === '1706.03762')?.id]);
      expect((await store.listPapers()).find((p) => p.arxivId === '2502.11089')?.upvotes).toBe(4);
    });

    it('the title merges a listing-page record with its copy that has an arXiv id, and only that', async () => {
      const { store } = await fresh();
      const title = 'Technical Report';
      const [seedId] = (await store.upsertPapers([seedInput(title, { upvotes: 7 })], { now: T1 })).added;
      // In one batch: the first arXiv paper of that title takes the listing record; the second is a paper of its own.
      const result = await store.upsertPapers([apiInput('2501.00001', title, { upvotes: 3 }), apiInput('2501.00002', title, { abstract: 'A report on another system, by other authors. Its results differ.' })], { now: T2 });
      expect(result.updated).toEqual([seedId]);
      expect(result.added).toHaveLength(1);
      let papers = await store.listPapers();
      expect(papers.map((p) => [p.id, p.arxivId]).sort()).toEqual([[seedId, '2501.00001'], [result.added[0], '2501.00002']].sort());

      // Loading the listing page again adds nothing: with no closer abstract, the earliest stored paper is its copy.
      const reseed = await store.upsertPapers([seedInput(title, { upvotes: 7 })], { now: T2 });
      expect(reseed).toMatchObject({ added: [], updated: [seedId] });
      // A listing entry carrying the second paper's abstract fills that paper's gaps (larger upvotes), not the first's.
      const second = papers.find((p) => p.arxivId === '2501.00002');
      const listed = await store.upsertPapers([seedInput(title, { abstract: second?.abstract ?? '', upvotes: 50 })], { now: T2 });
      expect(listed).toMatchObject({ added: [], updated: [second?.id] });
      papers = await store.listPapers();
      expect(papers).toHaveLength(2);
      expect(papers.map((p) => [p.arxivId, p.upvotes]).sort()).toEqual([['2501.00001', 7], ['2501.00002', 50]]);
      // A third arXiv paper of that title, with the first two already holding ids, is new as well.
      const third = await store.upsertPapers([apiInput('2501.00003', 'TECHNICAL REPORT')], { now: T2 });
      expect(third.added).toHaveLength(1);
      expect(await store.listPapers()).toHaveLength(3);
    });

    it('an arXiv paper renamed to a title another arXiv paper holds takes that title; both stay', async () => {
      const { store } = await fresh();
      await store.upsertPapers([apiInput('2501.00001', 'Scaling Laws'), apiInput('2501.00002', 'Scaling laws, revisited')], { now: T1 });
      await store.upsertPapers([apiInput('2501.00002', 'Scaling Laws')], { now: T2 });
      const papers = await store.listPapers();
      expect(papers.map((p) => [p.arxivId, p.title]).sort()).toEqual([['2501.00001', 'Scaling Laws'], ['2501.00002', 'Scaling Laws']]);
    });

    it('migration 0006 keeps the stored papers and their ids (deliveries still point at them) and lets titles repeat', async () => {
      const url = await harness.freshUrl();
      const connection = await connect(parseDatabaseUrl(url));
      const title = 'Attention Is All You Need';
      const oldId = paperIdFor(title);
      try {
        await runMigrations(connection, migrationsThrough(connection.kind, '0005_seed_pages_digest'));
        const at = T1.toISOString();
        await sql`insert into papers (id, title_key, arxiv_id, title, abstract, authors, author_count, date, upvotes, url, added_at, updated_at, revision)
          values (${oldId}, ${paperTitleKey(title)}, '1706.03762', ${title}, 'The Transformer. It is all attention.', '["Ashish Vaswani"]', 1,
                  '2017-06-12', 100, 'https://huggingface.co/papers/1706.03762', ${at}, ${at}, 1)`.execute(connection.db);
        await sql`insert into deliveries (team_id, channel_id, paper_id, subscription_id, digest_date, delivered_at, message_ts)
          values ('T1', 'C1', ${oldId}, 1, '2025-02-17', ${at}, '1.000100')`.execute(connection.db);
      } finally {
        await connection.db.destroy();
      }

      const store = await open(url);
      expect(await store.listPapers()).toEqual([
        expect.objectContaining({ id: oldId, title, arxivId: '1706.03762', authors: ['Ashish Vaswani'], upvotes: 100, date: '2017-06-12' }),
      ]);
      expect(await store.deliveredPaperIds('T1', 'C1')).toEqual(new Set([oldId]));

      const result = await store.upsertPapers([apiInput('2502.11089', title)], { now: T2 });
      expect(result.added).toEqual([`${oldId}-2502-11089`]);
      expect((await store.listPapers()).map((p) => p.id).sort()).toEqual([oldId, `${oldId}-2502-11089`].sort());
      // The stored paper is still updated through its arXiv id.
      expect((await store.upsertPapers([apiInput('1706.03762', title, { upvotes: 101 })], { now: T2 })).updated).toEqual([oldId]);
    });

    it('keeps the Hugging Face extras (summary, code repo and stars, project page): an API re-ingest fills or clears them, a listing page never does', async () => {
      const { store } = await fresh();
      const title = 'LongCodeZip: Compress Long Context for Code Language Models';
      await store.upsertPapers([apiInput('2510.00446', title)], { now: T1 });
      const [before] = await store.listPapers();
      expect(before).not.toHaveProperty('aiSummary');

      const extras = {
        aiSummary: 'LongCodeZip is a code compression framework for LLMs.',
        githubRepo: 'https://github.com/YerbaPage/LongCodeZip',
        githubStars: 24,
        projectPage: 'https://example.org/longcodezip',
      };
      const filled = await store.upsertPapers([apiInput('2510.00446', title, extras)], { now: T2 });
      expect(filled.updated).toEqual([before?.id]);
      expect(await store.listPapers()).toEqual([expect.objectContaining({ id: before?.id, ...extras })]);
      expect(await store.listPapersChangedSince(filled.revision - 1)).toEqual([expect.objectContaining(extras)]);

      // A listing page (no arXiv id, no extras) only fills gaps; the same API record again changes nothing.
      await store.upsertPapers([seedInput(title)], { now: T2 });
      expect((await store.upsertPapers([apiInput('2510.00446', title, extras)], { now: T2 })).unchanged).toEqual([before?.id]);
      expect(await store.listPapers()).toEqual([expect.objectContaining(extras)]);

      // The API stops naming a repository: it is cleared, the rest stays.
      await store.upsertPapers([apiInput('2510.00446', title, { ...extras, githubRepo: null, githubStars: null })], { now: T2 });
      const [after] = await store.listPapers();
      expect(after).toMatchObject({ aiSummary: extras.aiSummary, projectPage: extras.projectPage });
      expect(after).not.toHaveProperty('githubRepo');

      await expect(store.upsertPapers([apiInput('2510.00447', 'Other', { githubRepo: 'javascript:alert(1)' })])).rejects.toThrow(StoreValidationError);
      await expect(store.upsertPapers([apiInput('2510.00447', 'Other', { githubStars: -1 })])).rejects.toThrow(/githubStars/);
    });

    it('migration 0007 adds the extras to stored papers as unknown', async () => {
      const url = await harness.freshUrl();
      const connection = await connect(parseDatabaseUrl(url));
      const title = 'Attention Is All You Need';
      try {
        await runMigrations(connection, migrationsThrough(connection.kind, '0006_paper_titles_not_unique'));
        const at = T1.toISOString();
        await sql`insert into papers (id, title_key, arxiv_id, title, abstract, authors, author_count, date, upvotes, url, added_at, updated_at, revision)
          values ('attention', ${paperTitleKey(title)}, '1706.03762', ${title}, 'The Transformer.', '[]', null,
                  '2017-06-12', 100, 'https://huggingface.co/papers/1706.03762', ${at}, ${at}, 1)`.execute(connection.db);
      } finally {
        await connection.db.destroy();
      }
      const store = await open(url);
      const [paper] = await store.listPapers();
      expect(paper).toMatchObject({ id: 'attention', title });
      expect(paper).not.toHaveProperty('aiSummary');
      const result = await store.upsertPapers([apiInput('1706.03762', title, { aiSummary: 'Attention alone, no recurrence.' })], { now: T2 });
      expect(result.updated).toEqual(['attention']);
      expect(await store.listPapers()).toEqual([expect.objectContaining({ id: 'attention', aiSummary: 'Attention alone, no recurrence.' })]);
    });

    it('migration 0018 keeps stored and saved papers; a withdrawal then marks the paper: out of top lists and follows, still saved, marked', async () => {
      const url = await harness.freshUrl();
      const connection = await connect(parseDatabaseUrl(url));
      const title = 'MobileMem: Learning from a Year of Mobile Experiences';
      try {
        await runMigrations(connection, migrationsThrough(connection.kind, '0016_subscription_kinds'));
        const at = T1.toISOString();
        await sql`insert into papers (id, title_key, arxiv_id, title, abstract, authors, author_count, date, upvotes, url, added_at, updated_at, revision, listed_on)
          values ('mobilemem', ${paperTitleKey(title)}, '2608.13606', ${title}, 'A year of phone use.', '["Xinle Deng"]', 1,
                  '2025-02-16', 16, 'https://huggingface.co/papers/2608.13606', ${at}, ${at}, 1, '2025-02-16')`.execute(connection.db);
        await sql`insert into saved_papers (team_id, user_id, paper_id, arxiv_id, title, authors, date, url, saved_at, read_at)
          values ('T1', 'U1', 'mobilemem', '2608.13606', ${title}, '["Xinle Deng"]', '2025-02-16', 'https://huggingface.co/papers/2608.13606', ${at}, null)`.execute(connection.db);
      } finally {
        await connection.db.destroy();
      }
      const store = await open(url);
      const [paper] = await store.listPapers();
      expect(paper).toMatchObject({ id: 'mobilemem', title });
      expect(paper).not.toHaveProperty('withdrawnAt');
      expect((await store.listSavedPapers('T1', 'U1', { offset: 0, limit: 10 })).papers).toEqual([expect.objectContaining({ paperId: 'mobilemem', withdrawnAt: null })]);
      expect(await store.listPapersListedBetween('2025-02-10', '2025-02-17')).toHaveLength(1);
      expect(await store.authorshipsSince('2025-02-10')).toHaveLength(1);

      const result = await store.upsertPapers([apiInput('2502.11089', 'Native Sparse Attention')], {
        now: T2,
        withdrawals: [{ arxivId: '2608.13606', withdrawnAt: '2025-02-18T03:00:00.000Z' }, { arxivId: '2609.00001', withdrawnAt: '2025-02-18T03:00:00.000Z' }],
      });
      expect(result).toMatchObject({ added: [expect.any(String)], updated: [], withdrawn: ['mobilemem'], withdrawalsNotStored: ['2609.00001'] });
      expect(await store.getPaperByArxivId('2608.13606')).toMatchObject({ id: 'mobilemem', title, withdrawnAt: '2025-02-18T03:00:00.000Z' });
      // By its id too (a button names a paper by id): withdrawn, marked so; an unknown id is null.
      expect(await store.getPaper('mobilemem')).toMatchObject({ id: 'mobilemem', arxivId: '2608.13606', withdrawnAt: '2025-02-18T03:00:00.000Z' });
      expect(await store.getPaper('no-such-paper')).toBeNull();
      expect((await store.listPapersListedBetween('2025-02-10', '2025-02-17')).map((p) => p.arxivId)).toEqual(['2502.11089']);
      expect(await store.authorshipsSince('2025-02-10')).toEqual([expect.objectContaining({ paper: expect.objectContaining({ arxivId: '2502.11089' }) })]);
      expect((await store.listSavedPapers('T1', 'U1', { offset: 0, limit: 10 })).papers).toEqual([
        expect.objectContaining({ paperId: 'mobilemem', title, withdrawnAt: '2025-02-18T03:00:00.000Z' }),
      ]);

      // The API listing it again (no withdrawnAt) does not bring it back, nor does a second notice move the time.
      const revision = await store.papersRevision();
      const again = await store.upsertPapers([apiInput('2608.13606', title, { upvotes: 16 })], { now: T2, withdrawals: [{ arxivId: '2608.13606', withdrawnAt: '2025-02-19T00:00:00.000Z' }] });
      expect(again.withdrawn).toEqual([]);
      expect((await store.getPaperByArxivId('2608.13606'))?.withdrawnAt).toBe('2025-02-18T03:00:00.000Z');
      expect(again.updated.length + again.unchanged.length).toBe(1);
      expect(await store.papersRevision()).toBeGreaterThanOrEqual(revision);

      // Only a source that says which papers are withdrawn (the API) brings it back, by listing it without a notice.
      const seed = await store.upsertPapers([seedInput(title)], { now: T2, withdrawalsKnown: true });
      expect(seed.reinstated).toEqual([]);
      const quiet = await store.upsertPapers([apiInput('2608.13606', title, { upvotes: 17 })], { now: T2 });
      expect(quiet.reinstated).toEqual([]);
      expect((await store.getPaperByArxivId('2608.13606'))?.withdrawnAt).toBe('2025-02-18T03:00:00.000Z');
      const back = await store.upsertPapers([apiInput('2608.13606', title, { upvotes: 18, listedOn: '2025-02-16' })], { now: T2, withdrawalsKnown: true });
      expect(back).toMatchObject({ reinstated: ['mobilemem'], updated: [], withdrawn: [] });
      expect(await store.getPaperByArxivId('2608.13606')).not.toHaveProperty('withdrawnAt');
      expect((await store.listPapersListedBetween('2025-02-10', '2025-02-17')).map((p) => p.arxivId).sort()).toEqual(['2502.11089', '2608.13606']);
      expect((await store.listSavedPapers('T1', 'U1', { offset: 0, limit: 10 })).papers).toEqual([expect.objectContaining({ paperId: 'mobilemem', withdrawnAt: null })]);
      const twice = await store.upsertPapers([apiInput('2608.13606', title, { upvotes: 18, listedOn: '2025-02-16' })], { now: T2, withdrawalsKnown: true });
      expect(twice).toMatchObject({ reinstated: [], updated: [], unchanged: ['mobilemem'] });
    });

    it('the same paper twice in one batch is one paper', async () => {
      const { store } = await fresh();
      const result = await store.upsertPapers(
        [apiInput('2502.11089', 'Native Sparse Attention', { upvotes: 1 }), seedInput('native sparse attention'), apiInput('2502.11089', 'Native Sparse Attention', { upvotes: 3 })],
        { now: T1 },
      );
      expect(result.added).toHaveLength(1);
      const papers = await store.listPapers();
      expect(papers).toHaveLength(1);
      expect(papers[0]?.upvotes).toBe(3);
    });

    it('invalid input is refused as a whole, naming the item', async () => {
      const { store } = await fresh();
      const bad: PaperInput[] = [
        { ...seedInput('ok') },
        { ...seedInput('bad date'), date: '2025-02-30' },
      ];
      await expect(store.upsertPapers(bad)).rejects.toThrow(StoreValidationError);
      await expect(store.upsertPapers(bad)).rejects.toThrow(/papers\[1\]: date/);
      await expect(store.upsertPapers([{ ...apiInput('not-an-id', 'x') }])).rejects.toThrow(/arxivId/);
      await expect(store.upsertPapers([{ ...seedInput('x'), upvotes: -1 }])).rejects.toThrow(/upvotes/);
      await expect(store.upsertPapers([{ ...seedInput('x'), abstract: '  ' }])).rejects.toThrow(/abstract/);
      await expect(store.upsertPapers([{ ...seedInput('x'), authors: [''] }])).rejects.toThrow(/author/);
      expect(await store.listPapers()).toEqual([]);
      expect(await store.papersRevision()).toBe(0);
    });

    it('a failure in the middle of an upsert leaves nothing half-written', async () => {
      const { store, url } = await fresh();
      await store.upsertPapers([apiInput('2502.11089', 'Native Sparse Attention', { upvotes: 1 })], { now: T1 });
      await harness.failPaperInsertsTitled(url, 'Poisoned');
      const batch = [
        apiInput('2502.11089', 'Native Sparse Attention', { upvotes: 99 }),
        apiInput('2502.12115', 'SWE-Lancer'),
        apiInput('2502.13923', 'Poisoned'),
      ];
      await expect(store.upsertPapers(batch, { now: T2 })).rejects.toThrow(/injected paper failure/);
      const papers = await store.listPapers();
      expect(papers.map((p) => [p.title, p.upvotes])).toEqual([['Native Sparse Attention', 1]]);
      expect(await store.papersRevision()).toBe(1);
    });

    it('a large batch (over the chunk size) round-trips', async () => {
      const { store } = await fresh();
      const inputs = Array.from({ length: 450 }, (_, i) =>
        apiInput(`2501.${String(10000 + i)}`, `Paper number ${i} on topic ${i % 7}`, { upvotes: i }),
      );
      const result = await store.upsertPapers(inputs, { now: T1 });
      expect(result.added).toHaveLength(450);
      const again = await store.upsertPapers(inputs, { now: T2 });
      expect(again.unchanged).toHaveLength(450);
      expect(await store.listPapers()).toHaveLength(450);
    });

    if (harness.label === 'postgres') {
      it('instances ingesting the same papers at the same moment store each paper once, without errors', async () => {
        const url = await harness.freshUrl();
        const stores = await Promise.all([open(url), open(url), open(url)]);
        const inputs = Array.from({ length: 60 }, (_, i) => apiInput(`2502.${String(20000 + i)}`, `Concurrent paper ${i}`));
        // Overlapping batches in different orders, three times over.
        const results = await Promise.all(
          [0, 1, 2, 0, 1, 2].map((n, k) => {
            const store = stores[n];
            if (!store) throw new Error('store missing');
            const batch = k % 2 ? [...inputs].reverse() : inputs.slice(n * 10);
            return store.upsertPapers(batch, { now: T1 });
          }),
        );
        const added = results.flatMap((r) => r.added);
        expect(added.length).toBe(60);
        expect(new Set(added).size).toBe(60);
        expect(results.every((r) => r.updated.length === 0)).toBe(true);
        const [first] = stores;
        expect(await first?.listPapers()).toHaveLength(60);
        // Only the transactions that added something moved the revision.
        expect(await first?.papersRevision()).toBe(results.filter((r) => r.added.length > 0).length);
      });
    }
  });
}
