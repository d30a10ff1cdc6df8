/**
 * Followed authors and claimed authorships (issue 18, migration 0014_follows) on every dialect: sqlite.test.ts and
 * postgres.test.ts run it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseDailyPapers } from '../../src/ingest/hf-api.ts';
import { authorKey } from '../../src/papers/author-names.ts';
import { paperTitleKey } from '../../src/papers/paper.ts';
import { connect } from '../../src/store/dialect.ts';
import { migrationNames, openStore, parseDatabaseUrl, StoreValidationError, type PaperInput, type Store } from '../../src/store/index.ts';
import { migrationsThrough, runMigrations } from '../../src/store/migrations.ts';
import { suiteStores, type StoreHarness } from './harness.ts';

const T1 = new Date('2024-05-27T09:00:00.000Z');
const T2 = new Date('2024-05-28T09:00:00.000Z');
const FIXTURE = resolve(import.meta.dirname, '../../../shared/fixtures/hf-daily-papers/daily_papers_2024-05-27.json');

/** The real API day 2024-05-27: 13 papers, 51 authorships claimed by Hugging Face accounts. */
export function fixturePapers(): PaperInput[] {
  return parseDailyPapers(JSON.parse(readFileSync(FIXTURE, 'utf8')), '2024-05-27', '2024-05-27').papers.map((p) => p.input);
}

function apiPaper(arxivId: string, authors: string[], accounts: Array<string | null>, date = '2024-05-27'): PaperInput {
  return { title: `Paper ${arxivId}`, abstract: `The abstract of ${arxivId}.`, authors, authorCount: authors.length, date, upvotes: 1, arxivId, authorAccounts: accounts };
}

export function defineFollowsStoreContract(harness: StoreHarness): void {
  describe(`followed authors in the store (${harness.label})`, () => {
    const { open } = suiteStores(harness);

    it('follows per channel, once per name or account, oldest first, and they survive a restart', async () => {
      const url = await harness.storeUrl();
      const store = await open(url);
      const base = { teamId: 'T1', channelId: 'C1', createdBy: 'U1' };
      const tri = await store.addFollow({ ...base, name: 'Tri Dao', nameKey: authorKey('Tri Dao'), hfUser: null, now: T1 });
      expect(tri.created).toBe(true);
      expect(tri.follow).toEqual({ id: tri.follow.id, teamId: 'T1', channelId: 'C1', name: 'Tri Dao', nameKey: 'tri dao', hfUser: null, createdBy: 'U1', createdAt: T1 });
      const again = await store.addFollow({ ...base, name: 'tri  DAO', nameKey: authorKey('tri  DAO'), hfUser: null, now: T2 });
      expect(again).toEqual({ follow: tri.follow, created: false });
      const yixun = await store.addFollow({ ...base, name: 'Yixun Liang', nameKey: 'yixun liang', hfUser: 'lyxun', now: T2 });
      expect((await store.addFollow({ ...base, name: 'Y. Liang', nameKey: 'y liang', hfUser: 'LYXUN', now: T2 })).created).toBe(false);
      await store.addFollow({ ...base, channelId: 'C2', name: 'Tri Dao', nameKey: 'tri dao', hfUser: null, now: T2 });
      await store.close();

      const reopened = await open(url);
      expect((await reopened.listFollows('T1', 'C1')).map((f) => [f.name, f.hfUser])).toEqual([['Tri Dao', null], ['Yixun Liang', 'lyxun']]);
      expect((await reopened.listTeamFollows('T1')).map((f) => f.channelId)).toEqual(['C1', 'C1', 'C2']);
      expect(await reopened.listFollows('T2', 'C1')).toEqual([]);
      expect(await reopened.removeFollow('T1', 'C2', yixun.follow.id)).toBeNull();
      expect((await reopened.removeFollow('T1', 'C1', yixun.follow.id))?.hfUser).toBe('lyxun');
      expect(await reopened.removeFollow('T1', 'C1', yixun.follow.id)).toBeNull();
      expect(await reopened.removeFollow('T1', 'C1', 2 ** 40)).toBeNull();
      expect((await reopened.listFollows('T1', 'C1')).map((f) => f.name)).toEqual(['Tri Dao']);
    });

    it('refuses a follow without a usable name or account, or with a name longer than 200 characters', async () => {
      const store = await open(await harness.storeUrl());
      const base = { teamId: 'T1', channelId: 'C1', createdBy: 'U1', hfUser: null };
      await expect(store.addFollow({ ...base, name: '...', nameKey: '' })).rejects.toThrow(StoreValidationError);
      await expect(store.addFollow({ ...base, name: '', nameKey: 'x' })).rejects.toThrow(StoreValidationError);
      await expect(store.addFollow({ ...base, name: 'a'.repeat(201), nameKey: 'a' })).rejects.toThrow(/200/);
      expect(await store.listFollows('T1', 'C1')).toEqual([]);
    });

    it('stores the accounts that claimed authorships in a real API day, and finds them by name and by username', async () => {
      const store = await open(await harness.storeUrl());
      const inputs = fixturePapers();
      await store.upsertPapers(inputs, { now: T1 });
      // Yixun Liang claimed two papers of the day as "lyxun".
      expect(await store.accountsNamed(authorKey('Yixun Liang'))).toEqual([{ hfUser: 'lyxun', name: 'Yixun Liang', papers: 2 }]);
      expect(await store.namesOfAccount('LyXun')).toEqual([{ hfUser: 'lyxun', name: 'Yixun Liang', papers: 2 }]);
      expect(await store.accountsNamed(authorKey('Nobody Atall'))).toEqual([]);
      // The day (the 27th) lists papers published on the 23rd and 24th: they are news from the day they are listed.
      expect(await store.authorshipsSince('2024-05-28')).toEqual([]);
      expect(await store.authorshipsSince('2024-05-27')).toHaveLength(inputs.length);
      const since = await store.authorshipsSince('2024-05-23');
      expect(since).toHaveLength(inputs.length);
      const claimed = since.flatMap((a) => a.accounts.filter((x) => x !== null));
      expect(claimed).toHaveLength(51);
      for (const { paper, accounts } of since) expect(accounts).toHaveLength(paper.authors.length);

      // The same day again: nothing changes, not even the revision.
      const revision = await store.papersRevision();
      expect((await store.upsertPapers(inputs, { now: T2 })).revision).toBe(revision);
    });

    it('a re-ingest that changes who claimed an authorship replaces the paper\'s accounts, and only the API speaks for them', async () => {
      const store = await open(await harness.storeUrl());
      await store.upsertPapers([apiPaper('2405.00001', ['Tri Dao', 'Albert Gu'], [null, 'albertgu'])], { now: T1 });
      const before = await store.papersRevision();
      const result = await store.upsertPapers([apiPaper('2405.00001', ['Tri Dao', 'Albert Gu'], ['tridao', null])], { now: T2 });
      expect(result.unchanged).toHaveLength(1);
      expect(result.revision).toBeGreaterThan(before);
      expect((await store.authorshipsSince('2024-01-01'))[0]?.accounts).toEqual(['tridao', null]);
      expect(await store.accountsNamed('albert gu')).toEqual([]);
      // A source that does not know the accounts (a file, arXiv) leaves them alone.
      const { authorAccounts: _dropped, ...withoutAccounts } = apiPaper('2405.00001', ['Tri Dao', 'Albert Gu'], [null, null]);
      await store.upsertPapers([{ ...withoutAccounts, upvotes: 5 }], { now: T2 });
      expect((await store.authorshipsSince('2024-01-01'))[0]?.accounts).toEqual(['tridao', null]);
      await expect(store.upsertPapers([apiPaper('2405.00002', ['A B'], [])])).rejects.toThrow(StoreValidationError);
      await expect(store.upsertPapers([apiPaper('2405.00002', ['A B'], [''])])).rejects.toThrow(StoreValidationError);
    });

    it('knows whether any paper lists an author written a given way (case, accents, middle initials, "Last, First")', async () => {
      const store = await open(await harness.storeUrl());
      await store.upsertPapers(
        [apiPaper('2405.00001', ['Tri Dao', 'José Ramón Núñez'], [null, null]), apiPaper('2405.00002', ['Christopher D. Manning'], [null])],
        { now: T1 },
      );
      for (const name of ['Tri Dao', 'TRI  dao', 'Dao, Tri', 'Jose Nunez', 'José Núñez', 'Christopher Manning']) {
        expect(await store.hasPaperByAuthor(name), name).toBe(true);
      }
      for (const name of ['T. Dao', 'Tri', 'Dao', 'Chris Manning', '%', "'; drop table papers; --"]) {
        expect(await store.hasPaperByAuthor(name), name).toBe(false);
      }
    });

    it('migration 0014 adds follows and claimed authorships to a database holding papers, which keep no accounts until re-ingested', async () => {
      const url = await harness.freshUrl();
      const connection = await connect(parseDatabaseUrl(url));
      const title = 'Paper 2405.00001';
      try {
        await runMigrations(connection, migrationsThrough(connection.kind, '0013_paper_listed_on'));
        const at = T1.toISOString();
        await sql`insert into papers (id, title_key, arxiv_id, title, abstract, authors, author_count, date, upvotes, url, added_at, updated_at, revision)
          values ('p1', ${paperTitleKey(title)}, '2405.00001', ${title}, 'The abstract of 2405.00001.', '["Tri Dao"]', 1,
                  '2024-05-27', 1, 'https://huggingface.co/papers/2405.00001', ${at}, ${at}, 1)`.execute(connection.db);
      } finally {
        await connection.db.destroy();
      }
      expect(migrationNames()).toContain('0014_follows');
      const store = await open(url);
      expect(await store.authorshipsSince('2024-05-27')).toEqual([expect.objectContaining({ accounts: [null] })]);
      await store.upsertPapers([apiPaper('2405.00001', ['Tri Dao'], ['tridao'])], { now: T2 });
      expect((await store.authorshipsSince('2024-05-27'))[0]?.accounts).toEqual(['tridao']);
      expect((await store.addFollow({ teamId: 'T1', channelId: 'C1', name: 'Tri Dao', nameKey: 'tri dao', hfUser: 'tridao', createdBy: 'U1' })).created).toBe(true);
    });
  });
}
