import { describe, expect, it } from 'vitest';
import { mrkdwnToText, renderText } from '../../src/local/render-text.ts';
import { errorMessage, helpMessage, searchResultsMessage, sharedPaperMessage } from '../../src/views/search-results.ts';
import { makeHit, makePage, makePaper, realisticPapers } from './fixtures.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';

describe('renderText', () => {
  it('renders search results: summary, titles with links, snippet, metadata and button hints', () => {
    const out = renderText(searchResultsMessage(makePage(), { pageSize: 5 }));
    expect(out).toContain('23 papers for "speculative decoding"');
    for (const paper of realisticPapers(5)) expect(out).toContain(paper.title);
    expect(out).toContain('Hydra: Sequentially-Dependent Draft Heads for Medusa Decoding (https://huggingface.co/papers/2402.05109)');
    expect(out).toContain('We introduce Hydra heads, a drop-in replacement for standard draft heads');
    expect(out).toContain('Zachary Ankner, Rishab Parthasarathy, Aniruddha Nrusimha et al. · Feb 7, 2024 · ▲ 10');
    expect(out).toContain('[Share]');
    expect(out).toContain('Showing 1–5 of 23  [Show more]');
    expect(out).not.toMatch(/&amp;|&lt;|&gt;|<https?:/);
  });

  it('sets a context\'s elements apart with · (a digest paper read "matches sparse attention  4 authors"); a sentence ends itself', () => {
    const context = (...texts: string[]) => renderText({ text: '', blocks: [{ type: 'context', elements: texts.map((text) => ({ type: 'mrkdwn' as const, text })) }] });
    expect(context('matches *sparse attention*', '4 authors · Mar 12, 2020')).toBe('matches sparse attention · 4 authors · Mar 12, 2020');
    expect(context('Visible only to you until you press Share.', 'Press 👍 to steer.')).toBe('Visible only to you until you press Share. Press 👍 to steer.');
  });

  it('shows escaped text as the user typed it, unescaping exactly once', () => {
    const paper = makePaper({ title: 'Q&A <fast> &amp; literal', arxivId: null, url: 'https://arxiv.org/search/?query=q%26a&searchtype=title' });
    const out = renderText(searchResultsMessage(makePage({ query: 'q&a <x>', total: 1, hits: [makeHit(paper)] }), { pageSize: 5 }));
    expect(out).toContain('1 paper for "q&a <x>"');
    expect(out).toContain('Q&A <fast> &amp; literal (https://arxiv.org/search/?query=q%26a&searchtype=title)');
  });

  it('renders mentions, special mentions, channels and bare links readably', () => {
    expect(mrkdwnToText('<@U123> and <@U9|ann> in <#C1|general> <!channel> <!subteam^S1|@team> <https://x.io> *bold* _it_')).toBe(
      '@U123 and @ann in #general @channel @team https://x.io bold _it_',
    );
  });

  it('renders shared papers, help, errors and empty results', () => {
    const shared = renderText(sharedPaperMessage(makePaper(), 'U024BE7LH'));
    expect(shared).toMatch(/^@U024BE7LH shared a paper\n/);
    const help = renderText(helpMessage());
    expect(help).toMatch(/^Paper search: \/paper\n=+\n/);
    expect(help).toContain('/paper subscribe <topic> [at HH:MM]');
    expect(renderText(errorMessage('Nope <b> & co'))).toBe('\u26A0\uFE0F Nope <b> & co');
    for (const message of [sharedPaperMessage(makePaper(), 'U024BE7LH'), helpMessage(), errorMessage('Nope <b> & co')]) expect(blockKitErrors(message)).toEqual([]);
    const empty = renderText(searchResultsMessage(makePage({ query: 'atention', total: 0, hits: [], suggestions: ['attention'] }), { pageSize: 5 }));
    expect(empty).toContain('No papers match "atention".');
    expect(empty).toContain('Did you mean: attention?');
    expect(empty).toContain('/paper help');
  });

  it('lists action buttons, dividers and headers, and strips terminal control sequences', () => {
    const out = renderText({
      text: 'fallback',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Digest \u001b[2J' } },
        { type: 'divider' },
        { type: 'section', text: { type: 'plain_text', text: 'plain & <kept>' } },
        {
          type: 'actions',
          elements: [
            { type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'Show more' } },
            { type: 'button', action_id: 'b', text: { type: 'plain_text', text: 'Share' } },
          ],
        },
      ],
    });
    expect(out).toBe(`Digest [2J\n${'='.repeat(10)}\n\n${'-'.repeat(40)}\n\nplain & <kept>\n\n[Show more] [Share]`);
  });

  it('falls back to the text when there are no blocks', () => {
    expect(renderText({ text: 'a &lt;b&gt;', blocks: [] })).toBe('a <b>');
  });
});
