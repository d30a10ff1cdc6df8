import { describe, expect, it } from 'vitest';
import type { KnownBlock } from '@slack/types';
import { ActionId } from '../../src/views/action-ids.ts';
import { BIBTEX_BLOCK_MAX, bibtexCodeBlocks, bibtexEntries, bibtexEntry, bibtexKey, type BibtexPaper } from '../../src/views/bibtex.ts';
import { HOME_SAVED_PAGE_SIZE, homeView, savedButtonValue } from '../../src/views/home.ts';
import { LIMITS, validateMessage } from '../../src/views/limits.ts';
import { paperCardMessage } from '../../src/views/paper-card.ts';
import { saveOutcomeMessage, savedBibtexMessage, savedListMessage, type SavedPaperItem } from '../../src/views/saved-papers.ts';
import { searchResultsMessage } from '../../src/views/search-results.ts';
import { buttonsIn } from '../support/blocks.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';
import { blockKitMessageProblems } from '../support/slack-schemas.ts';
import { EVIL, makeHit, makePage, makePaper } from './fixtures.ts';

const NSA: BibtexPaper = {
  arxivId: '2502.11089',
  title: 'Native Sparse Attention: Hardware-Aligned and Natively Trainable Sparse Attention',
  authors: ['Jingyang Yuan', 'Huazuo Gao', 'Damai Dai'],
  date: '2025-02-16',
  url: 'https://arxiv.org/abs/2502.11089',
};

function item(n: number, overrides: Partial<SavedPaperItem> = {}): SavedPaperItem {
  return { ...NSA, paperId: `p-${n}`, arxivId: `2502.${10000 + n}`, title: `Paper number ${n}`, savedAt: new Date('2026-03-03T10:00:00Z'), readAt: null, ...overrides };
}

function expectValidMessage(message: { text: string; blocks: KnownBlock[] }): void {
  expect(validateMessage(message.blocks, { surface: 'message' })).toEqual([]);
  expect(blockKitMessageProblems(message.blocks)).toEqual([]);
  expect(blockKitErrors(message)).toEqual([]);
}

describe('BibTeX', () => {
  it('writes an @article with title, and-joined authors, year, eprint, archivePrefix and url', () => {
    expect(bibtexEntry(NSA)).toBe(
      [
        '@article{yuan2025native,',
        '  title = {Native Sparse Attention: Hardware-Aligned and Natively Trainable Sparse Attention},',
        '  author = {Jingyang Yuan and Huazuo Gao and Damai Dai},',
        '  year = {2025},',
        '  eprint = {2502.11089},',
        '  archivePrefix = {arXiv},',
        '  url = {https://arxiv.org/abs/2502.11089}',
        '}',
      ].join('\n'),
    );
  });

  it('keeps keys unique, survives no authors, braces, backticks and LaTeX specials', () => {
    const entries = bibtexEntries([NSA, { ...NSA, arxivId: '2502.00001' }, { ...NSA, authors: [], date: null }]);
    expect(entries.map((e) => e.split(',')[0])).toEqual(['@article{yuan2025native', '@article{yuan2025nativea', '@article{arxiv250211089']);
    const odd = bibtexEntry({ ...NSA, title: 'Bad } title {with `code` & 100% #1', authors: ['A}B'] });
    expect(odd).toContain("title = {Bad  title with 'code' \\& 100\\% \\#1}");
    expect(odd).toContain('author = {AB}');
    expect(bibtexKey({ ...NSA, authors: ['Émile Zoë Ünal'] })).toBe('unal2025native');
  });

  it('writes the url as biblatex and BibTeX take it, verbatim: `%`, `&` and `#` not escaped, braces encoded', () => {
    const search = 'https://arxiv.org/search/?query=Linear%20Attention&searchtype=title#top';
    expect(bibtexEntry({ ...NSA, url: search })).toContain(`  url = {${search}}`);
    expect(bibtexEntry({ ...NSA, url: 'https://example.org/a b/{x}\\y' })).toContain('  url = {https://example.org/a%20b/%7Bx%7D%5Cy}');
    // In Slack's code block, `&` is an entity Slack shows (and copies) as `&`.
    expect(bibtexCodeBlocks([bibtexEntry({ ...NSA, url: search })])[0]).toContain('url = {https://arxiv.org/search/?query=Linear%20Attention&amp;searchtype=title#top}');
  });

  it('a title cut for length still makes a valid field: braces balanced, no escaped closing brace', () => {
    // Cut at 500 characters: the cut must not fall inside `\&` (leaving `\}`) or inside a `{…}` group.
    const titles = ['a'.repeat(499) + '& b', 'a'.repeat(495) + ' {Bold} rest', 'x'.repeat(498) + '{}{}' + 'y'.repeat(50), 'b'.repeat(499) + '\\alpha', 'Paths like C:\\'];
    for (const title of titles) {
      const field = bibtexEntry({ ...NSA, title }).split('\n')[1] ?? '';
      expect(field, title).toMatch(/^ {2}title = \{.*[^\\]\},$/);
      let depth = 0;
      for (const ch of field.replace(/\\[{}&%#]/g, '')) {
        depth += ch === '{' ? 1 : ch === '}' ? -1 : 0;
        expect(depth, title).toBeGreaterThanOrEqual(0);
      }
      expect(depth, title).toBe(0);
    }
  });

  it('puts entries in escaped code blocks under Slack\u2019s section limit: no mention, no closed fence', () => {
    const hostile = { ...NSA, title: `${EVIL} \`\`\` end`, authors: ['<@U123>', '<!channel>'] };
    const [block] = bibtexCodeBlocks(bibtexEntries([hostile]));
    expect(block?.startsWith('```\n@article{')).toBe(true);
    expect(block?.endsWith('\n```')).toBe(true);
    const inner = block?.slice(3, -3) ?? '';
    expect(inner).not.toMatch(/[<>]/);
    expect(inner).not.toContain('`');
    expect(inner).toContain('&lt;@U123&gt; and &lt;!channel&gt;');

    const many = bibtexCodeBlocks(bibtexEntries(Array.from({ length: 60 }, (_, i) => ({ ...NSA, arxivId: `2502.${10000 + i}` }))));
    expect(many.length).toBeGreaterThan(3);
    expect(many.every((b) => b.length <= BIBTEX_BLOCK_MAX)).toBe(true);
    expect(many.join('').match(/@article\{/g)).toHaveLength(60);
    const huge = bibtexCodeBlocks([bibtexEntry({ ...NSA, title: 'word '.repeat(2000), authors: Array.from({ length: 500 }, (_, i) => `Author Number${i}`) })]);
    expect(huge[0]?.length).toBeLessThanOrEqual(BIBTEX_BLOCK_MAX);
  });

  it('a page of BibTeX is a valid message that says how to get the next page', () => {
    const blocks = bibtexCodeBlocks(bibtexEntries(Array.from({ length: 60 }, (_, i) => ({ ...NSA, arxivId: `2502.${10000 + i}` }))));
    const message = savedBibtexMessage({ codeBlocks: blocks.slice(0, 3), page: 0, pages: Math.ceil(blocks.length / 3), total: 60 });
    expectValidMessage(message);
    expect(JSON.stringify(message.blocks).length).toBeLessThan(LIMITS.messageJson);
    expect(JSON.stringify(message.blocks)).toContain('/paper saved bibtex 2');
  });
});

describe('Save buttons and saved-paper views', () => {
  it('every search result and paper card has a Save with the paper id, one per block', () => {
    const papers = Array.from({ length: 5 }, (_, i) => makePaper({ id: `paper-${i}`, title: `Paper ${i}` }));
    const results = searchResultsMessage(makePage({ hits: papers.map((p) => makeHit(p)), total: 5 }), { pageSize: 5 });
    const card = paperCardMessage(papers[0] ?? makePaper());
    for (const message of [results, card]) {
      expectValidMessage(message);
      const saves = buttonsIn(message.blocks).filter((b) => b.action_id === ActionId.save).map((b) => b.value);
      expect(saves).toEqual(message === card ? ['paper-0'] : papers.map((p) => p.id));
    }
  });

  it('the Save answer, /paper saved and its pages escape paper text', () => {
    for (const outcome of ['saved', 'already_saved', 'withdrawn_kept'] as const) {
      for (const homeTab of [true, false]) {
        const answer = saveOutcomeMessage(outcome, EVIL, { homeTab });
        expectValidMessage(answer);
        expect(JSON.stringify(answer)).not.toContain('<!channel>');
        expect(JSON.stringify(answer.blocks).includes('Home tab')).toBe(homeTab);
      }
    }
    expect(JSON.stringify(saveOutcomeMessage('already_saved', 'X', { homeTab: true }).blocks)).toContain('already saved');
    const list = savedListMessage({ items: [item(1, { title: EVIL, authors: ['<@U9>'] }), item(2, { readAt: new Date() })], total: 12, page: 0, pageSize: 10 });
    expectValidMessage(list);
    const json = JSON.stringify(list.blocks);
    expect(json).not.toContain('<@U');
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('/paper saved 2');
    expect(json).toContain('read');
    expect(savedListMessage({ items: [], total: 0, page: 0, pageSize: 10 }).text).toBe('You have no saved papers.');
    // Save is under digests and top lists too, not only search results and paper links.
    expect(JSON.stringify(savedListMessage({ items: [], total: 0, page: 0, pageSize: 10 }).blocks)).toContain('Press *Save* under any paper (a search result, a digest, a top list, a paper link) to keep one here.');
  });

  it('the Home tab lists a page of saved papers with Mark read (unread only), Remove and the pager, under 100 blocks', () => {
    const items = Array.from({ length: HOME_SAVED_PAGE_SIZE }, (_, i) => item(i, { readAt: i === 0 ? new Date() : null }));
    const subscriptions = Array.from({ length: 25 }, (_, i) => ({
      id: i + 1, channelId: `C${i}`, topic: `topic ${i}`, scheduleText: 'every day at 09:00 UTC', nextRunText: 'Tue 09:00 UTC', pausedReason: null, lastDigest: null,
    }));
    const view = homeView({ items: subscriptions, page: 0, basis: 'membership', workspacePausedReason: null, saved: { items, total: 25, page: 1, pageSize: HOME_SAVED_PAGE_SIZE } });
    expect(validateMessage(view.blocks, { surface: 'home' })).toEqual([]);
    expect(blockKitErrors({ type: 'home', blocks: view.blocks })).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerView);
    const buttons = buttonsIn(view.blocks);
    expect(buttons.filter((b) => b.action_id === ActionId.homeSavedRead)).toHaveLength(HOME_SAVED_PAGE_SIZE - 1);
    expect(buttons.filter((b) => b.action_id === ActionId.homeSavedRemove).map((b) => b.value)).toEqual(items.map((i) => savedButtonValue(i.paperId, 1)));
    expect(buttons.filter((b) => b.action_id === ActionId.homeSavedPrev).map((b) => b.value)).toEqual([savedButtonValue('', 0)]);
    expect(buttons.filter((b) => b.action_id === ActionId.homeSavedNext).map((b) => b.value)).toEqual([savedButtonValue('', 2)]);
    expect(JSON.stringify(view.blocks)).toContain('page 2 of 3');
  });

  it('the Home tab asks before Remove takes a paper off the saved list, naming it (a slip of the mouse loses nothing)', () => {
    const view = homeView({
      items: [], page: 0, basis: 'membership', workspacePausedReason: null,
      saved: { items: [item(0, { title: 'Sparse <b>Attention</b> at Scale' })], total: 1, page: 0, pageSize: HOME_SAVED_PAGE_SIZE },
    });
    expect(blockKitErrors({ type: 'home', blocks: view.blocks })).toEqual([]);
    const remove = buttonsIn(view.blocks).find((b) => b.action_id === ActionId.homeSavedRemove);
    expect(remove?.confirm?.title.text).toBe('Remove from saved papers?');
    expect(remove?.confirm?.text.text).toBe('Remove Sparse \u2039b\u203AAttention\u2039/b\u203A at Scale from your saved papers? Save it again from a search to get it back.');
    expect(remove?.confirm?.confirm?.text).toBe('Remove');
    expect(remove?.confirm?.deny?.text).toBe('Keep it');
  });
});
