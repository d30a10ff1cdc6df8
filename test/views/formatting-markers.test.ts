import { describe, expect, it } from 'vitest';
import type { KnownBlock } from '@slack/types';
import { digestMessage } from '../../src/views/digest.ts';
import { homeView } from '../../src/views/home.ts';
import { validateMessage } from '../../src/views/limits.ts';
import type { Message } from '../../src/views/message.ts';
import { composedMrkdwn, mrkdwnText, neutralizeFormatting, restoreFormatting, snippetToMrkdwn } from '../../src/views/mrkdwn.ts';
import { renderText } from '../../src/local/render-text.ts';
import { paperCardMessage } from '../../src/views/paper-card.ts';
import { savedListMessage, type SavedPaperItem } from '../../src/views/saved-papers.ts';
import { searchResultsMessage } from '../../src/views/search-results.ts';
import { sharedPaperMessage } from '../../src/views/shared-paper.ts';
import { topPapersMessage } from '../../src/views/top-papers.ts';
import { paperUrl, type Paper } from '../../src/papers/paper.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';
import { makePage, makePaper, renderedStrings, snippetFor } from './fixtures.ts';

/** A paper (or person) writing Slack's formatting markers: each must show as typed, none may format. */
const TITLE = '_Attention_ is ~all~ `you` need *now* <!channel> & snake_case';
/** How Slack must be sent it: look-alike markers, `snake_case` untouched (no `_` at a word boundary), entities. */
const SHOWN = '\u02CDAttention\u02CD is \u223Call\u223C \u02CByou\u02CB need \u2217now\u2217 &lt;!channel&gt; &amp; snake_case';
const ABSTRACT = `${TITLE}. Code at https://cs.example.edu/~bob/my_repo and _more_ text.`;
const AUTHOR = '_Ada_ ~Love~ `lace`';

const paper: Paper = makePaper({ id: 'markers', title: TITLE, abstract: ABSTRACT, authors: [AUTHOR, 'Grace Hopper'], url: paperUrl(TITLE, '2402.05109') });
const hit = { paper, score: 1, snippet: snippetFor(ABSTRACT, ['attention', 'need']) };

/** Formatting a marker pair would apply: `_x_`, `~x~`, `` `x` `` or `*x*` that we did not write ourselves. */
function formattedRuns(text: string): string[] {
  return [...text.matchAll(/(?<![\p{L}\p{N}])_[^_\s][^_]*_(?![\p{L}\p{N}])|~[^~\s][^~]*~|`[^`]+`|\*[^*\s][^*]*\*/gu)].map((m) => m[0]);
}

function expectShownAsTyped(message: { text: string; blocks: readonly KnownBlock[] }, surface: 'message' | 'home' = 'message'): string {
  expect(validateMessage(message.blocks, { surface })).toEqual([]);
  expect(blockKitErrors(surface === 'home' ? { type: 'home', blocks: message.blocks } : message)).toEqual([]);
  const texts = renderedStrings(message);
  for (const text of texts) {
    expect(text).not.toContain('<!channel>');
    // Our own markers wrap whole titles and matched words; none may wrap text the paper wrote with its own markers.
    for (const run of formattedRuns(text)) {
      expect(run, `paper text formatted in ${text}`).not.toMatch(/Attention_|all~|`you`|\*now\*|_Ada_|~Love~|`lace`|_more_/);
    }
  }
  const all = texts.join('\n');
  return all;
}

describe("Slack's formatting markers in paper and user text", () => {
  it('neutralizeFormatting: markers become look-alikes, snake_case and URLs stay as typed', () => {
    expect(neutralizeFormatting('_Attention_ is ~all~ `you` need *now*')).toBe('\u02CDAttention\u02CD is \u223Call\u223C \u02CByou\u02CB need \u2217now\u2217');
    expect(neutralizeFormatting('snake_case key_value_pairs __init__')).toBe('snake_case key_value_pairs \u02CD\u02CDinit\u02CD\u02CD');
    expect(neutralizeFormatting('see https://cs.example.edu/~bob/my_repo_ now')).toBe('see https://cs.example.edu/~bob/my_repo_ now');
    expect(mrkdwnText(TITLE, 500)).toBe(SHOWN);
  });

  it('snippets: matched words bold, the paper\u2019s markers neutralized', () => {
    const out = snippetToMrkdwn(snippetFor('_Attention_ is ~all~ `you` need, snake_case', ['attention', 'need']));
    expect(out).toBe('*\u02CDAttention\u02CD* is \u223Call\u223C \u02CByou\u02CB *need*, snake_case');
  });

  it('a composed notice keeps our code spans and neutralizes the rest', () => {
    expect(composedMrkdwn('`upvotes:>abc` is not a number: write e.g. `upvotes:>20`. No paper has "_x_ ~y~"', 500)).toBe(
      '`upvotes:&gt;abc` is not a number: write e.g. `upvotes:&gt;20`. No paper has "\u02CDx\u02CD \u223Cy\u223C"',
    );
  });

  it('search results', () => {
    const all = expectShownAsTyped(searchResultsMessage(makePage({ query: '_Attention_ ~all~', hits: [hit], total: 1 }), { pageSize: 5 }));
    expect(all).toContain(SHOWN);
    expect(all).toContain('\u02CDAttention\u02CD \u223Call\u223C');
    expect(all).toContain('\u02CDAda\u02CD \u223CLove\u223C \u02CBlace\u02CB');
  });

  it('digests', () => {
    const all = expectShownAsTyped(digestMessage({ topic: '_sparse_ ~attention~', digestDate: '2025-11-24', hits: [hit], subscriptionId: 12 }));
    expect(all).toContain(SHOWN);
    expect(all).toContain('\u02CDsparse\u02CD \u223Cattention\u223C');
  });

  it('top lists', () => {
    const all = expectShownAsTyped(
      topPapersMessage({ period: 'week', from: '2025-11-17', to: '2025-11-23', topic: null, papers: [paper], listedInWindow: 1, matching: 1 }),
    );
    expect(all).toContain(SHOWN);
  });

  it('unfurls and shared papers', () => {
    expect(expectShownAsTyped(paperCardMessage(paper))).toContain(SHOWN);
    const shared = expectShownAsTyped(sharedPaperMessage(paper, 'U0123ABCD'));
    expect(shared).toContain(SHOWN);
    expect(shared).toContain('https://cs.example.edu/~bob/my_repo');
  });

  it('the saved list and App Home', () => {
    const item: SavedPaperItem = {
      paperId: 'markers',
      arxivId: '2402.05109',
      title: TITLE,
      authors: [AUTHOR],
      date: '2024-02-07',
      url: paper.url,
      savedAt: new Date('2026-03-03T10:00:00Z'),
      readAt: null,
    };
    expect(expectShownAsTyped(savedListMessage({ items: [item], total: 1, page: 0, pageSize: 10 }))).toContain(SHOWN);
    const home = homeView({
      page: 0,
      basis: 'membership',
      workspacePausedReason: null,
      notice: 'Paused "_sparse_ ~attention~".',
      items: [
        { id: 1, channelId: 'C00000001', topic: '_sparse_ ~attention~ `x`', scheduleText: 'every day at 09:00 UTC', nextRunText: 'Tue 09:00 UTC', pausedReason: null, lastDigest: null },
      ],
      saved: { items: [item], total: 1, page: 0, pageSize: 10 },
    });
    const all = expectShownAsTyped({ text: '', blocks: home.blocks }, 'home');
    expect(all).toContain(SHOWN);
    expect(all).toContain('\u02CDsparse\u02CD \u223Cattention\u223C \u02CBx\u02CB');
  });
});

describe('text surfaces (the local console, the CLI)', () => {
  it('show paper text as typed: the look-alikes that keep Slack from formatting it go back to _ ~ ` * |', () => {
    const typed = '_Attention_ is ~all~ `you` need *now* | really';
    expect(restoreFormatting(neutralizeFormatting(typed).replace('|', '\u2223'))).toBe(typed);
    const card = renderText(paperCardMessage(makePaper({ title: typed, abstract: 'An abstract about _sparse_ attention.' })));
    expect(card).toContain(typed);
    expect(card).not.toMatch(/[\u2217\u02CD\u223C\u02CB\u2223]/);
  });
});
