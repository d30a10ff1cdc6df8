import { describe, expect, it } from 'vitest';
import type { Button, KnownBlock, SectionBlock } from '@slack/types';
import { ActionId, type ShowMoreValue } from '../../src/views/action-ids.ts';
import { assertValidMessage, LIMITS } from '../../src/views/limits.ts';
import type { Message } from '../../src/views/message.ts';
import {
  errorMessage,
  helpMessage,
  searchResultsMessage,
  sharedPaperMessage,
  showMoreValue,
} from '../../src/views/search-results.ts';
import { PAPER_COMMANDS, type CommandHelp } from '../../src/views/help.ts';
import { paperUrl } from '../../src/papers/paper.ts';
import type { SearchPage } from '../../src/search/types.ts';
import { controls, EVIL, hasLoneSurrogate, makeHit, makePage, makePaper, realisticPapers, renderedStrings, snippetFor } from './fixtures.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';

const isSection = (block: KnownBlock): block is SectionBlock => block.type === 'section';
const resultSections = (message: Message): SectionBlock[] =>
  message.blocks.filter(isSection).filter((b) => b.block_id?.startsWith('result:'));
const buttons = (message: Message): Button[] =>
  message.blocks.flatMap((b) => {
    const found: Button[] = [];
    if (b.type === 'section' && b.accessory?.type === 'button') found.push(b.accessory);
    if (b.type === 'actions') for (const e of b.elements) if (e.type === 'button') found.push(e);
    return found;
  });
const showMore = (message: Message): ShowMoreValue | null => {
  const button = buttons(message).find((b) => b.action_id === ActionId.showMore);
  return button?.value === undefined ? null : (JSON.parse(button.value) as ShowMoreValue);
};
const allText = (message: Message): string => renderedStrings(message).join('\n');

/** The adversarial page: huge, hostile, astral, and missing things. */
function adversarialPage(hitCount: number): SearchPage {
  const title = `${EVIL} 🚀👩‍👩‍👧‍👦 ${'Very long title & more '.repeat(220)}`.slice(0, 5000);
  const abstract = `${EVIL} ${'attention 🧠 is <all> you need & more. '.repeat(300)}`.slice(0, 10_000);
  const snippet = snippetFor(abstract, ['attention', 'channel', 'need'], { truncatedStart: true, truncatedEnd: true });
  const hits = Array.from({ length: hitCount }, (_, i) => {
    const paper = makePaper({
      id: `evil-${i}`,
      title,
      abstract,
      authors: i % 2 === 0 ? [EVIL, `${EVIL} two`, 'Three', 'Four'] : [],
      authorCount: i % 3 === 0 ? null : 6,
      date: i % 2 === 0 ? null : '2024-13-45',
      upvotes: i % 2 === 0 ? null : 7,
      arxivId: null,
      url: paperUrl(title, null),
    });
    return { paper, score: 1, snippet };
  });
  return makePage({
    query: `${EVIL} "quoted \\ phrase" 🚀 ${'q'.repeat(4000)}`,
    correctedQuery: `${EVIL} corrected`,
    total: 1000,
    offset: 0,
    hits,
    notice: `${EVIL} notice`,
    suggestions: [EVIL, 'attention'],
  });
}

/** No untrusted mention, channel, subteam or link survives, and every control sequence is one we made. */
function expectNoInjection(message: Message, allowedMention?: string): void {
  for (const text of renderedStrings(message)) {
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@U123>');
    expect(text).not.toContain('<#C123>');
    expect(text).not.toMatch(/<!subteam/);
    expect(text).not.toMatch(/<http:\/\/evil/);
    for (const control of controls(text)) {
      const ours =
        control === allowedMention ||
        /^<https:\/\/(huggingface\.co\/papers\/|arxiv\.org\/search\/\?)[^\s|<>]*\|[^|<>]+>$/.test(control);
      expect(ours, `unexpected control ${control}`).toBe(true);
    }
  }
}

describe('searchResultsMessage', () => {
  it('renders a realistic page: summary, titles as links, snippets, metadata, Share and Show more', () => {
    const page = makePage();
    const message = searchResultsMessage(page, { pageSize: 5 });
    assertValidMessage(message);
    expect(blockKitErrors(message)).toEqual([]);

    const first = message.blocks[0];
    expect(first?.type === 'section' && first.text?.text).toBe('23 papers for "speculative decoding"');
    // A query holding quotes of its own, straight or curly (as phones type them), is not wrapped in a second pair.
    for (const query of ['"linear attention" -vision', '\u201clinear attention\u201d -vision']) {
      const quoted = searchResultsMessage(makePage({ query }), { pageSize: 5 }).blocks[0];
      expect(quoted?.type === 'section' && quoted.text?.text).toBe(`23 papers for ${query}`);
    }
    const sections = resultSections(message);
    expect(sections).toHaveLength(5);
    const hydra = sections[0]?.text?.text ?? '';
    expect(hydra).toBe(
      '*<https://huggingface.co/papers/2402.05109|Hydra: Sequentially-Dependent Draft Heads for Medusa Decoding>*\n' +
        'To combat the memory bandwidth-bound nature of autoregressive LLM inference, previous research has proposed the speculative decoding framework. We introduce Hydra *heads*, a drop-in replacement for standard *draft heads* that significantly incr…',
    );
    expect(allText(message)).toContain('Zachary Ankner, Rishab Parthasarathy, Aniruddha Nrusimha et al. · Feb 7, 2024 · ▲ 10');

    const shares = buttons(message).filter((b) => b.action_id === ActionId.share);
    expect(shares.map((b) => b.value)).toEqual(page.hits.map((h) => h.paper.id));
    expect(showMore(message)).toEqual({ q: 'speculative decoding', o: 5 });
    expect(allText(message)).toContain('Showing 1–5 of 23');

    expect(message.text).toContain('23 papers for "speculative decoding"');
    expect(message.text).toContain('1. Hydra: Sequentially-Dependent Draft Heads for Medusa Decoding');
    expect(message.text.length).toBeLessThan(LIMITS.fallbackText);
  });

  it('omits Show more on the last page', () => {
    const message = searchResultsMessage(makePage({ offset: 20, hits: realisticPapers(3).map((p) => makeHit(p)) }), { pageSize: 5 });
    assertValidMessage(message);
    expect(blockKitErrors(message)).toEqual([]);
    expect(showMore(message)).toBeNull();
    expect(allText(message)).toContain('Showing 21–23 of 23');
  });

  it('says which query it used when a typo was corrected', () => {
    const message = searchResultsMessage(makePage({ query: 'specualtive decodng', correctedQuery: 'speculative decoding' }), { pageSize: 5 });
    assertValidMessage(message);
    expect(blockKitErrors(message)).toEqual([]);
    expect(allText(message)).toContain('23 papers for "speculative decoding"');
    expect(allText(message)).not.toContain('because nothing matched');
    expect(showMore(message)?.q).toBe('specualtive decodng');
  });

  it('shows a notice beside results', () => {
    const message = searchResultsMessage(makePage({ notice: 'Ignored "-" with nothing after it.' }), { pageSize: 5 });
    assertValidMessage(message);
    expect(blockKitErrors(message)).toEqual([]);
    expect(allText(message)).toContain('Ignored "-" with nothing after it.');
  });

  it('says when the order is the channel’s own (its ratings), on every page, and stays in the limits with a notice and a huge page', () => {
    const plain = searchResultsMessage(makePage({}), { pageSize: 5 });
    expect(allText(plain)).not.toContain('Ranked with');
    expect(searchResultsMessage(makePage({}), { pageSize: 5, learnedFrom: 0 })).toEqual(plain);

    const one = searchResultsMessage(makePage({}), { pageSize: 5, learnedFrom: 1 });
    assertValidMessage(one);
    expect(blockKitErrors(one)).toEqual([]);
    expect(allText(one)).toContain("Ranked with this channel's 1 rating: papers like the ones it liked rise");
    expect(one.text).toContain("Ranked with this channel's 1 rating");
    expect(one.blocks[1]?.block_id).toBe('search_learned:0');

    const hits = realisticPapers(200).map((p) => makeHit(p));
    const many = searchResultsMessage(makePage({ total: 500, offset: 10, hits, notice: 'Ignored "-" with nothing after it.' }), { pageSize: 100, learnedFrom: 1234 });
    assertValidMessage(many);
    expect(blockKitErrors(many)).toEqual([]);
    expect(many.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    expect(allText(many)).toContain("Ranked with this channel's 1,234 ratings");
    expect(many.blocks.slice(0, 3).map((b) => b.block_id)).toEqual(['search_summary:10', 'search_notice:10', 'search_learned:10']);
    expect(showMore(many)?.o).toBe(10 + resultSections(many).length);
  });

  it('shows only pageSize hits of a 200-hit page and points Show more at the next one', () => {
    const hits = realisticPapers(200).map((p) => makeHit(p));
    const message = searchResultsMessage(makePage({ total: 500, offset: 10, hits }), { pageSize: 5 });
    assertValidMessage(message);
    expect(blockKitErrors(message)).toEqual([]);
    expect(resultSections(message)).toHaveLength(5);
    expect(showMore(message)).toEqual({ q: 'speculative decoding', o: 15 });
    expect(allText(message)).toContain('Showing 11–15 of 500');
    expect(message.text).toContain('11. Hydra');
  });

  it('stays inside the block limit when pageSize is huge, and Show more continues after what was shown', () => {
    const hits = realisticPapers(200).map((p) => makeHit(p));
    const message = searchResultsMessage(makePage({ total: 200, hits }), { pageSize: 100 });
    assertValidMessage(message);
    expect(blockKitErrors(message)).toEqual([]);
    const shown = resultSections(message).length;
    expect(shown).toBeGreaterThan(5);
    expect(showMore(message)).toEqual({ q: 'speculative decoding', o: shown });
  });

  it('survives adversarial data: 5,000-char titles, 10k abstracts, hostile text, emoji, missing metadata', () => {
    for (const pageSize of [1, 5, 10, 25]) {
      const message = searchResultsMessage(adversarialPage(200), { pageSize });
      assertValidMessage(message);
      expect(blockKitErrors(message)).toEqual([]);
      expectNoInjection(message);
      const shown = resultSections(message).length;
      expect(shown).toBeGreaterThanOrEqual(1);
      expect(shown).toBeLessThanOrEqual(pageSize);
      expect(showMore(message)?.o).toBe(shown);
      for (const text of renderedStrings(message)) expect(hasLoneSurrogate(text)).toBe(false);
      for (const section of resultSections(message)) {
        const text = section.text?.text ?? '';
        expect([...text].filter((c) => c === '*').length % 2).toBe(0);
      }
    }
  });

  it('keeps the Show more value under 2,000 chars by cutting the query at a whole character', () => {
    const message = searchResultsMessage(adversarialPage(10), { pageSize: 5 });
    const button = buttons(message).find((b) => b.action_id === ActionId.showMore);
    expect(button?.value?.length).toBeLessThanOrEqual(LIMITS.buttonValue);
    const value = showMore(message);
    expect(adversarialPage(1).query.startsWith(value?.q ?? '!')).toBe(true);
    expect(hasLoneSurrogate(value?.q ?? '')).toBe(false);

    const astral = '🚀'.repeat(3000);
    const json = showMoreValue(astral, 5);
    expect(json.length).toBeLessThanOrEqual(LIMITS.buttonValue);
    const parsed = JSON.parse(json) as ShowMoreValue;
    expect(parsed.o).toBe(5);
    expect(hasLoneSurrogate(parsed.q)).toBe(false);
    expect(showMoreValue('short', 3)).toBe('{"q":"short","o":3}');
  });

  it('formats metadata: up to three names then et al., else a count; dates; upvotes; missing parts omitted', () => {
    const meta = (overrides: Parameters<typeof makePaper>[0]): string => {
      const message = searchResultsMessage(makePage({ total: 1, hits: [makeHit(makePaper(overrides))] }), { pageSize: 5 });
      assertValidMessage(message);
      expect(blockKitErrors(message)).toEqual([]);
      const context = message.blocks.find((b) => b.block_id === 'result_meta:0');
      return context?.type === 'context' && context.elements[0]?.type === 'mrkdwn' ? context.elements[0].text : '';
    };
    expect(meta({ authors: ['A', 'B'], upvotes: 1234 })).toBe('A, B · Feb 7, 2024 · ▲ 1,234');
    expect(meta({ authors: [], authorCount: 6, date: null, upvotes: null })).toBe('6 authors');
    expect(meta({ authors: [], authorCount: 1, upvotes: 0 })).toBe('1 author · Feb 7, 2024 · ▲ 0');
    expect(meta({ authors: ['  ', ''], authorCount: null, date: '2024-02-30', upvotes: -1 })).toBe('');
    expect(meta({ authors: ['A & <B>'], date: '2023-12-01', upvotes: null })).toBe('A &amp; &lt;B&gt; · Dec 1, 2023');
  });

  it('falls back to the abstract when the snippet is empty, and to the title alone when both are', () => {
    const paper = makePaper({ abstract: 'Short abstract & such.' });
    const noSnippet = searchResultsMessage(
      makePage({ total: 1, hits: [{ paper, score: 1, snippet: { text: '', highlights: [], truncatedStart: false, truncatedEnd: false } }] }),
      { pageSize: 5 },
    );
    assertValidMessage(noSnippet);
    expect(blockKitErrors(noSnippet)).toEqual([]);
    expect(resultSections(noSnippet)[0]?.text?.text).toContain('\nShort abstract &amp; such.');

    const bare = makePaper({ abstract: '', title: '' });
    const empty = searchResultsMessage(
      makePage({ total: 1, hits: [{ paper: bare, score: 1, snippet: { text: '', highlights: [], truncatedStart: false, truncatedEnd: false } }] }),
      { pageSize: 5 },
    );
    assertValidMessage(empty);
    expect(blockKitErrors(empty)).toEqual([]);
    expect(resultSections(empty)[0]?.text?.text).toMatch(/^\*<https:\/\/[^|]+\|Untitled paper>\*$/);
  });

  describe('no results', () => {
    it('says nothing matched, offers suggestions and points at /paper help', () => {
      const message = searchResultsMessage(makePage({ query: 'atention', total: 0, hits: [], suggestions: ['attention', 'retention'] }), { pageSize: 5 });
      assertValidMessage(message);
      expect(blockKitErrors(message)).toEqual([]);
      const text = allText(message);
      expect(text).toContain('No papers match "atention".');
      expect(text).toContain('Did you mean: attention, retention?');
      expect(text).toContain('`/paper help`');
      expect(message.text).toContain('No papers match "atention".');
    });

    it('prefers the notice when there is one', () => {
      const message = searchResultsMessage(makePage({ query: '-vision', total: 0, hits: [], notice: 'Add at least one word to search for, not only exclusions.' }), { pageSize: 5 });
      assertValidMessage(message);
      expect(blockKitErrors(message)).toEqual([]);
      expect(allText(message)).toContain('Add at least one word to search for, not only exclusions.');
      expect(allText(message)).not.toContain('No papers match');
    });

    it('handles paging past the end and an empty query', () => {
      const past = searchResultsMessage(makePage({ total: 23, offset: 25, hits: [] }), { pageSize: 5 });
      assertValidMessage(past);
      expect(blockKitErrors(past)).toEqual([]);
      expect(allText(past)).toContain('all 23 papers have been shown');
      const blank = searchResultsMessage(makePage({ query: '   ', total: 0, hits: [] }), { pageSize: 5 });
      assertValidMessage(blank);
      expect(blockKitErrors(blank)).toEqual([]);
      expect(allText(blank)).toContain('/paper sparse attention');
    });

    it('escapes hostile queries, notices and suggestions', () => {
      const page = adversarialPage(0);
      for (const variant of [page, { ...page, notice: null }]) {
        const message = searchResultsMessage(variant, { pageSize: 5 });
        assertValidMessage(message);
        expect(blockKitErrors(message)).toEqual([]);
        expectNoInjection(message);
      }
    });
  });
});

describe('sharedPaperMessage', () => {
  it('names the sharer and shows the title link, an abstract excerpt and the metadata', () => {
    const paper = makePaper();
    const message = sharedPaperMessage(paper, 'U024BE7LH');
    assertValidMessage(message);
    expect(blockKitErrors(message)).toEqual([]);
    const text = allText(message);
    expect(text).toContain('<@U024BE7LH> shared a paper');
    expect(text).toContain('*<https://huggingface.co/papers/2402.05109|Hydra: Sequentially-Dependent Draft Heads for Medusa Decoding>*');
    expect(text).toContain('To combat the memory bandwidth-bound nature');
    expect(text).toContain('· Feb 7, 2024 · ▲ 42');
    expect(message.text).toBe('<@U024BE7LH> shared a paper: Hydra: Sequentially-Dependent Draft Heads for Medusa Decoding');
    expect(sharedPaperMessage(paper, 'W012A3CDE').text).toMatch(/^<@W012A3CDE> shared/);
  });

  it('leaves the mention out when the user id does not look like a Slack user id', () => {
    for (const id of ['', 'u123', 'U123>|<!channel', '<!channel>', 'C123', 'U 123', `U${'1'.repeat(100)}`]) {
      const message = sharedPaperMessage(makePaper(), id);
      assertValidMessage(message);
      expect(blockKitErrors(message)).toEqual([]);
      expectNoInjection(message);
      expect(allText(message)).toContain('A paper was shared');
    }
  });

  it('cuts the abstract to about 500 chars and survives adversarial papers', () => {
    const paper = adversarialPage(1).hits[0]?.paper ?? makePaper();
    const message = sharedPaperMessage(paper, 'U0SHARER');
    assertValidMessage(message);
    expect(blockKitErrors(message)).toEqual([]);
    expectNoInjection(message, '<@U0SHARER>');
    const body = message.blocks.find((b) => b.block_id === 'shared_paper');
    const abstract = body?.type === 'section' ? (body.text?.text.split('\n')[1] ?? '') : '';
    expect(abstract.length).toBeGreaterThan(300);
    expect(abstract.length).toBeLessThanOrEqual(500);
    expect(abstract.endsWith('…')).toBe(true);

    const bare = sharedPaperMessage(makePaper({ abstract: '', authors: [], authorCount: null, date: null, upvotes: null }), 'U1');
    assertValidMessage(bare);
    expect(blockKitErrors(bare)).toEqual([]);
    expect(allText(bare)).toContain('_No abstract available._');
    expect(bare.blocks.some((b) => b.type === 'context')).toBe(false);
  });
});

describe('helpMessage', () => {
  it('lists the grammar with examples, escaped, every command available', () => {
    const message = helpMessage();
    assertValidMessage(message);
    expect(blockKitErrors(message)).toEqual([]);
    const text = allText(message);
    for (const example of ['/paper sparse attention', '/paper "linear attention" -vision', '/paper help']) expect(text).toContain(example);
    expect(text).toContain('/paper subscribe &lt;topic&gt; [at HH:MM] [tz Area/City] [daily|weekdays|weekly|every &lt;day&gt;]');
    expect(text).toContain('`every monday` or `weekly on monday` = Mondays');
    expect(text).toContain('/paper unsubscribe &lt;topic|id&gt;');
    expect(text).toContain('`/paper list`');
    expect(text).toContain('/paper digest &lt;topic|id&gt;');
    expect(text).not.toMatch(/coming soon/);
    expect(text).toMatch(/never sent to a channel twice/);
    for (const t of renderedStrings(message)) expect(controls(t)).toEqual([]);
    expect(message.text).toContain('/paper sparse attention');
  });

  it('grows from the command table', () => {
    const extra: CommandHelp = { group: 'Digests', usage: '/paper pause <id>', description: 'Pause a digest.', example: '/paper pause 3', status: 'available' };
    const message = helpMessage([...PAPER_COMMANDS, extra]);
    assertValidMessage(message);
    expect(blockKitErrors(message)).toEqual([]);
    expect(allText(message)).toContain('`/paper pause &lt;id&gt;`');
  });
});

describe('errorMessage', () => {
  it('is friendly, escaped and free of stack traces', () => {
    const message = errorMessage('Could not search <!channel> & co.\n    at search (/app/src/search.ts:10:5)\n    at async run (/app/x.ts:1:1)');
    assertValidMessage(message);
    expect(blockKitErrors(message)).toEqual([]);
    expectNoInjection(message);
    expect(allText(message)).toContain(':warning: Could not search &lt;!channel&gt; &amp; co.');
    expect(allText(message)).not.toContain('search.ts');
  });

  it('keeps mrkdwn like `code` and stays within limits for long or empty text', () => {
    expect(allText(errorMessage('`/paper subscribe` is not available yet.'))).toContain('`/paper subscribe`');
    assertValidMessage(errorMessage('x'.repeat(10_000)));
    expect(blockKitErrors(errorMessage('x'.repeat(10_000)))).toEqual([]);
    expect(blockKitErrors(errorMessage('x'.repeat(10_000)))).toEqual([]);
    const empty = errorMessage('');
    assertValidMessage(empty);
    expect(blockKitErrors(empty)).toEqual([]);
    expect(empty.text).toMatch(/Something went wrong/);
  });
});
