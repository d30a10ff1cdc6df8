/**
 * Paper text as the API may send it: control characters (NUL, ESC sequences, a bell), HTML entities, LaTeX, markup.
 * On SQLite and on Postgres (which refuses a NUL in text: one such paper used to fail its whole day).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReport, ingestHfDays } from '../../src/ingest/ingest.ts';
import { storeHarnesses, suiteStores } from '../store/harness.ts';
import { DAY, HfFixture, NORMAL_DAY, hfItem } from './hf-fixture.ts';
import { fakeSleep, ingestDeps } from './helpers.ts';

const harnesses = await storeHarnesses('hostile text');

const CONTROL = hfItem({
  id: '2502.30001',
  title: 'Sparse\u0000 Attention \u001b[31mwith\u001b[0m Hidden\u0007 Characters',
  summary: 'We study attention\u0000 over streams. Bytes\u0008 like\u000b these\u0085 come from PDF extraction.\u007f',
  authors: ['Ada\u0000 Lovelace', 'Alan\u001b Turing'],
});
(CONTROL.paper as Record<string, unknown>).ai_summary = 'A summary\u0000 with a NUL.';
const MARKUP = hfItem({
  id: '2502.30002',
  title: 'Q&amp;A over $\\mathcal{O}(n \\log n)$ <b>Attention</b> & *Friends*',
  summary: 'We bound the cost by $O(n^{1/2})$ &lt;script&gt; and <i>italics</i>. Results hold for $\\alpha &gt; 0$.',
});

for (const makeHarness of harnesses) {
  const harness = makeHarness();
  describe(`ingest hf on ${harness.label}: control characters, entities and LaTeX in paper text`, () => {
    const stores = suiteStores(harness);
    let hf: HfFixture;
    beforeAll(async () => {
      hf = await new HfFixture().start();
      hf.setDay(DAY, [...NORMAL_DAY, CONTROL, MARKUP]);
    });
    afterAll(async () => {
      await hf.stop();
    });

    it('the whole day is stored; control characters are dropped, entities, LaTeX and markup kept as written', async () => {
      const store = await stores.fresh();
      const report = await ingestHfDays(ingestDeps(store, hf.url, { maxAttempts: 1, sleep: fakeSleep().sleep }), [DAY]);
      expect(report.failures).toEqual([]);
      expect(report).toMatchObject({ ok: true, fetched: 6, added: 6, skipped: [] });
      expect(formatReport(report)).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);

      const papers = await store.listPapers();
      const control = papers.find((p) => p.arxivId === '2502.30001');
      expect(control).toMatchObject({
        title: 'Sparse Attention [31mwith[0m Hidden Characters',
        abstract: 'We study attention over streams. Bytes like these come from PDF extraction.',
        authors: ['Ada Lovelace', 'Alan Turing'],
        aiSummary: 'A summary with a NUL.',
      });
      expect(papers.find((p) => p.arxivId === '2502.30002')).toMatchObject({
        title: 'Q&amp;A over $\\mathcal{O}(n \\log n)$ <b>Attention</b> & *Friends*',
        abstract: 'We bound the cost by $O(n^{1/2})$ &lt;script&gt; and <i>italics</i>. Results hold for $\\alpha &gt; 0$.',
      });
      // Again: the same day changes nothing.
      const again = await ingestHfDays(ingestDeps(store, hf.url, { maxAttempts: 1, sleep: fakeSleep().sleep }), [DAY]);
      expect(again).toMatchObject({ ok: true, added: 0, updated: 0, unchanged: 6 });
    });
  });
}
